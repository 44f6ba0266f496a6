#pragma once

#include <QString>

#include <optional>

namespace tw::catalog {
class Catalog;
}

namespace tw::ui::report {

/// One everyday equivalent from the catalog's equivalents.csv, with its provenance.
struct Equivalent
{
    QString id;          ///< equivalent_id, e.g. "us_household_electricity_year"
    QString description; ///< "Electricity used by an average US home in a year"
    double value = 0.0;  ///< in unit
    QString unit;        ///< "kWh per home-year", "t CO2 per car-year"
    QString year;
    QString source;
    QString verification;
};

/// The figures the report turns energy and emissions into. Each is absent when the catalog
/// lacks its row or its value is not a positive number (the sentence is then left out).
struct Equivalents
{
    std::optional<Equivalent> homeElectricityYear; ///< kWh a US home uses in a year (EIA)
    std::optional<Equivalent> carCo2Year;          ///< t CO2 a passenger car emits a year (EPA)

    /// Homes whose yearly electricity equals @p kwhPerYear; nullopt without the figure.
    std::optional<double> homes(double kwhPerYear) const;
    /// Cars whose yearly tailpipe CO2 equals @p tonnesPerYear; nullopt without the figure.
    std::optional<double> cars(double tonnesPerYear) const;

    /// Reads the rows from @p catalog's "equivalents.csv".
    static Equivalents fromCatalog(const catalog::Catalog &catalog);
};

} // namespace tw::ui::report
