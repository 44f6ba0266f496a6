#pragma once

// Scenarios and workbook contents shared by the workbook tests (tst_store*.cpp) and the
// kill-during-save helper (store_save_child.cpp). Plain C++: the helper links no Qt.

#include "core/catalog/catalog.h"
#include "core/scenario_io/examples.h"
#include "core/scenario_io/scenario_json.h"
#include "core/store/results_codec.h"
#include "core/store/stored_scenario.h"

#include <string>

namespace tw::test {

/// The default example shortened to @p horizonSeconds without warm-up, at @p ratePerSecond,
/// as canonical scenario::toJson text.
inline std::string shortDefaultJson(double horizonSeconds, double ratePerSecond = 6.0)
{
    const catalog::Catalog &catalog = catalog::Catalog::builtIn();
    std::string json = scenario::findExample("default")->json;
    json = scenario::toJson(scenario::withParameter(json, "simulation.warmupSeconds", 0, catalog),
                            catalog);
    json = scenario::toJson(
            scenario::withParameter(json, "simulation.horizonSeconds", horizonSeconds, catalog),
            catalog);
    return scenario::toJson(
            scenario::withParameter(json, "workload.arrival.ratePerSecond", ratePerSecond, catalog),
            catalog);
}

/// Cached results with a large time series (about @p kilobytes), tied to @p parametersJson: big
/// enough that one save writes many pages, so a kill lands in the middle of saves.
inline store::CachedResults bulkyResults(const std::string &parametersJson, int kilobytes,
                                         char fill)
{
    store::CachedResults results;
    results.buildVersion = store::currentBuildVersion();
    results.parametersSha256 = store::parametersDigest(parametersJson);
    results.summaryJson = R"({"status":"completed","completedRequests":42})";
    results.timeSeriesJson = R"({"resolutionSeconds":60,"note":")"
                             + std::string(static_cast<std::size_t>(kilobytes) * 1024, fill)
                             + "\"}";
    results.createdUtc = "2026-01-01T00:00:00Z";
    return results;
}

/// The two contents the kill-during-save test alternates between: 'A' (three scenarios) or
/// 'B' (two others, with different notes and results). Fixed times, so loads compare equal.
inline store::WorkbookContent killTestContent(char which)
{
    store::WorkbookContent content;
    const int count = which == 'A' ? 3 : 2;
    for (int i = 0; i < count; ++i) {
        store::StoredScenario scenario;
        scenario.name = std::string(1, which) + "-scenario-" + std::to_string(i);
        scenario.parametersJson = shortDefaultJson(60.0 + i, which == 'A' ? 2.0 : 5.0);
        scenario.notes = std::string(static_cast<std::size_t>(200 * (i + 1)), which);
        scenario.createdUtc = "2026-01-0" + std::to_string(i + 1) + "T10:00:00Z";
        scenario.modifiedUtc = "2026-02-0" + std::to_string(i + 1) + "T10:00:00Z";
        scenario.results = bulkyResults(scenario.parametersJson, which == 'A' ? 300 : 200,
                                        static_cast<char>(which + i));
        content.scenarios.push_back(std::move(scenario));
    }
    return content;
}

} // namespace tw::test
