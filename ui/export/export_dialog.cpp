#include "ui/export/export_dialog.h"

#include "ui/settings_keys.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>

#include <algorithm>
#include <iterator>

namespace tw::ui {
namespace {

struct Preset
{
    const char *name;
    int width;
    int height;
};

// Sizes people paste charts into: a full-HD slide, a document column, a square post.
const Preset kPresets[] = {
        {QT_TRANSLATE_NOOP("tw::ui::ExportDialog", "Slide, 16:9 (1920 × 1080)"), 1920, 1080},
        {QT_TRANSLATE_NOOP("tw::ui::ExportDialog", "Document (1600 × 1000)"), 1600, 1000},
        {QT_TRANSLATE_NOOP("tw::ui::ExportDialog", "Square (1200 × 1200)"), 1200, 1200},
};

const char *const kSuffixes[] = {"png", "svg", "pdf"};

QString defaultDirectory()
{
    const QString saved = QSettings().value(settings::kExportDirectory).toString();
    if (!saved.isEmpty() && QDir(saved).exists())
        return saved;
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

} // namespace

ExportDialog::ExportDialog(const QStringList &chartNames, int current, const QString &baseName,
                           QWidget *parent)
    : QDialog(parent)
    , m_chart(new QComboBox(this))
    , m_format(new QComboBox(this))
    , m_preset(new QComboBox(this))
    , m_width(new QSpinBox(this))
    , m_height(new QSpinBox(this))
    , m_dpi(new QSpinBox(this))
    , m_file(new QLineEdit(this))
    , m_note(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Export chart"));
    QSettings settings;
    m_chart->addItems(chartNames);
    m_chart->setCurrentIndex(std::max(0, current));
    m_format->addItem(tr("PNG image"));
    m_format->addItem(tr("SVG drawing"));
    m_format->addItem(tr("PDF document"));
    m_format->setCurrentIndex(std::clamp(settings.value(settings::kExportFormat, 0).toInt(), 0, 2));
    for (const Preset &preset : kPresets)
        m_preset->addItem(tr(preset.name));
    m_preset->addItem(tr("Custom"));
    for (QSpinBox *box : {m_width, m_height}) {
        box->setRange(kMinExportPixels, kMaxExportPixels);
        box->setSuffix(tr(" px"));
        box->setSingleStep(10);
    }
    m_width->setValue(settings.value(settings::kExportWidth, 1600).toInt());
    m_height->setValue(settings.value(settings::kExportHeight, 1000).toInt());
    m_dpi->setRange(kMinExportDpi, kMaxExportDpi);
    m_dpi->setSuffix(tr(" dpi"));
    m_dpi->setValue(settings.value(settings::kExportDpi, 144).toInt());
    m_width->setAccessibleName(tr("Width in pixels"));
    m_height->setAccessibleName(tr("Height in pixels"));
    m_dpi->setAccessibleName(tr("Resolution in dots per inch"));
    m_dpi->setToolTip(tr("Scales type and lines: at 192 dpi a chart reads the same as at 96 dpi "
                         "on half the pixels, twice as sharp."));
    m_file->setText(QDir(defaultDirectory())
                            .filePath(baseName + QLatin1Char('.')
                                      + QLatin1String(kSuffixes[m_format->currentIndex()])));
    m_note->setWordWrap(true);

    auto *browse = new QPushButton(tr("Browse…"), this);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
    sizeRow->addWidget(m_height);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Chart:"), m_chart);
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Size:"), m_preset);
    form->addRow(QString(), sizeRow);
    form->addRow(tr("Resolution:"), m_dpi);
    form->addRow(tr("File:"), fileRow);
    form->addRow(m_note);
    form->addRow(m_buttons);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(m_preset, &QComboBox::activated, this, &ExportDialog::presetChosen);
    connect(m_width, &QSpinBox::valueChanged, this, &ExportDialog::describe);
    connect(m_height, &QSpinBox::valueChanged, this, &ExportDialog::describe);
    connect(m_dpi, &QSpinBox::valueChanged, this, &ExportDialog::describe);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    formatChanged();
}

int ExportDialog::chartIndex() const
{
    return m_chart->currentIndex();
}

ChartExportSettings ExportDialog::settings() const
{
    ChartExportSettings s;
    s.format = static_cast<ChartFormat>(m_format->currentIndex());
    s.pixels = QSize(m_width->value(), m_height->value());
    s.dpi = m_dpi->value();
    s.title = m_chart->currentText();
    return s;
}

QString ExportDialog::fileName() const
{
    return m_file->text().trimmed();
}

void ExportDialog::formatChanged()
{
    // Keep the file name's extension in step with the format.
    const QString suffix = QLatin1String(kSuffixes[m_format->currentIndex()]);
    QFileInfo info(fileName());
    if (!fileName().isEmpty() && info.suffix().toLower() != suffix)
        m_file->setText(info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + suffix));
    m_dpi->setEnabled(m_format->currentIndex() == static_cast<int>(ChartFormat::Png));
    describe();
}

void ExportDialog::presetChosen(int index)
{
    if (index < 0 || index >= static_cast<int>(std::size(kPresets)))
        return;
    m_width->setValue(kPresets[index].width);
    m_height->setValue(kPresets[index].height);
}

void ExportDialog::browse()
{
    static const char *const kFilters[]
            = {QT_TR_NOOP("PNG image (*.png)"), QT_TR_NOOP("SVG drawing (*.svg)"),
               QT_TR_NOOP("PDF document (*.pdf)")};
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export chart"), fileName(),
                                                        tr(kFilters[m_format->currentIndex()]));
    if (!chosen.isEmpty())
        m_file->setText(chosen);
}

void ExportDialog::describe()
{
    int preset = static_cast<int>(std::size(kPresets)); // "Custom"
    for (int i = 0; i < static_cast<int>(std::size(kPresets)); ++i)
        if (kPresets[i].width == m_width->value() && kPresets[i].height == m_height->value())
            preset = i;
    m_preset->setCurrentIndex(preset);
    if (m_format->currentIndex() == static_cast<int>(ChartFormat::Png)) {
        const double scale = m_dpi->value() / 96.0;
        m_note->setText(
                tr("Laid out as a %1 × %2 chart on a 96-dpi screen and drawn %3 times as large.")
                        .arg(qRound(m_width->value() / scale))
                        .arg(qRound(m_height->value() / scale))
                        .arg(scale, 0, 'g', 3));
    } else {
        m_note->setText(tr("Vector drawing: sharp at any zoom; the size sets the layout."));
    }
}

void ExportDialog::accept()
{
    if (fileName().isEmpty()) {
        m_note->setText(tr("Choose a file to write."));
        return;
    }
    QSettings settings;
    settings.setValue(settings::kExportFormat, m_format->currentIndex());
    settings.setValue(settings::kExportWidth, m_width->value());
    settings.setValue(settings::kExportHeight, m_height->value());
    settings.setValue(settings::kExportDpi, m_dpi->value());
    settings.setValue(settings::kExportDirectory, QFileInfo(fileName()).absolutePath());
    QDialog::accept();
}

} // namespace tw::ui
