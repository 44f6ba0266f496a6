// tokenwatt-cli report, end to end: runs the real binary (which renders offscreen, without a
// display) and reads the PDF back with poppler's pdfinfo and pdftotext.

#include "cli_process.h"
#include "test_support.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>

using tw::test::CliResult;
using tw::test::describe;

namespace {

/// Renders without a display unless told otherwise; a report takes up to a few minutes.
CliResult run(const QString &program, const QStringList &args, bool withoutDisplay = true)
{
    return tw::test::runProgram(program, args, 300000, withoutDisplay);
}

CliResult cli(const QStringList &args)
{
    return run(QStringLiteral(TOKENWATT_CLI_PATH), args);
}

/// A built-in example shortened to @p horizonSeconds, written to @p file.
bool writeShortExample(const QString &name, double horizonSeconds, const QString &file)
{
    const CliResult example = cli({QStringLiteral("example"), name});
    QJsonObject scenario = QJsonDocument::fromJson(example.out.toUtf8()).object();
    QJsonObject simulation = scenario.value(QStringLiteral("simulation")).toObject();
    const double horizon = simulation.value(QStringLiteral("horizonSeconds")).toDouble(3600.0);
    const double warmup = simulation.value(QStringLiteral("warmupSeconds")).toDouble(0.0);
    simulation[QStringLiteral("horizonSeconds")] = horizonSeconds;
    simulation[QStringLiteral("warmupSeconds")] = warmup * horizonSeconds / horizon;
    scenario[QStringLiteral("simulation")] = simulation;
    QFile out(file);
    return out.open(QIODevice::WriteOnly) && out.write(QJsonDocument(scenario).toJson()) > 0;
}

} // namespace

class TestCliReport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void writesAReportWithoutADisplay();
    void comparesSeveralScenarios();
    void readsScenariosOfAWorkbook();
    void badArgumentsExitWith2_data();
    void badArgumentsExitWith2();
    void helpDescribesTheCommand();
    void saysWhenTheRendererIsMissing();
    void commandLineLinksNoQt();

private:
    QTemporaryDir m_dir;
    QString m_default;
    bool m_poppler = false;
};

void TestCliReport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_default = m_dir.filePath(QStringLiteral("default.json"));
    QVERIFY(writeShortExample(QStringLiteral("default"), 900.0, m_default));
    m_poppler = run(QStringLiteral("pdfinfo"), {QStringLiteral("-v")}, false).exitCode == 0;
}

void TestCliReport::writesAReportWithoutADisplay()
{
    const QString pdf = m_dir.filePath(QStringLiteral("one.pdf"));
    const QStringList args{QStringLiteral("report"), m_default,
                           QStringLiteral("--pdf"),  pdf,
                           QStringLiteral("--api"),  QStringLiteral("OpenAI/gpt-4o-2024-08-06")};
    const CliResult result = cli(args);
    QVERIFY2(result.exitCode == 0, qPrintable(describe(args, result)));
    const QRegularExpressionMatch wrote
            = QRegularExpression(QStringLiteral("^Wrote .*one\\.pdf: (\\d+) pages, 1 scenario\\n$"))
                      .match(result.out);
    QVERIFY2(wrote.hasMatch(), qPrintable(result.out));
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(5), QByteArray("%PDF-"));
    QVERIFY2(file.size() < 1'000'000, qPrintable(QString::number(file.size())));
    if (!m_poppler)
        QSKIP("pdfinfo/pdftotext (poppler-utils) are not installed");
    const CliResult info = run(QStringLiteral("pdfinfo"), {pdf}, false);
    QVERIFY(info.out.contains(
            QRegularExpression(QStringLiteral("Pages:\\s+%1\\n").arg(wrote.captured(1)))));
    const QString text = run(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")}, false)
                                 .out.replace(QRegularExpression(QStringLiteral("\\s+")), " ");
    for (const char *expected : {"Chat assistant on Llama 3.1 70B", "Executive summary",
                                 "the same traffic through OpenAI/gpt-4o-2024-08-06",
                                 "Same traffic via API", "API price, OpenAI gpt-4o-2024-08-06",
                                 "workload.arrival.ratePerSecond", "Appendix B — Methodology"})
        QVERIFY2(text.contains(QString::fromUtf8(expected)), expected);
}

void TestCliReport::comparesSeveralScenarios()
{
    const QString api = m_dir.filePath(QStringLiteral("api.json"));
    QVERIFY(writeShortExample(QStringLiteral("thin-traffic-api"), 1800.0, api));
    const QString pdf = m_dir.filePath(QStringLiteral("two.pdf"));
    const QStringList args{QStringLiteral("report"),    api,
                           QStringLiteral("--example"), QStringLiteral("thin-traffic-self-hosted"),
                           QStringLiteral("--pdf"),     pdf,
                           QStringLiteral("--title"),   QStringLiteral("API or our own GPUs?")};
    const CliResult result = cli(args);
    QVERIFY2(result.exitCode == 0, qPrintable(describe(args, result)));
    QVERIFY2(result.out.contains(QStringLiteral(" pages, 2 scenarios")), qPrintable(result.out));
    if (!m_poppler)
        QSKIP("pdftotext (poppler-utils) is not installed");
    const QString text = run(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")}, false)
                                 .out.replace(QRegularExpression(QStringLiteral("\\s+")), " ");
    for (const char *expected :
         {"API or our own GPUs?", "costs the least", "Comparison charts", "Compares two scenarios"})
        QVERIFY2(text.contains(QString::fromUtf8(expected)), expected);
}

void TestCliReport::readsScenariosOfAWorkbook()
{
    const QString workbook = m_dir.filePath(QStringLiteral("plans.tokenwatt"));
    const QStringList import{QStringLiteral("import"), m_default, workbook,
                             QStringLiteral("--name"), QStringLiteral("chat")};
    const CliResult imported = cli(import);
    QVERIFY2(imported.exitCode == 0, qPrintable(describe(import, imported)));
    const QString pdf = m_dir.filePath(QStringLiteral("workbook.pdf"));
    const QStringList args{QStringLiteral("report"),     workbook,
                           QStringLiteral("--scenario"), QStringLiteral("chat"),
                           QStringLiteral("--pdf"),      pdf};
    const CliResult result = cli(args);
    QVERIFY2(result.exitCode == 0, qPrintable(describe(args, result)));
    QVERIFY2(result.out.contains(QStringLiteral(" pages, 1 scenario")), qPrintable(result.out));
    const QStringList unknown{QStringLiteral("report"),     workbook,
                              QStringLiteral("--scenario"), QStringLiteral("nope"),
                              QStringLiteral("--pdf"),      pdf};
    const CliResult refused = cli(unknown);
    QVERIFY2(refused.exitCode == 2 && refused.err.contains(QStringLiteral("nope")),
             qPrintable(describe(unknown, refused)));
}

void TestCliReport::badArgumentsExitWith2_data()

{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString out = QStringLiteral("/tmp/never-written.pdf");
    QTest::newRow("no --pdf") << QStringList{"report", "--example", "default"}
                              << "--pdf: missing: where to write the report";
    QTest::newRow("no scenario") << QStringList{"report", "--pdf", out}
                                 << "report: missing SCENARIO";
    QTest::newRow("unknown option")
            << QStringList{"report", "--example", "default", "--pdf", out, "--colour", "red"}
            << "--colour";
    QTest::newRow("unknown example") << QStringList{"report", "--example", "nope", "--pdf", out}
                                     << "--example: unknown example 'nope'";
    QTest::newRow("unknown API") << QStringList{"report", "--example", "default",       "--pdf",
                                                out,      "--api",     "Nobody/nothing"}
                                 << "--api: unknown API 'Nobody/nothing'";
    QTest::newRow("missing file") << QStringList{"report", "/nonexistent/s.json", "--pdf", out}
                                  << "/nonexistent/s.json";
    QTest::newRow("--scenario without workbook")
            << QStringList{"report", "--scenario", "a", "--pdf", out}
            << "--scenario: must follow the workbook";
    QTest::newRow("bad seed") << QStringList{"report", "--example", "default", "--pdf",
                                             out,      "--seed",    "-1"}
                              << "--seed";
    QTest::newRow("plan of two scenarios")
            << QStringList{"report",
                           "--example",
                           "thin-traffic-self-hosted",
                           "--example",
                           "thin-traffic-api",
                           "--pdf",
                           out,
                           "--plan"}
            << "--plan: plans the scenario of a one-scenario report; this report has 2 scenarios";
    QTest::newRow("unwritable PDF")
            << QStringList{"report", "--example", "default", "--pdf", "/nonexistent-dir/r.pdf"}
            << "--pdf: cannot write '/nonexistent-dir/r.pdf'";
}

void TestCliReport::badArgumentsExitWith2()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const CliResult result = cli(args);
    QVERIFY2(result.exitCode == 2, qPrintable(describe(args, result)));
    QVERIFY2(result.err.contains(message), qPrintable(describe(args, result)));
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/never-written.pdf")));
}

void TestCliReport::helpDescribesTheCommand()
{
    for (const QStringList &args :
         {QStringList{"report", "--help"}, QStringList{"help", "report"}}) {
        const CliResult result = cli(args);
        QVERIFY2(result.exitCode == 0, qPrintable(describe(args, result)));
        QVERIFY(result.out.startsWith(QStringLiteral("Usage: tokenwatt-cli report")));
        QVERIFY(result.out.contains(QStringLiteral("--pdf FILE")));
    }
    const CliResult overview = cli({QStringLiteral("--help")});
    QVERIFY(overview.out.contains(QStringLiteral("report     Write a PDF report")));
}

void TestCliReport::saysWhenTheRendererIsMissing()
{
    // A tokenwatt-cli alone in a folder, as in a CLI-only install: every command but `report`
    // works, and `report` says what is missing and where it was looked for.
    const QString lonely = m_dir.filePath(QStringLiteral("alone/bin/tokenwatt-cli"));
    QVERIFY(QDir().mkpath(QFileInfo(lonely).path()));
    QVERIFY(QFile::copy(QStringLiteral(TOKENWATT_CLI_PATH), lonely));
    const QStringList args{QStringLiteral("report"), m_default, QStringLiteral("--pdf"),
                           m_dir.filePath(QStringLiteral("never.pdf"))};
    const CliResult result = run(lonely, args);
    QVERIFY2(result.exitCode == 1, qPrintable(describe(args, result)));
    QVERIFY2(result.err.contains(QStringLiteral("the report renderer (tokenwatt-report) is not "
                                                "installed")),
             qPrintable(result.err));
    QVERIFY2(result.err.contains(m_dir.filePath(QStringLiteral("alone/libexec/tokenwatt/"
                                                               "tokenwatt-report"))),
             qPrintable(result.err));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("never.pdf"))));
    QCOMPARE(run(lonely, {QStringLiteral("--version")}).exitCode, 0);
}

void TestCliReport::commandLineLinksNoQt()
{
    // tokenwatt-cli must run where no Qt is installed (cluster nodes): ldd lists no Qt library,
    // while the renderer beside it does link Qt (which shows the check can see one).
    const CliResult cliLibraries = run(QStringLiteral("ldd"), {QStringLiteral(TOKENWATT_CLI_PATH)});
    if (cliLibraries.exitCode == -1)
        QSKIP("ldd is not available");
    QVERIFY2(cliLibraries.exitCode == 0, qPrintable(cliLibraries.err));
    QVERIFY(cliLibraries.out.contains(QStringLiteral("libc.so")));
    QVERIFY2(!cliLibraries.out.contains(QStringLiteral("libQt")), qPrintable(cliLibraries.out));
    const QString renderer = QFileInfo(QStringLiteral(TOKENWATT_CLI_PATH))
                                     .dir()
                                     .filePath(QStringLiteral("tokenwatt-report"));
    const CliResult rendererLibraries = run(QStringLiteral("ldd"), {renderer});
    QVERIFY2(rendererLibraries.out.contains(QStringLiteral("libQt6Widgets")),
             qPrintable(rendererLibraries.out));
}

QTEST_GUILESS_MAIN(TestCliReport)
#include "tst_cli_report.moc"
