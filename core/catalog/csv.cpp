#include "core/catalog/csv.h"

#include "core/common/error.h"

namespace tw::catalog {
namespace {

// One pass over the text, RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): fields are
// separated by commas, records end with CRLF or LF, a field that holds commas, quotes or line
// breaks is enclosed in double quotes and a quote inside it is written twice. Line numbers are
// physical lines (1-based) so messages point where an editor would.
class Parser
{
public:
    Parser(std::string_view text, const std::string &name)
        : m_text(text)
        , m_name(name)
    {
        // A UTF-8 byte order mark (spreadsheet exports) is not part of the first header name.
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF")
            m_pos = 3;
    }

    /// Reads the next record into @p fields; false at the end of the text. Lines with no
    /// characters at all are skipped (they hold no record).
    bool next(std::vector<std::string> &fields, std::size_t &line)
    {
        while (m_pos < m_text.size() && isLineEnd())
            skipLineEnd();
        if (m_pos >= m_text.size())
            return false;
        fields.clear();
        line = m_line;
        for (;;) {
            fields.push_back(readField());
            if (m_pos >= m_text.size())
                return true;
            if (m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            skipLineEnd(); // readField() stops only at a comma, a line end or the end
            return true;
        }
    }

private:
    bool isLineEnd() const
    {
        return m_text[m_pos] == '\n'
               || (m_text[m_pos] == '\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n');
    }

    void skipLineEnd()
    {
        m_pos += m_text[m_pos] == '\r' ? 2 : 1;
        ++m_line;
    }

    [[noreturn]] void fail(std::size_t line, const std::string &message) const
    {
        throw InputError(m_name + ':' + std::to_string(line), message);
    }

    std::string readField()
    {
        if (m_pos < m_text.size() && m_text[m_pos] == '"')
            return readQuotedField();
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] != ',' && !isLineEnd()) {
            if (m_text[m_pos] == '"')
                fail(m_line, "quote inside an unquoted field (a field holding quotes must be "
                             "enclosed in quotes, and each quote in it doubled)");
            ++m_pos;
        }
        return std::string(m_text.substr(start, m_pos - start));
    }

    std::string readQuotedField()
    {
        const std::size_t openLine = m_line;
        ++m_pos; // opening quote
        std::string value;
        for (;;) {
            if (m_pos >= m_text.size())
                fail(openLine, "unterminated quoted field (the quote opened on this line is "
                               "never closed)");
            const char c = m_text[m_pos++];
            if (c == '"') {
                if (m_pos < m_text.size() && m_text[m_pos] == '"') {
                    value += '"';
                    ++m_pos;
                    continue;
                }
                break;
            }
            if (c == '\n')
                ++m_line;
            value += c;
        }
        if (m_pos < m_text.size() && m_text[m_pos] != ',' && !isLineEnd())
            fail(m_line, std::string("unexpected character '") + m_text[m_pos]
                                 + "' after a closing quote (a quote inside a quoted field "
                                   "must be doubled)");
        return value;
    }

    std::string_view m_text;
    const std::string &m_name;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
};

} // namespace

CsvTable CsvTable::parse(std::string_view text, const std::string &name)
{
    CsvTable table;
    table.m_name = name;
    Parser parser(text, name);
    std::size_t headerLine = 1;
    if (!parser.next(table.m_header, headerLine))
        throw InputError(name, "the file is empty (a header row is required)");

    std::vector<InputIssue> issues;
    for (std::size_t i = 0; i < table.m_header.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (table.m_header[i] == table.m_header[j]) {
                issues.push_back({name + ':' + std::to_string(headerLine),
                                  "column \"" + table.m_header[i] + "\" appears twice"});
                break;
            }
        }
    }

    // Field-count problems are collected, not thrown one by one, so a user sees every bad
    // row at once; syntax errors stop the parse because what follows is ambiguous.
    std::vector<std::string> fields;
    std::size_t line = 0;
    while (parser.next(fields, line)) {
        if (fields.size() != table.m_header.size()) {
            issues.push_back({name + ':' + std::to_string(line),
                              "row has " + std::to_string(fields.size()) + " fields, header has "
                                      + std::to_string(table.m_header.size())});
            continue;
        }
        table.m_rows.push_back(fields);
        table.m_lines.push_back(line);
    }
    if (!issues.empty())
        throw InputError(std::move(issues));
    return table;
}

int CsvTable::column(std::string_view name) const
{
    for (std::size_t i = 0; i < m_header.size(); ++i) {
        if (m_header[i] == name)
            return static_cast<int>(i);
    }
    return -1;
}

const std::string &CsvTable::field(std::size_t row, std::string_view name) const
{
    static const std::string empty;
    const int index = column(name);
    if (index < 0)
        return empty;
    return m_rows.at(row)[static_cast<std::size_t>(index)];
}

std::size_t CsvTable::line(std::size_t row) const
{
    return m_lines.at(row);
}

} // namespace tw::catalog
