#include "ui/workbook/workbook_dialogs.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QPointer>

namespace tw::ui::workbook {

Dialogs Dialogs::modal(QWidget *parent)
{
    // A QPointer, so a dialog asked for after the window is gone gets no dangling parent.
    QPointer<QWidget> owner(parent);
    Dialogs dialogs;
    dialogs.askUnsaved = [owner](const QString &name) {
        const auto answer = QMessageBox::warning(
                owner, QObject::tr("Unsaved changes"),
                QObject::tr("Save the changes to %1 before continuing?").arg(name),
                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Save)
            return UnsavedChoice::Save;
        return answer == QMessageBox::Discard ? UnsavedChoice::Discard : UnsavedChoice::Cancel;
    };
    dialogs.showError = [owner](const QString &title, const QString &message) {
        QMessageBox::critical(owner, title, message);
    };
    dialogs.chooseOpenFile = [owner](const QString &title, const QString &filter) {
        return QFileDialog::getOpenFileName(owner, title, {}, filter);
    };
    dialogs.chooseSaveFile
            = [owner](const QString &title, const QString &suggested, const QString &filter) {
                  return QFileDialog::getSaveFileName(owner, title, suggested, filter);
              };
    dialogs.confirmDelete = [owner](const QString &name) {
        return QMessageBox::question(owner, QObject::tr("Delete scenario"),
                                     QObject::tr("Delete the scenario '%1' from this workbook? "
                                                 "The file changes only when you save.")
                                             .arg(name))
               == QMessageBox::Yes;
    };
    dialogs.askRestore = [owner](const QString &description) {
        return QMessageBox::question(
                       owner, QObject::tr("Restore unsaved work?"),
                       QObject::tr("TokenWatt did not close cleanly last time. Unsaved work "
                                   "was recovered: %1.\n\nRestore it? (Discard deletes it.)")
                               .arg(description),
                       QMessageBox::Yes | QMessageBox::Discard, QMessageBox::Yes)
               == QMessageBox::Yes;
    };
    return dialogs;
}

} // namespace tw::ui::workbook
