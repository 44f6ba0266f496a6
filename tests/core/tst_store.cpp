// Workbook files: round trips, saving, and migration from the schema 1 fixture. The ways a
// file can fail to open are in tst_store_errors.cpp.

#include "store_test_support.h"
#include "test_support.h"

#include "core/common/error.h"
#include "core/metrics/results_format.h"
#include "core/run/simulate.h"
#include "core/store/catalog_overrides.h"
#include "core/store/scenario_import.h"
#include "core/store/sqlite_db.h"
#include "core/store/workbook.h"

#include <sqlite3.h>

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace {

namespace fs = std::filesystem;
using tw::InputError;
using tw::store::OpenMode;
using tw::store::StoredScenario;
using tw::store::Workbook;
using tw::store::WorkbookContent;
using tw::store::detail::Database;
using tw::test::bytesOf;
using tw::test::inputErrorOf;
using tw::test::scenarioNamed;
using tw::test::writeSampleWorkbook;

const tw::catalog::Catalog &catalog()
{
    return tw::catalog::Catalog::builtIn();
}

/// Results as JSON without the wall time, which is the one field allowed to differ between runs.
nlohmann::json comparable(const tw::metrics::Results &results)
{
    nlohmann::json json = tw::metrics::toJson(results);
    json.erase("wallSeconds");
    return json;
}

fs::path fixtureV1()
{
    return fs::path(TOKENWATT_SOURCE_DIR) / "tests/core/data/workbooks/schema-v1.tokenwatt";
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    fs::path path(const QString &name) const { return (m_dir.path() + '/' + name).toStdString(); }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // ---- Round trips ------------------------------------------------------------------------

    void importedScenarioRunsLikeItsJsonFile()
    {
        // The default example as a user would write it (defaults left out), made short.
        nlohmann::json handWritten
                = nlohmann::json::parse(tw::scenario::findExample("default")->json);
        handWritten["simulation"]["horizonSeconds"] = 120;
        handWritten["simulation"]["warmupSeconds"] = 0;
        const tw::scenario::Scenario fromFile
                = tw::scenario::parseScenarioJson(handWritten.dump(2), catalog());
        const fs::path file = path("roundtrip.tokenwatt");
        Workbook::writeFile(file, {{tw::store::storedScenario(fromFile, "chat", catalog(),
                                                              m_dir.path().toStdString(), file)}});

        const StoredScenario stored = Workbook::open(file).scenario("chat");
        QCOMPARE(stored.parametersJson, tw::scenario::toJson(fromFile, catalog()));
        const tw::scenario::Scenario fromWorkbook
                = tw::store::parseStoredScenario(stored, catalog(), file);
        const nlohmann::json expected = comparable(tw::run::simulate(fromFile));
        QVERIFY(expected["completedRequests"].get<int>() > 100);
        QCOMPARE(comparable(tw::run::simulate(fromWorkbook)), expected);
    }

    void contentRoundTripsExactly()
    {
        WorkbookContent content;
        content.scenarios.push_back(scenarioNamed("b-first", tw::test::shortDefaultJson(60, 2)));
        content.scenarios.push_back(scenarioNamed("a-second", tw::test::shortDefaultJson(60, 3)));
        content.scenarios[0].notes = "Ünïcode notes\nand a second line";
        content.scenarios[0].createdUtc = "2026-03-04T05:06:07Z";
        content.scenarios[0].modifiedUtc = "2026-03-05T05:06:07Z";
        content.scenarios[1].createdUtc = "2026-03-04T05:06:08Z";
        content.scenarios[1].modifiedUtc = "2026-03-04T05:06:09Z";
        content.scenarios[1].results
                = tw::test::bulkyResults(content.scenarios[1].parametersJson, 4, 'x');
        const fs::path file = path("content.tokenwatt");
        Workbook::writeFile(file, content);
        QCOMPARE(Workbook::open(file).load(), content); // order kept, not sorted by name

        Workbook workbook = Workbook::open(file);
        content.scenarios.pop_back();
        workbook.save(content);
        QCOMPARE(workbook.load(), content);
        QCOMPARE(Workbook::open(file).load(), content);
    }

    void cachedResultsReadBackEqual()
    {
        const std::string json = tw::test::shortDefaultJson(60);
        const tw::metrics::Results results
                = tw::run::simulate(tw::scenario::parseScenarioJson(json, catalog()));
        const fs::path file = path("results.tokenwatt");
        Workbook::writeFile(file, {{scenarioNamed("chat", json)}});
        Workbook workbook = Workbook::open(file);
        QVERIFY(!workbook.list().front().hasResults);
        workbook.storeResults("chat", tw::store::cacheResults(results, json));

        const StoredScenario stored = Workbook::open(file).scenario("chat");
        QVERIFY(stored.results.has_value());
        QVERIFY(tw::store::resultsAreCurrent(*stored.results, stored.parametersJson));
        QCOMPARE(tw::metrics::toJson(tw::store::decodeResults(*stored.results)),
                 tw::metrics::toJson(results));
        const tw::store::ScenarioListing listed = Workbook::open(file).list().front();
        QVERIFY(listed.hasResults);
        QVERIFY(listed.resultsCurrent);
        QCOMPARE(listed.resultsBuildVersion, std::string(TOKENWATT_VERSION));
    }

    void resultsOfOtherParametersAreNotSaved()
    {
        StoredScenario scenario = scenarioNamed("chat", tw::test::shortDefaultJson(60, 2));
        scenario.results = tw::test::bulkyResults(tw::test::shortDefaultJson(60, 3), 1, 'r');
        const fs::path file = path("stale.tokenwatt");
        Workbook::writeFile(file, {{scenario}});
        QVERIFY(!Workbook::open(file).scenario("chat").results.has_value());
    }

    void emptyTimesAreStampedInUtc()
    {
        const fs::path file = path("times.tokenwatt");
        Workbook::writeFile(file, {{scenarioNamed("chat", tw::test::shortDefaultJson(60))}});
        const StoredScenario stored = Workbook::open(file).scenario("chat");
        const QRegularExpression iso(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$)");
        QVERIFY2(iso.match(QString::fromStdString(stored.createdUtc)).hasMatch(),
                 stored.createdUtc.c_str());
        QCOMPARE(stored.modifiedUtc, stored.createdUtc);
    }

    void deletingAScenarioDeletesItsRows()
    {
        StoredScenario withModel = scenarioNamed("override", tw::test::shortDefaultJson(60));
        // A catalog model with one field replaced: written by toJson as {"catalog": id, ...}.
        withModel.parametersJson = tw::scenario::toJson(
                tw::scenario::withParameter(withModel.parametersJson,
                                            "deployments[0].model.maxContextTokens", 32768,
                                            catalog()),
                catalog());
        withModel.results = tw::test::bulkyResults(withModel.parametersJson, 1, 'o');
        const fs::path file = path("cascade.tokenwatt");
        Workbook::writeFile(file, {{withModel}});
        const auto overrides = tw::store::catalogOverrides(withModel.parametersJson);
        QCOMPARE(overrides.size(), std::size_t(1));
        QCOMPARE(overrides.front().jsonPath, std::string("deployments[0].model"));
        QCOMPARE(overrides.front().catalogId, std::string("llama-3.1-70b"));
        QCOMPARE(overrides.front().overridesJson, std::string(R"({"maxContextTokens":32768})"));
        {
            Database db = Database::open(file, SQLITE_OPEN_READONLY);
            QCOMPARE(db.queryText("SELECT catalog_id || ' ' || overrides FROM catalog_overrides"),
                     std::string(R"(llama-3.1-70b {"maxContextTokens":32768})"));
            QCOMPARE(db.queryInt("SELECT COUNT(*) FROM results"), 1);
        }
        Workbook::open(file).save({});
        Database db = Database::open(file, SQLITE_OPEN_READONLY);
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM catalog_overrides"), 0);
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM results"), 0);
    }

    void pragmasMarkTheFile()
    {
        const fs::path file = path("pragmas.tokenwatt");
        writeSampleWorkbook(file);
        Database db = Database::open(file, SQLITE_OPEN_READONLY);
        QCOMPARE(db.queryInt("PRAGMA application_id"), 0x5457424B); // "TWBK"
        QCOMPARE(db.queryInt("PRAGMA user_version"), tw::store::kSchemaVersion);
        QCOMPARE(db.queryText("PRAGMA journal_mode"), std::string("delete"));
        QVERIFY(tw::store::looksLikeSqlite(file));
    }

    void tracePathsAreRebasedToTheWorkbook()
    {
        // A trace scenario in sub/ naming its trace relatively, imported into a workbook one
        // folder up: the stored path is relative to the workbook, and the runs agree.
        QVERIFY(QDir(m_dir.path()).mkpath("traces/sub"));
        const fs::path traceSource
                = fs::path(TOKENWATT_SOURCE_DIR) / "tests/core/data/azure_trace_small.csv";
        const fs::path sourceFolder = path("traces/sub");
        fs::copy_file(traceSource, sourceFolder / "trace.csv");
        nlohmann::json json = nlohmann::json::parse(tw::test::shortDefaultJson(60));
        json["workload"]["arrival"] = {{"type", "trace"}, {"file", "trace.csv"}};
        const tw::scenario::Scenario fromFile
                = tw::scenario::parseScenarioJson(json.dump(), catalog(), sourceFolder);
        const fs::path file = path("traces/traces.tokenwatt");
        const StoredScenario stored
                = tw::store::storedScenario(fromFile, "trace", catalog(), sourceFolder, file);
        QCOMPARE(nlohmann::json::parse(stored.parametersJson)["workload"]["arrival"]["file"],
                 nlohmann::json("sub/trace.csv"));
        Workbook::writeFile(file, {{stored}});
        const tw::scenario::Scenario fromWorkbook = tw::store::parseStoredScenario(
                Workbook::open(file).scenario("trace"), catalog(), file);
        QCOMPARE(comparable(tw::run::simulate(fromWorkbook)),
                 comparable(tw::run::simulate(fromFile)));
    }

    // ---- Saving -----------------------------------------------------------------------------

    void duplicateNamesAreRefused()
    {
        const fs::path file = path("duplicate.tokenwatt");
        writeSampleWorkbook(file);
        const QByteArray before = bytesOf(file);
        Workbook workbook = Workbook::open(file);
        const QString message = inputErrorOf([&] {
            workbook.addScenario(scenarioNamed("fast", tw::test::shortDefaultJson(60)));
        });
        QVERIFY2(message.contains("already has a scenario named 'fast'"), qPrintable(message));
        const QString twice = inputErrorOf([&] {
            workbook.save({{scenarioNamed("x", "{}"), scenarioNamed("x", "{}")}});
        });
        QVERIFY2(twice.contains("two scenarios named 'x'"), qPrintable(twice));
        QVERIFY(!inputErrorOf([&] { workbook.addScenario(scenarioNamed("", "{}")); }).isEmpty());
        QCOMPARE(bytesOf(file), before);
    }

    void unknownScenarioNamesTheOthers()
    {
        const fs::path file = path("names.tokenwatt");
        writeSampleWorkbook(file);
        const QString message = inputErrorOf([&] { Workbook::open(file).scenario("fats"); });
        QVERIFY2(message.contains("has no scenario named 'fats' (did you mean 'fast'?); it "
                                  "holds: slow, fast"),
                 qPrintable(message));
    }

    void writeFileReplacesOnlyWhenComplete()
    {
        const fs::path file = path("replace.tokenwatt");
        writeSampleWorkbook(file);
        const QByteArray before = bytesOf(file);
        // Refused before anything is written: the old file stays, and no temporary is left.
        QVERIFY(!inputErrorOf([&] {
                     Workbook::writeFile(file,
                                         {{scenarioNamed("x", "{}"), scenarioNamed("x", "{}")}});
                 }).isEmpty());
        QCOMPARE(bytesOf(file), before);
        Workbook::writeFile(file, {{scenarioNamed("only", tw::test::shortDefaultJson(60))}});
        QCOMPARE(Workbook::open(file).list().size(), std::size_t(1));
        QCOMPARE(QDir(m_dir.path())
                         .entryList({".replace.tokenwatt.tmp-*"}, QDir::Hidden | QDir::Files),
                 QStringList());
        const QString missingFolder = inputErrorOf(
                [&] { Workbook::writeFile(path("no/such/folder/x.tokenwatt"), {}); });
        QVERIFY2(missingFolder.contains("no/such/folder/x.tokenwatt"), qPrintable(missingFolder));
    }

    void malformedScenarioJsonIsReportedWithItsPlace()
    {
        const fs::path file = path("malformed.tokenwatt");
        Workbook::writeFile(file, {{scenarioNamed("broken", R"({"version": 1, "seed": })")}});
        const QString message = inputErrorOf([&] {
            tw::store::parseStoredScenario(Workbook::open(file).scenario("broken"), catalog(),
                                           file);
        });
        QVERIFY2(message.startsWith(QString::fromStdString(file.string())
                                    + ": scenario 'broken': malformed JSON at line 1, column 24"),
                 qPrintable(message));
    }

    // ---- Migration --------------------------------------------------------------------------

    void schemaOneFixtureIsMigratedWithABackup()
    {
        const fs::path file = path("old.tokenwatt");
        fs::copy_file(fixtureV1(), file);
        const QByteArray original = bytesOf(file);
        {
            Database db = Database::open(file, SQLITE_OPEN_READONLY);
            QCOMPARE(db.queryInt("PRAGMA user_version"), 1);
        }
        const Workbook workbook = Workbook::open(file);
        QCOMPARE(workbook.openedSchemaVersion(), 1);
        QCOMPARE(workbook.migrationBackup(), fs::path(file.string() + ".bak-v1"));
        QCOMPARE(bytesOf(workbook.migrationBackup()), original);

        // The data is intact: names in their old (id) order, parameters and notes byte for
        // byte, results kept.
        const WorkbookContent content = workbook.load();
        Database old = Database::open(workbook.migrationBackup(), SQLITE_OPEN_READONLY);
        tw::store::detail::Statement rows = old.prepare(
                "SELECT name, parameters, notes, created_utc, modified_utc FROM scenarios "
                "ORDER BY id");
        std::size_t i = 0;
        for (; rows.step(); ++i) {
            QVERIFY(i < content.scenarios.size());
            QCOMPARE(content.scenarios[i].name, rows.columnText(0));
            QCOMPARE(content.scenarios[i].parametersJson, rows.columnText(1));
            QCOMPARE(content.scenarios[i].notes, rows.columnText(2));
            QCOMPARE(content.scenarios[i].createdUtc, rows.columnText(3));
            QCOMPARE(content.scenarios[i].modifiedUtc, rows.columnText(4));
        }
        QCOMPARE(i, content.scenarios.size());
        QCOMPARE(content.scenarios.size(), std::size_t(2));
        QCOMPARE(content.scenarios[0].name, std::string("steady"));
        QVERIFY(content.scenarios[0].results.has_value());
        QCOMPARE(content.scenarios[0].results->buildVersion, std::string("0.0.9"));
        for (const StoredScenario &stored : content.scenarios)
            tw::store::parseStoredScenario(stored, catalog(), file); // still valid scenarios

        Database migrated = Database::open(file, SQLITE_OPEN_READONLY);
        QCOMPARE(migrated.queryInt("PRAGMA user_version"), tw::store::kSchemaVersion);
        QCOMPARE(migrated.queryText("SELECT group_concat(position) FROM scenarios"),
                 std::string("0,1"));
        QCOMPARE(migrated.queryInt("SELECT COUNT(*) FROM catalog_overrides"), 1);

        // Opened again: nothing left to migrate, no second backup.
        const Workbook again = Workbook::open(file);
        QCOMPARE(again.openedSchemaVersion(), tw::store::kSchemaVersion);
        QVERIFY(again.migrationBackup().empty());
        QVERIFY(!fs::exists(file.string() + ".bak-v1.2"));
    }

    void readOnlyOldFileIsMigratedInMemoryOnly()
    {
        const fs::path file = path("old-readonly.tokenwatt");
        fs::copy_file(fixtureV1(), file);
        const QByteArray original = bytesOf(file);
        Workbook workbook = Workbook::open(file, OpenMode::ReadOnly);
        QCOMPARE(workbook.openedSchemaVersion(), 1);
        QVERIFY(workbook.isReadOnly());
        QVERIFY(workbook.migrationBackup().empty());
        QCOMPARE(workbook.list().size(), std::size_t(2));
        const QString message = inputErrorOf([&] { workbook.save(workbook.load()); });
        QVERIFY2(message.contains("is read-only (it was opened read-only (its schema 1 was "
                                  "upgraded in memory only)): cannot save"),
                 qPrintable(message));
        QCOMPARE(bytesOf(file), original);
        QVERIFY(!fs::exists(file.string() + ".bak-v1"));
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
