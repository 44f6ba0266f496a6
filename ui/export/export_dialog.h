#pragma once

#include "ui/render/chart_export.h"

#include <QDialog>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tw::ui {

/// Asks how to export a chart: which chart, the format (PNG, SVG, PDF), the size in pixels,
/// the resolution (PNG only) and the file. Remembers the last choices in QSettings
/// (export/format, export/width, export/height, export/dpi, export/directory). GUI thread.
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    /// @p chartNames: the charts to choose from; @p current is preselected. @p baseName is the
    /// suggested file name without extension.
    ExportDialog(const QStringList &chartNames, int current, const QString &baseName,
                 QWidget *parent = nullptr);

    int chartIndex() const;
    ChartExportSettings settings() const;
    QString fileName() const;

    QComboBox *formatBox() const { return m_format; }
    QSpinBox *widthBox() const { return m_width; }
    QSpinBox *heightBox() const { return m_height; }
    QSpinBox *dpiBox() const { return m_dpi; }
    QLineEdit *fileEdit() const { return m_file; }

    void accept() override;

private:
    void formatChanged();
    void presetChosen(int index);
    void browse();
    void describe();

    QComboBox *m_chart = nullptr;
    QComboBox *m_format = nullptr;
    QComboBox *m_preset = nullptr;
    QSpinBox *m_width = nullptr;
    QSpinBox *m_height = nullptr;
    QSpinBox *m_dpi = nullptr;
    QLineEdit *m_file = nullptr;
    QLabel *m_note = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace tw::ui
