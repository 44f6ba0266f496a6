#pragma once

#include <QStringList>

namespace tw::ui::workbook {

/// The File > Open Recent list, kept in QSettings (settings::kRecentWorkbooks), newest first.
namespace recent {

inline constexpr int kMaxRecentFiles = 8;

QStringList files();
/// Puts @p file first (absolute path), keeping at most kMaxRecentFiles.
void add(const QString &file);
void remove(const QString &file);
/// Removes the files that no longer exist and returns them.
QStringList pruneMissing();

} // namespace recent
} // namespace tw::ui::workbook
