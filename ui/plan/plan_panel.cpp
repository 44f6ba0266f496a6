#include "ui/plan/plan_panel.h"

#include "core/catalog/catalog.h"
#include "core/metrics/text_format.h"
#include "core/scenario_io/scenario_json.h"
#include "ui/scenario_document.h"

#include <nlohmann/json.hpp>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace tw::ui {
namespace {

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

QString usd(double value)
{
    return fromStd(metrics::formatUsd(value, 0));
}

QString percentChange(double now, double then)
{
    if (!(then > 0.0))
        return QString();
    const double change = 100.0 * (now / then - 1.0);
    // U+2212 MINUS SIGN: a hyphen reads as a dash in a table cell.
    return (change < 0 ? QStringLiteral("\u2212") : QStringLiteral("+"))
           + QString::number(std::fabs(change), 'f', 0) + QStringLiteral(" %");
}

QString hourRange(int hour)
{
    return QStringLiteral("%1:00–%2:00")
            .arg(hour, 2, 10, QLatin1Char('0'))
            .arg((hour + 1) % 24, 2, 10, QLatin1Char('0'));
}

enum Column {
    FleetColumn,
    HostingColumn,
    MonthColumn,
    ChangeColumn,
    PerMillionColumn,
    TtftColumn,
    TpotColumn,
    E2eColumn,
    EnergyColumn,
    SloColumn,
    ColumnCount
};

QTableWidget *makeTable(QWidget *parent, const QString &objectName)
{
    auto *table = new QTableWidget(0, ColumnCount, parent);
    table->setObjectName(objectName);
    table->setHorizontalHeaderLabels(
            {QObject::tr("Fleet (replicas × GPUs)"), QObject::tr("Hosting"),
             QObject::tr("$ / month"), QObject::tr("vs now"), QObject::tr("$ / 1M out"),
             QObject::tr("TTFT p95"), QObject::tr("TPOT p95"), QObject::tr("E2E p95"),
             QObject::tr("MWh / month"), QObject::tr("SLO")});
    table->horizontalHeaderItem(MonthColumn)
            ->setToolTip(QObject::tr("The whole scenario's cost, scaled to a 730-hour month"));
    table->horizontalHeaderItem(E2eColumn)->setToolTip(
            QObject::tr("p95 end-to-end latency of the planned deployment's "
                        "requests"));
    table->horizontalHeaderItem(EnergyColumn)
            ->setToolTip(QObject::tr("Facility energy (PUE included), scaled to a 730-hour "
                                     "month; an API's energy is not modelled"));
    table->horizontalHeaderItem(SloColumn)->setToolTip(
            QObject::tr("Share of the planned deployment's requests within the "
                        "SLO, or why the configuration misses it"));
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->verticalHeader()->setDefaultSectionSize(22);
    table->horizontalHeader()->setSectionResizeMode(FleetColumn, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(HostingColumn, QHeaderView::Stretch);
    for (int column = MonthColumn; column < ColumnCount; ++column)
        table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    table->setAlternatingRowColors(true);
    return table;
}

const std::vector<sweep::PlanConfig> kNoConfigs;

} // namespace

PlanPanel::PlanPanel(ScenarioDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_runner(new PlanRunner(this))
{
    setObjectName(QStringLiteral("planPanel"));
    auto *column = new QVBoxLayout(this);

    auto *settings = new QHBoxLayout;
    m_deployment = new QComboBox(this);
    m_deployment->setObjectName(QStringLiteral("planDeployment"));
    m_deployment->setToolTip(tr("The self-hosted deployment to size; the scenario's other "
                                "deployments, its routing and its cache stay as they are"));
    m_ttft = new QDoubleSpinBox(this);
    m_ttft->setObjectName(QStringLiteral("planTtft"));
    m_ttft->setRange(0.01, 600.0);
    m_ttft->setDecimals(2);
    m_ttft->setSingleStep(0.1);
    m_ttft->setSuffix(tr(" s"));
    m_ttft->setToolTip(tr("Time to first token a request must meet (0.01–600 s)"));
    m_tpot = new QDoubleSpinBox(this);
    m_tpot->setObjectName(QStringLiteral("planTpot"));
    m_tpot->setRange(1.0, 10000.0);
    m_tpot->setDecimals(0);
    m_tpot->setSingleStep(5.0);
    m_tpot->setSuffix(tr(" ms"));
    m_tpot->setToolTip(tr("Mean time per output token a request must meet (1–10,000 ms)"));
    m_attainment = new QSpinBox(this);
    m_attainment->setObjectName(QStringLiteral("planAttainment"));
    m_attainment->setRange(50, 100);
    m_attainment->setValue(90);
    m_attainment->setSuffix(tr(" % of requests"));
    m_attainment->setToolTip(tr("The share of the planned deployment's requests that must meet "
                                "both limits (50–100 %); the queue must not grow either"));
    m_prices = new QComboBox(this);
    m_prices->setObjectName(QStringLiteral("planPrices"));
    m_prices->addItem(tr("On-demand"), QStringLiteral("on-demand"));
    m_prices->addItem(tr("Every price type"), QString());
    m_prices->setToolTip(tr("Which catalog offers to rent at: on-demand only, or also reserved, "
                            "spot and capacity blocks. The deployment's own hosting terms are "
                            "always tried for its own GPU."));
    m_maxReplicas = new QSpinBox(this);
    m_maxReplicas->setObjectName(QStringLiteral("planMaxReplicas"));
    m_maxReplicas->setRange(1, 64);
    m_maxReplicas->setValue(16);
    m_maxReplicas->setToolTip(tr("The most replicas of one shape to try (1–64)"));
    m_plan = new QPushButton(tr("Plan"), this);
    m_plan->setObjectName(QStringLiteral("planButton"));
    m_plan->setDefault(true);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(140);
    m_progress->setAccessibleName(tr("Plan progress"));
    m_progress->hide();

    const auto labelled = [this, settings](const QString &text, QWidget *field) {
        auto *label = new QLabel(text, this);
        label->setBuddy(field);
        settings->addWidget(label);
        settings->addWidget(field);
        settings->addSpacing(8);
    };
    labelled(tr("&Deployment"), m_deployment);
    labelled(tr("SLO: &TTFT ≤"), m_ttft);
    labelled(tr("TP&OT ≤"), m_tpot);
    labelled(tr("for"), m_attainment);
    labelled(tr("P&rices"), m_prices);
    labelled(tr("Up to"), m_maxReplicas);
    settings->addWidget(new QLabel(tr("replicas"), this));
    settings->addStretch(1);
    settings->addWidget(m_progress);
    settings->addWidget(m_plan);
    column->addLayout(settings);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("planSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setText(tr("Finds the cheapest fleets that serve this scenario's traffic within "
                          "the SLO: GPU, GPUs per replica, precision, batch limit, replicas "
                          "and offer, by simulation. Press Plan."));
    column->addWidget(m_summary);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("planLists"));
    m_cheapest = makeTable(m_tabs, QStringLiteral("planCheapest"));
    m_pareto = makeTable(m_tabs, QStringLiteral("planPareto"));
    m_apis = makeTable(m_tabs, QStringLiteral("planApis"));
    m_tabs->addTab(m_cheapest, tr("Cheapest meeting the SLO"));
    m_tabs->addTab(m_pareto, tr("Pareto front (cost, latency, energy)"));
    m_tabs->addTab(m_apis, tr("APIs"));
    m_tabs->setTabToolTip(1, tr("Self-hosted configurations meeting the SLO that no other beats "
                                "on cost, p95 end-to-end latency and energy at once"));
    column->addWidget(m_tabs, 1);

    auto *bottom = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("planStatus"));
    m_status->setWordWrap(true);
    m_apply = new QPushButton(tr("&Apply to scenario"), this);
    m_apply->setObjectName(QStringLiteral("planApply"));
    m_apply->setToolTip(tr("Make the selected row the deployment's fleet (one undoable step)"));
    m_apply->setEnabled(false);
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_apply);
    column->addLayout(bottom);

    connect(m_plan, &QPushButton::clicked, this, [this] {
        if (m_runner->isRunning())
            cancelPlan();
        else
            startPlan();
    });
    connect(m_apply, &QPushButton::clicked, this, [this] {
        const QList<QTableWidgetSelectionRange> ranges = shownTable()->selectedRanges();
        applyRow(ranges.isEmpty() ? -1 : ranges.front().topRow());
    });
    for (QTableWidget *table : {m_cheapest, m_pareto, m_apis}) {
        connect(table, &QTableWidget::itemSelectionChanged, this, &PlanPanel::updateApply);
        connect(table, &QTableWidget::cellDoubleClicked, this,
                [this](int row, int) { applyRow(row); });
    }
    connect(m_tabs, &QTabWidget::currentChanged, this, &PlanPanel::updateApply);
    connect(m_runner, &PlanRunner::progressChanged, this, [this](double fraction) {
        m_progress->setValue(static_cast<int>(std::lround(fraction * 1000.0)));
    });
    connect(m_runner, &PlanRunner::finished, this, [this](const PlanOutcomePtr &outcome) {
        setRunning(false);
        showOutcome(outcome);
    });
    connect(m_runner, &PlanRunner::cancelled, this, [this] {
        setRunning(false);
        m_status->setText(tr("Plan cancelled."));
    });
    connect(m_document, &ScenarioDocument::scenarioChanged, this, [this] {
        refreshDeployments();
        refreshStaleness();
    });
    refreshDeployments();
}

PlanPanel::~PlanPanel() = default;

void PlanPanel::refreshDeployments()
{
    const scenario::Scenario &s = m_document->scenario();
    const QString chosen = m_deployment->currentText();
    m_deployment->clear();
    for (const scenario::Deployment &d : s.deployments)
        if (d.kind == scenario::DeploymentKind::SelfHosted)
            m_deployment->addItem(fromStd(d.name));
    if (const int index = m_deployment->findText(chosen); index >= 0)
        m_deployment->setCurrentIndex(index);
    m_plan->setEnabled(m_runner->isRunning() || m_deployment->count() > 0);
    if (m_deployment->count() == 0)
        m_status->setText(tr("The scenario has no self-hosted deployment to size."));
    // The SLO fields follow the scenario's SLO when it changes (an example, undo, Apply);
    // limits the user typed stay otherwise.
    if (!m_sloSynced || !(*m_sloSynced == s.slo)) {
        m_sloSynced = s.slo;
        m_ttft->setValue(s.slo.ttftSeconds);
        m_tpot->setValue(s.slo.tpotSeconds * 1000.0);
    }
}

void PlanPanel::refreshStaleness()
{
    if (m_outcome && m_outcome->revision != m_document->revision()
        && !m_status->property("applied").toBool())
        m_status->setText(tr("The scenario has changed since this plan: press Plan to size it "
                             "again."));
    m_status->setProperty("applied", false);
    updateApply();
}

void PlanPanel::startPlan()
{
    if (m_deployment->count() == 0)
        return;
    scenario::Scenario s = m_document->scenario();
    s.slo.ttftSeconds = m_ttft->value();
    s.slo.tpotSeconds = m_tpot->value() / 1000.0;
    sweep::PlanOptions options;
    options.deployment = m_deployment->currentText().toStdString();
    options.maxReplicas = m_maxReplicas->value();
    options.slo.minSloAttainment = m_attainment->value() / 100.0;
    const QString prices = m_prices->currentData().toString();
    options.priceTypes.clear();
    if (!prices.isEmpty())
        options.priceTypes.push_back(prices.toStdString());
    setRunning(true);
    m_status->setText(tr("Planning '%1'…").arg(m_deployment->currentText()));
    m_runner->start(s, options, m_document->revision());
}

void PlanPanel::cancelPlan()
{
    if (!m_runner->isRunning())
        return;
    m_status->setText(tr("Cancelling…"));
    m_runner->cancel();
}

void PlanPanel::setRunning(bool running)
{
    m_plan->setText(running ? tr("Cancel") : tr("Plan"));
    m_plan->setToolTip(running ? tr("Stop the search; nothing found so far is shown")
                               : tr("Search GPUs, GPUs per replica, precisions, batch limits, "
                                    "replicas and offers for the cheapest within the SLO"));
    m_progress->setValue(0);
    m_progress->setVisible(running);
    for (QWidget *field :
         std::initializer_list<QWidget *>{m_deployment, m_ttft, m_tpot, m_prices, m_maxReplicas})
        field->setEnabled(!running);
    updateApply();
}

void PlanPanel::showOutcome(const PlanOutcomePtr &outcome)
{
    if (!outcome->error.isEmpty()) {
        m_outcome.reset();
        for (QTableWidget *table : {m_cheapest, m_pareto, m_apis})
            table->setRowCount(0);
        m_summary->setText(tr("The plan was refused: %1").arg(outcome->error));
        m_status->clear();
        updateApply();
        return;
    }
    m_outcome = outcome;
    const sweep::PlanResult &r = outcome->result;
    const sweep::PlanConfig &now = r.current;
    QStringList lines;
    lines << tr("<b>Now</b>: %1, %2: %3 a month, %4.")
                     .arg(fromStd(sweep::fleetText(now, true)).toHtmlEscaped(),
                          fromStd(sweep::hostingText(now)).toHtmlEscaped(), usd(now.usdPerMonth),
                          now.meetsSlo ? tr("meets the SLO")
                                       : tr("misses the SLO (%1)").arg(fromStd(now.miss)));
    if (r.cheapest.empty()) {
        lines << tr("<b>Nothing searched meets the SLO.</b> Allow more replicas or every price "
                    "type, or relax the SLO.");
    } else {
        const sweep::PlanConfig &best = r.cheapest.front();
        lines << tr("<b>Cheapest meeting the SLO</b>: %1, %2: <b>%3 a month</b> (%4 vs now), "
                    "%5 per 1M output tokens.")
                         .arg(fromStd(sweep::fleetText(best, true)).toHtmlEscaped(),
                              fromStd(sweep::hostingText(best)).toHtmlEscaped(),
                              usd(best.usdPerMonth),
                              percentChange(best.usdPerMonth, now.usdPerMonth),
                              usd(best.usdPerMillionOutputTokens));
    }
    if (r.peakHour) {
        const sweep::PeakHourSizing &p = *r.peakHour;
        const QString hours = hourRange(p.hour);
        const QString arriving = fromStd(metrics::formatSignificant(p.arrivalRatePerSecond));
        if (p.replicas && *p.replicas == 1)
            lines << tr("<b>Busiest hour</b> (%1, %2 requests/s arriving): one replica of that "
                        "shape (%3 GPUs) is enough.")
                             .arg(hours, arriving)
                             .arg(p.config.gpus());
        else if (p.replicas)
            lines << tr("<b>Busiest hour</b> (%1, %2 requests/s arriving): %3 replicas of that "
                        "shape (%4 GPUs).")
                             .arg(hours, arriving)
                             .arg(*p.replicas)
                             .arg(p.config.gpus());
        else
            lines << tr("<b>Busiest hour</b> (%1): more than %2 replicas of that shape.")
                             .arg(hours)
                             .arg(outcome->options.maxReplicas);
    }
    m_summary->setText(lines.join(QStringLiteral("<br>")));
    const sweep::PlanCounts &n = r.counts;
    m_summary->setToolTip(
            tr("Searched %1 candidates in %2 s with %3 simulations: %4 cannot run the model, %5 "
               "are below the throughput bound, %6 cost over %7× the cheapest, %8 miss the SLO, "
               "%9 meet it. SLO: TTFT ≤ %10 s and TPOT ≤ %11 ms for %12 of the planned "
               "deployment's requests, no growing queue.")
                    .arg(fromStd(metrics::formatCount(n.candidates)),
                         fromStd(metrics::formatSignificant(outcome->seconds)),
                         fromStd(metrics::formatCount(n.simulations)),
                         fromStd(metrics::formatCount(n.infeasible)),
                         fromStd(metrics::formatCount(n.throughputBound)),
                         fromStd(metrics::formatCount(n.costBound)),
                         fromStd(metrics::formatExact(outcome->options.costCeiling)),
                         fromStd(metrics::formatCount(n.missSlo)),
                         fromStd(metrics::formatCount(n.meetSlo)))
                    .arg(fromStd(metrics::formatExact(outcome->scenario.slo.ttftSeconds)),
                         fromStd(metrics::formatSignificant(outcome->scenario.slo.tpotSeconds
                                                            * 1000.0)),
                         fromStd(metrics::formatPercent(outcome->options.slo.minSloAttainment))));
    fillTable(m_cheapest, r.cheapest);
    fillTable(m_pareto, r.pareto);
    fillTable(m_apis, r.apis);
    m_tabs->setTabText(0, tr("Cheapest meeting the SLO (%1)").arg(r.cheapest.size()));
    m_tabs->setTabText(1, tr("Pareto front (%1)").arg(r.pareto.size()));
    m_tabs->setTabText(2, tr("APIs (%1)").arg(r.apis.size()));
    m_status->setText(tr("%1 candidates, %2 simulations, %3 s. Select a row and Apply to make it "
                         "the scenario's fleet.")
                              .arg(fromStd(metrics::formatCount(n.candidates)),
                                   fromStd(metrics::formatCount(n.simulations)),
                                   fromStd(metrics::formatSignificant(outcome->seconds))));
    if (m_cheapest->rowCount() > 0)
        m_cheapest->selectRow(0);
    m_tabs->setCurrentIndex(0);
    // Edited while the plan ran: the lists are of the scenario before the edit.
    if (outcome->revision != m_document->revision())
        m_status->setText(tr("The scenario changed while this plan ran: its lists are of the "
                             "scenario before. Press Plan to size it again."));
    updateApply();
    emit planShown();
}

void PlanPanel::fillTable(QTableWidget *table, const std::vector<sweep::PlanConfig> &configs)
{
    const double now = m_outcome ? m_outcome->result.current.usdPerMonth : 0.0;
    table->clearSelection();
    table->setRowCount(static_cast<int>(configs.size()));
    for (int row = 0; row < table->rowCount(); ++row) {
        const sweep::PlanConfig &c = configs[static_cast<std::size_t>(row)];
        const auto set = [table, row](int column, const QString &text, bool number = true) {
            auto *item = new QTableWidgetItem(text);
            if (number)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table->setItem(row, column, item);
        };
        QString fleet = fromStd(sweep::fleetText(c, true));
        if (!c.api)
            fleet = fleet.replace(QStringLiteral(" x "), QStringLiteral(" × "));
        set(FleetColumn, fleet, false);
        table->item(row, FleetColumn)->setToolTip(c.api ? fromStd(c.apiKey) : fromStd(c.gpuId));
        set(HostingColumn, fromStd(sweep::hostingText(c)), false);
        if (!c.api && c.pricePerGpuHourUsd > 0.0)
            table->item(row, HostingColumn)
                    ->setToolTip(
                            tr("%1 per GPU-hour")
                                    .arg(fromStd(metrics::formatUsd(c.pricePerGpuHourUsd, 2))));
        set(MonthColumn, usd(c.usdPerMonth));
        set(ChangeColumn, percentChange(c.usdPerMonth, now));
        set(PerMillionColumn, usd(c.usdPerMillionOutputTokens));
        set(TtftColumn, fromStd(metrics::formatLatency(c.ttftP95Seconds)));
        set(TpotColumn, fromStd(metrics::formatLatency(c.tpotP95Seconds)));
        set(E2eColumn, fromStd(metrics::formatLatency(c.e2eP95Seconds)));
        set(EnergyColumn,
            c.api ? tr("–") : fromStd(metrics::formatSignificant(c.kwhPerMonth / 1000.0)));
        set(SloColumn, c.meetsSlo ? fromStd(metrics::formatPercent(c.sloAttainment))
                                  : tr("misses: %1").arg(fromStd(c.miss)));
    }
}

QTableWidget *PlanPanel::shownTable() const
{
    return qobject_cast<QTableWidget *>(m_tabs->currentWidget());
}

const std::vector<sweep::PlanConfig> &PlanPanel::shownConfigs() const
{
    if (!m_outcome)
        return kNoConfigs;
    const QWidget *shown = m_tabs->currentWidget();
    return shown == m_cheapest ? m_outcome->result.cheapest
           : shown == m_pareto ? m_outcome->result.pareto
                               : m_outcome->result.apis;
}

void PlanPanel::updateApply()
{
    const bool fresh = m_outcome && m_outcome->revision == m_document->revision();
    const bool selected = !shownTable()->selectedRanges().isEmpty();
    m_apply->setEnabled(fresh && selected && !m_runner->isRunning());
}

bool PlanPanel::applyRow(int row)
{
    const std::vector<sweep::PlanConfig> &configs = shownConfigs();
    if (!m_outcome || row < 0 || row >= static_cast<int>(configs.size())) {
        m_status->setText(tr("Select a row to apply."));
        return false;
    }
    if (m_outcome->revision != m_document->revision()) {
        m_status->setText(tr("Not applied: the scenario has changed since this plan. Press Plan "
                             "to size it again."));
        return false;
    }
    const sweep::PlanConfig &config = configs[static_cast<std::size_t>(row)];
    const std::string &name = m_outcome->result.deployment;
    nlohmann::json planned;
    try {
        const scenario::Scenario applied = sweep::withPlanConfig(m_outcome->scenario, name, config);
        planned = nlohmann::json::parse(scenario::toJson(applied, catalog::Catalog::builtIn()));
    } catch (const std::exception &error) {
        m_status->setText(tr("Not applied: %1").arg(fromStd(error.what())));
        return false;
    }
    nlohmann::json deployment;
    for (const nlohmann::json &d : planned["deployments"])
        if (d.value("name", std::string()) == name)
            deployment = d;
    const bool newSlo = m_outcome->scenario.slo != m_document->scenario().slo;
    const nlohmann::json slo = planned["slo"];
    const QString fleet = fromStd(sweep::fleetText(config));
    // The edit's scenarioChanged must not call this plan stale: it is the plan's own.
    m_status->setProperty("applied", true);
    const bool done = m_document->edit(tr("Apply plan: %1").arg(fleet), QStringLiteral("plan"), -1,
                                       [&name, &deployment, newSlo, &slo](nlohmann::json &json) {
                                           for (nlohmann::json &d : json["deployments"])
                                               if (d.value("name", std::string()) == name)
                                                   d = deployment;
                                           if (newSlo)
                                               json["slo"] = slo;
                                       });
    m_status->setProperty("applied", false);
    if (!done) {
        m_status->setText(tr("Not applied: the scenario refused the configuration."));
        return false;
    }
    m_status->setText(
            tr("Applied %1 to '%2'%3. Undo (Ctrl+Z) brings back the fleet before.")
                    .arg(fleet, fromStd(name), newSlo ? tr(", with the plan's SLO") : QString()));
    updateApply();
    return true;
}

} // namespace tw::ui
