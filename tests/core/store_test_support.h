#pragma once

// Qt helpers shared by the workbook tests (tst_store.cpp, tst_store_errors.cpp).

#include "store_fixtures.h"

#include "core/common/error.h"
#include "core/store/workbook.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <filesystem>

namespace tw::test {

inline QByteArray bytesOf(const std::filesystem::path &file)
{
    QFile stream(QString::fromStdString(file.string()));
    return stream.open(QIODevice::ReadOnly) ? stream.readAll() : QByteArray();
}

inline bool writeBytes(const std::filesystem::path &file, const QByteArray &bytes)
{
    QFile stream(QString::fromStdString(file.string()));
    return stream.open(QIODevice::WriteOnly | QIODevice::Truncate)
           && stream.write(bytes) == bytes.size();
}

/// The message of the InputError @p action throws, or "" when it throws none.
template<typename Action> QString inputErrorOf(Action action)
{
    try {
        action();
    } catch (const InputError &error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

inline store::StoredScenario scenarioNamed(const std::string &name, const std::string &json)
{
    store::StoredScenario scenario;
    scenario.name = name;
    scenario.parametersJson = json;
    return scenario;
}

/// A workbook of two scenarios, "slow" and "fast", at @p file (a realistic file to damage or
/// to read).
inline void writeSampleWorkbook(const std::filesystem::path &file)
{
    store::Workbook::writeFile(file, {{scenarioNamed("slow", shortDefaultJson(30, 1)),
                                       scenarioNamed("fast", shortDefaultJson(30, 4))}});
}

} // namespace tw::test
