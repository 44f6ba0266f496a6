// End-to-end checks of tokenwatt-cli's workbook commands (import, export, list), of run, sweep
// and validate on a workbook's scenario, and of compare: exit codes, output and messages.

#include "cli_process.h"
#include "test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <unistd.h>

using tw::test::CliResult;
using tw::test::describe;
using tw::test::runCli;

namespace {

#define CLI_EXPECT(result, args, code)                                                             \
    QVERIFY2((result).exitCode == (code), qPrintable(describe((args), (result))))

QByteArray bytesOf(const QString &file)
{
    QFile stream(file);
    return stream.open(QIODevice::ReadOnly) ? stream.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

/// A run's JSON results without the wall time (the one field that differs between runs).
QJsonObject comparable(const QString &json)
{
    QJsonObject results = QJsonDocument::fromJson(json.toUtf8()).object();
    results.remove("wallSeconds");
    return results;
}

} // namespace

class TestCliStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_chat;     ///< a scenario file: the default example, 2 minutes at 3 requests/s
    QString m_busy;     ///< the same at 6 requests/s
    QString m_workbook; ///< holds "chat" and "busy", imported from those files

    QString path(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const CliResult example = runCli({"example", "default"});
        QCOMPARE(example.exitCode, 0);
        QJsonObject scenario = QJsonDocument::fromJson(example.out.toUtf8()).object();
        QJsonObject simulation = scenario.value("simulation").toObject();
        simulation["horizonSeconds"] = 120;
        simulation["warmupSeconds"] = 0;
        scenario["simulation"] = simulation;
        QJsonObject workload = scenario.value("workload").toObject();
        QJsonObject arrival = workload.value("arrival").toObject();
        arrival["ratePerSecond"] = 3;
        workload["arrival"] = arrival;
        scenario["workload"] = workload;
        m_chat = path("chat.json");
        QVERIFY(writeFile(m_chat, QJsonDocument(scenario).toJson()));
        arrival["ratePerSecond"] = 6;
        workload["arrival"] = arrival;
        scenario["workload"] = workload;
        m_busy = path("busy.json");
        QVERIFY(writeFile(m_busy, QJsonDocument(scenario).toJson()));

        m_workbook = path("team.tokenwatt");
        const QStringList create{"import", m_chat, m_workbook};
        const CliResult created = runCli(create);
        CLI_EXPECT(created, create, 0);
        QCOMPARE(created.out, "Created " + m_workbook + " with 'chat'\n");
        const QStringList add{"import", m_busy, m_workbook};
        const CliResult added = runCli(add);
        CLI_EXPECT(added, add, 0);
        QCOMPARE(added.out, "Added 'busy' to " + m_workbook + " (2 scenarios)\n");
    }

    void listShowsNamesTimesAndResults()
    {
        const QStringList args{"list", m_workbook};
        const CliResult result = runCli(args);
        CLI_EXPECT(result, args, 0);
        const QStringList lines = result.out.split('\n');
        QCOMPARE(lines.value(0), m_workbook + ": 2 scenarios");
        QVERIFY2(
                lines.value(1).contains(QRegularExpression(R"(name\s+modified \(UTC\)\s+results)")),
                qPrintable(result.out));
        const QRegularExpression row(R"(^  (chat|busy)\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+none$)");
        QVERIFY2(row.match(lines.value(2)).hasMatch(), qPrintable(result.out));
        QVERIFY2(lines.value(2).startsWith("  chat"), qPrintable(result.out)); // import order
        QVERIFY2(row.match(lines.value(3)).hasMatch(), qPrintable(result.out));
    }

    void runFromTheWorkbookEqualsRunFromTheFile()
    {
        const QStringList fromFile{"run", m_chat, "--format", "json"};
        const QStringList fromWorkbook{"run", m_workbook, "--scenario", "chat", "--format", "json"};
        const CliResult file = runCli(fromFile);
        const CliResult workbook = runCli(fromWorkbook);
        CLI_EXPECT(file, fromFile, 0);
        CLI_EXPECT(workbook, fromWorkbook, 0);
        QVERIFY(comparable(file.out).value("completedRequests").toInt() > 100);
        QCOMPARE(comparable(workbook.out), comparable(file.out));

        // The colon form names the same scenario.
        const QStringList sweepFile{
                "sweep",    m_chat, "--param",  "workload.arrival.ratePerSecond",
                "--values", "1,2",  "--format", "csv"};
        const QStringList sweepWorkbook{"sweep",    m_workbook, "--scenario",
                                        "chat",     "--param",  "workload.arrival.ratePerSecond",
                                        "--values", "1,2",      "--format",
                                        "csv"};
        const CliResult sweptFile = runCli(sweepFile);
        const CliResult sweptWorkbook = runCli(sweepWorkbook);
        CLI_EXPECT(sweptFile, sweepFile, 0);
        CLI_EXPECT(sweptWorkbook, sweepWorkbook, 0);
        QCOMPARE(sweptWorkbook.out, sweptFile.out);

        const QStringList validate{"validate", m_workbook, "--scenario", "busy"};
        const CliResult validated = runCli(validate);
        CLI_EXPECT(validated, validate, 0);
        QVERIFY2(validated.out.startsWith("OK: "), qPrintable(validated.out));
    }

    void exportPrintsTheStoredScenario()
    {
        const QStringList args{"export", m_workbook, "--scenario", "busy"};
        const CliResult exported = runCli(args);
        CLI_EXPECT(exported, args, 0);
        const QJsonObject json = QJsonDocument::fromJson(exported.out.toUtf8()).object();
        QCOMPARE(json.value("workload")
                         .toObject()
                         .value("arrival")
                         .toObject()
                         .value("ratePerSecond"),
                 QJsonValue(6));
        // Exported, it runs as a plain scenario file with the same results.
        const QString file = path("exported.json");
        QVERIFY(writeFile(file, exported.out.toUtf8()));
        const QStringList runExported{"run", file, "--format", "json"};
        const QStringList runBusy{"run", m_busy, "--format", "json"};
        QCOMPARE(comparable(runCli(runExported).out), comparable(runCli(runBusy).out));
    }

    void savedResultsAreListedAsCached()
    {
        const QString file = path("cache.tokenwatt");
        QCOMPARE(runCli({"import", m_chat, file}).exitCode, 0);
        const QStringList run{"run", file, "--save-results", "--format", "csv"};
        const CliResult result = runCli(run);
        CLI_EXPECT(result, run, 0);
        QVERIFY2(runCli({"list", file})
                         .out.contains(QRegularExpression(R"(  chat\s+\S+\s+cached\n)")),
                 qPrintable(runCli({"list", file}).out));

        const QByteArray before = bytesOf(file);
        const QStringList seeded{"run", file, "--save-results", "--seed", "7"};
        const CliResult refused = runCli(seeded);
        CLI_EXPECT(refused, seeded, 2);
        QVERIFY2(refused.err.contains("--save-results: cannot be combined with --seed"),
                 qPrintable(refused.err));
        const QStringList plainFile{"run", m_chat, "--save-results"};
        const CliResult notWorkbook = runCli(plainFile);
        CLI_EXPECT(notWorkbook, plainFile, 2);
        QVERIFY2(notWorkbook.err.contains("--save-results: needs a workbook scenario"),
                 qPrintable(notWorkbook.err));
        QCOMPARE(bytesOf(file), before);
    }

    void compareShowsKpisAndParameters()
    {
        const QStringList args{"compare", m_chat, m_workbook + ":busy", "--format", "json"};
        const CliResult result = runCli(args);
        CLI_EXPECT(result, args, 0);
        const QJsonObject json = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(json.value("scenarios").toArray().at(1).toObject().value("label").toString(),
                 m_workbook + ":busy");
        const QJsonArray parameters = json.value("parameters").toArray();
        QCOMPARE(parameters.size(), 1);
        QCOMPARE(parameters.at(0).toObject().value("path").toString(),
                 QStringLiteral("workload.arrival.ratePerSecond"));
        QCOMPARE(parameters.at(0).toObject().value("values").toArray(), (QJsonArray{"3", "6"}));

        // The KPI values are the runs' own figures.
        const QJsonObject chat = comparable(runCli({"run", m_chat, "--format", "json"}).out);
        const QJsonObject busy = comparable(runCli({"run", m_busy, "--format", "json"}).out);
        const QJsonObject throughput = json.value("kpis").toArray().at(0).toObject();
        QCOMPARE(throughput.value("key").toString(), QStringLiteral("requestsPerSecond"));
        const double a = chat.value("requestsPerSecond").toDouble();
        const double b = busy.value("requestsPerSecond").toDouble();
        QCOMPARE(throughput.value("values").toArray(), (QJsonArray{a, b}));
        QCOMPARE(throughput.value("absoluteDifference").toArray().at(1).toDouble(), b - a);
        QCOMPARE(throughput.value("percentDifference").toArray().at(1).toDouble(),
                 100.0 * (b - a) / a);
    }

    void compareAcceptsEveryWayOfNamingAScenario()
    {
        const QStringList repeated{"compare", m_workbook,  "--scenario", "chat",     "--scenario",
                                   "busy",    "--example", "default",    "--format", "csv"};
        const CliResult csv = runCli(repeated);
        CLI_EXPECT(csv, repeated, 0);
        QVERIFY2(csv.out.startsWith("kind,key,unit,A,B,C,B-A,C-A,B-A %,C-A %\n"),
                 qPrintable(csv.out));

        const QStringList same{"compare", m_chat, m_workbook + ":chat"};
        const CliResult table = runCli(same);
        CLI_EXPECT(table, same, 0);
        QVERIFY2(table.out.contains("  A  " + m_chat + "\n  B  " + m_workbook + ":chat\n"),
                 qPrintable(table.out));
        QVERIFY2(table.out.contains("Parameters: the scenarios have the same parameters."),
                 qPrintable(table.out));
        QVERIFY2(table.out.contains(
                         QRegularExpression(R"(\nThroughput\s+req/s\s+\S+\s+\S+\s+0\s+0\.0 %\n)")),
                 qPrintable(table.out));
    }

    void badInputExitsTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        const QString missing = path("missing.tokenwatt");
        QTest::newRow("list: missing file")
                << QStringList{"list", missing} << missing + ": no such file";
        QTest::newRow("list: a JSON file")
                << QStringList{"list", m_chat} << "looks like a scenario JSON file";
        QTest::newRow("list: no file") << QStringList{"list"} << "list: missing FILE.tokenwatt";
        QTest::newRow("export: unknown scenario")
                << QStringList{"export", m_workbook, "--scenario", "chta"}
                << "has no scenario named 'chta' (did you mean 'chat'?); it holds: chat, busy";
        QTest::newRow("export: which scenario")
                << QStringList{"export", m_workbook}
                << "--scenario: missing: " + m_workbook
                           + " holds 2 scenarios (chat, busy); choose one with --scenario NAME";
        QTest::newRow("import: duplicate name")
                << QStringList{"import", m_chat, m_workbook}
                << m_workbook + ": already has a scenario named 'chat': choose another name";
        QTest::newRow("import: arguments swapped")
                << QStringList{"import", m_workbook, m_chat}
                << "is a workbook, not a scenario JSON file (the order is: import";
        QTest::newRow("import: new file without the extension")
                << QStringList{"import", m_chat, path("new.db")}
                << "a new workbook's name must end in .tokenwatt";
        QTest::newRow("import: malformed JSON")
                << QStringList{"import", path("malformed.json"), m_workbook}
                << "malformed.json: malformed JSON at line 1, column 13";
        QTest::newRow("run: --scenario with a JSON file")
                << QStringList{"run", m_chat, "--scenario", "chat"}
                << "--scenario: names a scenario of a workbook (FILE.tokenwatt), but";
        QTest::newRow("run: newer workbook")
                << QStringList{"run", path("newer.tokenwatt")}
                << "was created by a newer TokenWatt (schema 3, this build reads up to 2)";
        QTest::newRow("run: damaged workbook")
                << QStringList{"run", path("damaged.tokenwatt")} << "is damaged";
        QTest::newRow("compare: one scenario")
                << QStringList{"compare", m_chat} << "compare: needs 2 to 4 scenarios, got 1";
        QTest::newRow("compare: five scenarios")
                << QStringList{"compare", m_chat, m_chat, m_chat, m_chat, m_chat}
                << "needs 2 to 4 scenarios, got 5";
        QTest::newRow("compare: --scenario first")
                << QStringList{"compare", "--scenario", "chat", m_workbook}
                << "--scenario: must follow the workbook";
        QTest::newRow("compare: unknown option")
                << QStringList{"compare", m_chat, m_busy, "--fromat", "csv"}
                << "--fromat: unknown option for 'compare' (did you mean --format?)";
    }

    void badInputExitsTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QVERIFY(writeFile(path("malformed.json"), "{\"version\": }"));
        // A real workbook whose header says schema 3 (user_version, bytes 60-63, big-endian).
        const QString newer = path("newer.tokenwatt");
        QFile::remove(newer);
        QVERIFY(QFile::copy(m_workbook, newer));
        QByteArray bytes = bytesOf(newer);
        bytes[63] = 3;
        QVERIFY(writeFile(newer, bytes));
        const QString damaged = path("damaged.tokenwatt");
        bytes = bytesOf(m_workbook);
        bytes.truncate(bytes.size() / 2 + 10);
        QVERIFY(writeFile(damaged, bytes));

        const QByteArray workbookBefore = bytesOf(m_workbook);
        const CliResult result = runCli(args);
        CLI_EXPECT(result, args, 2);
        QVERIFY2(result.err.contains(expected), qPrintable(describe(args, result)));
        QCOMPARE(bytesOf(m_workbook), workbookBefore); // nothing is ever overwritten on error
        QVERIFY(!QFile::exists(path("new.db")));
    }

    void readOnlyWorkbookRefusesToSave()
    {
        if (::geteuid() == 0)
            QSKIP("running as root, which ignores file permissions: a write-protected file "
                  "cannot be made for this test (tst_store covers read-only opening)");
        const QString file = path("readonly.tokenwatt");
        QVERIFY(QFile::copy(m_workbook, file));
        QVERIFY(QFile::setPermissions(file, QFile::ReadOwner));
        const QStringList args{"import", m_chat, file, "--name", "again"};
        const CliResult result = runCli(args);
        CLI_EXPECT(result, args, 2);
        QVERIFY2(result.err.contains("is read-only (the file is write-protected): cannot save"),
                 qPrintable(result.err));
        QVERIFY(QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner));
    }

    void helpNamesTheCommands()
    {
        const CliResult help = runCli({"--help"});
        QCOMPARE(help.exitCode, 0);
        for (const char *command : {"compare", "import", "export", "list"})
            QVERIFY2(help.out.contains(QRegularExpression(QStringLiteral("\\n  %1 ").arg(command))),
                     command);
        const CliResult compare = runCli({"compare", "--help"});
        QCOMPARE(compare.exitCode, 0);
        QVERIFY(compare.out.contains("FILE.tokenwatt:NAME"));
        QCOMPARE(runCli({"help", "import"}).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestCliStore)
#include "tst_cli_store.moc"
