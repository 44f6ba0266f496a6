#include "ui/render/api_comparison.h"

#include "core/catalog/catalog.h"
#include "core/scenario_io/catalog_apis.h"

#include <algorithm>

namespace tw::ui {

QList<ApiComparison> catalogApis()
{
    QList<ApiComparison> apis;
    for (const scenario::CatalogApi &api : scenario::pricedApis(catalog::Catalog::builtIn()))
        apis.push_back({QString::fromStdString(api.key), api.inputUsdPerMillionTokens,
                        api.outputUsdPerMillionTokens});
    return apis;
}

std::optional<ApiComparison> findCatalogApi(const QString &key)
{
    const QList<ApiComparison> apis = catalogApis();
    const auto found = std::find_if(apis.begin(), apis.end(), [&](const ApiComparison &api) {
        return api.key.compare(key, Qt::CaseInsensitive) == 0;
    });
    if (found == apis.end())
        return std::nullopt;
    return *found;
}

} // namespace tw::ui
