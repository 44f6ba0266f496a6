#include "ui/compare/compare_view.h"

#include "ui/render/core_text.h"

#include "core/common/cancellation.h"
#include "core/compare/compare_format.h"
#include "core/store/scenario_import.h"
#include "ui/charts/chart_style.h"
#include "ui/workbook/workbook_io.h"
#include "ui/workbook/workbook_session.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <qcustomplot.h>

#include <cmath>

namespace tw::ui {
namespace {

QString letter(std::size_t index)
{
    return QString::fromStdString(tw::compare::scenarioLetter(index));
}

QTableWidgetItem *numberItem(const std::optional<double> &value, const QString &text)
{
    auto *item = new QTableWidgetItem(value ? text : QObject::tr("n/a"));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (value)
        item->setData(Qt::UserRole, *value); // the exact number, for tests and copying
    return item;
}

QString signedNumber(double value)
{
    return (value > 0 ? QStringLiteral("+") : QString()) + charts::formatNumber(value);
}

} // namespace

CompareView::CompareView(WorkbookSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("compareView"));
    m_pool.setMaxThreadCount(1);
    connect(&m_watcher, &QFutureWatcher<ui::compare::CompareOutcome>::finished, this,
            &CompareView::finished);

    auto *charts = new QWidget(this);
    m_plots = ui::compare::ComparePlots::create(charts);
    auto *grid = new QGridLayout(charts);
    grid->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < 4; ++i)
        grid->addWidget(m_plots.plots[static_cast<std::size_t>(i)], i / 2, i % 2);

    m_kpiTable = new QTableWidget(this);
    m_kpiTable->setObjectName(QStringLiteral("compareKpiTable"));
    m_kpiTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_kpiTable->verticalHeader()->hide();
    m_parameterTable = new QTableWidget(this);
    m_parameterTable->setObjectName(QStringLiteral("compareParameterTable"));
    m_parameterTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_parameterTable->verticalHeader()->hide();
    auto *tables = new QTabWidget(this);
    tables->addTab(m_kpiTable, tr("KPIs"));
    tables->addTab(m_parameterTable, tr("Parameters that differ"));

    auto *results = new QSplitter(Qt::Vertical, this);
    results->addWidget(charts);
    results->addWidget(tables);
    results->setStretchFactor(0, 3);
    results->setStretchFactor(1, 2);

    auto *row = new QHBoxLayout(this);
    row->addWidget(buildPicker());
    row->addWidget(results, 1);
    m_plots.clear();
    refreshCandidates();
}

CompareView::~CompareView()
{
    cancel();
    m_watcher.waitForFinished(); // simulations poll the token often
}

QWidget *CompareView::buildPicker()
{
    auto *picker = new QWidget(this);
    picker->setMaximumWidth(300);
    auto *column = new QVBoxLayout(picker);
    column->setContentsMargins(0, 0, 0, 0);
    auto *heading
            = new QLabel(tr("Tick two to four scenarios; the first is the baseline."), picker);
    heading->setWordWrap(true);
    m_candidates = new QListWidget(picker);
    m_candidates->setObjectName(QStringLiteral("compareCandidates"));
    m_candidates->setAccessibleName(tr("Scenarios to compare"));
    auto *add = new QPushButton(tr("Add from file…"), picker);
    connect(add, &QPushButton::clicked, this, &CompareView::chooseFile);
    m_compare = new QPushButton(tr("Compare"), picker);
    m_compare->setDefault(true);
    connect(m_compare, &QPushButton::clicked, this, &CompareView::startComparison);
    m_cancel = new QPushButton(tr("Cancel"), picker);
    m_cancel->setEnabled(false);
    connect(m_cancel, &QPushButton::clicked, this, &CompareView::cancel);
    m_message = new QLabel(picker);
    m_message->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_compare);
    buttons->addWidget(m_cancel);
    column->addWidget(heading);
    column->addWidget(m_candidates, 1);
    column->addWidget(add);
    column->addLayout(buttons);
    column->addWidget(m_message);
    return picker;
}

void CompareView::refreshCandidates()
{
    QSet<QString> checked;
    for (int i = 0; i < m_candidates->count(); ++i) {
        if (m_candidates->item(i)->checkState() == Qt::Checked)
            checked << m_candidates->item(i)->text();
    }
    m_candidates->clear();
    const std::filesystem::path base
            = m_session->file().isEmpty()
                      ? std::filesystem::path()
                      : store::workbookBaseDirectory(m_session->file().toStdString());
    std::vector<Candidate> all;
    for (int i = 0; i < m_session->count(); ++i)
        all.push_back({{m_session->name(i), m_session->parametersJson(i), base}, true});
    all.insert(all.end(), m_extra.begin(), m_extra.end());
    for (const Candidate &candidate : all) {
        auto *item = new QListWidgetItem(candidate.item.label, m_candidates);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(checked.contains(candidate.item.label) ? Qt::Checked : Qt::Unchecked);
    }
}

void CompareView::setChecked(const QList<int> &rows)
{
    for (int i = 0; i < m_candidates->count(); ++i)
        m_candidates->item(i)->setCheckState(rows.contains(i) ? Qt::Checked : Qt::Unchecked);
}

void CompareView::chooseFile()
{
    const QString file = QFileDialog::getOpenFileName(
            this, tr("Add scenarios from a file"), {},
            tr("TokenWatt workbooks (*.tokenwatt);;Scenario JSON (*.json)"));
    if (!file.isEmpty())
        addFile(file);
}

void CompareView::addFile(const QString &file)
{
    auto *watcher = new QFutureWatcher<workbook::OpenedFile>(this);
    connect(watcher, &QFutureWatcher<workbook::OpenedFile>::finished, this, [this, watcher, file] {
        watcher->deleteLater();
        const workbook::OpenedFile opened = watcher->result();
        if (!opened.error.isEmpty()) {
            setMessage(opened.error);
            emit failed(opened.error);
            return;
        }
        const QString shortName = QFileInfo(file).fileName();
        const std::filesystem::path base
                = opened.isScenarioJson ? std::filesystem::path(file.toStdString()).parent_path()
                                        : store::workbookBaseDirectory(file.toStdString());
        for (const store::StoredScenario &stored : opened.content.scenarios) {
            const QString label = opened.isScenarioJson
                                          ? shortName
                                          : shortName + QStringLiteral(": ")
                                                    + QString::fromStdString(stored.name);
            m_extra.push_back({{label, stored.parametersJson, base}, false});
        }
        refreshCandidates();
        emit candidatesAdded(static_cast<int>(opened.content.scenarios.size()));
    });
    watcher->setFuture(QtConcurrent::run(workbook::openFile, file, true));
}

bool CompareView::startComparison()
{
    refreshCandidates(); // the workbook's scenarios as they are now
    std::vector<ui::compare::CompareItem> items;
    const std::filesystem::path base
            = m_session->file().isEmpty()
                      ? std::filesystem::path()
                      : store::workbookBaseDirectory(m_session->file().toStdString());
    for (int i = 0; i < m_candidates->count(); ++i) {
        if (m_candidates->item(i)->checkState() != Qt::Checked)
            continue;
        if (i < m_session->count())
            items.push_back({m_session->name(i), m_session->parametersJson(i), base});
        else
            items.push_back(m_extra[static_cast<std::size_t>(i - m_session->count())].item);
    }
    if (items.size() < std::size_t{kMinScenarios} || items.size() > std::size_t{kMaxScenarios}) {
        setMessage(tr("Tick two to four scenarios (%1 ticked).").arg(items.size()));
        return false;
    }
    cancel();
    m_watcher.waitForFinished(); // the cancelled one stops within a few thousand events
    m_cancelToken = std::make_shared<CancellationToken>();
    m_running = true;
    m_compare->setEnabled(false);
    m_cancel->setEnabled(true);
    setMessage(tr("Simulating %1 scenarios and their curves…").arg(items.size()));
    std::shared_ptr<CancellationToken> token = m_cancelToken;
    m_watcher.setFuture(QtConcurrent::run(
            &m_pool, [items, token] { return ui::compare::runComparison(items, *token); }));
    return true;
}

void CompareView::cancel()
{
    if (m_cancelToken)
        m_cancelToken->cancel();
}

void CompareView::finished()
{
    m_running = false;
    m_compare->setEnabled(true);
    m_cancel->setEnabled(false);
    ui::compare::CompareOutcome outcome = m_watcher.result();
    if (outcome.cancelled) {
        setMessage(tr("Cancelled."));
        return;
    }
    if (!outcome.error.isEmpty()) {
        setMessage(outcome.error);
        emit failed(outcome.error);
        return;
    }
    m_outcome = std::move(outcome);
    setMessage({});
    showOutcome();
    emit comparisonReady();
}

void CompareView::setDarkTheme(bool dark)
{
    m_dark = dark;
    if (!m_outcome.outputs.empty())
        showOutcome();
}

void CompareView::showOutcome()
{
    QStringList labels;
    for (std::size_t i = 0; i < m_outcome.comparison.labels.size(); ++i)
        labels << letter(i) + QStringLiteral(": ")
                          + QString::fromStdString(m_outcome.comparison.labels[i]);
    m_plots.fill(m_outcome.outputs, labels, charts::theme(m_dark));
    fillKpiTable();
    fillParameterTable();
}

void CompareView::fillKpiTable()
{
    const tw::compare::Comparison &c = m_outcome.comparison;
    const std::size_t n = c.labels.size();
    // KPI | unit | A … D | B−A | B−A % | C−A | C−A % | …
    QStringList headers{tr("KPI"), tr("Unit")};
    for (std::size_t s = 0; s < n; ++s)
        headers << letter(s) + QStringLiteral(": ") + QString::fromStdString(c.labels[s]);
    for (std::size_t s = 1; s < n; ++s)
        headers << letter(s) + QStringLiteral("−A") << letter(s) + QStringLiteral("−A %");
    m_kpiTable->clear();
    m_kpiTable->setColumnCount(static_cast<int>(headers.size()));
    m_kpiTable->setHorizontalHeaderLabels(headers);
    m_kpiTable->setRowCount(static_cast<int>(c.kpis.size()));
    const charts::Theme &theme = charts::theme(m_dark);
    for (int r = 0; r < static_cast<int>(c.kpis.size()); ++r) {
        const tw::compare::KpiRow &row = c.kpis[static_cast<std::size_t>(r)];
        m_kpiTable->setItem(r, 0, new QTableWidgetItem(metricText(row.kpi.label)));
        m_kpiTable->item(r, 0)->setToolTip(metricText(row.kpi.description));
        m_kpiTable->setItem(r, 1,
                            new QTableWidgetItem(QString::fromUtf8(row.kpi.unit.data(),
                                                                   int(row.kpi.unit.size()))));
        for (std::size_t s = 0; s < n; ++s) {
            const double value = row.values[s];
            const std::optional<double> shown
                    = std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
            m_kpiTable->setItem(r, static_cast<int>(2 + s),
                                numberItem(shown, charts::formatNumber(value)));
        }
        for (std::size_t s = 1; s < n; ++s) {
            const int column = static_cast<int>(2 + n + 2 * (s - 1));
            const std::optional<double> absolute = row.absoluteDifference[s];
            const std::optional<double> percent = row.percentDifference[s];
            m_kpiTable->setItem(
                    r, column,
                    numberItem(absolute, absolute ? signedNumber(*absolute) : QString()));
            auto *percentItem = numberItem(
                    percent, percent ? QStringLiteral("%1%2 %")
                                               .arg(*percent > 0 ? QStringLiteral("+") : QString())
                                               .arg(*percent, 0, 'f', 1)
                                     : QString());
            if (percent && *percent != 0.0 && row.kpi.better != tw::compare::Better::Neither) {
                const bool better
                        = (row.kpi.better == tw::compare::Better::Lower) == (*percent < 0);
                percentItem->setForeground(better ? theme.good : theme.bad);
                percentItem->setToolTip(better ? tr("better than A") : tr("worse than A"));
            }
            m_kpiTable->setItem(r, column + 1, percentItem);
        }
    }
    m_kpiTable->resizeColumnsToContents();
}

void CompareView::fillParameterTable()
{
    const tw::compare::Comparison &c = m_outcome.comparison;
    QStringList headers{tr("Parameter")};
    for (std::size_t s = 0; s < c.labels.size(); ++s)
        headers << letter(s);
    m_parameterTable->clear();
    m_parameterTable->setColumnCount(static_cast<int>(headers.size()));
    m_parameterTable->setHorizontalHeaderLabels(headers);
    m_parameterTable->setRowCount(static_cast<int>(c.parameters.size()));
    for (int r = 0; r < static_cast<int>(c.parameters.size()); ++r) {
        const tw::compare::ParameterDifference &difference
                = c.parameters[static_cast<std::size_t>(r)];
        m_parameterTable->setItem(r, 0,
                                  new QTableWidgetItem(QString::fromStdString(difference.path)));
        for (std::size_t s = 0; s < difference.values.size(); ++s) {
            const auto &value = difference.values[s];
            m_parameterTable->setItem(
                    r, static_cast<int>(1 + s),
                    new QTableWidgetItem(value ? QString::fromStdString(*value) : tr("(absent)")));
        }
    }
    m_parameterTable->resizeColumnsToContents();
}

void CompareView::setMessage(const QString &message)
{
    m_message->setText(message);
}

} // namespace tw::ui
