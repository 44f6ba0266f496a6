// Replays every input kept by the fuzzers (tests/fuzz/regressions/: inputs that once crashed,
// hung or tripped a sanitizer, now fixed) and their seed corpora (tests/fuzz/corpus/) through
// the same code the fuzz targets run: each must be read or refused with tw::InputError, never
// crash or throw anything else. See tests/fuzz/README.md.

#include "../fuzz/fuzz_bodies.h"
#include "test_support.h"

#include <QDirIterator>
#include <QTemporaryDir>

namespace {

QStringList inputsUnder(const QString &relative)
{
    QStringList files;
    QDirIterator it(QStringLiteral(TOKENWATT_SOURCE_DIR "/tests/fuzz/") + relative, QDir::Files);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    return files;
}

void addRows(const QString &target)
{
    QTest::addColumn<QString>("file");
    for (const QString &folder : {"regressions/" + target, "corpus/" + target}) {
        for (const QString &file : inputsUnder(folder))
            QTest::newRow(qPrintable(folder + '/' + QFileInfo(file).fileName())) << file;
    }
}

std::string contentOf(const QString &file)
{
    QFile stream(file);
    if (!stream.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = stream.readAll();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

} // namespace

class TestStoreFuzzRegressions : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Both seed corpora are committed, so an empty list means a wrong path, not no inputs.
        QVERIFY(!inputsUnder("corpus/scenario_json").isEmpty());
        QVERIFY(!inputsUnder("corpus/workbook").isEmpty());
    }

    void scenarioJson_data() { addRows("scenario_json"); }
    void scenarioJson()
    {
        QFETCH(QString, file);
        tw::fuzz::scenarioJsonInput(contentOf(file)); // throws or crashes on a regression
    }

    void workbook_data() { addRows("workbook"); }
    void workbook()
    {
        QFETCH(QString, file);
        tw::fuzz::workbookInput(contentOf(file), m_dir.path().toStdString());
    }
};

QTEST_GUILESS_MAIN(TestStoreFuzzRegressions)
#include "tst_store_fuzz_regressions.moc"
