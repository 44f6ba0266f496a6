#pragma once

#include "core/scenario/scenario.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace tw::catalog {
class Catalog;
}

namespace tw::ui::report {

/// One parameter of a scenario as written to JSON: its dotted path and its value as text.
struct ParameterRow
{
    QString path;  ///< "deployments[0].hardware.replicas"
    QString value; ///< "2"; arrays of numbers as "1, 2, 3"; strings unquoted
};

/// Every parameter of @p scenario: scenario::toJson (which writes catalog models and GPUs by id
/// with their overrides only) flattened in document order.
std::vector<ParameterRow> parameterRows(const scenario::Scenario &scenario,
                                        const catalog::Catalog &catalog);

/// Parameters of several scenarios side by side: one row per path that any of them has, in
/// first-seen order; a scenario without the path has an empty cell.
struct ParameterComparison
{
    QStringList paths;
    std::vector<QStringList> values; ///< values[row][scenario]
    std::vector<bool> differs;       ///< the scenarios disagree on this row
};
ParameterComparison compareParameters(const std::vector<std::vector<ParameterRow>> &perScenario);

/// A catalog figure a scenario uses, with its provenance as the catalog records it.
struct CatalogValue
{
    QString file;  ///< "gpu_specs.csv"
    QString item;  ///< "GPU h100_sxm"
    QString value; ///< "80 GB HBM3, 3,350 GB/s, 989 TFLOPS (bf16), 700 W"
    QString date;  ///< the row's date or year column, as written
    QString source;
    QString verification;
};

/// The catalog rows behind @p scenarios (models, GPUs and their idle power, cloud offerings,
/// API prices, grid intensity, PUE, electricity price, embodied carbon), each once, plus the
/// API compared with (@p comparedApis, "Provider/model" keys) and the report's equivalents.
/// A scenario figure that no catalog row matches (the user's own value) is not listed here:
/// the parameter table shows it.
std::vector<CatalogValue> catalogValuesUsed(const std::vector<scenario::Scenario> &scenarios,
                                            const QStringList &comparedApis,
                                            const catalog::Catalog &catalog);

} // namespace tw::ui::report
