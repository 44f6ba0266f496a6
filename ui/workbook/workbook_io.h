#pragma once

#include "core/store/stored_scenario.h"

#include <QString>

#include <string>

namespace tw::ui::workbook {

/// What opening a file produced. Plain values: built on a worker thread, used on the GUI thread.
struct OpenedFile
{
    QString error; ///< empty on success: what is wrong and what the user can do
    store::WorkbookContent content;
    bool isScenarioJson = false; ///< a scenario JSON file: content holds it as one scenario
    bool readOnly = false;       ///< saving over the file would be refused
    QString readOnlyReason;
    QString notice; ///< e.g. "migrated from schema 1; a backup was kept at ..."
};

/// Opens @p file: a workbook (by its SQLite header or the .tokenwatt extension) through
/// store::Workbook, or a scenario JSON file (parsed and checked, stored as scenario::toJson
/// text under the file's base name). Never modifies the file except as store::Workbook::open
/// documents (migration of an older schema, with a backup); @p readOnly never changes it at
/// all (a file opened only to read a scenario from it). Any thread.
OpenedFile openFile(const QString &file, bool readOnly = false);

/// Saves @p content to @p file. @p replaceInPlace: the file is the workbook being edited, so
/// it is opened and its content replaced in one transaction (refused if it is read-only);
/// otherwise a complete new file is written and renamed into place (Save As, autosave), refused
/// when @p file exists and is write-protected. Returns an empty string, or the error. Any thread.
QString saveFile(const QString &file, const store::WorkbookContent &content, bool replaceInPlace);

/// Writes one scenario's parameters (JSON text) to @p file, atomically. Returns the error or "".
QString writeScenarioJson(const QString &file, const std::string &parametersJson);

/// The message of a core error (tw::InputError: every issue, one per line).
QString errorMessage(const std::exception &error);

} // namespace tw::ui::workbook
