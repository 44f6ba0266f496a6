#pragma once

// Internal to core/store: a thin RAII layer over the SQLite C API. It throws SqliteError with
// SQLite's own code and text; workbook.cpp turns those into messages for the user (InputError).

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tw::store::detail {

/// A failed SQLite call: the extended result code and SQLite's message.
class SqliteError : public std::runtime_error
{
public:
    SqliteError(int code, const std::string &message);
    int code() const { return m_code; }
    /// The primary result code (SQLITE_CORRUPT for SQLITE_CORRUPT_VTAB, ...).
    int primaryCode() const { return m_code & 0xff; }

private:
    int m_code;
};

class Statement;

/// One connection (sqlite3*), closed by the destructor. Move-only.
class Database
{
public:
    Database() = default;
    /// sqlite3_open_v2 with @p flags (SQLITE_OPEN_*). Extended result codes are enabled.
    static Database open(const std::filesystem::path &file, int flags);
    /// An empty in-memory database.
    static Database openInMemory();
    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;
    ~Database();

    sqlite3 *handle() const { return m_db; }
    /// Runs one or more statements that return no rows of interest.
    void exec(const std::string &sql);
    Statement prepare(std::string_view sql);
    /// The first column of the first row of @p sql as an integer (PRAGMA user_version, ...).
    std::int64_t queryInt(const std::string &sql);
    /// The first column of the first row as text ("" when there is no row).
    std::string queryText(const std::string &sql);
    /// True when the connection cannot write (read-only open or a write-protected file).
    bool isReadOnly() const;
    /// Copies every page of this database into @p target (sqlite3_backup), replacing its
    /// content: used to migrate a read-only file in memory.
    void copyInto(Database &target);
    /// Closes now and reports a failure (the destructor cannot).
    void close();

private:
    explicit Database(sqlite3 *db)
        : m_db(db)
    {}
    [[noreturn]] void fail(int code) const;
    sqlite3 *m_db = nullptr;
};

/// A prepared statement. Binding indexes start at 1, column indexes at 0.
class Statement
{
public:
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&) = delete;
    Statement(const Statement &) = delete;
    ~Statement();

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, std::string_view text);
    Statement &bindNull(int index);
    /// Advances to the next row: true when there is one, false when done.
    bool step();
    /// step() for statements that return no row (INSERT, UPDATE, ...).
    void run();
    void reset();

    std::int64_t columnInt(int column) const;
    std::string columnText(int column) const;
    bool columnIsNull(int column) const;

private:
    friend class Database;
    Statement(sqlite3 *db, sqlite3_stmt *statement)
        : m_db(db)
        , m_statement(statement)
    {}
    [[noreturn]] void fail(int code) const;
    sqlite3 *m_db;
    sqlite3_stmt *m_statement;
};

/// BEGIN IMMEDIATE on construction (takes the write lock at once, so a save never fails half
/// way for lack of a lock); ROLLBACK on destruction unless commit() was called.
class Transaction
{
public:
    explicit Transaction(Database &db);
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();
    void commit();

private:
    Database &m_db;
    bool m_open = true;
};

} // namespace tw::store::detail
