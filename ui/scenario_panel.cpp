#include "ui/scenario_panel.h"

#include "core/catalog/catalog.h"
#include "ui/collapsible_section.h"
#include "ui/render/core_text.h"
#include "ui/scenario_document.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <cmath>

namespace tw::ui {
namespace {

QString number(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

QWidget *choiceRow(const QString &label, QComboBox *box, const QString &tooltip, QWidget *parent)
{
    auto *row = new QWidget(parent);
    auto *layout = new QVBoxLayout(row);
    layout->setContentsMargins(0, 2, 0, 2);
    layout->setSpacing(1);
    auto *caption = new QLabel(label, row);
    caption->setBuddy(box);
    layout->addWidget(caption);
    layout->addWidget(box);
    box->setToolTip(tooltip);
    caption->setToolTip(tooltip);
    box->setAccessibleName(label);
    box->setAccessibleDescription(tooltip);
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(18);
    return row;
}

/// Selects the item whose data is @p value; shows a placeholder item for a value that the list
/// lacks (a model defined inline in the file, say), so the box never lies.
void select(QComboBox *box, const QString &value, const QString &placeholder)
{
    const QSignalBlocker block(box);
    if (box->property("placeholder").toBool()) {
        box->removeItem(0);
        box->setProperty("placeholder", false);
    }
    int index = box->findData(value);
    if (index < 0) {
        box->insertItem(0, placeholder, value);
        box->setProperty("placeholder", true);
        index = 0;
    }
    box->setCurrentIndex(index);
}

} // namespace

ScenarioPanel::ScenarioPanel(ScenarioDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_levers(scenarioLevers())
{
    setObjectName(QStringLiteral("scenarioPanel"));
    buildGroups();
    connect(m_document, &ScenarioDocument::scenarioChanged, this, [this] {
        m_problem->clear();
        m_problem->hide();
        refresh();
    });
    connect(m_document, &ScenarioDocument::editRefused, this, [this](const QString &message) {
        m_problem->setText(tr("Not applied: %1")
                                   .arg(message.toHtmlEscaped().replace(QLatin1Char('\n'),
                                                                        QStringLiteral("<br>"))));
        m_problem->show();
        refresh(); // put the refused control back to the document's value
    });
    refresh();
}

void ScenarioPanel::buildGroups()
{
    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    column->setContentsMargins(6, 6, 6, 6);
    column->setSpacing(4);

    m_scope = new QLabel(content);
    m_scope->setWordWrap(true);
    m_scope->setObjectName(QStringLiteral("scopeNote"));
    column->addWidget(m_scope);
    m_problem = new QLabel(content);
    m_problem->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("problemNote"));
    m_problem->setStyleSheet(QStringLiteral("color: #d9534f;"));
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->hide();
    column->addWidget(m_problem);

    for (const QString &group : leverGroups()) {
        auto *section = new CollapsibleSection(group, content);
        m_sections.insert(group, section);
        column->addWidget(section);
    }
    m_sections.insert(tr("Compare with API"),
                      new CollapsibleSection(tr("Compare with API"), content));
    column->addWidget(m_sections.value(tr("Compare with API")));
    addCombos();

    for (std::size_t i = 0; i < m_levers.size(); ++i) {
        auto *control = new LeverControl(m_levers[i].spec, content);
        m_controls.push_back(control);
        m_sections.value(m_levers[i].group)->addWidget(control);
        connect(control, &LeverControl::valueEdited, this,
                [this, i](double value, int dragId) { onLeverEdited(i, value, dragId); });
    }
    column->addStretch(1);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    setMinimumWidth(280);
}

void ScenarioPanel::addCombos()
{
    const catalog::Catalog &catalog = catalog::Catalog::builtIn();

    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("model-box"));
    for (const model::ModelSpec &model : catalog.models()) {
        const QString id = QString::fromStdString(model.id);
        m_model->addItem(tr("%1 · %2 B").arg(id, number(model.totalParams / 1e9, 1)), id);
    }
    m_modelNote = new QLabel(this);
    m_modelNote->setWordWrap(true);
    m_sections.value(tr("Model"))
            ->addWidget(choiceRow(
                    tr("Model"), m_model,
                    tr("The model served by the first deployment (catalog: Hugging Face "
                       "configs). Its size sets the weights' memory and the work per token."),
                    this));

    m_precision = new QComboBox(this);
    m_precision->setObjectName(QStringLiteral("precision-box"));
    for (const char *name : {"bf16", "fp16", "fp8", "int8", "int4"})
        m_precision->addItem(QString::fromLatin1(name), QString::fromLatin1(name));
    m_sections.value(tr("Model"))
            ->addWidget(choiceRow(
                    tr("Weight precision"), m_precision,
                    tr("Storage format of the weights: bf16/fp16 use 2 bytes per weight, fp8 "
                       "and int8 one, int4 half a byte; the KV cache keeps its own precision."),
                    this));
    m_sections.value(tr("Model"))->addWidget(m_modelNote);

    m_gpu = new QComboBox(this);
    m_gpu->setObjectName(QStringLiteral("gpu-box"));
    for (const model::GpuSpec &gpu : catalog.gpus())
        m_gpu->addItem(QString::fromStdString(gpu.name), QString::fromStdString(gpu.id));
    m_sections.value(tr("Hardware"))
            ->addWidget(choiceRow(
                    tr("GPU"), m_gpu,
                    tr("The accelerator. For rented GPUs the price follows the catalog's "
                       "on-demand offering for the new GPU (or stays as set when the catalog "
                       "has none)."),
                    this));

    m_policy = new QComboBox(this);
    m_policy->setObjectName(QStringLiteral("policy-box"));
    // The policies of the engine's registry, in its order, described by it.
    QStringList policyHelp;
    for (const sim::BatchingPolicyInfo &policy : sim::batchingPolicies()) {
        const QString label = policyLabel(policy);
        m_policy->addItem(label, fromView(policy.key));
        policyHelp << label + QStringLiteral(": ") + fromView(policy.description) + '.';
    }
    m_sections.value(tr("Serving"))
            ->addWidget(choiceRow(tr("Batching policy"), m_policy, policyHelp.join(' '), this));

    m_api = new QComboBox(this);
    m_api->setObjectName(QStringLiteral("api-box"));
    m_api->addItem(tr("None"), QString());
    for (const ApiComparison &api : catalogApis())
        m_api->addItem(tr("%1 ($%2 in, $%3 out per 1M tokens)")
                               .arg(api.key, QString::number(api.inputUsdPerMillionTokens),
                                    QString::number(api.outputUsdPerMillionTokens)),
                       api.key);
    m_sections.value(tr("Compare with API"))
            ->addWidget(choiceRow(tr("API"), m_api,
                                  tr("A provider's API to compare the cost per million output "
                                     "tokens with, at this scenario's prompt/output mix "
                                     "(catalog api_prices.csv)."),
                                  this));

    connect(m_model, &QComboBox::currentIndexChanged, this,
            [this] { onChoice(m_model, QStringLiteral("deployments[0].model")); });
    connect(m_precision, &QComboBox::currentIndexChanged, this,
            [this] { onChoice(m_precision, QStringLiteral("deployments[0].weightPrecision")); });
    connect(m_policy, &QComboBox::currentIndexChanged, this,
            [this] { onChoice(m_policy, QStringLiteral("deployments[0].serving.policy")); });
    connect(m_gpu, &QComboBox::currentIndexChanged, this, [this] {
        if (m_refreshing)
            return;
        const std::string id = m_gpu->currentData().toString().toStdString();
        const scenario::Scenario current = m_document->scenario();
        m_document->edit(tr("GPU: %1").arg(m_gpu->currentText()), QStringLiteral("gpu"), -1,
                         [&](nlohmann::json &json) { setFirstDeploymentGpu(json, current, id); });
    });
    connect(m_api, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_refreshing)
            m_document->setApiComparison(m_api->currentData().toString());
    });
}

LeverControl *ScenarioPanel::lever(const QString &id) const
{
    for (LeverControl *control : m_controls) {
        if (control->spec().id == id)
            return control;
    }
    return nullptr;
}

QStringList ScenarioPanel::collapsedGroups() const
{
    QStringList collapsed;
    for (auto it = m_sections.begin(); it != m_sections.end(); ++it) {
        if (!it.value()->isExpanded())
            collapsed << it.key();
    }
    return collapsed;
}

void ScenarioPanel::setCollapsedGroups(const QStringList &groups)
{
    for (auto it = m_sections.begin(); it != m_sections.end(); ++it)
        it.value()->setExpanded(!groups.contains(it.key()));
}

void ScenarioPanel::onLeverEdited(std::size_t index, double value, int dragId)
{
    if (m_refreshing)
        return;
    const Lever &lever = m_levers[index];
    QString whyNot;
    const QString path = lever.path(m_document->scenario(), &whyNot);
    if (path.isEmpty())
        return;
    const LeverSpec &spec = m_controls[index]->spec();
    const QString text
            = tr("%1: %2%3")
                      .arg(m_controls[index]->label()->text(),
                           number(value * spec.displayScale, spec.decimals), spec.suffix);
    m_document->edit(text, lever.spec.id, dragId, [&](nlohmann::json &json) {
        if (lever.write)
            lever.write(json, path, value);
        else
            ScenarioDocument::setAtPath(json, path,
                                        value == std::floor(value)
                                                ? nlohmann::json(static_cast<std::int64_t>(value))
                                                : nlohmann::json(value));
    });
}

void ScenarioPanel::onChoice(QComboBox *box, const QString &path)
{
    if (!m_refreshing)
        m_document->setValue(path, box->currentData().toString().toStdString(), -1);
}

void ScenarioPanel::refresh()
{
    m_refreshing = true;
    const scenario::Scenario &s = m_document->scenario();
    if (s.deployments.empty() || s.workload.classes.empty()) {
        m_refreshing = false;
        return;
    }
    for (std::size_t i = 0; i < m_levers.size(); ++i) {
        const Lever &lever = m_levers[i];
        LeverControl *control = m_controls[i];
        QString whyNot;
        const QString path = lever.path(s, &whyNot);
        control->setUnavailableReason(path.isEmpty() ? whyNot : QString());
        if (lever.label)
            control->setLabelText(lever.label(s));
        if (!path.isEmpty())
            control->setValue(leverValue(lever, *m_document, path));
        // A closed loop has users instead of an arrival rate: show only the one that applies.
        const bool closedLoop = s.workload.arrival.kind == scenario::ArrivalKind::ClosedLoop;
        if (lever.spec.id == QLatin1String("users"))
            control->setVisible(closedLoop);
        if (lever.spec.id == QLatin1String("rate"))
            control->setVisible(!closedLoop);
    }
    refreshCombos();

    const scenario::Deployment &first = s.deployments.front();
    QString scope
            = tr("Levers edit the first deployment ('%1')").arg(QString::fromStdString(first.name));
    if (s.deployments.size() > 1)
        scope += tr(" of %1").arg(s.deployments.size());
    scope += tr(" and the first request class ('%1')")
                     .arg(QString::fromStdString(s.workload.classes.front().name));
    if (s.workload.classes.size() > 1)
        scope += tr(" of %1").arg(s.workload.classes.size());
    m_scope->setText(scope + QLatin1Char('.'));
    m_refreshing = false;
}

void ScenarioPanel::refreshCombos()
{
    const scenario::Scenario &s = m_document->scenario();
    const scenario::Deployment &first = s.deployments.front();
    const QString reason = selfHostedReason(s);
    for (QComboBox *box : {m_model, m_precision, m_gpu, m_policy})
        box->setEnabled(reason.isEmpty());
    m_modelNote->setText(reason);
    m_modelNote->setVisible(!reason.isEmpty());
    if (!reason.isEmpty()) {
        for (QComboBox *box : {m_model, m_precision, m_gpu, m_policy})
            select(box, QString(), tr("n/a"));
    } else {
        select(m_model, QString::fromStdString(first.model.id), tr("Inline model from the file"));
        const std::string_view precision = model::toString(first.weightPrecision);
        select(m_precision, fromView(precision), {});
        select(m_gpu, QString::fromStdString(first.hardware.gpu.id),
               first.hardware.gpu.name.empty() ? tr("Inline GPU from the file")
                                               : QString::fromStdString(first.hardware.gpu.name));
        select(m_policy, fromView(sim::batchingPolicy(first.serving.policy).key), {});
    }
    select(m_api, m_document->apiComparison().key, m_document->apiComparison().key);
}

} // namespace tw::ui
