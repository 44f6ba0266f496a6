#include "core/store/sqlite_db.h"

#include <sqlite3.h>

#include <limits>
#include <utility>

namespace tw::store::detail {

SqliteError::SqliteError(int code, const std::string &message)
    : std::runtime_error(message)
    , m_code(code)
{}

// ---- Database -------------------------------------------------------------------------------

Database Database::open(const std::filesystem::path &file, int flags)
{
    sqlite3 *db = nullptr;
    const int code = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
    Database opened(db); // closes the handle even when opening failed (SQLite allocates one)
    if (db)
        sqlite3_extended_result_codes(db, 1);
    if (code != SQLITE_OK)
        opened.fail(code);
    return opened;
}

Database Database::openInMemory()
{
    return open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
}

Database::Database(Database &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
{}

Database &Database::operator=(Database &&other) noexcept
{
    if (this != &other) {
        sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

Database::~Database()
{
    // close_v2 defers the close until the last statement is finalised; nothing leaks.
    sqlite3_close_v2(m_db);
}

void Database::fail(int code) const
{
    const char *message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(code);
    throw SqliteError(code, message ? message : sqlite3_errstr(code));
}

void Database::exec(const std::string &sql)
{
    char *message = nullptr;
    const int code = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message);
    if (code != SQLITE_OK) {
        const std::string text = message ? message : sqlite3_errstr(code);
        sqlite3_free(message);
        throw SqliteError(sqlite3_extended_errcode(m_db), text);
    }
}

Statement Database::prepare(std::string_view sql)
{
    if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw SqliteError(SQLITE_TOOBIG, "statement too long");
    sqlite3_stmt *statement = nullptr;
    const int code = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &statement,
                                        nullptr);
    if (code != SQLITE_OK)
        fail(code);
    return Statement(m_db, statement);
}

std::int64_t Database::queryInt(const std::string &sql)
{
    Statement statement = prepare(sql);
    return statement.step() ? statement.columnInt(0) : 0;
}

std::string Database::queryText(const std::string &sql)
{
    Statement statement = prepare(sql);
    return statement.step() ? statement.columnText(0) : std::string();
}

bool Database::isReadOnly() const
{
    return sqlite3_db_readonly(m_db, "main") == 1;
}

void Database::copyInto(Database &target)
{
    sqlite3_backup *backup = sqlite3_backup_init(target.m_db, "main", m_db, "main");
    if (!backup)
        target.fail(sqlite3_extended_errcode(target.m_db));
    sqlite3_backup_step(backup, -1);
    const int code = sqlite3_backup_finish(backup);
    if (code != SQLITE_OK)
        target.fail(code);
}

void Database::close()
{
    if (!m_db)
        return;
    const int code = sqlite3_close(m_db);
    if (code != SQLITE_OK)
        fail(code); // a statement is still open: a bug, reported rather than leaked
    m_db = nullptr;
}

// ---- Statement ------------------------------------------------------------------------------

Statement::Statement(Statement &&other) noexcept
    : m_db(other.m_db)
    , m_statement(std::exchange(other.m_statement, nullptr))
{}

Statement::~Statement()
{
    sqlite3_finalize(m_statement);
}

void Statement::fail(int code) const
{
    throw SqliteError(code, sqlite3_errmsg(m_db));
}

Statement &Statement::bind(int index, std::int64_t value)
{
    const int code = sqlite3_bind_int64(m_statement, index, value);
    if (code != SQLITE_OK)
        fail(code);
    return *this;
}

Statement &Statement::bind(int index, std::string_view text)
{
    // SQLITE_TRANSIENT: SQLite copies the text, so the caller's buffer may go away.
    const int code = sqlite3_bind_text64(m_statement, index, text.data(), text.size(),
                                         SQLITE_TRANSIENT, SQLITE_UTF8);
    if (code != SQLITE_OK)
        fail(code);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    const int code = sqlite3_bind_null(m_statement, index);
    if (code != SQLITE_OK)
        fail(code);
    return *this;
}

bool Statement::step()
{
    const int code = sqlite3_step(m_statement);
    if (code == SQLITE_ROW)
        return true;
    if (code == SQLITE_DONE)
        return false;
    fail(code);
}

void Statement::run()
{
    while (step()) {
    }
}

void Statement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

std::int64_t Statement::columnInt(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

std::string Statement::columnText(int column) const
{
    // Any storage class reads as text; a BLOB keeps its bytes. The pointer is taken before the
    // size, as the SQLite documentation requires.
    const auto *text = static_cast<const char *>(sqlite3_column_blob(m_statement, column));
    const int size = sqlite3_column_bytes(m_statement, column);
    return text && size > 0 ? std::string(text, static_cast<std::size_t>(size)) : std::string();
}

bool Statement::columnIsNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

// ---- Transaction ----------------------------------------------------------------------------

Transaction::Transaction(Database &db)
    : m_db(db)
{
    m_db.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    if (m_open)
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit()
{
    m_db.exec("COMMIT");
    m_open = false;
}

} // namespace tw::store::detail
