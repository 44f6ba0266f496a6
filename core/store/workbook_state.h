#pragma once

// Internal to core/store: what an open Workbook holds, and the translation of SQLite errors
// into messages for the user. Shared by workbook_open.cpp and workbook.cpp.

#include "core/store/sqlite_db.h"
#include "core/store/workbook.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace tw::store::detail {

struct WorkbookState
{
    std::filesystem::path file;
    detail::Database db;
    bool readOnly = false;
    std::string readOnlyReason;
    int openedVersion = kSchemaVersion;
    std::filesystem::path backup;
};

/// What the user is doing when SQLite fails, for the wording of the message.
enum class Activity { Opening, Reading, Saving };

/// Throws tw::InputError(file, message) where the message says what went wrong in the user's
/// terms (damaged, locked, read-only, disk full, ...) and what they can do about it.
[[noreturn]] void throwFileError(const std::filesystem::path &file, const SqliteError &error,
                                 Activity activity);

/// The workbook's tables exist with every column this build reads (a file with our
/// application_id but missing tables is reported as damaged).
void checkTables(Database &db);

} // namespace tw::store::detail
