// End-to-end checks of tokenwatt-cli: runs the real binary and looks at its exit code, its
// output and its messages.

#include "cli_process.h"
#include "test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

using tw::test::CliResult;
using tw::test::describe;
using tw::test::runCli;

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

/// The default example, shortened to @p horizonSeconds (with no warm-up) so tests run fast.
QJsonObject shortDefaultScenario(double horizonSeconds)
{
    const CliResult example = runCli({"example", "default"});
    QJsonObject scenario = QJsonDocument::fromJson(example.out.toUtf8()).object();
    QJsonObject simulation = scenario.value("simulation").toObject();
    simulation["horizonSeconds"] = horizonSeconds;
    simulation["warmupSeconds"] = 0.0;
    scenario["simulation"] = simulation;
    return scenario;
}

const QStringList kSweepRate{"sweep", "--example", "default", "--param",
                             "workload.arrival.ratePerSecond"};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void version()
    {
        const CliResult result = runCli({"--version"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QStringLiteral("tokenwatt-cli " TOKENWATT_VERSION "\n"));
    }

    void help_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("--help") << QStringList{"--help"} << "Usage: tokenwatt-cli <command>";
        QTest::newRow("-h") << QStringList{"-h"} << "Usage: tokenwatt-cli <command>";
        QTest::newRow("help") << QStringList{"help"} << "Usage: tokenwatt-cli <command>";
        QTest::newRow("help run") << QStringList{"help", "run"} << "Usage: tokenwatt-cli run";
        QTest::newRow("run --help") << QStringList{"run", "--help"} << "--timeseries FILE";
        QTest::newRow("sweep --help") << QStringList{"sweep", "--help"} << "--steps N";
        QTest::newRow("validate --help")
                << QStringList{"validate", "--help"} << "Usage: tokenwatt-cli validate";
        QTest::newRow("example --help") << QStringList{"example", "--help"} << "--list";
        // --help wins over arguments that would be errors.
        QTest::newRow("run --seed x --help")
                << QStringList{"run", "--seed", "x", "--help"} << "Usage: tokenwatt-cli run";
    }
    void help()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const CliResult result = runCli(args);
        QVERIFY2(result.exitCode == 0, qPrintable(describe(args, result)));
        QVERIFY2(result.out.contains(expected), qPrintable(describe(args, result)));
        QVERIFY(result.err.isEmpty());
    }

    void everyListedCommandHasItsHelp()
    {
        // The commands listed by --help come from the one command table (cli_main.cpp); each
        // must run (`help NAME` answers with its own usage) and be a known command.
        const CliResult top = runCli({"--help"});
        QCOMPARE(top.exitCode, 0);
        const QString list = top.out.section(QStringLiteral("Commands:\n"), 1)
                                     .section(QStringLiteral("\n\n"), 0, 0);
        QStringList names;
        for (const QString &line : list.split(QLatin1Char('\n'))) {
            if (line.startsWith(QStringLiteral("  ")) && !line.startsWith(QStringLiteral("   ")))
                names << line.trimmed().section(QLatin1Char(' '), 0, 0);
        }
        QCOMPARE(names.size(), 19);
        QVERIFY(names.contains(QStringLiteral("check-measurements")));
        QVERIFY(names.contains(QStringLiteral("capacity")));
        QVERIFY(names.contains(QStringLiteral("plan")));
        QVERIFY(names.contains(QStringLiteral("sensitivity")));
        QVERIFY(names.contains(QStringLiteral("replicate")));
        QVERIFY(names.contains(QStringLiteral("goal-seek")));
        for (const QString &name : names) {
            const CliResult help = runCli({QStringLiteral("help"), name});
            QVERIFY2(help.exitCode == 0, qPrintable(describe({"help", name}, help)));
            QVERIFY2(help.out.contains(QStringLiteral("tokenwatt-cli ") + name),
                     qPrintable(describe({"help", name}, help)));
        }
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("expected"); // each must appear in stderr
        QTest::newRow("no command") << QStringList{} << QStringList{"missing command"};
        QTest::newRow("unknown command")
                << QStringList{"frobnicate"} << QStringList{"'frobnicate'", "unknown command"};
        QTest::newRow("misspelt command")
                << QStringList{"rnu"} << QStringList{"did you mean 'run'"};
        QTest::newRow("unknown global option") << QStringList{"--frob"} << QStringList{"--frob"};
        QTest::newRow("unknown option") << QStringList{"run", "--example", "default", "--sed", "3"}
                                        << QStringList{"--sed", "unknown option", "--seed"};
        QTest::newRow("missing value") << QStringList{"run", "--example", "default", "--seed"}
                                       << QStringList{"--seed: missing value"};
        QTest::newRow("non-numeric seed")
                << QStringList{"run", "--example", "default", "--seed", "abc"}
                << QStringList{"--seed: must be a non-negative integer, got 'abc'"};
        QTest::newRow("negative seed") << QStringList{"run", "--example", "default", "--seed=-1"}
                                       << QStringList{"--seed", "'-1'"};
        QTest::newRow("seed out of range")
                << QStringList{"run", "--example", "default", "--seed", "123456789012345678901234"}
                << QStringList{"--seed", "'123456789012345678901234'"};
        QTest::newRow("bad format") << QStringList{"run", "--example", "default", "--format", "xml"}
                                    << QStringList{"--format", "'xml'"};
        QTest::newRow("flag with value")
                << QStringList{"example", "--list=yes"} << QStringList{"--list", "'yes'"};
        QTest::newRow("repeated option")
                << QStringList{"run", "--example", "default", "--seed", "1", "--seed", "2"}
                << QStringList{"--seed", "more than once"};
        QTest::newRow("no scenario") << QStringList{"run"} << QStringList{"missing SCENARIO.json"};
        QTest::newRow("missing file")
                << QStringList{"run", "/nonexistent/tw-scenario.json"}
                << QStringList{"/nonexistent/tw-scenario.json", "cannot read"};
        QTest::newRow("unknown example") << QStringList{"run", "--example", "nope"}
                                         << QStringList{"--example", "'nope'", "default"};
        QTest::newRow("example unknown") << QStringList{"example", "nope"} << QStringList{"'nope'"};
        QTest::newRow("threads zero")
                << (kSweepRate + QStringList{"--values", "1", "--threads", "0"})
                << QStringList{"--threads", "'0'"};
        QTest::newRow("values not numbers") << (kSweepRate + QStringList{"--values", "1,x,3"})
                                            << QStringList{"--values", "'x'"};
        QTest::newRow("values empty item") << (kSweepRate + QStringList{"--values", "1,,3"})
                                           << QStringList{"--values", "empty item"};
        QTest::newRow("steps not a number")
                << (kSweepRate + QStringList{"--from", "1", "--to", "2", "--steps", "many"})
                << QStringList{"--steps", "'many'"};
        QTest::newRow("from not a number")
                << (kSweepRate + QStringList{"--from", "one", "--to", "2", "--steps", "3"})
                << QStringList{"--from", "'one'"};
        QTest::newRow("range incomplete") << (kSweepRate + QStringList{"--from", "1", "--to", "2"})
                                          << QStringList{"--steps", "missing"};
        QTest::newRow("log through zero")
                << (kSweepRate + QStringList{"--from", "0", "--to", "2", "--steps", "3", "--log"})
                << QStringList{"--log", "> 0"};
        QTest::newRow("values and range")
                << (kSweepRate + QStringList{"--values", "1", "--from", "1"})
                << QStringList{"--values", "cannot be combined"};
        QTest::newRow("no values") << kSweepRate << QStringList{"--values"};
        QTest::newRow("no param") << QStringList{"sweep", "--example", "default", "--values", "1"}
                                  << QStringList{"--param", "missing"};
        QTest::newRow("unknown param")
                << QStringList{"sweep",         "--example", "default", "--param",
                               "workload.nope", "--values",  "1,2"}
                << QStringList{"workload.nope", "sweep points workload.nope = 1, 2"};
        QTest::newRow("invalid sweep value") << (kSweepRate + QStringList{"--values", "1,-3"})
                                             << QStringList{"workload.arrival.ratePerSecond", "-3"};
        QTest::newRow("sweep metric unknown")
                << (kSweepRate + QStringList{"--values", "1", "--metrics", "carbon.totalKgs"})
                << QStringList{"--metrics", "'carbon.totalKgs'", "did you mean 'carbon.totalKg'"};
        QTest::newRow("sweep metrics empty item")
                << (kSweepRate + QStringList{"--values", "1", "--metrics", "cost.totalUsd,,x"})
                << QStringList{"--metrics", "empty item"};
        const QStringList capacity{"capacity", "--example", "default"};
        QTest::newRow("capacity criterion unknown")
                << (capacity + QStringList{"--criterion", "p99"})
                << QStringList{"--criterion", "'p99'", "attainment or p95"};
        QTest::newRow("capacity attainment above 1")
                << (capacity + QStringList{"--attainment", "1.5"})
                << QStringList{"--attainment", "1.5", "at most 1"};
        QTest::newRow("capacity attainment zero") << (capacity + QStringList{"--attainment", "0"})
                                                  << QStringList{"--attainment", "above 0"};
        QTest::newRow("capacity attainment with p95")
                << (capacity + QStringList{"--criterion", "p95", "--attainment", "0.9"})
                << QStringList{"--attainment", "--criterion attainment only"};
        QTest::newRow("capacity tolerance too fine")
                << (capacity + QStringList{"--tolerance", "0.0001"})
                << QStringList{"--tolerance", "0.0001", "0.001 to 0.5"};
        QTest::newRow("capacity tolerance not a number")
                << (capacity + QStringList{"--tolerance", "tight"})
                << QStringList{"--tolerance", "'tight'"};
        const QStringList plan{"plan", "--example", "default"};
        QTest::newRow("plan slo key unknown") << (plan + QStringList{"--slo", "e2e=3"})
                                              << QStringList{"--slo", "'e2e=3'", "ttft=SECONDS"};
        QTest::newRow("plan slo zero") << (plan + QStringList{"--slo", "ttft=0"})
                                       << QStringList{"--slo", "'0'", "above 0"};
        QTest::newRow("plan gpu unknown") << (plan + QStringList{"--gpus", "h100_sxn"})
                                          << QStringList{"--gpus", "'h100_sxn'", "h100_sxm"};
        QTest::newRow("plan tp out of range")
                << (plan + QStringList{"--tp", "1,0"}) << QStringList{"--tp", "'0'", "1 to 64"};
        QTest::newRow("plan precision unknown") << (plan + QStringList{"--precisions", "fp6"})
                                                << QStringList{"--precisions", "'fp6'", "bf16"};
        QTest::newRow("plan batch limit empty item")
                << (plan + QStringList{"--batch-limits", "64,,128"})
                << QStringList{"--batch-limits", "empty item"};
        QTest::newRow("plan max replicas too many")
                << (plan + QStringList{"--max-replicas", "1000"})
                << QStringList{"--max-replicas", "'1000'", "1 to 256"};
        QTest::newRow("plan cost ceiling below 1")
                << (plan + QStringList{"--cost-ceiling", "0.5"})
                << QStringList{"--cost-ceiling", "'0.5'", "1 to 100"};
        QTest::newRow("plan top zero")
                << (plan + QStringList{"--top", "0"}) << QStringList{"--top", "'0'", "1 to 1000"};
        QTest::newRow("plan threads zero") << (plan + QStringList{"--threads", "0"})
                                           << QStringList{"--threads", "'0'", "1 to 256"};
        QTest::newRow("plan api unknown")
                << (plan + QStringList{"--api", "OpenAI/gpt-9"}) << QStringList{"--api", "gpt-9"};
        QTest::newRow("plan choose without write")
                << (plan + QStringList{"--choose", "2"}) << QStringList{"--choose", "--write"};
        QTest::newRow("plan choose zero")
                << (plan + QStringList{"--write", "/tmp/tw-never-written.json", "--choose", "0"})
                << QStringList{"--choose", "'0'", "1 to 10"};
        QTest::newRow("plan write into a missing folder")
                << (plan
                    + QStringList{"--write", "/nonexistent/dir/planned.json", "--max-replicas", "2",
                                  "--gpus", "h100_sxm"})
                << QStringList{"/nonexistent/dir/planned.json"};
        const QStringList sensitivity{"sensitivity", "--example", "default"};
        QTest::newRow("sensitivity traffic zero")
                << (sensitivity + QStringList{"--traffic", "0"})
                << QStringList{"--traffic", "above 0", "at most 0.9", "got 0"};
        QTest::newRow("sensitivity lengths too wide")
                << (sensitivity + QStringList{"--lengths", "0.95"})
                << QStringList{"--lengths", "at most 0.9", "got 0.95"};
        QTest::newRow("sensitivity electricity not a number")
                << (sensitivity + QStringList{"--electricity", "a lot"})
                << QStringList{"--electricity", "'a lot'"};
        QTest::newRow("sensitivity purchase negative")
                << (sensitivity + QStringList{"--purchase", "-0.1"})
                << QStringList{"--purchase", "got -0.1"};
        QTest::newRow("sensitivity api price missing value")
                << (sensitivity + QStringList{"--api-price"}) << QStringList{"--api-price"};
        QTest::newRow("sensitivity threads zero") << (sensitivity + QStringList{"--threads", "0"})
                                                  << QStringList{"--threads", "'0'", "1 to 256"};
        const QStringList replicate{"replicate", "--example", "default"};
        QTest::newRow("replicate one replication")
                << (replicate + QStringList{"--replications", "1"})
                << QStringList{"--replications", "'1'", "2 to 1000"};
        QTest::newRow("replicate replications not a number")
                << (replicate + QStringList{"--replications", "many"})
                << QStringList{"--replications", "'many'"};
        QTest::newRow("replicate target zero") << (replicate + QStringList{"--target", "0"})
                                               << QStringList{"--target", "at most 0.5", "got 0"};
        QTest::newRow("replicate max too few")
                << (replicate + QStringList{"--max-replications", "2"})
                << QStringList{"--max-replications", "'2'", "4 to 1000"};
        const QStringList seek{"goal-seek",
                               "--example",
                               "thin-traffic-self-hosted",
                               "--param",
                               "workload.arrival.ratePerSecond",
                               "--from",
                               "0.05",
                               "--to",
                               "5"};
        QTest::newRow("goal-seek target missing")
                << (seek + QStringList{"--metric", "cost.perMillionOutputTokensUsd"})
                << QStringList{"--target", "missing"};
        QTest::newRow("goal-seek metric unknown")
                << (seek + QStringList{"--metric", "cost.perMillion", "--target", "2"})
                << QStringList{"--metric", "'cost.perMillion'", "cost.perMillionOutputTokensUsd"};
        QTest::newRow("goal-seek empty interval") << QStringList{"goal-seek",
                                                                 "--example",
                                                                 "default",
                                                                 "--param",
                                                                 "workload.arrival.ratePerSecond",
                                                                 "--metric",
                                                                 "cost.totalUsd",
                                                                 "--target",
                                                                 "1",
                                                                 "--from",
                                                                 "5",
                                                                 "--to",
                                                                 "5"}
                                                  << QStringList{"--from", "below --to", "5 and 5"};
        QTest::newRow("goal-seek tolerance zero")
                << (seek
                    + QStringList{"--metric", "cost.totalUsd", "--target", "1", "--tolerance", "0"})
                << QStringList{"--tolerance", "0.000001 and 0.5", "got 0"};
        QTest::newRow("goal-seek unknown parameter")
                << QStringList{"goal-seek",
                               "--example",
                               "default",
                               "--param",
                               "workload.arrival.rate",
                               "--metric",
                               "cost.totalUsd",
                               "--target",
                               "1",
                               "--from",
                               "1",
                               "--to",
                               "2"}
                << QStringList{"workload.arrival.rate", "no such parameter"};
        QTest::newRow("goal-seek csv")
                << (seek
                    + QStringList{"--metric", "cost.totalUsd", "--target", "1", "--format", "csv"})
                << QStringList{"--format", "table or json", "got csv"};
        QTest::newRow("sweep values2 without param2")
                << QStringList{"sweep",
                               "--example",
                               "default",
                               "--param",
                               "workload.arrival.ratePerSecond",
                               "--values",
                               "1,2",
                               "--values2",
                               "1,2"}
                << QStringList{"--values2", "--param2"};
        QTest::newRow("sweep param2 without values2")
                << QStringList{"sweep",
                               "--example",
                               "default",
                               "--param",
                               "workload.arrival.ratePerSecond",
                               "--values",
                               "1,2",
                               "--param2",
                               "region.pue"}
                << QStringList{"--values2", "missing"};
        QTest::newRow("sweep param2 unknown") << QStringList{"sweep",
                                                             "--example",
                                                             "default",
                                                             "--param",
                                                             "workload.arrival.ratePerSecond",
                                                             "--values",
                                                             "1,2",
                                                             "--param2",
                                                             "region.puee",
                                                             "--values2",
                                                             "1.2"}
                                              << QStringList{"region.puee", "no such parameter"};
        QTest::newRow("plan deployment unknown") << (plan + QStringList{"--deployment", "mian"})
                                                 << QStringList{"--deployment", "'mian'", "main"};
        QTest::newRow("plan gpu without an offering")
                << (plan + QStringList{"--gpus", "b200"})
                << QStringList{"--gpus", "'b200'", "price types"};
        QTest::newRow("capacity of a closed loop")
                << QStringList{"capacity", "--example", "closed-loop-benchmark"}
                << QStringList{"workload.arrival.type", "Poisson or Gamma"};
        QTest::newRow("timeseries unwritable")
                << QStringList{"run", "--example", "default", "--timeseries",
                               "/nonexistent/dir/series.csv"}
                << QStringList{"--timeseries", "/nonexistent/dir/series.csv"};
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, expected);
        const CliResult result = runCli(args);
        QVERIFY2(result.exitCode == 2, qPrintable(describe(args, result)));
        for (const QString &text : expected)
            QVERIFY2(result.err.contains(text), qPrintable(describe(args, result)));
        for (const QString &line : result.err.split('\n', Qt::SkipEmptyParts)) {
            if (!args.isEmpty()) // without a command the usage comes first
                QVERIFY2(line.startsWith("tokenwatt-cli: "), qPrintable(line));
        }
        QVERIFY(result.out.isEmpty());
    }

    void validateBrokenScenario()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QJsonObject scenario = shortDefaultScenario(60.0);
        QJsonObject workload = scenario.value("workload").toObject();
        QJsonObject arrival = workload.value("arrival").toObject();
        arrival["ratePerSecond"] = -5.0;
        workload["arrival"] = arrival;
        scenario["workload"] = workload;
        QJsonObject simulation = scenario.value("simulation").toObject();
        simulation["horizonSecs"] = 10.0; // a misspelt key
        scenario["simulation"] = simulation;
        const QString file = dir.filePath("broken.json");
        QVERIFY(writeFile(file, QJsonDocument(scenario).toJson()));

        const QStringList args{"validate", file};
        const CliResult result = runCli(args);
        QVERIFY2(result.exitCode == 2, qPrintable(describe(args, result)));
        // Both problems, each on its own line naming the file and the JSON path.
        const QStringList lines = result.err.split('\n', Qt::SkipEmptyParts);
        QVERIFY2(lines.size() >= 2, qPrintable(describe(args, result)));
        const auto lineWith = [&](const QString &path) {
            for (const QString &line : lines) {
                if (line.contains(path))
                    return line;
            }
            return QString();
        };
        QVERIFY2(lineWith("workload.arrival.ratePerSecond").contains("broken.json"),
                 qPrintable(describe(args, result)));
        QVERIFY2(lineWith("workload.arrival.ratePerSecond").contains("-5"),
                 qPrintable(describe(args, result)));
        QVERIFY2(!lineWith("simulation.horizonSecs").isEmpty(), qPrintable(describe(args, result)));
        for (const QString &line : lines)
            QVERIFY(line.startsWith("tokenwatt-cli: "));
    }

    void validateNotJson()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("garbage.json");
        QVERIFY(writeFile(file, "{ \"version\": 1, "));
        const QStringList args{"validate", file};
        const CliResult result = runCli(args);
        QVERIFY2(result.exitCode == 2, qPrintable(describe(args, result)));
        QVERIFY2(result.err.contains("garbage.json"), qPrintable(describe(args, result)));
    }

    void validateOk()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("short.json");
        QVERIFY(writeFile(file, QJsonDocument(shortDefaultScenario(120.0)).toJson()));
        for (const QStringList &args :
             {QStringList{"validate", file}, QStringList{"validate", "--example", "default"}}) {
            const CliResult result = runCli(args);
            QVERIFY2(result.exitCode == 0, qPrintable(describe(args, result)));
            QVERIFY2(result.out.startsWith("OK: "), qPrintable(describe(args, result)));
            QVERIFY2(result.out.contains("1 deployment, 1 class, ~"),
                     qPrintable(describe(args, result)));
            QVERIFY2(result.out.contains("requests expected"), qPrintable(describe(args, result)));
        }
    }

    void runDefaultJson()
    {
        QTemporaryDir dir;
        const QString series = dir.filePath("series.csv");
        const QStringList args{"run",  "--example",    "default", "--format",
                               "json", "--timeseries", series};
        const CliResult result = runCli(args);
        QVERIFY2(result.exitCode == 0, qPrintable(describe(args, result)));
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(result.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonObject r = document.object();
        QCOMPARE(r.value("status").toString(), QStringLiteral("completed"));
        const qint64 arrived = r.value("arrivedRequests").toInteger();
        QVERIFY(arrived > 0);
        // Every request that arrived is accounted for.
        QCOMPARE(arrived, r.value("completedRequests").toInteger()
                                  + r.value("rejectedRequests").toInteger()
                                  + r.value("unfinishedQueued").toInteger()
                                  + r.value("unfinishedRunning").toInteger());
        QVERIFY(r.value("ttftSeconds").toObject().value("p95").toDouble() > 0.0);
        QVERIFY(r.value("requestsPerSecond").toDouble() > 0.0);
        QCOMPARE(r.value("deployments").toArray().size(), 1);

        QFile file(series);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
        QVERIFY(lines.size() > 2);
        QVERIFY(lines.front().startsWith("binStartSeconds,"));
        QCOMPARE(lines.size() - 1,
                 r.value("timeSeries").toObject().value("binStartSeconds").toArray().size());
    }

    void runFormats()
    {
        const CliResult table = runCli({"run", "--example", "default"});
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.contains("TTFT"));
        QVERIFY(table.out.contains("req/s"));
        const CliResult csv = runCli({"run", "--example", "default", "--format", "csv"});
        QCOMPARE(csv.exitCode, 0);
        QVERIFY(csv.out.startsWith("metric,value,unit\n"));
        QVERIFY(csv.out.contains("\nrequestsPerSecond,"));
    }

    /// plan --write leaves the scenario the window's Apply would: the cheapest configuration
    /// applied, which `run` then simulates to the plan's figures.
    void planWritesTheCheapestScenario()
    {
        QTemporaryDir dir;
        const QString planned = dir.filePath("planned.json");
        const CliResult plan
                = runCli({"plan", "--example", "default", "--gpus", "h100_sxm",
                          "--no-matching-apis", "--format", "json", "--write", planned});
        QCOMPARE(plan.exitCode, 0);
        QVERIFY2(plan.err.contains(QStringLiteral("Wrote ")), qPrintable(plan.err));
        const QJsonObject best = QJsonDocument::fromJson(plan.out.toUtf8())
                                         .object()
                                         .value("cheapest")
                                         .toArray()
                                         .first()
                                         .toObject();
        QVERIFY(!best.isEmpty());
        const CliResult run = runCli({"run", planned, "--format", "json"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject r = QJsonDocument::fromJson(run.out.toUtf8()).object();
        const QJsonObject deployment = r.value("deployments").toArray().first().toObject();
        QCOMPARE(deployment.value("gpuId").toString(), best.value("gpu").toString());
        QCOMPARE(deployment.value("gpusPerReplica").toInt(), best.value("gpusPerReplica").toInt());
        const double planCost = best.value("usdPerMonth").toDouble();
        const double runCost = r.value("cost").toObject().value("perMonthUsd").toDouble();
        QVERIFY2(std::abs(runCost - planCost) <= 1e-6 * planCost,
                 qPrintable(QStringLiteral("run %1, plan %2").arg(runCost).arg(planCost)));
    }

    void runIsDeterministic()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("short.json");
        QVERIFY(writeFile(file, QJsonDocument(shortDefaultScenario(300.0)).toJson()));
        const auto resultsFor = [&](const QString &seed) {
            const CliResult result = runCli({"run", file, "--seed", seed, "--format", "json"});
            QJsonObject r = QJsonDocument::fromJson(result.out.toUtf8()).object();
            r.remove("wallSeconds"); // the only field allowed to differ
            return r;
        };
        const QJsonObject first = resultsFor("7");
        QVERIFY(!first.isEmpty());
        QCOMPARE(first.value("seed").toInteger(), 7);
        QCOMPARE(resultsFor("7"), first);
        QVERIFY(resultsFor("8") != first);
    }

    void budgetExceeded()
    {
        const QStringList args{"run", "--example", "default", "--max-events", "1000"};
        const CliResult result = runCli(args);
        QVERIFY2(result.exitCode == 3, qPrintable(describe(args, result)));
        QVERIFY(result.out.startsWith("*** RUN STOPPED: BUDGET EXCEEDED"));
        QVERIFY(result.err.startsWith("tokenwatt-cli: run stopped by its budget"));
    }

    void sweepOrderAndThroughput()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("short.json");
        QVERIFY(writeFile(file, QJsonDocument(shortDefaultScenario(600.0)).toJson()));
        // Not sorted, so that the output order can only come from the input order.
        const QList<double> rates{2.0, 0.25, 1.0, 0.5};
        const QStringList base{
                "sweep",    file,           "--param",   "workload.arrival.ratePerSecond",
                "--values", "2,0.25,1,0.5", "--threads", "3"};

        const CliResult json = runCli(base + QStringList{"--format", "json"});
        QVERIFY2(json.exitCode == 0, qPrintable(describe(base, json)));
        const QJsonObject document = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(document.value("parameter").toString(),
                 QStringLiteral("workload.arrival.ratePerSecond"));
        const QJsonArray points = document.value("points").toArray();
        QCOMPARE(points.size(), rates.size());
        QMap<double, double> throughputByRate;
        for (qsizetype i = 0; i < rates.size(); ++i) {
            const QJsonObject point = points[i].toObject();
            QCOMPARE(point.value("parameterValue").toDouble(), rates[i]);
            QCOMPARE(point.value("status").toString(), QStringLiteral("completed"));
            throughputByRate[rates[i]] = point.value("requestsPerSecond").toDouble();
        }
        // At light load every request is served, so throughput follows the arrival rate.
        double previous = 0.0;
        for (auto it = throughputByRate.cbegin(); it != throughputByRate.cend(); ++it) {
            QVERIFY2(it.value() > previous, qPrintable(QString::number(it.key())));
            previous = it.value();
        }

        const CliResult csv = runCli(base + QStringList{"--format", "csv"});
        QCOMPARE(csv.exitCode, 0);
        const QStringList rows = csv.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), rates.size() + 1);
        QVERIFY(rows[0].startsWith("workload.arrival.ratePerSecond,requestsPerSecond,"));
        for (qsizetype i = 0; i < rates.size(); ++i)
            QCOMPARE(rows[i + 1].section(',', 0, 0).toDouble(), rates[i]);

        const CliResult table = runCli(base);
        QCOMPARE(table.exitCode, 0);
        QStringList firstCells;
        for (const QString &line : table.out.split('\n')) {
            const QString cell = line.section(' ', 0, 0);
            bool isNumber = false;
            cell.toDouble(&isNumber);
            if (isNumber)
                firstCells << cell;
        }
        QCOMPARE(firstCells, (QStringList{"2", "0.25", "1", "0.5"}));
    }

    void sweepIndependentOfThreads()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("short.json");
        QVERIFY(writeFile(file, QJsonDocument(shortDefaultScenario(120.0)).toJson()));
        const QStringList base{
                "sweep",    file,        "--param",  "workload.arrival.ratePerSecond",
                "--values", "1,2,3,4,5", "--format", "csv",
                "--seed",   "3"};
        const CliResult one = runCli(base + QStringList{"--threads", "1"});
        const CliResult four = runCli(base + QStringList{"--threads", "4"});
        QVERIFY2(one.exitCode == 0, qPrintable(describe(base, one)));
        QCOMPARE(four.exitCode, 0);
        QCOMPARE(four.out, one.out);
    }

    void sweepRange()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("short.json");
        QVERIFY(writeFile(file, QJsonDocument(shortDefaultScenario(60.0)).toJson()));
        const QStringList args{"sweep",   file,  "--param", "workload.arrival.ratePerSecond",
                               "--from",  "0.5", "--to",    "4",
                               "--steps", "4",   "--log",   "--format",
                               "csv"};
        const CliResult result = runCli(args);
        QVERIFY2(result.exitCode == 0, qPrintable(describe(args, result)));
        QStringList values;
        for (const QString &row : result.out.split('\n', Qt::SkipEmptyParts).mid(1))
            values << row.section(',', 0, 0);
        QCOMPARE(values, (QStringList{"0.5", "1", "2", "4"}));
    }

    void examples()
    {
        const CliResult list = runCli({"example", "--list"});
        QCOMPARE(list.exitCode, 0);
        QVERIFY(list.out.startsWith("default"));
        const CliResult json = runCli({"example"});
        QCOMPARE(json.exitCode, 0);
        QJsonParseError error;
        QJsonDocument::fromJson(json.out.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        // Every listed example validates.
        for (const QString &line : list.out.split('\n', Qt::SkipEmptyParts)) {
            const QString name = line.section(' ', 0, 0);
            const CliResult result = runCli({"validate", "--example", name});
            QVERIFY2(result.exitCode == 0, qPrintable(describe({"validate", name}, result)));
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
