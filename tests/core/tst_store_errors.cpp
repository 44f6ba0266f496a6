// Workbook files that cannot be opened as they are: missing, not SQLite, damaged, another
// program's, from a newer TokenWatt, or read-only. Each gets a message that names the file and
// says what to do, and the file is left exactly as it was.

#include "store_test_support.h"
#include "test_support.h"

#include "core/store/sqlite_db.h"
#include "core/store/workbook.h"

#include <sqlite3.h>

#include <QDir>
#include <QTemporaryDir>

#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using tw::store::OpenMode;
using tw::store::Workbook;
using tw::store::detail::Database;
using tw::test::bytesOf;
using tw::test::inputErrorOf;
using tw::test::scenarioNamed;
using tw::test::writeBytes;
using tw::test::writeSampleWorkbook;

} // namespace

class TestStoreErrors : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    fs::path path(const QString &name) const { return (m_dir.path() + '/' + name).toStdString(); }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void unreadableFilesAreRefused_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << "missing"
                                 << "no such file: check the name and the folder";
        QTest::newRow("folder") << "folder"
                                << "is a folder, not a workbook file";
        QTest::newRow("empty") << "empty"
                               << "is empty (0 bytes), not a TokenWatt workbook";
        QTest::newRow("garbage") << "garbage"
                                 << "is not a TokenWatt workbook: not an SQLite "
                                    "database";
        QTest::newRow("scenario JSON") << "json"
                                       << "looks like a scenario JSON file";
        QTest::newRow("truncated workbook") << "truncated"
                                            << "is damaged";
        QTest::newRow("damaged pages") << "damaged"
                                       << "is damaged";
        QTest::newRow("SQLite header only") << "header"
                                            << "";
        QTest::newRow("another program's database")
                << "foreign"
                << "is an SQLite database of another program, not a TokenWatt workbook "
                   "(application_id 0x0000002A, TokenWatt's is 0x5457424B)";
        QTest::newRow("empty SQLite database") << "blank"
                                               << "is an empty SQLite database";
        QTest::newRow("newer schema") << "newer"
                                      << "was created by a newer TokenWatt (schema 3, this "
                                         "build reads up to 2): update TokenWatt to open it";
        QTest::newRow("no schema version") << "unversioned"
                                           << "has TokenWatt's mark but no "
                                              "schema version";
        QTest::newRow("tables missing") << "tables"
                                        << "cannot be used as a TokenWatt workbook";
    }

    void unreadableFilesAreRefused()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        const fs::path file = path("bad-" + kind + ".tokenwatt");
        const auto sqlite = [&](const std::string &sql) {
            Database db = Database::open(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
            db.exec(sql);
        };
        if (kind == "folder") {
            QVERIFY(QDir().mkpath(QString::fromStdString(file.string())));
        } else if (kind == "empty") {
            QVERIFY(writeBytes(file, {}));
        } else if (kind == "garbage") {
            QVERIFY(writeBytes(file, QByteArray(5000, '\x9c')));
        } else if (kind == "json") {
            QVERIFY(writeBytes(file, "\n  {\"version\": 1}"));
        } else if (kind == "truncated" || kind == "damaged" || kind == "header") {
            writeSampleWorkbook(file);
            QByteArray bytes = bytesOf(file);
            QVERIFY(bytes.size() > 8192);
            if (kind == "truncated")
                bytes.truncate(bytes.size() / 2 + 100);
            else if (kind == "header")
                bytes.truncate(100);
            else
                bytes.replace(4096, 16, QByteArray(16, '\xee')); // page 2's b-tree header
            QVERIFY(writeBytes(file, bytes));
        } else if (kind == "foreign") {
            sqlite("PRAGMA application_id = 42; CREATE TABLE notes (text TEXT);");
        } else if (kind == "blank") {
            sqlite("PRAGMA user_version = 0;");
            sqlite("CREATE TABLE t (x); DROP TABLE t;"); // a valid file of one page, no tables
        } else if (kind == "newer") {
            writeSampleWorkbook(file);
            sqlite("PRAGMA user_version = 3;");
        } else if (kind == "unversioned") {
            writeSampleWorkbook(file);
            sqlite("PRAGMA user_version = 0;");
        } else if (kind == "tables") {
            writeSampleWorkbook(file);
            sqlite("DROP TABLE results;");
        }
        const QByteArray before = bytesOf(file);
        const QString message = inputErrorOf([&] { Workbook::open(file); });
        QVERIFY2(!message.isEmpty(), "opened without an error");
        QVERIFY2(message.startsWith(QString::fromStdString(file.string()) + ": "),
                 qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        QCOMPARE(bytesOf(file), before); // nothing is written to a file that failed to open
        QVERIFY(!fs::exists(file.string() + ".bak-v1"));
        QVERIFY(!fs::exists(file.string() + "-journal"));
    }

    void readOnlyModeNeverWrites()
    {
        const fs::path file = path("mode-readonly.tokenwatt");
        writeSampleWorkbook(file);
        const QByteArray before = bytesOf(file);
        Workbook workbook = Workbook::open(file, OpenMode::ReadOnly);
        QVERIFY(workbook.isReadOnly());
        QCOMPARE(workbook.readOnlyReason(), std::string("it was opened read-only"));
        QCOMPARE(workbook.list().size(), std::size_t(2));
        for (const QString &message :
             {inputErrorOf([&] { workbook.save({}); }),
              inputErrorOf([&] { workbook.addScenario(scenarioNamed("new", "{}")); }),
              inputErrorOf([&] {
                  workbook.storeResults("fast", tw::test::bulkyResults("{}", 1, 'q'));
              })}) {
            QVERIFY2(message.contains("is read-only (it was opened read-only): cannot save. "
                                      "Save it under another name"),
                     qPrintable(message));
        }
        QCOMPARE(bytesOf(file), before);
    }

    void writeProtectedFileOpensReadOnly()
    {
        // The kernel lets root write to any file whatever its mode bits, so a chmod cannot make
        // a file read-only for root; readOnlyModeNeverWrites covers the read-only path there.
        if (::geteuid() == 0)
            QSKIP("running as root, which ignores file permissions: a write-protected file "
                  "cannot be made for this test");
        const fs::path file = path("chmod.tokenwatt");
        writeSampleWorkbook(file);
        fs::permissions(file, fs::perms::owner_read | fs::perms::group_read);
        const QByteArray before = bytesOf(file);
        Workbook workbook = Workbook::open(file);
        QVERIFY(workbook.isReadOnly());
        QCOMPARE(workbook.readOnlyReason(), std::string("the file is write-protected"));
        QCOMPARE(workbook.load().scenarios.size(), std::size_t(2));
        QVERIFY(inputErrorOf([&] { workbook.save({}); }).contains("is read-only"));
        QCOMPARE(bytesOf(file), before);
        fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    }
};

QTEST_GUILESS_MAIN(TestStoreErrors)
#include "tst_store_errors.moc"
