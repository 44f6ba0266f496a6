#include "core/store/workbook.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/store/durable_file.h"
#include "core/store/results_codec.h"
#include "core/store/workbook_schema.h"
#include "core/store/workbook_state.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <ctime>
#include <set>

// Reading and writing the content of an open workbook; opening is in workbook_open.cpp.

namespace tw::store {
namespace fs = std::filesystem;
using detail::Activity;
using detail::Database;
using detail::SqliteError;
using detail::Statement;
using detail::Transaction;

namespace {

constexpr const char *kScenarioColumns
        = "s.id, s.name, s.parameters, s.notes, s.created_utc, s.modified_utc";
constexpr const char *kResultsColumns = "r.build_version, r.parameters_sha256, r.summary, "
                                        "r.time_series, r.created_utc";

/// Reads the columns of kScenarioColumns then kResultsColumns (results NULL when none).
StoredScenario readScenario(const Statement &row)
{
    StoredScenario scenario;
    scenario.name = row.columnText(1);
    scenario.parametersJson = row.columnText(2);
    scenario.notes = row.columnText(3);
    scenario.createdUtc = row.columnText(4);
    scenario.modifiedUtc = row.columnText(5);
    if (!row.columnIsNull(6)) {
        scenario.results = CachedResults{row.columnText(6), row.columnText(7), row.columnText(8),
                                         row.columnText(9), row.columnText(10)};
    }
    return scenario;
}

std::string selectScenarios(const std::string &where)
{
    return std::string("SELECT ") + kScenarioColumns + ", " + kResultsColumns
           + " FROM scenarios AS s LEFT JOIN results AS r ON r.scenario_id = s.id " + where
           + " ORDER BY s.position, s.id";
}

/// The scenario JSON's "version", or 0 when it has none (the scenario reader reports that).
std::int64_t formatVersionOf(const std::string &parametersJson)
{
    const nlohmann::json root = nlohmann::json::parse(parametersJson, nullptr, false);
    if (root.is_object()) {
        const auto version = root.find("version");
        if (version != root.end() && version->is_number_integer())
            return version->get<std::int64_t>();
    }
    return 0;
}

void checkNames(const fs::path &file, const WorkbookContent &content)
{
    std::set<std::string> names;
    for (const StoredScenario &scenario : content.scenarios) {
        if (scenario.name.empty())
            throw InputError(file.string(), "cannot save a scenario without a name");
        if (!names.insert(scenario.name).second)
            throw InputError(file.string(), "cannot save two scenarios named '" + scenario.name
                                                    + "': rename one of them");
    }
}

std::int64_t insertScenario(Database &db, const StoredScenario &scenario, std::int64_t position,
                            const std::string &now)
{
    db.prepare("INSERT INTO scenarios (name, format_version, parameters, notes, created_utc, "
               "modified_utc, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .bind(1, scenario.name)
            .bind(2, formatVersionOf(scenario.parametersJson))
            .bind(3, scenario.parametersJson)
            .bind(4, scenario.notes)
            .bind(5, scenario.createdUtc.empty() ? now : scenario.createdUtc)
            .bind(6, scenario.modifiedUtc.empty() ? now : scenario.modifiedUtc)
            .bind(7, position)
            .run();
    const std::int64_t id = sqlite3_last_insert_rowid(db.handle());
    detail::writeCatalogOverrides(db, id, scenario.parametersJson);
    return id;
}

void insertResults(Database &db, std::int64_t scenarioId, const CachedResults &results,
                   const std::string &now)
{
    db.prepare("INSERT OR REPLACE INTO results (scenario_id, build_version, parameters_sha256, "
               "summary, time_series, created_utc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .bind(1, scenarioId)
            .bind(2, results.buildVersion)
            .bind(3, results.parametersSha256)
            .bind(4, results.summaryJson)
            .bind(5, results.timeSeriesJson)
            .bind(6, results.createdUtc.empty() ? now : results.createdUtc)
            .run();
}

/// Inserts every scenario after those already there. Results that were not produced by their
/// scenario's parameters are left out: they would be shown as that scenario's results.
void insertContent(Database &db, const WorkbookContent &content)
{
    const std::string now = currentUtcTime();
    std::int64_t position = db.queryInt("SELECT COALESCE(MAX(position) + 1, 0) FROM scenarios");
    for (const StoredScenario &scenario : content.scenarios) {
        const std::int64_t id = insertScenario(db, scenario, position++, now);
        if (scenario.results
            && scenario.results->parametersSha256 == parametersDigest(scenario.parametersJson))
            insertResults(db, id, *scenario.results, now);
    }
}

} // namespace

Workbook::Workbook(std::unique_ptr<detail::WorkbookState> state)
    : m_state(std::move(state))
{}

Workbook::Workbook(Workbook &&other) noexcept = default;
Workbook &Workbook::operator=(Workbook &&other) noexcept = default;
Workbook::~Workbook() = default;

const fs::path &Workbook::file() const
{
    return m_state->file;
}

bool Workbook::isReadOnly() const
{
    return m_state->readOnly;
}

const std::string &Workbook::readOnlyReason() const
{
    return m_state->readOnlyReason;
}

int Workbook::openedSchemaVersion() const
{
    return m_state->openedVersion;
}

const fs::path &Workbook::migrationBackup() const
{
    return m_state->backup;
}

std::vector<ScenarioListing> Workbook::list() const
{
    try {
        // Parameters are read to check the results' digest; the results themselves are not.
        std::vector<ScenarioListing> listing;
        Statement row = m_state->db.prepare(
                "SELECT s.name, s.notes, s.created_utc, s.modified_utc, s.parameters, "
                "r.build_version, r.parameters_sha256 FROM scenarios AS s "
                "LEFT JOIN results AS r ON r.scenario_id = s.id ORDER BY s.position, s.id");
        while (row.step()) {
            ScenarioListing &item = listing.emplace_back();
            item.name = row.columnText(0);
            item.notes = row.columnText(1);
            item.createdUtc = row.columnText(2);
            item.modifiedUtc = row.columnText(3);
            item.hasResults = !row.columnIsNull(5);
            if (item.hasResults) {
                item.resultsBuildVersion = row.columnText(5);
                item.resultsCurrent = item.resultsBuildVersion == currentBuildVersion()
                                      && row.columnText(6) == parametersDigest(row.columnText(4));
            }
        }
        return listing;
    } catch (const SqliteError &error) {
        detail::throwFileError(m_state->file, error, Activity::Reading);
    }
}

StoredScenario Workbook::scenario(std::string_view name) const
{
    std::vector<std::string> names;
    try {
        Statement row = m_state->db.prepare(selectScenarios("WHERE s.name = ?1"));
        row.bind(1, name);
        if (row.step())
            return readScenario(row);
        Statement all = m_state->db.prepare("SELECT name FROM scenarios ORDER BY position, id");
        while (all.step())
            names.push_back(all.columnText(0));
    } catch (const SqliteError &error) {
        detail::throwFileError(m_state->file, error, Activity::Reading);
    }
    std::string message = "has no scenario named '" + std::string(name) + "'";
    if (names.empty()) {
        message += " (it holds no scenarios)";
    } else {
        const auto hints = catalog::closestMatches(name, names, 1);
        if (!hints.empty())
            message += " (did you mean '" + hints.front() + "'?)";
        std::string all;
        for (const std::string &each : names)
            all += (all.empty() ? "" : ", ") + each;
        message += "; it holds: " + all;
    }
    throw InputError(m_state->file.string(), message);
}

WorkbookContent Workbook::load() const
{
    try {
        WorkbookContent content;
        Statement row = m_state->db.prepare(selectScenarios(""));
        while (row.step())
            content.scenarios.push_back(readScenario(row));
        return content;
    } catch (const SqliteError &error) {
        detail::throwFileError(m_state->file, error, Activity::Reading);
    }
}

namespace {

void refuseIfReadOnly(const detail::WorkbookState &state)
{
    if (state.readOnly) {
        throw InputError(state.file.string(),
                         "is read-only (" + state.readOnlyReason
                                 + "): cannot save. Save it under another name, or make it "
                                   "writable and open it again");
    }
}

} // namespace

void Workbook::save(const WorkbookContent &content)
{
    refuseIfReadOnly(*m_state);
    checkNames(m_state->file, content);
    try {
        Transaction transaction(m_state->db);
        m_state->db.exec("DELETE FROM scenarios"); // results and overrides go with them
        insertContent(m_state->db, content);
        transaction.commit();
    } catch (const SqliteError &error) {
        detail::throwFileError(m_state->file, error, Activity::Saving);
    }
}

void Workbook::addScenario(const StoredScenario &scenario)
{
    refuseIfReadOnly(*m_state);
    checkNames(m_state->file, WorkbookContent{{scenario}});
    try {
        Transaction transaction(m_state->db);
        Statement existing = m_state->db.prepare("SELECT 1 FROM scenarios WHERE name = ?1");
        if (existing.bind(1, scenario.name).step()) {
            throw InputError(m_state->file.string(), "already has a scenario named '"
                                                             + scenario.name
                                                             + "': choose another name");
        }
        insertContent(m_state->db, WorkbookContent{{scenario}});
        transaction.commit();
    } catch (const SqliteError &error) {
        detail::throwFileError(m_state->file, error, Activity::Saving);
    }
}

void Workbook::storeResults(std::string_view name, const CachedResults &results)
{
    refuseIfReadOnly(*m_state);
    try {
        Transaction transaction(m_state->db);
        Statement found = m_state->db.prepare("SELECT id FROM scenarios WHERE name = ?1");
        if (!found.bind(1, name).step())
            scenario(name); // throws the "no scenario named" message
        insertResults(m_state->db, found.columnInt(0), results, currentUtcTime());
        transaction.commit();
    } catch (const SqliteError &error) {
        detail::throwFileError(m_state->file, error, Activity::Saving);
    }
}

void Workbook::writeFile(const fs::path &file, const WorkbookContent &content)
{
    checkNames(file, content);
    detail::writeAtomically(file, [&](const fs::path &temporary) {
        try {
            Database db = Database::open(temporary, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
            // The temporary file is invisible until renamed, so its journal can stay in memory;
            // synchronous FULL flushes it when the transaction commits.
            db.exec("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = FULL;"
                    "PRAGMA foreign_keys = ON;");
            Transaction transaction(db);
            detail::createSchema(db);
            insertContent(db, content);
            transaction.commit();
            db.close();
        } catch (const SqliteError &error) {
            detail::throwFileError(file, error, Activity::Saving);
        }
    });
}

std::string currentUtcTime()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

} // namespace tw::store
