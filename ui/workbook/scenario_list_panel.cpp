#include "ui/workbook/scenario_list_panel.h"

#include "core/scenario_io/examples.h"
#include "ui/workbook/workbook_session.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace tw::ui {

ScenarioListPanel::ScenarioListPanel(WorkbookSession *session,
                                     std::function<bool(const QString &)> confirmDelete,
                                     QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_confirmDelete(std::move(confirmDelete))
{
    setObjectName(QStringLiteral("scenarioListPanel"));
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(6, 6, 6, 6);

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("scenarioList"));
    m_list->setAccessibleName(tr("Scenarios of the workbook"));
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_list->setToolTip(tr("Select a scenario to edit it; double-click or F2 renames it"));
    column->addWidget(m_list, 1);

    auto *buttons = new QHBoxLayout;
    auto *add = new QToolButton(this);
    add->setText(tr("Add"));
    add->setToolTip(tr("Add a scenario: a built-in example, or a copy of the edited one"));
    add->setPopupMode(QToolButton::InstantPopup);
    auto *addMenu = new QMenu(add);
    addMenu->addAction(tr("Copy of the edited scenario"), this,
                       [this] { m_session->addCopy(m_session->currentIndex()); });
    QMenu *examples = addMenu->addMenu(tr("Example"));
    for (const scenario::Example &example : scenario::examples()) {
        const QString name = QString::fromStdString(example.name);
        examples->addAction(name, this, [this, name] { m_session->addFromExample(name); });
    }
    add->setMenu(addMenu);
    auto *duplicate = new QPushButton(tr("Duplicate"), this);
    connect(duplicate, &QPushButton::clicked, this, &ScenarioListPanel::duplicateSelected);
    auto *rename = new QPushButton(tr("Rename"), this);
    connect(rename, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_list->currentItem())
            m_list->editItem(item);
    });
    m_delete = new QPushButton(tr("Delete"), this);
    connect(m_delete, &QPushButton::clicked, this, &ScenarioListPanel::deleteSelected);
    buttons->addWidget(add);
    buttons->addWidget(duplicate);
    buttons->addWidget(rename);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    column->addLayout(buttons);

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->hide();
    column->addWidget(m_message);

    auto *notesLabel = new QLabel(tr("Notes"), this);
    m_notes = new QPlainTextEdit(this);
    m_notes->setObjectName(QStringLiteral("scenarioNotes"));
    m_notes->setAccessibleName(tr("Notes on the selected scenario"));
    m_notes->setPlaceholderText(tr("Why this scenario, where its figures come from…"));
    m_notes->setMaximumHeight(110);
    notesLabel->setBuddy(m_notes);
    column->addWidget(notesLabel);
    column->addWidget(m_notes);

    connect(m_notes, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_rebuilding)
            m_session->setNotes(m_session->currentIndex(), m_notes->toPlainText());
    });
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (m_rebuilding || row < 0)
            return;
        QString error;
        if (!m_session->select(row, &error)) {
            showMessage(error);
            rebuild();
        }
    });
    connect(m_list, &QListWidget::itemChanged, this, &ScenarioListPanel::itemEdited);
    connect(m_session, &WorkbookSession::listChanged, this, &ScenarioListPanel::rebuild);
    connect(m_session, &WorkbookSession::currentChanged, this, &ScenarioListPanel::rebuild);
    connect(m_session, &WorkbookSession::notesChanged, this, [this](int index) {
        if (index == m_session->currentIndex())
            showNotes();
    });
    rebuild();
}

void ScenarioListPanel::rebuild()
{
    m_rebuilding = true;
    m_list->clear();
    for (int i = 0; i < m_session->count(); ++i) {
        auto *item = new QListWidgetItem(m_session->name(i), m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    m_list->setCurrentRow(m_session->currentIndex());
    showNotes();
    m_delete->setEnabled(m_session->count() > 1);
    m_rebuilding = false;
}

void ScenarioListPanel::showNotes()
{
    // Only when different: replacing the text while the user types would move the cursor.
    const QString notes = m_session->notes(m_session->currentIndex());
    if (m_notes->toPlainText() == notes)
        return;
    const bool wasRebuilding = m_rebuilding;
    m_rebuilding = true;
    m_notes->setPlainText(notes);
    m_rebuilding = wasRebuilding;
}

void ScenarioListPanel::showMessage(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void ScenarioListPanel::itemEdited(QListWidgetItem *item)
{
    if (m_rebuilding)
        return;
    renameRow(m_list->row(item), item->text());
}

bool ScenarioListPanel::renameRow(int row, const QString &name)
{
    const QString refused = m_session->rename(row, name);
    showMessage(refused);
    if (!refused.isEmpty())
        rebuild(); // back to the name it has
    return refused.isEmpty();
}

void ScenarioListPanel::duplicateSelected()
{
    const int row = m_list->currentRow();
    QString error;
    if (row >= 0 && !m_session->addCopy(row, &error))
        showMessage(error);
}

void ScenarioListPanel::deleteSelected()
{
    const int row = m_list->currentRow();
    if (row < 0 || m_session->count() < 2)
        return;
    if (m_confirmDelete && !m_confirmDelete(m_session->name(row)))
        return;
    m_session->remove(row);
    showMessage({});
}

} // namespace tw::ui
