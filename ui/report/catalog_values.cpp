// The catalog half of assumption_tables.h: which catalog rows a scenario's figures come from.

#include "ui/report/assumption_tables.h"

#include "core/catalog/catalog.h"
#include "ui/report/report_format.h"

#include <cmath>
#include <functional>
#include <set>

namespace tw::ui::report {
namespace {

using catalog::CsvTable;

QString field(const CsvTable &table, std::size_t row, const char *column)
{
    return QString::fromStdString(table.field(row, column));
}

/// The figure in a catalog cell; NaN when empty or not a number.
double number(const CsvTable &table, std::size_t row, const char *column)
{
    bool ok = false;
    const double value = field(table, row, column).toDouble(&ok);
    return ok ? value : std::nan("");
}

bool same(double a, double b)
{
    return std::isfinite(a) && std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

/// Collects rows once each, in the order they are first used.
class Collector
{
public:
    explicit Collector(const catalog::Catalog &catalog)
        : m_catalog(catalog)
    {}

    /// Adds the first row of @p file that @p matches, described by @p describe; @p aspect
    /// tells apart two figures taken from one row (a GPU's specs and its idle power).
    void add(const char *file, const std::function<bool(const CsvTable &, std::size_t)> &matches,
             const std::function<void(const CsvTable &, std::size_t, CatalogValue &)> &describe,
             const char *aspect = "")
    {
        const CsvTable *table = m_catalog.table(file);
        if (table == nullptr)
            return;
        for (std::size_t row = 0; row < table->rows().size(); ++row) {
            if (!matches(*table, row))
                continue;
            if (!m_seen.insert({std::string(file) + '#' + aspect, row}).second)
                return;
            CatalogValue value;
            value.file = QString::fromLatin1(file);
            value.source = field(*table, row, "source");
            value.verification = field(*table, row, "verification");
            describe(*table, row, value);
            m_values.push_back(std::move(value));
            return;
        }
    }

    std::vector<CatalogValue> take() { return std::move(m_values); }

private:
    const catalog::Catalog &m_catalog;
    std::set<std::pair<std::string, std::size_t>> m_seen;
    std::vector<CatalogValue> m_values;
};

void addModel(Collector &out, const model::ModelSpec &model)
{
    const std::string id = model.id;
    if (id.empty())
        return;
    for (const char *file : {"models.csv", "models_extra.csv"}) {
        out.add(
                file,
                [&](const CsvTable &t, std::size_t r) { return t.field(r, "model_id") == id; },
                [&](const CsvTable &t, std::size_t r, CatalogValue &v) {
                    v.item = QStringLiteral("Model %1").arg(QString::fromStdString(id));
                    v.value = QStringLiteral(
                                      "%1 B parameters (%2 B active), %3 layers, %4 KV heads")
                                      .arg(field(t, r, "params_total_b"),
                                           field(t, r, "params_active_b"), field(t, r, "layers"),
                                           field(t, r, "kv_heads"));
                    v.date = field(t, r, "release_date");
                });
    }
}

void addGpu(Collector &out, const model::GpuSpec &gpu)
{
    const std::string id = gpu.id;
    if (id.empty())
        return;
    const auto isGpu = [&](const CsvTable &t, std::size_t r) { return t.field(r, "gpu_id") == id; };
    out.add("gpu_specs.csv", isGpu, [&](const CsvTable &t, std::size_t r, CatalogValue &v) {
        v.item = QStringLiteral("GPU %1").arg(QString::fromStdString(id));
        v.value = QStringLiteral("%1 GB %2, %3 GB/s, %4 TFLOPS bf16, %5 W TDP")
                          .arg(field(t, r, "memory_gb"), field(t, r, "memory_type"),
                               grouped(number(t, r, "mem_bw_gb_s"), 0),
                               field(t, r, "bf16_dense_tflops"), field(t, r, "tdp_w"));
        v.date = field(t, r, "launch_year");
    });
    // The idle figure has its own source column in the same row.
    out.add(
            "gpu_specs.csv",
            [&](const CsvTable &t, std::size_t r) {
                return isGpu(t, r) && std::isfinite(number(t, r, "idle_power_w"));
            },
            [&](const CsvTable &t, std::size_t r, CatalogValue &v) {
                v.item = QStringLiteral("GPU %1 idle power").arg(QString::fromStdString(id));
                v.value = QStringLiteral("%1 W").arg(field(t, r, "idle_power_w"));
                v.source = field(t, r, "idle_power_source");
            },
            "idle");
}

} // namespace

std::vector<CatalogValue> catalogValuesUsed(const std::vector<scenario::Scenario> &scenarios,
                                            const QStringList &comparedApis,
                                            const catalog::Catalog &catalog)
{
    Collector out(catalog);
    const auto addApi = [&](const QString &key) {
        out.add(
                "api_prices.csv",
                [&](const CsvTable &t, std::size_t r) {
                    return (field(t, r, "provider") + QLatin1Char('/') + field(t, r, "model"))
                                   .compare(key, Qt::CaseInsensitive)
                           == 0;
                },
                [&](const CsvTable &t, std::size_t r, CatalogValue &v) {
                    // "API price, OpenAI gpt-4o": a space for the key's '/', so that the name
                    // wraps between words in its narrow column.
                    v.item = QStringLiteral("API price, %1")
                                     .arg(QString(key).replace(QLatin1Char('/'), QLatin1Char(' ')));
                    v.value = QStringLiteral("%1 input, %2 output per 1M tokens")
                                      .arg(money(number(t, r, "input_usd_per_mtok")),
                                           money(number(t, r, "output_usd_per_mtok")));
                    v.date = field(t, r, "price_effective_from");
                });
    };
    for (const scenario::Scenario &s : scenarios) {
        for (const scenario::Deployment &d : s.deployments) {
            if (d.kind == scenario::DeploymentKind::Api) {
                addApi(QString::fromStdString(d.api.provider + '/' + d.api.model));
                continue;
            }
            addModel(out, d.model);
            addGpu(out, d.hardware.gpu);
            const QString offering = QString::fromStdString(d.hosting.offering);
            if (d.hosting.kind == scenario::HostingKind::Cloud && !offering.isEmpty())
                out.add(
                        "cloud_gpu_prices.csv",
                        [&](const CsvTable &t, std::size_t r) {
                            return (field(t, r, "provider") + QLatin1Char('/')
                                    + field(t, r, "offering"))
                                           .compare(offering, Qt::CaseInsensitive)
                                   == 0;
                        },
                        [&](const CsvTable &t, std::size_t r, CatalogValue &v) {
                            v.item = QStringLiteral("Cloud price, %1")
                                             .arg(QString(offering).replace(QLatin1Char('/'),
                                                                            QLatin1Char(' ')));
                            v.value = QStringLiteral("%1 per GPU-hour (%2, %3)")
                                              .arg(money(number(t, r, "usd_per_gpu_hour")),
                                                   field(t, r, "price_type"),
                                                   field(t, r, "region"));
                            v.date = field(t, r, "as_of");
                        });
            if (d.hosting.kind == scenario::HostingKind::OnPremises)
                out.add(
                        "electricity_prices.csv",
                        [&](const CsvTable &t, std::size_t r) {
                            return field(t, r, "currency_unit") == QLatin1String("US cents/kWh")
                                   && same(number(t, r, "price") / 100.0,
                                           s.region.electricityPricePerKwhUsd);
                        },
                        [&](const CsvTable &t, std::size_t r, CatalogValue &v) {
                            v.item = QStringLiteral("Electricity price");
                            v.value = QStringLiteral("%1 US cents/kWh (%2, %3)")
                                              .arg(field(t, r, "price"), field(t, r, "region"),
                                                   field(t, r, "sector"));
                            v.date = field(t, r, "year");
                        });
            out.add(
                    "embodied_carbon.csv",
                    [&](const CsvTable &t, std::size_t r) {
                        return field(t, r, "unit") == QLatin1String("kgCO2e per GPU")
                               && same(number(t, r, "value"), d.hosting.embodiedKgCo2ePerGpu);
                    },
                    [&](const CsvTable &t, std::size_t r, CatalogValue &v) {
                        v.item = QStringLiteral("Embodied carbon per GPU");
                        v.value = QStringLiteral("%1 kg CO₂e (%2)")
                                          .arg(field(t, r, "value"), field(t, r, "item"));
                        v.date = field(t, r, "year");
                    });
        }
        const QString region = QString::fromStdString(s.region.regionId);
        out.add(
                "grid_carbon_intensity.csv",
                [&](const CsvTable &t, std::size_t r) {
                    return field(t, r, "region_id").compare(region, Qt::CaseInsensitive) == 0
                           && same(number(t, r, "gco2e_per_kwh"),
                                   s.region.carbonIntensityGramsPerKwh);
                },
                [&](const CsvTable &t, std::size_t r, CatalogValue &v) {
                    v.item = QStringLiteral("Grid intensity %1").arg(field(t, r, "region_name"));
                    v.value = QStringLiteral("%1 g CO₂e/kWh").arg(field(t, r, "gco2e_per_kwh"));
                    v.date = field(t, r, "data_year");
                });
        out.add(
                "pue_wue.csv",
                [&](const CsvTable &t, std::size_t r) {
                    return same(number(t, r, "pue"), s.region.pue);
                },
                [&](const CsvTable &t, std::size_t r, CatalogValue &v) {
                    v.item = QStringLiteral("PUE");
                    v.value = QStringLiteral("%1 (%2)").arg(field(t, r, "pue"),
                                                            field(t, r, "entity"));
                    v.date = field(t, r, "year");
                });
    }
    for (const QString &api : comparedApis)
        if (!api.isEmpty())
            addApi(api);
    for (const char *id : {"us_household_electricity_year", "passenger_car_co2_year"}) {
        out.add(
                "equivalents.csv",
                [&](const CsvTable &t, std::size_t r) { return t.field(r, "equivalent_id") == id; },
                [&](const CsvTable &t, std::size_t r, CatalogValue &v) {
                    v.item = field(t, r, "equivalent");
                    v.value = QStringLiteral("%1 %2").arg(field(t, r, "value"),
                                                          field(t, r, "unit"));
                    v.date = field(t, r, "year");
                });
    }
    return out.take();
}

} // namespace tw::ui::report
