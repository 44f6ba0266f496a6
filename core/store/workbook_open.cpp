#include "core/store/durable_file.h"
#include "core/store/workbook_schema.h"
#include "core/store/workbook_state.h"

#include "core/common/error.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>

#include <unistd.h>

// Opening a workbook: every way a file can fail to be one gets its own message, checked from
// the cheapest to the most expensive, before anything is written.

namespace tw::store {
namespace fs = std::filesystem;
using detail::Activity;
using detail::Database;
using detail::SqliteError;

namespace detail {

[[noreturn]] void throwFileError(const fs::path &file, const SqliteError &error, Activity activity)
{
    const std::string sqlite = " (SQLite: " + std::string(error.what()) + ")";
    const char *unchanged = activity == Activity::Saving ? "; the file was left as it was" : "";
    std::string message;
    switch (error.primaryCode()) {
    case SQLITE_CORRUPT:
        message = "is damaged" + sqlite + unchanged
                  + ". Open a backup copy instead, or import its scenarios again from their "
                    "JSON files";
        break;
    case SQLITE_NOTADB:
        message = "is not a TokenWatt workbook: not an SQLite database, or damaged beyond "
                  "reading"
                  + sqlite;
        break;
    case SQLITE_READONLY:
        message = error.code() == SQLITE_READONLY_ROLLBACK
                          ? "has an unfinished save (a journal file beside it) that cannot be "
                            "rolled back because the file is read-only: make the file and its "
                            "folder writable, then open it again"
                          : "is read-only: cannot save" + sqlite
                                    + ". Save it under another name, or make it writable";
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        message = "is in use by another program" + sqlite + unchanged
                  + ". Close it there and try again";
        break;
    case SQLITE_FULL:
        message = std::string("cannot be written: the disk is full") + unchanged
                  + ". Free some space and save again";
        break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        message = std::string(activity == Activity::Saving ? "cannot be written" : "cannot be read")
                  + sqlite + unchanged + ". Check the disk and the file's permissions";
        break;
    default:
        message = "cannot be used as a TokenWatt workbook" + sqlite + unchanged
                  + ". It may be damaged; open a backup copy instead";
        break;
    }
    throw InputError(file.string(), message);
}

void checkTables(Database &db)
{
    // Preparing (not running) each query checks that every table and column exists.
    db.prepare("SELECT id, name, format_version, parameters, notes, created_utc, "
               "modified_utc, position FROM scenarios");
    db.prepare("SELECT scenario_id, build_version, parameters_sha256, summary, time_series, "
               "created_utc FROM results");
    db.prepare("SELECT scenario_id, json_path, catalog_id, overrides FROM catalog_overrides");
}

} // namespace detail

namespace {

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};

std::string hex(std::int64_t value)
{
    std::ostringstream text;
    text << "0x" << std::uppercase << std::hex << std::setw(8) << std::setfill('0')
         << static_cast<std::uint32_t>(value);
    return text.str();
}

/// Missing, a folder, a device: said plainly, before SQLite is involved.
void checkIsFile(const fs::path &file)
{
    std::error_code error;
    const fs::file_status status = fs::status(file, error);
    if (status.type() == fs::file_type::not_found)
        throw InputError(file.string(), "no such file: check the name and the folder");
    if (error)
        throw InputError(file.string(), "cannot be read: " + error.message());
    if (status.type() == fs::file_type::directory)
        throw InputError(file.string(), "is a folder, not a workbook file");
    if (status.type() != fs::file_type::regular)
        throw InputError(file.string(), "is not a regular file, so not a workbook");
}

/// The first bytes tell an SQLite file from anything else. An empty file must be refused
/// here: SQLite would take it for an empty database and write a workbook into it.
void checkHeader(const fs::path &file)
{
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        throw InputError(file.string(), "cannot be read: permission denied or I/O error");
    std::array<char, 16> header{};
    stream.read(header.data(), header.size());
    const std::string_view start(header.data(), static_cast<std::size_t>(stream.gcount()));
    if (start.empty())
        throw InputError(file.string(), "is empty (0 bytes), not a TokenWatt workbook");
    if (start == kSqliteMagic)
        return;
    const std::size_t first = start.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && start[first] == '{') {
        throw InputError(file.string(), "is not a TokenWatt workbook but looks like a scenario "
                                        "JSON file: use it as a scenario file, or import it "
                                        "into a workbook");
    }
    throw InputError(file.string(), "is not a TokenWatt workbook: not an SQLite database (it "
                                    "may be damaged, or another kind of file)");
}

/// Why a file opened for writing can only be read, or "" when it can be written. SQLite writes
/// a journal file beside the workbook, so the folder must be writable too.
std::string writeProtection(const fs::path &file)
{
    if (::access(file.c_str(), W_OK) != 0)
        return "the file is write-protected";
    const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    if (::access(folder.c_str(), W_OK) != 0)
        return "its folder is write-protected (saving needs to create a journal file there)";
    return {};
}

/// application_id and user_version: ours, and not from a newer TokenWatt. Returns the version.
int checkOwnership(const fs::path &file, Database &db)
{
    const std::int64_t applicationId = db.queryInt("PRAGMA application_id");
    const std::int64_t version = db.queryInt("PRAGMA user_version");
    if (applicationId != kApplicationId) {
        const bool blank
                = applicationId == 0 && db.queryInt("SELECT COUNT(*) FROM sqlite_schema") == 0;
        throw InputError(file.string(),
                         blank ? "is an empty SQLite database, not a TokenWatt workbook"
                               : "is an SQLite database of another program, not a TokenWatt "
                                 "workbook (application_id "
                                         + hex(applicationId) + ", TokenWatt's is "
                                         + hex(kApplicationId) + ")");
    }
    if (version > kSchemaVersion) {
        throw InputError(file.string(),
                         "was created by a newer TokenWatt (schema " + std::to_string(version)
                                 + ", this build reads up to " + std::to_string(kSchemaVersion)
                                 + "): update TokenWatt to open it");
    }
    if (version < 1) {
        throw InputError(file.string(), "has TokenWatt's mark but no schema version ("
                                                + std::to_string(version)
                                                + "): it is damaged; open a backup copy instead");
    }
    return static_cast<int>(version);
}

/// PRAGMA quick_check: the b-trees and the free list are consistent (the cheap part of
/// integrity_check, proportional to the file size).
void checkIntegrity(const fs::path &file, Database &db)
{
    const std::string verdict = db.queryText("PRAGMA quick_check(1)");
    if (verdict == "ok")
        return;
    // "*** in database main ***\nPage 2: ..." -> "Page 2: ...", on one line.
    std::string detail;
    std::size_t start = 0;
    while (start < verdict.size()) {
        const std::size_t end = std::min(verdict.find('\n', start), verdict.size());
        const std::string line = verdict.substr(start, end - start);
        if (!line.empty() && line.rfind("***", 0) != 0)
            detail += (detail.empty() ? "" : "; ") + line;
        start = end + 1;
    }
    throw InputError(file.string(), "is damaged (SQLite quick_check: " + detail.substr(0, 200)
                                            + "). Open a backup copy instead, or import its "
                                              "scenarios again from their JSON files");
}

/// Keeps a copy of the file as it is, then migrates it in one transaction. The write lock is
/// taken before copying, so the copy is exactly the file that is migrated.
void migrateInPlace(detail::WorkbookState &state)
{
    detail::Transaction transaction(state.db);
    const fs::path backup = detail::unusedBackupPath(state.file, state.openedVersion);
    detail::copyAtomically(state.file, backup);
    try {
        detail::migrate(state.db, state.openedVersion);
        detail::checkTables(state.db);
        transaction.commit();
    } catch (...) {
        std::error_code ignored;
        fs::remove(backup, ignored); // the file is unchanged, so the copy is not needed
        throw;
    }
    state.backup = backup;
}

/// A read-only file of an older schema is migrated in a copy in memory: it can be read and
/// run, and saving is refused as for any read-only file.
void migrateInMemory(detail::WorkbookState &state)
{
    Database memory = Database::openInMemory();
    state.db.copyInto(memory);
    state.db = std::move(memory);
    state.db.exec("PRAGMA foreign_keys = ON");
    detail::Transaction transaction(state.db);
    detail::migrate(state.db, state.openedVersion);
    detail::checkTables(state.db);
    transaction.commit();
    state.readOnlyReason += " (its schema " + std::to_string(state.openedVersion)
                            + " was upgraded in memory only)";
}

/// A journal beside the file: a save was interrupted (SQLite rolls it back on the next open).
bool hasUnfinishedSave(const fs::path &file)
{
    std::error_code error;
    return fs::file_size(file.string() + "-journal", error) > 0 && !error;
}

/// Rolls back the unfinished save a crash left behind (a hot journal beside the file), which a
/// read-only connection cannot do: SQLite does it on the first read of a read-write one.
void recoverUnfinishedSave(const fs::path &file)
{
    Database db = Database::open(file, SQLITE_OPEN_READWRITE);
    db.exec("PRAGMA busy_timeout = 3000;");
    db.queryInt("PRAGMA user_version");
}

} // namespace

Workbook Workbook::open(const fs::path &file, OpenMode mode)
{
    try {
        return openChecked(file, mode);
    } catch (const InputError &) {
        // An unfinished save can only be rolled back by a writer; when the file could be
        // written, do that, then open as asked. Otherwise the error stands.
        if (mode != OpenMode::ReadOnly || !hasUnfinishedSave(file)
            || !writeProtection(file).empty())
            throw;
    }
    try {
        recoverUnfinishedSave(file);
    } catch (const SqliteError &error) {
        detail::throwFileError(file, error, Activity::Opening);
    }
    return openChecked(file, mode);
}

Workbook Workbook::openChecked(const fs::path &file, OpenMode mode)
{
    checkIsFile(file);
    checkHeader(file);
    auto state = std::make_unique<detail::WorkbookState>();
    state->file = file;
    state->readOnlyReason
            = mode == OpenMode::ReadOnly ? "it was opened read-only" : writeProtection(file);
    state->readOnly = !state->readOnlyReason.empty();
    try {
        state->db = Database::open(file,
                                   state->readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
        if (!state->readOnly && state->db.isReadOnly()) {
            state->readOnly = true;
            state->readOnlyReason = "the file cannot be opened for writing";
        }
        state->db.exec("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 3000;");
        state->openedVersion = checkOwnership(file, state->db);
        checkIntegrity(file, state->db);
        if (state->openedVersion < kSchemaVersion) {
            if (state->readOnly)
                migrateInMemory(*state);
            else
                migrateInPlace(*state);
        }
        detail::checkTables(state->db);
    } catch (const SqliteError &error) {
        detail::throwFileError(file, error, Activity::Opening);
    }
    return Workbook(std::move(state));
}

bool looksLikeSqlite(const fs::path &file)
{
    std::ifstream stream(file, std::ios::binary);
    std::array<char, 16> header{};
    stream.read(header.data(), header.size());
    return stream.gcount() == static_cast<std::streamsize>(header.size())
           && std::string_view(header.data(), header.size()) == kSqliteMagic;
}

} // namespace tw::store
