// Checks the layering rules of docs/architecture.md on the source tree: core/ includes no Qt
// header and no ui/ or app/ header, core's CMake files link no Qt library, and every include
// between core's modules points down the order of core/layers.txt. Every violation is
// reported with file:line, all at once. Also: ui/render, ui/charts and ui/report (the rendering
// library) include nothing of the window.

#include "test_support.h"

#include <QTemporaryDir>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string_view trimmedLeft(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    return text;
}

/// The path written in an #include directive ("QString" for `#include <QString>`), or an
/// empty view when @p line is not one. Spaces are allowed around '#', as the preprocessor does.
std::string_view includedPath(std::string_view line)
{
    line = trimmedLeft(line);
    if (line.empty() || line.front() != '#')
        return {};
    line = trimmedLeft(line.substr(1));
    constexpr std::string_view kInclude = "include";
    if (line.substr(0, kInclude.size()) != kInclude)
        return {};
    line = trimmedLeft(line.substr(kInclude.size()));
    if (line.empty() || (line.front() != '<' && line.front() != '"'))
        return {};
    const char close = line.front() == '<' ? '>' : '"';
    line.remove_prefix(1);
    return line.substr(0, line.find(close));
}

/// Why a line of a core C++ source breaks the layering, or an empty string.
std::string sourceViolation(std::string_view line)
{
    const std::string_view path = includedPath(line);
    // Every Qt header starts with Q (QString, QtCore/qglobal.h); no standard or third-party
    // header used by core does.
    if (!path.empty() && path.front() == 'Q')
        return "includes the Qt header " + std::string(path);
    if (path.substr(0, 3) == "ui/" || path.find("/ui/") != std::string_view::npos)
        return "includes the ui header " + std::string(path);
    if (path.substr(0, 4) == "app/" || path.find("/app/") != std::string_view::npos)
        return "includes the app header " + std::string(path);
    return {};
}

/// core/layers.txt: each module's layer, 0 at the bottom.
using Layers = std::map<std::string, int, std::less<>>;

Layers parseLayers(std::istream &in)
{
    Layers layers;
    std::string line;
    int layer = 0;
    while (std::getline(in, line)) {
        line = line.substr(0, line.find('#'));
        std::istringstream words(line);
        std::string module;
        bool any = false;
        while (words >> module) {
            layers[module] = layer;
            any = true;
        }
        layer += any ? 1 : 0;
    }
    return layers;
}

/// Why an include of @p line in a file of core/@p module breaks the order of @p layers, or an
/// empty string. Only `core/OTHER/...` includes between modules are judged.
std::string layerViolation(std::string_view module, std::string_view line, const Layers &layers)
{
    const std::string_view path = includedPath(line);
    if (path.substr(0, 5) != "core/")
        return {};
    const std::string_view rest = path.substr(5);
    const std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos)
        return {};
    const std::string_view target = rest.substr(0, slash);
    if (target == module)
        return {};
    const auto from = layers.find(module);
    if (from == layers.end())
        return "module " + std::string(module) + " is not in core/layers.txt";
    const auto to = layers.find(target);
    if (to == layers.end())
        return "includes " + std::string(path) + " of module " + std::string(target)
               + ", which is not in core/layers.txt";
    if (to->second < from->second)
        return {};
    return "includes " + std::string(path) + ": " + std::string(target)
           + (to->second == from->second ? " is on the same layer as " : " is above ")
           + std::string(module) + " in core/layers.txt";
}

/// The folders of ui/ that make up tokenwatt_render (ui/CMakeLists.txt, TOKENWATT_RENDER_DIRS).
constexpr std::string_view kRenderDirs[] = {"ui/render/", "ui/charts/", "ui/report/"};

/// Why a line of a rendering-library source (ui/render, ui/charts, ui/report) breaks its rule,
/// or an empty string: it may include core/ and the rendering folders, never the window's
/// part of ui/ (document, runner, panels, workbooks) nor app/.
std::string renderViolation(std::string_view line)
{
    const std::string_view path = includedPath(line);
    if (path.substr(0, 4) == "app/")
        return "includes the app header " + std::string(path);
    if (path.substr(0, 3) != "ui/")
        return {};
    for (std::string_view dir : kRenderDirs)
        if (path.substr(0, dir.size()) == dir)
            return {};
    return "includes the window header " + std::string(path);
}

/// Why a line of a core CMake file breaks the layering, or an empty string.
std::string cmakeViolation(std::string_view line)
{
    const std::string_view code = line.substr(0, line.find('#')); // comments may say "Qt"
    for (std::string_view qt : {"Qt6::", "Qt::", "Qt5::", "find_package(Qt"}) {
        if (code.find(qt) != std::string_view::npos)
            return "mentions " + std::string(qt);
    }
    return {};
}

bool isCppFile(const fs::path &path)
{
    const std::string ext = path.extension().string();
    return ext == ".h" || ext == ".hpp" || ext == ".cpp" || ext == ".cc" || ext == ".inl";
}

bool isCmakeFile(const fs::path &path)
{
    return path.filename() == "CMakeLists.txt" || path.extension() == ".cmake";
}

struct ScanResult
{
    std::vector<std::string> violations; ///< "core/x.h:12: includes the Qt header QString"
    int sourceFiles = 0;
    int cmakeFiles = 0;
};

/// Scans every C++ and CMake file under @p root / @p dir; paths are reported relative to root.
/// With @p layers, includes between the modules of @p dir (its folders) are checked against it.
ScanResult scanTree(const fs::path &root, const fs::path &dir, const Layers *layers = nullptr)
{
    ScanResult result;
    for (const fs::directory_entry &entry : fs::recursive_directory_iterator(root / dir)) {
        if (!entry.is_regular_file())
            continue;
        const fs::path &path = entry.path();
        const bool cpp = isCppFile(path);
        if (!cpp && !isCmakeFile(path))
            continue;
        (cpp ? result.sourceFiles : result.cmakeFiles) += 1;
        const fs::path inDir = fs::relative(path, root / dir);
        const std::string module = inDir.has_parent_path() ? inDir.begin()->string() : "";
        std::ifstream in(path);
        std::string line;
        for (int number = 1; std::getline(in, line); ++number) {
            std::string problem = cpp ? sourceViolation(line) : cmakeViolation(line);
            if (problem.empty() && cpp && layers && !module.empty())
                problem = layerViolation(module, line, *layers);
            if (!problem.empty()) {
                result.violations.push_back(fs::relative(path, root).generic_string() + ':'
                                            + std::to_string(number) + ": " + problem);
            }
        }
    }
    return result;
}

} // namespace

class TestLayering : public QObject
{
    Q_OBJECT

private slots:
    void sourceRule_data();
    void sourceRule();
    void cmakeRule_data();
    void cmakeRule();
    void scannerNamesFileAndLine();
    void coreHasNoQtAndNoUi();
    void layerRule_data();
    void layerRule();
    void layerTableParses();
    void scannerFindsReversedInclude();
    void everyCoreModuleHasALayer();
    void coreIncludesPointDown();
    void renderRule_data();
    void renderRule();
    void renderIncludesNoWindowHeader();
};

void TestLayering::sourceRule_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("violates");

    QTest::newRow("Qt class header") << "#include <QString>" << true;
    QTest::newRow("Qt module header") << "#include <QtCore/qglobal.h>" << true;
    QTest::newRow("quoted Qt header") << "#include \"QObject\"" << true;
    QTest::newRow("spaces around #") << "  #  include <QVector>" << true;
    QTest::newRow("ui header") << "#include \"ui/main_window.h\"" << true;
    QTest::newRow("ui header by relative path") << "#include \"../../ui/chart.h\"" << true;
    QTest::newRow("ui header in brackets") << "#include <ui/panels/hardware_panel.h>" << true;
    QTest::newRow("standard header starting with q") << "#include <queue>" << false;
    QTest::newRow("core header") << "#include \"core/sim/engine.h\"" << false;
    QTest::newRow("core header about quantities") << "#include \"core/model/quant.h\"" << false;
    QTest::newRow("comment") << "// #include <QString> would break the rule" << false;
    QTest::newRow("code mentioning QString") << "std::string name; // not a QString" << false;
}

void TestLayering::sourceRule()
{
    QFETCH(QString, line);
    QFETCH(bool, violates);

    QCOMPARE(!sourceViolation(line.toStdString()).empty(), violates);
}

void TestLayering::cmakeRule_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("violates");

    QTest::newRow("Qt6 target") << "target_link_libraries(core PRIVATE Qt6::Core)" << true;
    QTest::newRow("versionless Qt target") << "    PUBLIC Qt::Core" << true;
    QTest::newRow("find_package") << "find_package(Qt6 REQUIRED COMPONENTS Core)" << true;
    QTest::newRow("comment") << "# No Qt here: tst_layering checks it (no Qt6::Core)" << false;
    QTest::newRow("other library") << "find_package(nlohmann_json 3.10 REQUIRED)" << false;
}

void TestLayering::cmakeRule()
{
    QFETCH(QString, line);
    QFETCH(bool, violates);

    QCOMPARE(!cmakeViolation(line.toStdString()).empty(), violates);
}

void TestLayering::scannerNamesFileAndLine()
{
    // A fake tree with one violation of each kind proves the walk reports them where they are.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const fs::path root = tmp.path().toStdString();
    fs::create_directories(root / "core" / "sim");
    std::ofstream(root / "core" / "sim" / "engine.cpp")
            << "#include \"core/sim/engine.h\"\n\n#include <QDebug>\n";
    std::ofstream(root / "core" / "sim" / "view.h") << "#pragma once\n#include \"ui/view.h\"\n";
    std::ofstream(root / "core" / "CMakeLists.txt") << "# core\nlink(Qt6::Core)\n";
    std::ofstream(root / "core" / "notes.txt") << "#include <QString>\n"; // not a source

    ScanResult result = scanTree(root, "core");
    std::sort(result.violations.begin(), result.violations.end());
    QCOMPARE(result.sourceFiles, 2);
    QCOMPARE(result.cmakeFiles, 1);
    QCOMPARE(result.violations,
             (std::vector<std::string>{"core/CMakeLists.txt:2: mentions Qt6::",
                                       "core/sim/engine.cpp:3: includes the Qt header QDebug",
                                       "core/sim/view.h:2: includes the ui header ui/view.h"}));
}

void TestLayering::coreHasNoQtAndNoUi()
{
    const fs::path root = TOKENWATT_SOURCE_DIR;
    QVERIFY2(fs::is_directory(root / "core"), TOKENWATT_SOURCE_DIR);

    const ScanResult result = scanTree(root, "core");
    QVERIFY(result.sourceFiles > 10); // the walk really saw the core sources
    QVERIFY(result.cmakeFiles >= 1);

    std::string report;
    for (const std::string &violation : result.violations)
        report += "\n  " + violation;
    QVERIFY2(result.violations.empty(), ("core/ breaks the layering:" + report).c_str());
}

namespace {
/// A small table for the rule tests: a bottom, two modules side by side, a top.
Layers exampleLayers()
{
    std::istringstream table("# comment\ncommon\n\nscenario   # trailing\nsim hardware\nrun\n");
    return parseLayers(table);
}

Layers coreLayers()
{
    std::ifstream in(fs::path(TOKENWATT_SOURCE_DIR) / "core" / "layers.txt");
    return parseLayers(in);
}
} // namespace

void TestLayering::layerTableParses()
{
    const Layers layers = exampleLayers();
    QCOMPARE(layers.size(), std::size_t(5));
    QCOMPARE(layers.at("common"), 0);
    QCOMPARE(layers.at("scenario"), 1); // the blank line is not a layer
    QCOMPARE(layers.at("sim"), 2);
    QCOMPARE(layers.at("hardware"), 2);
    QCOMPARE(layers.at("run"), 3);
}

void TestLayering::layerRule_data()
{
    QTest::addColumn<QString>("module");
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("violates");

    QTest::newRow("down one layer") << "sim"
                                    << "#include \"core/scenario/scenario.h\"" << false;
    QTest::newRow("down two layers") << "run"
                                     << "#include \"core/scenario/scenario.h\"" << false;
    QTest::newRow("own module") << "sim"
                                << "#include \"core/sim/engine_impl.h\"" << false;
    QTest::newRow("up one layer") << "scenario"
                                  << "#include \"core/sim/engine.h\"" << true;
    QTest::newRow("up from the bottom") << "common"
                                        << "#include \"core/run/simulate.h\"" << true;
    QTest::newRow("sideways") << "sim"
                              << "#include \"core/hardware/perf_model.h\"" << true;
    QTest::newRow("unknown target") << "sim"
                                    << "#include \"core/plan/plan.h\"" << true;
    QTest::newRow("unknown source") << "plan"
                                    << "#include \"core/common/error.h\"" << true;
    QTest::newRow("standard header") << "common"
                                     << "#include <vector>" << false;
    QTest::newRow("comment") << "common"
                             << "// #include \"core/run/simulate.h\"" << false;
}

void TestLayering::layerRule()
{
    QFETCH(QString, module);
    QFETCH(QString, line);
    QFETCH(bool, violates);

    const std::string problem
            = layerViolation(module.toStdString(), line.toStdString(), exampleLayers());
    QVERIFY2(problem.empty() != violates, problem.c_str());
}

void TestLayering::scannerFindsReversedInclude()
{
    // The engine including the accounting above it (the cycle this table was written to end).
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const fs::path root = tmp.path().toStdString();
    fs::create_directories(root / "core" / "sim");
    fs::create_directories(root / "core" / "run");
    std::ofstream(root / "core" / "sim" / "engine.cpp")
            << "#include \"core/sim/engine.h\"\n#include \"core/run/simulate.h\"\n";
    std::ofstream(root / "core" / "run" / "simulate.cpp") << "#include \"core/sim/engine.h\"\n";
    const Layers layers = exampleLayers();
    const ScanResult result = scanTree(root, "core", &layers);
    QCOMPARE(result.violations,
             (std::vector<std::string>{"core/sim/engine.cpp:2: includes core/run/simulate.h: run "
                                       "is above sim in core/layers.txt"}));
}

void TestLayering::everyCoreModuleHasALayer()
{
    const Layers layers = coreLayers();
    QVERIFY(layers.size() >= 10);
    std::string missing;
    int modules = 0;
    for (const fs::directory_entry &entry :
         fs::directory_iterator(fs::path(TOKENWATT_SOURCE_DIR) / "core")) {
        if (!entry.is_directory())
            continue;
        ++modules;
        if (layers.find(entry.path().filename().string()) == layers.end())
            missing += " " + entry.path().filename().string();
    }
    QVERIFY2(missing.empty(), ("core/layers.txt does not place:" + missing).c_str());
    QCOMPARE(static_cast<std::size_t>(modules), layers.size()); // and lists no stale module
}

void TestLayering::coreIncludesPointDown()
{
    const Layers layers = coreLayers();
    const ScanResult result = scanTree(TOKENWATT_SOURCE_DIR, "core", &layers);
    QVERIFY(result.sourceFiles > 10);
    std::string report;
    for (const std::string &violation : result.violations)
        report += "\n  " + violation;
    QVERIFY2(result.violations.empty(), ("core/ breaks the layering:" + report).c_str());
}

void TestLayering::renderRule_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("violates");

    QTest::newRow("own folder") << "#include \"ui/report/page_layout.h\"" << false;
    QTest::newRow("other render folder") << "#include \"ui/render/run_output.h\"" << false;
    QTest::newRow("charts") << "#include \"ui/charts/chart_ids.h\"" << false;
    QTest::newRow("core") << "#include \"core/run/simulate.h\"" << false;
    QTest::newRow("Qt") << "#include <QPainter>" << false;
    QTest::newRow("the document") << "#include \"ui/scenario_document.h\"" << true;
    QTest::newRow("the window") << "#include \"ui/main_window.h\"" << true;
    QTest::newRow("a window folder") << "#include \"ui/export/export_controller.h\"" << true;
    QTest::newRow("a folder named like one") << "#include \"ui/renderer/x.h\"" << true;
    QTest::newRow("app") << "#include \"app/cli_args.h\"" << true;
}

void TestLayering::renderRule()
{
    QFETCH(QString, line);
    QFETCH(bool, violates);

    QCOMPARE(!renderViolation(line.toStdString()).empty(), violates);
}

void TestLayering::renderIncludesNoWindowHeader()
{
    // tokenwatt-report links tokenwatt_render only; a header include of the window's part would
    // compile (the include path is the same) yet tie the renderer to the window again.
    const fs::path root = TOKENWATT_SOURCE_DIR;
    int files = 0;
    std::string report;
    for (std::string_view dir : kRenderDirs) {
        for (const fs::directory_entry &entry :
             fs::recursive_directory_iterator(root / std::string(dir))) {
            if (!entry.is_regular_file() || !isCppFile(entry.path()))
                continue;
            ++files;
            std::ifstream in(entry.path());
            std::string line;
            for (int number = 1; std::getline(in, line); ++number) {
                const std::string problem = renderViolation(line);
                if (!problem.empty())
                    report += "\n  " + fs::relative(entry.path(), root).generic_string() + ':'
                              + std::to_string(number) + ": " + problem;
            }
        }
    }
    QVERIFY(files > 30); // the walk saw the rendering sources
    QVERIFY2(report.empty(), ("the rendering library includes the window:" + report).c_str());
}

QTEST_APPLESS_MAIN(TestLayering)
#include "tst_layering.moc"
