// The appendices of a report: every parameter, every catalog figure used, the methodology.

#include "ui/report/assumption_tables.h"
#include "ui/report/report_context.h"

namespace tw::ui::report {
namespace {

/// At most this many scenarios share one parameter table; more get a table each.
constexpr std::size_t kSideBySide = 3;

void addParameters(PageLayout &layout, const ReportContext &context)
{
    std::vector<std::vector<ParameterRow>> perScenario;
    for (const ReportScenario &s : context.scenarios)
        perScenario.push_back(parameterRows(s.scenario, context.catalog));
    const ReportStyle &style = layout.style();
    if (perScenario.size() > kSideBySide) {
        for (std::size_t i = 0; i < perScenario.size(); ++i) {
            layout.heading(context.scenarios[i].label, 2);
            TableSpec table;
            table.headers = {QStringLiteral("Parameter"), QStringLiteral("Value")};
            table.columnWeights = {1.2, 0.8};
            for (const ParameterRow &row : perScenario[i])
                table.rows.push_back({row.path, row.value});
            layout.table(table);
        }
        return;
    }
    const ParameterComparison comparison = compareParameters(perScenario);
    TableSpec table;
    table.headers << QStringLiteral("Parameter");
    table.columnWeights = {1.7};
    for (const ReportScenario &s : context.scenarios) {
        table.headers << (context.comparing() ? s.label : QStringLiteral("Value"));
        table.columnWeights.push_back(context.comparing() ? 0.75 : 1.1);
    }
    for (int row = 0; row < comparison.paths.size(); ++row) {
        QStringList cells{comparison.paths[row]};
        for (const QString &value : comparison.values[static_cast<std::size_t>(row)])
            cells << (value.isEmpty() ? QStringLiteral("–") : value);
        table.rows.push_back(cells);
        table.emphasised.push_back(context.comparing()
                                   && comparison.differs[static_cast<std::size_t>(row)]);
    }
    if (context.comparing())
        layout.paragraph(QStringLiteral("Highlighted rows differ between the scenarios."),
                         style.font(style.smallPt), style.muted, 4);
    layout.table(table);
}

void addCatalogFigures(PageLayout &layout, const ReportContext &context)
{
    std::vector<scenario::Scenario> scenarios;
    QStringList apis;
    for (const ReportScenario &s : context.scenarios) {
        scenarios.push_back(s.scenario);
        apis << s.output->apiLabel;
    }
    TableSpec table;
    table.headers = {QStringLiteral("Figure"), QStringLiteral("Value"), QStringLiteral("Date"),
                     QStringLiteral("Source"), QStringLiteral("Verification")};
    table.columnWeights = {1.3, 1.3, 0.75, 2.0, 1.15};
    for (const CatalogValue &value : catalogValuesUsed(scenarios, apis, context.catalog))
        table.rows.push_back(
                {value.item, value.value, value.date, value.source, value.verification});
    layout.table(table);
}

} // namespace

void addAssumptions(PageLayout &layout, const ReportContext &context)
{
    const ReportStyle &style = layout.style();
    const QFont body = style.font(style.bodyPt);
    layout.newPage();
    layout.heading(QStringLiteral("Appendix A — Assumptions"), 1);
    layout.paragraph(
            QStringLiteral("Every parameter of the simulated scenarios, as saved in their "
                           "scenario files (models and GPUs are named by catalog id; only values "
                           "that differ from the catalog are written out). Parameters not listed "
                           "take the defaults documented in docs/scenario-format.md."),
            body, style.text, 8);
    layout.heading(QStringLiteral("Scenario parameters"), 2);
    addParameters(layout, context);
    layout.heading(QStringLiteral("Catalog figures used"), 2);
    layout.paragraph(QStringLiteral("The reference figures behind the parameters, as TokenWatt's "
                                    "catalog records them: each with its source, the date of the "
                                    "figure and how it was checked."),
                     body, style.text, 8);
    addCatalogFigures(layout, context);
}

void addMethodology(PageLayout &layout, const ReportContext &context)
{
    const ReportStyle &style = layout.style();
    const QFont body = style.font(style.bodyPt);
    layout.newPage();
    layout.heading(QStringLiteral("Appendix B — Methodology"), 1);
    const struct
    {
        const char *heading;
        const char *text;
    } sections[] = {
            {"A simulation, not a spreadsheet",
             "TokenWatt replays the scenario's traffic request by request in a discrete-event "
             "simulation: requests arrive, wait, are batched with others on a replica of the "
             "model, and produce their tokens one iteration at a time. Queues, batch sizes and "
             "idle gaps therefore come out of the simulation instead of being assumed, and so do "
             "the latency percentiles. Runs are deterministic: the same scenario and seed give the "
             "same figures."},
            {"How long an iteration takes",
             "Each iteration of a replica is timed with a roofline model: the linear layers and "
             "attention are each limited either by the GPU's arithmetic throughput or by its "
             "memory bandwidth, whichever is slower, plus tensor-parallel communication and fixed "
             "per-iteration costs. Small batches are limited by reading the weights from memory, "
             "large prompts by arithmetic. Efficiencies and overheads are calibrated per GPU "
             "generation and serving software against published measurements."},
            {"Serving policies",
             "Continuous batching re-forms the batch every iteration within a token budget and "
             "the memory left for the key-value cache, preempting the newest request when memory "
             "runs out; static and dynamic batching and a response cache, routing rules and API "
             "deployments are modelled as the scenario describes them."},
            {"Energy and emissions",
             "Each GPU draws its idle power all the time and, while an iteration runs, a share of "
             "the range up to its rated power that follows how compute- or memory-bound the "
             "iteration is. Server overhead and the facility's power usage effectiveness (PUE) "
             "scale this to the energy drawn from the grid, integrated exactly over the run. "
             "Operational emissions are that energy times the grid's carbon intensity; embodied "
             "emissions spread the hardware's manufacturing footprint over its lifetime."},
            {"Cost",
             "Rented GPUs are paid for every provisioned hour, busy or idle; owned ones are "
             "amortised over their lifetime with electricity and operations added; APIs are "
             "billed per token at their list prices. Monthly and yearly figures scale the "
             "simulated period to 730 and 8,760 hours, so a simulated busy hour stands for every "
             "hour: read them as the cost of running at that load all the time."},
            {"Limits",
             "The figures are estimates. Real systems differ in software versions, kernels, "
             "network and scheduling details; an API's own hardware is not modelled, so its "
             "energy and emissions are not counted. The project's documentation (docs/model.md, "
             "docs/validation.md) gives every equation with its source and the measured errors of "
             "the calibration."},
    };
    for (const auto &section : sections) {
        layout.heading(QString::fromUtf8(section.heading), 2, 40);
        layout.paragraph(QString::fromUtf8(section.text), body, style.text, 6);
    }
    // Which calibrated parameters each self-hosted deployment ran with, and how many measured
    // rows stand behind them (borrowed ones say so).
    QStringList origins;
    for (const ReportScenario &s : context.scenarios) {
        if (!s.output)
            continue;
        for (const metrics::DeploymentResults &d : s.output->current.deployments)
            if (!d.parameterSource.empty())
                origins << QStringLiteral("%1%2: %3.")
                                           .arg(context.comparing() ? s.label + QStringLiteral(", ")
                                                                    : QString(),
                                                QString::fromStdString(d.name),
                                                QString::fromStdString(d.parameterSource))
                                   + (d.accuracyThroughputPercent > 0.0
                                              ? QStringLiteral(
                                                        " Median errors: ±%1 % throughput, ±%2 % "
                                                        "TPOT, ±%3 % energy per token (%4).")
                                                        .arg(d.accuracyThroughputPercent, 0, 'f', 0)
                                                        .arg(d.accuracyLatencyPercent, 0, 'f', 0)
                                                        .arg(d.accuracyEnergyPercent, 0, 'f', 0)
                                                        .arg(QString::fromStdString(
                                                                d.accuracyBasis))
                                              : QString())
                                   + (d.outsideMeasuredRange.empty()
                                              ? QString()
                                              : QStringLiteral(" Outside the measured range: %1.")
                                                        .arg(QString::fromStdString(
                                                                d.outsideMeasuredRange)));
    }
    if (!origins.isEmpty()) {
        layout.heading(QStringLiteral("Calibrated parameters used"), 2, 40);
        for (const QString &line : origins)
            layout.paragraph(line, body, style.text, 3);
    }
}

} // namespace tw::ui::report
