#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tw::catalog {

/// A parsed CSV file (RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends).
/// The first row is the header; empty lines are skipped.
class CsvTable
{
public:
    /// Parses @p text; @p name is used in error messages. Throws tw::InputError naming the
    /// line when a row's field count differs from the header's or a quote is unterminated.
    static CsvTable parse(std::string_view text, const std::string &name);

    const std::vector<std::string> &header() const { return m_header; }
    const std::vector<std::vector<std::string>> &rows() const { return m_rows; }
    /// Index of a column, or -1.
    int column(std::string_view name) const;
    /// Field of @p row in column @p name; empty when the column does not exist.
    const std::string &field(std::size_t row, std::string_view name) const;
    /// 1-based line of the text on which @p row starts (rows may span lines), for messages.
    std::size_t line(std::size_t row) const;

private:
    std::string m_name;
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
    std::vector<std::size_t> m_lines;
};

} // namespace tw::catalog
