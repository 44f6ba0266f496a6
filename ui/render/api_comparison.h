#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace tw::ui {

/// A choice of API to compare the self-hosted cost with: a row of the catalog's api_prices.csv.
/// Kept by the document next to the scenario (the scenario format has no key for it), and
/// passed to the renderers (curve plan, report) by value.
struct ApiComparison
{
    QString key; ///< "Provider/model" as in the catalog; empty = no comparison
    double inputUsdPerMillionTokens = 0.0;
    double outputUsdPerMillionTokens = 0.0;

    bool isSet() const { return !key.isEmpty(); }
};

/// Every API of the built-in catalog with both an input and an output price, in catalog order.
QList<ApiComparison> catalogApis();

/// The catalog API whose key equals @p key ignoring case, or none.
std::optional<ApiComparison> findCatalogApi(const QString &key);

} // namespace tw::ui
