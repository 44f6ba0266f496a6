// tokenwatt: the desktop window. Argument handling only; the window lives in ui/.

#include "core/scenario_io/examples.h"

#include "ui/capacity_runner.h"
#include "ui/charts/charts_panel.h"
#include "ui/main_window.h"
#include "ui/plan/plan_panel.h"
#include "ui/plan/sensitivity_panel.h"
#include "ui/settings_keys.h"
#include "ui/simulation_runner.h"
#include "ui/workbook/workbook_controller.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>

namespace {

const char *const kUsage
        = "Usage: tokenwatt [options] [FILE]\n"
          "Simulates the cost, latency, energy and CO2 of serving large language models.\n"
          "FILE is a workbook (.tokenwatt) or a scenario JSON file to open.\n"
          "\n"
          "Options:\n"
          "  --example NAME       open a built-in example (default: the last one used)\n"
          "  --list-examples      print the built-in examples and exit\n"
          "  --screenshot FILE    render the window offscreen after the first results, save it as\n"
          "                       a PNG and exit (works without a display)\n"
          "  --tab NAME           show this chart tab first: over-time, lever or breakdown\n"
          "  --plan               open the Plan panel and plan the fleet of the scenario\n"
          "  --sensitivity        open the Sensitivity panel (the tornado of the scenario)\n"
          "  --dark               use the dark theme (for this run)\n"
          "  -h, --help           print this help and exit\n"
          "  -v, --version        print the version and exit\n";

/// The chart tabs --tab accepts, in the window's order.
constexpr const char *kTabNames[] = {"over-time", "lever", "breakdown"};

int tabIndex(const std::string &name)
{
    for (int i = 0; i < static_cast<int>(std::size(kTabNames)); ++i)
        if (name == kTabNames[i])
            return i;
    return -1;
}

void printExamples(std::FILE *stream)
{
    for (const tw::scenario::Example &example : tw::scenario::examples())
        std::fprintf(stream, "  %-28s %s\n", example.name.c_str(), example.summary.c_str());
}

} // namespace

int main(int argc, char *argv[])
{
    // Answered and checked before QApplication exists: without a display, constructing it
    // would abort. (Qt's own single-dash options, such as -platform, are left to Qt.)
    bool screenshot = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (arg == "--version" || arg == "-v") {
            std::printf("tokenwatt %s (Qt %s)\n", TOKENWATT_VERSION, QT_VERSION_STR);
            return 0;
        }
        if (arg == "--list-examples") {
            printExamples(stdout);
            return 0;
        }
        const std::string name = arg.substr(0, arg.find('='));
        const bool inlineValue = name.size() < arg.size();
        std::string value = inlineValue ? arg.substr(name.size() + 1) : std::string();
        if (name == "--example" || name == "--screenshot" || name == "--tab") {
            if (!inlineValue && i + 1 < argc)
                value = argv[++i];
            if (value.empty()) {
                std::fprintf(stderr, "tokenwatt: %s needs a value\n%s", name.c_str(), kUsage);
                return 2;
            }
            screenshot = screenshot || name == "--screenshot";
            if (name == "--tab" && tabIndex(value) < 0) {
                std::fprintf(stderr,
                             "tokenwatt: --tab '%s' is not a chart tab; use over-time, lever or "
                             "breakdown\n",
                             value.c_str());
                return 2;
            }
            if (name == "--example" && !tw::scenario::findExample(value)) {
                std::fprintf(stderr,
                             "tokenwatt: no built-in example named '%s'; the examples are:\n",
                             value.c_str());
                printExamples(stderr);
                return 2;
            }
        } else if (arg.rfind("--", 0) == 0 && arg != "--dark" && arg != "--plan"
                   && arg != "--sensitivity") {
            std::fprintf(stderr, "tokenwatt: unknown option '%s'\n%s", arg.c_str(), kUsage);
            return 2;
        }
    }
    if (screenshot && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("TokenWatt"));
    QApplication::setApplicationName(QStringLiteral("TokenWatt"));
    QApplication::setApplicationVersion(QStringLiteral(TOKENWATT_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("TokenWatt"));

    QCommandLineParser parser;
    const QCommandLineOption exampleOption(QStringLiteral("example"), {}, QStringLiteral("NAME"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"), {},
                                              QStringLiteral("FILE"));
    const QCommandLineOption tabOption(QStringLiteral("tab"), {}, QStringLiteral("NAME"));
    const QCommandLineOption darkOption(QStringLiteral("dark"));
    const QCommandLineOption planOption(QStringLiteral("plan"));
    const QCommandLineOption sensitivityOption(QStringLiteral("sensitivity"));
    parser.addOptions({exampleOption, screenshotOption, tabOption, darkOption, planOption,
                       sensitivityOption});
    if (!parser.parse(QApplication::arguments()) || parser.positionalArguments().size() > 1) {
        const QString error = parser.errorText().isEmpty()
                                      ? QStringLiteral("expected at most one file, got also '%1'")
                                                .arg(parser.positionalArguments().value(1))
                                      : parser.errorText();
        std::fprintf(stderr, "tokenwatt: %s\n%s", qPrintable(error), kUsage);
        return 2;
    }

    QString example = QSettings()
                              .value(tw::ui::settings::kLastExample, QStringLiteral("default"))
                              .toString();
    if (parser.isSet(exampleOption))
        example = parser.value(exampleOption); // checked above
    else if (!tw::scenario::findExample(example.toStdString()))
        example = QStringLiteral("default");

    tw::ui::MainWindow window;
    if (parser.isSet(darkOption))
        window.setDarkTheme(true);
    window.loadExample(example);
    if (parser.isSet(tabOption)) // checked above
        window.charts()->tabs()->setCurrentIndex(tabIndex(parser.value(tabOption).toStdString()));
    if (parser.isSet(sensitivityOption))
        window.showSensitivityPanel(); // analysed after the first full output
    if (parser.isSet(planOption)) {
        window.showPlanPanel();
        window.planPanel()->startPlan();
    }

    const QString openAtStart = parser.positionalArguments().value(0);
    tw::ui::WorkbookController *files = window.workbook();
    if (parser.isSet(screenshotOption)) {
        const QString file = parser.value(screenshotOption);
        window.resize(1600, 1000);
        // Give the queued replots a moment after the first full output (of the file, if one
        // is opened; a preview is followed by its full run), then grab the window.
        auto grabAfterOutput = [&window, file] {
            auto connection = std::make_shared<QMetaObject::Connection>();
            *connection = QObject::connect(
                    &window, &tw::ui::MainWindow::outputPresented, &window,
                    [&window, file, connection](const tw::ui::RunOutputPtr &output) {
                        if (!output || output->preview)
                            return;
                        QObject::disconnect(*connection);
                        // The load card's capacity search follows the full output: wait for
                        // it (at most 30 s), so the picture shows the figure, not "…".
                        auto *poll = new QTimer(&window);
                        auto waited = std::make_shared<int>(0);
                        QObject::connect(
                                poll, &QTimer::timeout, &window, [&window, file, poll, waited] {
                                    // And for a plan (--plan), at most 10 minutes.
                                    const tw::ui::PlanPanel *plan = window.existingPlanPanel();
                                    const tw::ui::SensitivityPanel *tornado
                                            = window.existingSensitivityPanel();
                                    const bool planning = (plan && plan->runner()->isRunning())
                                                          || (tornado && tornado->isRunning());
                                    if ((window.capacityRunner()->isRunning() || planning)
                                        && ++*waited < (planning ? 6000 : 300))
                                        return;
                                    poll->stop();
                                    const bool saved = window.grab().save(file, "PNG");
                                    if (!saved)
                                        std::fprintf(stderr, "tokenwatt: cannot write '%s'\n",
                                                     qPrintable(file));
                                    QApplication::exit(saved ? 0 : 1);
                                });
                        QTimer::singleShot(400, poll, [poll] { poll->start(100); });
                    });
        };
        if (openAtStart.isEmpty())
            grabAfterOutput();
        else
            QObject::connect(files, &tw::ui::WorkbookController::fileOpened, &window,
                             grabAfterOutput, Qt::SingleShotConnection);
        // No modal dialogs when rendering: errors go to stderr.
        tw::ui::workbook::Dialogs dialogs = files->dialogs();
        dialogs.showError = [](const QString &title, const QString &message) {
            std::fprintf(stderr, "tokenwatt: %s: %s\n", qPrintable(title), qPrintable(message));
            QApplication::exit(2);
        };
        files->setDialogs(dialogs);
        QObject::connect(window.runner(), &tw::ui::SimulationRunner::runFailed, &window,
                         [](const QString &message) {
                             std::fprintf(stderr, "tokenwatt: %s\n", qPrintable(message));
                             QApplication::exit(1);
                         });
    }
    window.show();
    // After the window is up: offer work left by a session that did not close cleanly (not
    // when rendering a screenshot), then open the file named on the command line.
    const bool screenshotOnly = parser.isSet(screenshotOption);
    QTimer::singleShot(0, &window, [files, openAtStart, screenshotOnly] {
        if (!screenshotOnly && files->offerRecovery())
            return; // the restored work is on screen; open the file from the menu if wanted
        if (!openAtStart.isEmpty())
            files->open(openAtStart);
    });
    return QApplication::exec();
}
