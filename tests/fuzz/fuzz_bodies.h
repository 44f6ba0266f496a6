#pragma once

// What each fuzz target does with one input, shared by the libFuzzer targets (tests/fuzz/
// fuzz_*.cpp) and the regression test that replays every saved input under CTest
// (tests/core/tst_store_fuzz_regressions.cpp). An input may be refused with tw::InputError;
// any other exception escapes (libFuzzer reports it as a crash), and so do crashes, hangs and
// sanitizer findings.

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/scenario_io/scenario_json.h"
#include "core/store/results_codec.h"
#include "core/store/scenario_import.h"
#include "core/store/workbook.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

namespace tw::fuzz {

/// parseScenarioJson on arbitrary text; a scenario that parses must also write and read back.
inline void scenarioJsonInput(std::string_view text)
{
    const catalog::Catalog &catalog = catalog::Catalog::builtIn();
    try {
        const scenario::Scenario parsed = scenario::parseScenarioJson(text, catalog);
        const std::string written = scenario::toJson(parsed, catalog);
        scenario::parseScenarioJson(written, catalog);
    } catch (const InputError &) {
        // refused with a message: the expected outcome for most inputs
    }
}

/// Removes @p file and any backups or journal that opening it left beside it.
inline void removeWorkbookFiles(const std::filesystem::path &file)
{
    std::error_code ignored;
    const std::filesystem::path folder = file.parent_path();
    const std::string stem = file.filename().string();
    for (const auto &entry : std::filesystem::directory_iterator(folder, ignored)) {
        if (entry.path().filename().string().find(stem) != std::string::npos)
            std::filesystem::remove(entry.path(), ignored);
    }
}

/// Writes @p bytes to a workbook file in its own folder and does what the application does
/// with a workbook: open it read-write (which may migrate it), list, load, read every scenario
/// and its cached results, and save the content back.
inline void workbookInput(std::string_view bytes, const std::filesystem::path &folder)
{
    const std::filesystem::path file = folder / "input.tokenwatt";
    removeWorkbookFiles(file);
    {
        std::ofstream stream(file, std::ios::binary | std::ios::trunc);
        stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    const catalog::Catalog &catalog = catalog::Catalog::builtIn();
    try {
        store::Workbook workbook = store::Workbook::open(file);
        workbook.list();
        const store::WorkbookContent content = workbook.load();
        for (const store::StoredScenario &stored : content.scenarios) {
            try {
                store::parseStoredScenario(stored, catalog, file);
            } catch (const InputError &) {
            }
            if (stored.results) {
                try {
                    store::decodeResults(*stored.results);
                } catch (const InputError &) {
                }
            }
        }
        if (!workbook.isReadOnly())
            workbook.save(content);
    } catch (const InputError &) {
    }
    removeWorkbookFiles(file);
}

/// A folder of this process's own for workbookInput (created on first use).
inline const std::filesystem::path &scratchFolder()
{
    static const std::filesystem::path folder = [] {
        std::filesystem::path path = std::filesystem::temp_directory_path()
                                     / ("tokenwatt-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(path);
        return path;
    }();
    return folder;
}

} // namespace tw::fuzz
