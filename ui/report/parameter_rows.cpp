// The parameter half of assumption_tables.h: a scenario's JSON flattened into rows.

#include "ui/report/assumption_tables.h"

#include "core/scenario_io/scenario_json.h"

#include <nlohmann/json.hpp>

#include <map>

namespace tw::ui::report {
namespace {

using Json = nlohmann::ordered_json;

QString scalarText(const Json &value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    if (value.is_null())
        return QStringLiteral("null");
    // Six significant digits are enough to read a parameter (the scenario file keeps every
    // digit): 0.5669872981077806 reads as 0.566987.
    if (value.is_number_float())
        return QString::number(value.get<double>(), 'g', 6);
    return QString::fromStdString(value.dump()); // integers and booleans as written
}

bool allScalars(const Json &array)
{
    for (const Json &item : array)
        if (item.is_object() || item.is_array())
            return false;
    return true;
}

void flatten(const Json &node, const QString &path, std::vector<ParameterRow> &rows)
{
    if (node.is_object()) {
        if (node.empty())
            rows.push_back({path, QStringLiteral("{}")});
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString key = QString::fromStdString(it.key());
            flatten(it.value(), path.isEmpty() ? key : path + QLatin1Char('.') + key, rows);
        }
    } else if (node.is_array()) {
        // A list of numbers (24 hourly multipliers) reads best on one line.
        if (allScalars(node)) {
            QStringList items;
            for (const Json &item : node)
                items << scalarText(item);
            rows.push_back({path, items.join(QStringLiteral(", "))});
            return;
        }
        for (std::size_t i = 0; i < node.size(); ++i)
            flatten(node[i], QStringLiteral("%1[%2]").arg(path).arg(i), rows);
    } else {
        rows.push_back({path, scalarText(node)});
    }
}

} // namespace

std::vector<ParameterRow> parameterRows(const scenario::Scenario &scenario,
                                        const catalog::Catalog &catalog)
{
    // nlohmann::ordered_json keeps the writer's key order (version, name, ..., slo), which
    // follows docs/scenario-format.md; a plain json would sort the keys.
    const Json json = Json::parse(scenario::toJson(scenario, catalog));
    std::vector<ParameterRow> rows;
    flatten(json, QString(), rows);
    return rows;
}

ParameterComparison compareParameters(const std::vector<std::vector<ParameterRow>> &perScenario)
{
    ParameterComparison table;
    std::map<QString, int> index;
    const int count = static_cast<int>(perScenario.size());
    for (int s = 0; s < count; ++s) {
        int insertAt = 0; // a path new to the table goes after this scenario's previous path
        for (const ParameterRow &row : perScenario[static_cast<std::size_t>(s)]) {
            auto found = index.find(row.path);
            if (found == index.end()) {
                table.paths.insert(insertAt, row.path);
                table.values.insert(table.values.begin() + insertAt, QStringList());
                table.values[static_cast<std::size_t>(insertAt)].resize(count);
                for (auto &entry : index)
                    if (entry.second >= insertAt)
                        ++entry.second;
                found = index.emplace(row.path, insertAt).first;
            }
            table.values[static_cast<std::size_t>(found->second)][s] = row.value;
            insertAt = found->second + 1;
        }
    }
    for (const QStringList &values : table.values)
        table.differs.push_back(values.count(values.value(0)) != values.size());
    return table;
}

} // namespace tw::ui::report
