#pragma once

// Internal to core/store: the tables of a workbook and the ordered migrations between schema
// versions. docs/scenario-format.md ("Workbook files") describes the same for users; keep the
// two in step.

#include <string>

namespace tw::store::detail {

class Database;

/// Creates the current schema (tables, PRAGMA application_id and user_version) in an empty
/// database. Call inside a transaction.
void createSchema(Database &db);

/// Brings a database of schema @p fromVersion (1 <= fromVersion < kSchemaVersion) up to
/// kSchemaVersion, one step at a time, ending with PRAGMA user_version. Call inside a
/// transaction: a failing step then leaves the file as it was.
void migrate(Database &db, int fromVersion);

/// Rewrites the catalog_overrides rows of one scenario from its parameters JSON.
void writeCatalogOverrides(Database &db, long long scenarioId, const std::string &parametersJson);

} // namespace tw::store::detail
