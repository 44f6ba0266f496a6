#pragma once

// The values a workbook holds, independent of the file: the window keeps them in memory while
// the user edits, and Workbook reads and writes them (core/store/workbook.h).

#include <optional>
#include <string>
#include <vector>

namespace tw::store {

/// Results of one run of a scenario, kept so that reopening a workbook shows them without
/// simulating again. They are current only for the parameters and the build that produced
/// them (see resultsAreCurrent in results_codec.h).
struct CachedResults
{
    std::string buildVersion;     ///< TOKENWATT_VERSION of the build that ran the scenario
    std::string parametersSha256; ///< SHA-256 (hex) of the parameters JSON that was run
    std::string summaryJson;      ///< metrics::toJson of the results without "timeSeries"
    std::string timeSeriesJson;   ///< its "timeSeries" object
    std::string createdUtc;       ///< when the run finished, ISO 8601 UTC

    bool operator==(const CachedResults &) const = default;
};

/// One named scenario of a workbook.
struct StoredScenario
{
    std::string name;           ///< unique within the workbook, not empty
    std::string parametersJson; ///< scenario::toJson text: what a run reads
    std::string notes;          ///< free text from the user
    /// ISO 8601 UTC ("2026-11-21T09:30:00Z"). Empty = stamped with the current time when
    /// saved: clear modifiedUtc whenever the scenario changes.
    std::string createdUtc;
    std::string modifiedUtc;
    std::optional<CachedResults> results;

    bool operator==(const StoredScenario &) const = default;
};

/// Everything a workbook holds, scenarios in the order the window lists them.
struct WorkbookContent
{
    std::vector<StoredScenario> scenarios;

    bool operator==(const WorkbookContent &) const = default;
};

/// One line of `tokenwatt-cli list`: a scenario without its parameters and results.
struct ScenarioListing
{
    std::string name;
    std::string notes;
    std::string createdUtc;
    std::string modifiedUtc;
    bool hasResults = false;
    /// The cached results were produced by these parameters and by this build.
    bool resultsCurrent = false;
    std::string resultsBuildVersion;
};

} // namespace tw::store
