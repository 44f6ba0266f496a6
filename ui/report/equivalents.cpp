#include "ui/report/equivalents.h"

#include "core/catalog/catalog.h"

#include <cmath>

namespace tw::ui::report {
namespace {

std::optional<Equivalent> row(const catalog::CsvTable &table, const std::string &id)
{
    for (std::size_t r = 0; r < table.rows().size(); ++r) {
        if (table.field(r, "equivalent_id") != id)
            continue;
        const auto text = [&](const char *column) {
            return QString::fromStdString(table.field(r, column));
        };
        bool ok = false;
        const double value = text("value").toDouble(&ok);
        if (!ok || !(value > 0.0) || !std::isfinite(value))
            return std::nullopt;
        return Equivalent{text("equivalent_id"), text("equivalent"), value,
                          text("unit"),          text("year"),       text("source"),
                          text("verification")};
    }
    return std::nullopt;
}

} // namespace

std::optional<double> Equivalents::homes(double kwhPerYear) const
{
    if (!homeElectricityYear)
        return std::nullopt;
    return kwhPerYear / homeElectricityYear->value;
}

std::optional<double> Equivalents::cars(double tonnesPerYear) const
{
    if (!carCo2Year)
        return std::nullopt;
    return tonnesPerYear / carCo2Year->value;
}

Equivalents Equivalents::fromCatalog(const catalog::Catalog &catalog)
{
    Equivalents equivalents;
    if (const catalog::CsvTable *table = catalog.table("equivalents.csv")) {
        equivalents.homeElectricityYear = row(*table, "us_household_electricity_year");
        equivalents.carCo2Year = row(*table, "passenger_car_co2_year");
    }
    return equivalents;
}

} // namespace tw::ui::report
