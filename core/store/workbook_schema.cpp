#include "core/store/workbook_schema.h"

#include "core/store/catalog_overrides.h"
#include "core/store/sqlite_db.h"
#include "core/store/workbook.h"

#include <array>
#include <cstdint>

namespace tw::store::detail {
namespace {

// Schema 2, the current one. Times are ISO 8601 UTC text ("2026-11-21T09:30:00Z"); JSON is
// UTF-8 text. Deleting a scenario deletes its results and override rows (ON DELETE CASCADE,
// with PRAGMA foreign_keys on for every connection).
constexpr const char *kCurrentSchema = R"sql(
CREATE TABLE scenarios (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE CHECK (length(name) > 0),
    format_version INTEGER NOT NULL,
    parameters     TEXT    NOT NULL,
    notes          TEXT    NOT NULL DEFAULT '',
    created_utc    TEXT    NOT NULL,
    modified_utc   TEXT    NOT NULL,
    position       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE results (
    scenario_id       INTEGER PRIMARY KEY REFERENCES scenarios(id) ON DELETE CASCADE,
    build_version     TEXT NOT NULL,
    parameters_sha256 TEXT NOT NULL,
    summary           TEXT NOT NULL,
    time_series       TEXT NOT NULL,
    created_utc       TEXT NOT NULL
);
CREATE TABLE catalog_overrides (
    scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    json_path   TEXT    NOT NULL,
    catalog_id  TEXT    NOT NULL,
    overrides   TEXT    NOT NULL,
    PRIMARY KEY (scenario_id, json_path)
);
)sql";

using Step = void (*)(Database &);

// 1 -> 2: scenarios gain `position`, their order in the window's scenario list (schema 1 listed
// them by id, so that order is kept).
void addScenarioPosition(Database &db)
{
    db.exec("ALTER TABLE scenarios ADD COLUMN position INTEGER NOT NULL DEFAULT 0;"
            "UPDATE scenarios SET position = "
            "(SELECT COUNT(*) FROM scenarios AS earlier WHERE earlier.id < scenarios.id);");
}

// migrations[i] goes from schema i + 1 to i + 2. Append a step for each new schema version and
// raise kSchemaVersion; never edit a released step.
constexpr std::array<Step, 1> kMigrations{&addScenarioPosition};
static_assert(kMigrations.size() + 1 == static_cast<std::size_t>(kSchemaVersion),
              "one migration step per schema version after the first");

} // namespace

void createSchema(Database &db)
{
    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId) + ";");
    db.exec(kCurrentSchema);
    db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion) + ";");
}

void migrate(Database &db, int fromVersion)
{
    for (int version = fromVersion; version < kSchemaVersion; ++version)
        kMigrations[static_cast<std::size_t>(version - 1)](db);
    db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion) + ";");
}

void writeCatalogOverrides(Database &db, long long scenarioId, const std::string &parametersJson)
{
    db.prepare("DELETE FROM catalog_overrides WHERE scenario_id = ?1")
            .bind(1, static_cast<std::int64_t>(scenarioId))
            .run();
    Statement insert = db.prepare("INSERT INTO catalog_overrides "
                                  "(scenario_id, json_path, catalog_id, overrides) "
                                  "VALUES (?1, ?2, ?3, ?4)");
    for (const CatalogOverride &item : catalogOverrides(parametersJson)) {
        insert.bind(1, static_cast<std::int64_t>(scenarioId))
                .bind(2, item.jsonPath)
                .bind(3, item.catalogId)
                .bind(4, item.overridesJson)
                .run();
        insert.reset();
    }
}

} // namespace tw::store::detail
