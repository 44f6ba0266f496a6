#include "ui/workbook/workbook_io.h"

#include "ui/render/core_text.h"

#include "core/catalog/catalog.h"
#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/scenario_io/scenario_json.h"
#include "core/store/workbook.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>

namespace tw::ui::workbook {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("tw::ui::workbook", text);
}

std::filesystem::path toPath(const QString &file)
{
    return std::filesystem::path(file.toStdString());
}

bool isWorkbookFile(const QString &file)
{
    return file.endsWith(QString::fromUtf8(store::kWorkbookExtension.data(),
                                           static_cast<int>(store::kWorkbookExtension.size())),
                         Qt::CaseInsensitive)
           || store::looksLikeSqlite(toPath(file));
}

OpenedFile openScenarioJson(const QString &file)
{
    OpenedFile opened;
    const std::filesystem::path path = toPath(file);
    const scenario::Scenario parsed = scenario::parseScenarioJson(
            readTextFile(path), catalog::Catalog::builtIn(), path.parent_path());
    store::StoredScenario stored;
    stored.name = QFileInfo(file).completeBaseName().toStdString();
    if (stored.name.empty())
        stored.name = "Scenario";
    stored.parametersJson = scenario::toJson(parsed, catalog::Catalog::builtIn());
    opened.content.scenarios.push_back(std::move(stored));
    opened.isScenarioJson = true;
    return opened;
}

OpenedFile openWorkbook(const QString &file, bool readOnly)
{
    OpenedFile opened;
    const store::Workbook workbook = store::Workbook::open(
            toPath(file), readOnly ? store::OpenMode::ReadOnly : store::OpenMode::ReadWrite);
    opened.content = workbook.load();
    opened.readOnly = workbook.isReadOnly();
    opened.readOnlyReason = QString::fromStdString(workbook.readOnlyReason());
    if (!workbook.migrationBackup().empty()) {
        opened.notice = tr("The workbook was updated from schema version %1 to %2; the "
                           "original was kept as %3.")
                                .arg(workbook.openedSchemaVersion())
                                .arg(store::kSchemaVersion)
                                .arg(QString::fromStdString(workbook.migrationBackup().string()));
    }
    if (opened.content.scenarios.empty())
        opened.error = tr("%1 holds no scenarios.").arg(file);
    return opened;
}

} // namespace

QString errorMessage(const std::exception &error)
{
    return describeError(error);
}

OpenedFile openFile(const QString &file, bool readOnly)
{
    OpenedFile failed;
    try {
        if (QFileInfo::exists(file))
            return isWorkbookFile(file) ? openWorkbook(file, readOnly) : openScenarioJson(file);
        failed.error
                = tr("%1 does not exist (it may have been moved, renamed or deleted).").arg(file);
    } catch (const std::exception &error) {
        failed.error = errorMessage(error);
    }
    return failed;
}

QString saveFile(const QString &file, const store::WorkbookContent &content, bool replaceInPlace)
{
    try {
        const QFileInfo info(file);
        if (replaceInPlace) {
            store::Workbook workbook = store::Workbook::open(toPath(file));
            if (workbook.isReadOnly()) {
                return tr("%1 is read-only (%2). Use Save As to save a copy elsewhere.")
                        .arg(file, QString::fromStdString(workbook.readOnlyReason()));
            }
            workbook.save(content);
            return {};
        }
        // A rename would replace even a write-protected file: refuse, as Save does.
        if (info.exists() && !info.isWritable())
            return tr("%1 is write-protected; nothing was saved. Choose another name or folder.")
                    .arg(file);
        store::Workbook::writeFile(toPath(file), content);
        return {};
    } catch (const std::exception &error) {
        return errorMessage(error);
    }
}

QString writeScenarioJson(const QString &file, const std::string &parametersJson)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly)) {
        return tr("Cannot write %1: %2").arg(file, out.errorString());
    }
    out.write(parametersJson.data(), static_cast<qint64>(parametersJson.size()));
    if (parametersJson.empty() || parametersJson.back() != '\n')
        out.write("\n");
    if (!out.commit())
        return tr("Cannot write %1: %2").arg(file, out.errorString());
    return {};
}

} // namespace tw::ui::workbook
