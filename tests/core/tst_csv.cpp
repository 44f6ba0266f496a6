// Tests of tw::catalog::CsvTable: RFC 4180 parsing and errors that name the line.

#include "core/catalog/csv.h"
#include "core/common/error.h"

#include "test_support.h"

using tw::catalog::CsvTable;

namespace {

QList<QStringList> rowsOf(const CsvTable &table)
{
    QList<QStringList> rows;
    for (const std::vector<std::string> &row : table.rows()) {
        QStringList fields;
        for (const std::string &field : row)
            fields << QString::fromStdString(field);
        rows << fields;
    }
    return rows;
}

QStringList headerOf(const CsvTable &table)
{
    QStringList header;
    for (const std::string &name : table.header())
        header << QString::fromStdString(name);
    return header;
}

} // namespace

class TestCsv : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void lineOfRow_data();
    void lineOfRow();
    void errors_data();
    void errors();
    void everyBadRowIsReported();
    void columnLookup();
};

void TestCsv::parse_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("header");
    QTest::addColumn<QList<QStringList>>("rows");

    const QStringList ab{"a", "b"};
    QTest::newRow("LF line ends") << QByteArray("a,b\n1,2\n3,4\n") << ab
                                  << QList<QStringList>{{"1", "2"}, {"3", "4"}};
    QTest::newRow("CRLF line ends") << QByteArray("a,b\r\n1,2\r\n3,4\r\n") << ab
                                    << QList<QStringList>{{"1", "2"}, {"3", "4"}};
    QTest::newRow("no trailing newline")
            << QByteArray("a,b\n1,2") << ab << QList<QStringList>{{"1", "2"}};
    QTest::newRow("header only") << QByteArray("a,b\n") << ab << QList<QStringList>{};
    QTest::newRow("comma inside quotes")
            << QByteArray("a,b\n\"x, y\",2\n") << ab << QList<QStringList>{{"x, y", "2"}};
    QTest::newRow("doubled quotes") << QByteArray("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n") << ab
                                    << QList<QStringList>{{"say \"hi\"", "\""}};
    QTest::newRow("LF inside quotes") << QByteArray("a,b\n\"line 1\nline 2\",2\n") << ab
                                      << QList<QStringList>{{"line 1\nline 2", "2"}};
    QTest::newRow("CRLF inside quotes is kept")
            << QByteArray("a,b\r\n\"line 1\r\nline 2\",2\r\n") << ab
            << QList<QStringList>{{"line 1\r\nline 2", "2"}};
    QTest::newRow("empty fields") << QByteArray("a,b,c\n,,\n") << QStringList{"a", "b", "c"}
                                  << QList<QStringList>{{"", "", ""}};
    QTest::newRow("empty quoted field")
            << QByteArray("a,b\n\"\",x\n") << ab << QList<QStringList>{{"", "x"}};
    QTest::newRow("trailing comma is an empty last field")
            << QByteArray("a,b\n1,\n") << ab << QList<QStringList>{{"1", ""}};
    QTest::newRow("spaces are data")
            << QByteArray("a,b\n 1 , 2\n") << ab << QList<QStringList>{{" 1 ", " 2"}};
    QTest::newRow("empty lines skipped") << QByteArray("a,b\n\n1,2\r\n\r\n3,4\n\n") << ab
                                         << QList<QStringList>{{"1", "2"}, {"3", "4"}};
    QTest::newRow("quoted header") << QByteArray("\"a,1\",b\n1,2\n") << QStringList{"a,1", "b"}
                                   << QList<QStringList>{{"1", "2"}};
    QTest::newRow("UTF-8 byte order mark") << QByteArray("\xEF\xBB\xBF"
                                                         "a,b\n1,2\n")
                                           << ab << QList<QStringList>{{"1", "2"}};
    QTest::newRow("UTF-8 data") << QByteArray("a,b\n\xC2\xB0"
                                              "C,\xE2\x82\xAC\n")
                                << ab
                                << QList<QStringList>{{QString::fromUtf8("\xC2\xB0"
                                                                         "C"),
                                                       QString::fromUtf8("\xE2\x82\xAC")}};
}

void TestCsv::parse()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, header);
    QFETCH(QList<QStringList>, rows);

    const CsvTable table = CsvTable::parse(text.toStdString(), "t.csv");
    QCOMPARE(headerOf(table), header);
    QCOMPARE(rowsOf(table), rows);
}

void TestCsv::lineOfRow_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("line");

    QTest::newRow("first row") << QByteArray("a,b\n1,2\n3,4\n") << 0 << 2;
    QTest::newRow("second row") << QByteArray("a,b\n1,2\n3,4\n") << 1 << 3;
    QTest::newRow("after an embedded newline") << QByteArray("a,b\n\"x\ny\",1\n2,3\n") << 1 << 4;
    QTest::newRow("after an empty line") << QByteArray("a,b\n\n1,2\n") << 0 << 3;
    QTest::newRow("CRLF") << QByteArray("a,b\r\n1,2\r\n3,4\r\n") << 1 << 3;
}

void TestCsv::lineOfRow()
{
    QFETCH(QByteArray, text);
    QFETCH(int, row);
    QFETCH(int, line);

    const CsvTable table = CsvTable::parse(text.toStdString(), "t.csv");
    QCOMPARE(table.line(static_cast<std::size_t>(row)), static_cast<std::size_t>(line));
}

void TestCsv::errors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    QTest::newRow("too few fields") << QByteArray("a,b,c\n1,2,3\n1,2\n") << "t.csv:3"
                                    << "row has 2 fields, header has 3";
    QTest::newRow("too many fields") << QByteArray("a,b\n1,2,3\n") << "t.csv:2"
                                     << "row has 3 fields, header has 2";
    QTest::newRow("line counted through embedded newlines")
            << QByteArray("a,b\n\"x\ny\",1\n1,2,3\n") << "t.csv:4"
            << "row has 3 fields";
    QTest::newRow("line counted with CRLF") << QByteArray("a,b\r\n1,2\r\n3\r\n") << "t.csv:3"
                                            << "row has 1 fields, header has 2";
    QTest::newRow("unterminated quote names the opening line")
            << QByteArray("a,b\n1,2\n3,\"open\n4,5\n") << "t.csv:3"
            << "unterminated quoted field";
    QTest::newRow("undoubled quote inside quotes")
            << QByteArray("a,b\n\"said \"hi\" twice\",2\n") << "t.csv:2"
            << "after a closing quote";
    QTest::newRow("quote inside an unquoted field") << QByteArray("a,b\n5\" disk,2\n") << "t.csv:2"
                                                    << "quote inside an unquoted field";
    QTest::newRow("empty file") << QByteArray("") << "t.csv"
                                << "empty";
    QTest::newRow("only empty lines") << QByteArray("\n\r\n") << "t.csv"
                                      << "empty";
    QTest::newRow("duplicate column") << QByteArray("a,b,a\n1,2,3\n") << "t.csv:1"
                                      << "column \"a\" appears twice";
}

void TestCsv::errors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, path);
    QFETCH(QString, message);

    try {
        CsvTable::parse(text.toStdString(), "t.csv");
        QFAIL("expected tw::InputError");
    } catch (const tw::InputError &error) {
        QCOMPARE(error.issues().size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(error.issues().front().path), path);
        const QString actual = QString::fromStdString(error.issues().front().message);
        QVERIFY2(actual.contains(message), qPrintable(actual));
        // what() carries "path: message" for callers that only print the exception.
        QVERIFY(QString::fromUtf8(error.what()).startsWith(path + ": "));
    }
}

void TestCsv::everyBadRowIsReported()
{
    try {
        CsvTable::parse("a,b\n1\n2,3\n4,5,6\n", "t.csv");
        QFAIL("expected tw::InputError");
    } catch (const tw::InputError &error) {
        QCOMPARE(error.issues().size(), std::size_t{2});
        QCOMPARE(error.issues()[0].path, std::string("t.csv:2"));
        QCOMPARE(error.issues()[1].path, std::string("t.csv:4"));
    }
}

void TestCsv::columnLookup()
{
    const CsvTable table = CsvTable::parse("id,value\nx,1\ny,2\n", "t.csv");
    QCOMPARE(table.column("id"), 0);
    QCOMPARE(table.column("value"), 1);
    QCOMPARE(table.column("Value"), -1);
    QCOMPARE(table.field(1, "value"), std::string("2"));
    QCOMPARE(table.field(0, "missing"), std::string());
}

QTEST_APPLESS_MAIN(TestCsv)
#include "tst_csv.moc"
