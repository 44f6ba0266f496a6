#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace tw::ui::workbook {

/// What to do with unsaved work before it would be lost.
enum class UnsavedChoice { Save, Discard, Cancel };

/// Every question the workbook code asks the user, as replaceable functions: the defaults show
/// QMessageBox / QFileDialog modals; tests install functions that answer at once, so no real
/// modal ever blocks an offscreen test.
struct Dialogs
{
    /// "Save changes to NAME?" Save / Discard / Cancel.
    std::function<UnsavedChoice(const QString &displayName)> askUnsaved;
    /// An error opening or saving (title, message): nothing was changed.
    std::function<void(const QString &title, const QString &message)> showError;
    /// A file to open; empty = cancelled. (title, filter)
    std::function<QString(const QString &title, const QString &filter)> chooseOpenFile;
    /// A file to write; empty = cancelled. (title, suggested file, filter)
    std::function<QString(const QString &title, const QString &suggested, const QString &filter)>
            chooseSaveFile;
    /// "Delete scenario NAME?" true = delete.
    std::function<bool(const QString &scenarioName)> confirmDelete;
    /// Work from a session that ended without closing cleanly was found: restore it?
    /// (description of the file and the time it was saved)
    std::function<bool(const QString &description)> askRestore;

    /// The modal dialogs, parented to @p parent.
    static Dialogs modal(QWidget *parent);
};

} // namespace tw::ui::workbook
