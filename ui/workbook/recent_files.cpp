#include "ui/workbook/recent_files.h"

#include "ui/settings_keys.h"

#include <QFileInfo>
#include <QSettings>

namespace tw::ui::workbook::recent {
namespace {

void store(const QStringList &list)
{
    QSettings().setValue(settings::kRecentWorkbooks, list);
}

} // namespace

QStringList files()
{
    return QSettings().value(settings::kRecentWorkbooks).toStringList();
}

void add(const QString &file)
{
    const QString absolute = QFileInfo(file).absoluteFilePath();
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxRecentFiles)
        list.removeLast();
    store(list);
}

void remove(const QString &file)
{
    QStringList list = files();
    if (list.removeAll(QFileInfo(file).absoluteFilePath()) > 0)
        store(list);
}

QStringList pruneMissing()
{
    QStringList kept, missing;
    for (const QString &file : files())
        (QFileInfo::exists(file) ? kept : missing) << file;
    if (!missing.isEmpty())
        store(kept);
    return missing;
}

} // namespace tw::ui::workbook::recent
