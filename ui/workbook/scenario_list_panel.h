#pragma once

#include <QWidget>

#include <functional>

class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QPushButton;
class QLabel;

namespace tw::ui {

class WorkbookSession;

/// The "Scenarios" dock: the workbook's scenarios in order, the edited one selected. Add (a
/// built-in example or a copy of the edited one), Duplicate, Rename (inline: double-click or
/// F2; names stay unique), Delete (asks first; never the last one) and the selected scenario's
/// notes. Selecting a scenario makes it the one the levers and charts show. GUI thread only.
class ScenarioListPanel : public QWidget
{
    Q_OBJECT

public:
    /// @p confirmDelete asks before a scenario is deleted (true = delete).
    ScenarioListPanel(WorkbookSession *session, std::function<bool(const QString &)> confirmDelete,
                      QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    QPlainTextEdit *notes() const { return m_notes; }
    void setConfirmDelete(std::function<bool(const QString &)> confirm)
    {
        m_confirmDelete = std::move(confirm);
    }
    /// Deletes the selected scenario after confirmation (the Delete button).
    void deleteSelected();
    void duplicateSelected();
    /// Renames scenario @p row; false (message shown under the list) when refused.
    bool renameRow(int row, const QString &name);

private:
    void rebuild();
    void showNotes();
    void showMessage(const QString &message);
    void itemEdited(QListWidgetItem *item);

    WorkbookSession *m_session;
    std::function<bool(const QString &)> m_confirmDelete;
    QListWidget *m_list = nullptr;
    QPlainTextEdit *m_notes = nullptr;
    QPushButton *m_delete = nullptr;
    QLabel *m_message = nullptr;
    bool m_rebuilding = false;
};

} // namespace tw::ui
