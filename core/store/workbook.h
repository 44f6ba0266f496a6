#pragma once

// Workbook files (*.tokenwatt): SQLite databases used as an application file format, holding
// named scenarios, their cached results and notes. The format (tables, pragmas, versions,
// migrations) is documented in docs/scenario-format.md, "Workbook files".

#include "core/store/stored_scenario.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tw::store {

namespace detail {
struct WorkbookState;
}

/// PRAGMA application_id of every TokenWatt workbook: "TWBK" in ASCII (0x5457424B). `file`
/// reports a database with another id as a plain SQLite database, and so does TokenWatt.
inline constexpr std::int32_t kApplicationId = 0x5457424B;
/// PRAGMA user_version written by this build. Older files are migrated when opened (a backup
/// is kept); newer ones are refused.
inline constexpr int kSchemaVersion = 2;
/// The file name extension of workbooks.
inline constexpr std::string_view kWorkbookExtension = ".tokenwatt";

enum class OpenMode {
    ReadWrite, ///< read-write when the file and its folder are writable, else read-only
    /// Never changes the file, even to migrate it (an older schema is migrated in memory).
    /// The one write it allows is SQLite's own recovery: a save interrupted by a crash leaves
    /// a journal that must be rolled back before the file can be read; that is done when the
    /// file is writable (it restores the file as it was before that save).
    ReadOnly,
};

/// An open workbook file. Every change is one SQLite transaction: a crash or a kill during a
/// save leaves the file as it was before that save or as it is after it, never in between.
/// Errors are tw::InputError whose first line names the file and says what the user can do;
/// nothing is written when one is thrown. Move-only; not thread-safe (one thread at a time).
class Workbook
{
public:
    /// Opens an existing workbook, checking in this order that it exists and is a regular
    /// file, is an SQLite database, is a TokenWatt workbook (application_id) of a schema this
    /// build reads (user_version), and is intact (PRAGMA quick_check). A file of an older schema is
    /// first copied to "FILE.bak-vN" and then migrated in one transaction (read-only: migrated in
    /// memory, the file is not touched). A read-only file opens read-only: see isReadOnly().
    static Workbook open(const std::filesystem::path &file, OpenMode mode = OpenMode::ReadWrite);

    /// Writes @p content as a complete workbook at @p file ("Save As", autosave, a new file):
    /// to a temporary file in the same folder, flushed, then renamed over @p file, so an
    /// existing file is replaced only by a complete new one. Uses a connection of its own, so
    /// it may run on any thread. A Workbook already open on @p file keeps the replaced file:
    /// open it again.
    static void writeFile(const std::filesystem::path &file, const WorkbookContent &content);

    Workbook(Workbook &&other) noexcept;
    Workbook &operator=(Workbook &&other) noexcept;
    ~Workbook();

    const std::filesystem::path &file() const;
    /// True when saving is refused: opened with OpenMode::ReadOnly, or the file or its folder
    /// is write-protected. readOnlyReason() says which.
    bool isReadOnly() const;
    const std::string &readOnlyReason() const;
    /// The schema version of the file when it was opened (< kSchemaVersion: it was migrated).
    int openedSchemaVersion() const;
    /// The backup copy kept before a migration; empty when there was none.
    const std::filesystem::path &migrationBackup() const;

    /// The scenarios in list order, without parameters and results.
    std::vector<ScenarioListing> list() const;
    /// The scenario named @p name, with its cached results. Throws tw::InputError naming the
    /// scenarios there are when no scenario has that name.
    StoredScenario scenario(std::string_view name) const;
    /// Everything, in list order.
    WorkbookContent load() const;

    /// Replaces the whole content with @p content in one transaction. Empty times are stamped
    /// with the current time. Cached results whose parametersSha256 does not match their
    /// scenario's parameters are dropped rather than stored. Names must be unique and not
    /// empty.
    void save(const WorkbookContent &content);
    /// Appends one scenario (one transaction). Throws if its name is taken or empty.
    void addScenario(const StoredScenario &scenario);
    /// Stores @p results as the cached results of the scenario @p name, replacing any.
    void storeResults(std::string_view name, const CachedResults &results);

private:
    static Workbook openChecked(const std::filesystem::path &file, OpenMode mode);
    explicit Workbook(std::unique_ptr<detail::WorkbookState> state);
    std::unique_ptr<detail::WorkbookState> m_state;
};

/// The current time as ISO 8601 UTC with seconds: "2026-11-21T09:30:00Z".
std::string currentUtcTime();

/// True when @p file starts with the SQLite header ("SQLite format 3"): how the command line
/// tells a workbook from a scenario JSON file whatever its name.
bool looksLikeSqlite(const std::filesystem::path &file);

} // namespace tw::store
