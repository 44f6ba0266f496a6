#pragma once

#include <QString>

/// Every QSettings key the window and its launcher use, in one place: app/gui_main.cpp reads
/// the example that ui/main_window.cpp saved, and several dialogs share the export directory.
/// The names are what users' settings files hold, so renaming one forgets the saved value;
/// tests/ui spell them out literally to catch that.
namespace tw::ui::settings {

inline const QString kWindowGeometry = QStringLiteral("window/geometry");
inline const QString kWindowState = QStringLiteral("window/state");
inline const QString kCollapsedGroups = QStringLiteral("panel/collapsed");
inline const QString kDarkTheme = QStringLiteral("view/darkTheme");
/// The example shown last; the next start opens it when no file is given.
inline const QString kLastExample = QStringLiteral("document/example");
inline const QString kRecentWorkbooks = QStringLiteral("workbook/recentFiles");
inline const QString kReportDirectory = QStringLiteral("report/directory");
/// Last directory of a chart or table export (the dialog and the quick export share it).
inline const QString kExportDirectory = QStringLiteral("export/directory");
inline const QString kExportFormat = QStringLiteral("export/format");
inline const QString kExportWidth = QStringLiteral("export/width");
inline const QString kExportHeight = QStringLiteral("export/height");
inline const QString kExportDpi = QStringLiteral("export/dpi");

} // namespace tw::ui::settings
