#include "ui/lever_control.h"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

#include <algorithm>
#include <cmath>

namespace tw::ui {
namespace {

constexpr int kContinuousSteps = 1000;
int g_nextDragId = 1; // GUI thread only

/// @p value with @p digits significant digits.
double significant(double value, int digits)
{
    if (value == 0.0 || !std::isfinite(value))
        return value;
    const double magnitude = std::floor(std::log10(std::abs(value)));
    const double scale = std::pow(10.0, digits - 1 - magnitude);
    return std::round(value * scale) / scale;
}

} // namespace

LeverControl::LeverControl(LeverSpec spec, QWidget *parent)
    : QWidget(parent)
    , m_spec(std::move(spec))
    , m_label(new QLabel(m_spec.label, this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_spin(new QDoubleSpinBox(this))
{
    setObjectName(QStringLiteral("lever-") + m_spec.id);
    m_slider->setObjectName(m_spec.id + QStringLiteral("-slider"));
    m_spin->setObjectName(m_spec.id + QStringLiteral("-spin"));

    if (!m_spec.choices.empty())
        m_slider->setRange(0, static_cast<int>(m_spec.choices.size()) - 1);
    else if (wholeSteps())
        m_slider->setRange(static_cast<int>(m_spec.minimum), static_cast<int>(m_spec.maximum));
    else
        m_slider->setRange(0, kContinuousSteps);
    m_slider->setSingleStep(1);
    m_slider->setPageStep(m_spec.choices.empty() && !wholeSteps() ? kContinuousSteps / 20 : 4);
    m_slider->setFocusPolicy(Qt::StrongFocus);

    m_spin->setDecimals(m_spec.decimals);
    m_spin->setRange(m_spec.minimum * m_spec.displayScale, m_spec.maximum * m_spec.displayScale);
    m_spin->setSuffix(m_spec.suffix);
    m_spin->setKeyboardTracking(false); // typing "150" is one edit, not 1, 15, 150
    m_spin->setAccelerated(true);
    m_spin->setMinimumWidth(120);
    m_slider->setMinimumWidth(80);
    m_spin->setSingleStep(m_spec.decimals == 0 ? 1.0 : std::pow(10.0, -m_spec.decimals + 1));
    m_spin->setAlignment(Qt::AlignRight);

    m_label->setBuddy(m_spin);
    m_label->setWordWrap(true);
    m_slider->setAccessibleName(m_spec.label);
    m_slider->setAccessibleDescription(m_spec.tooltip);
    m_spin->setAccessibleName(m_spec.label);
    m_spin->setAccessibleDescription(m_spec.tooltip);
    updateTooltips({});

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 2, 0, 2);
    layout->setHorizontalSpacing(8);
    layout->setVerticalSpacing(1);
    layout->addWidget(m_label, 0, 0, 1, 2);
    layout->addWidget(m_slider, 1, 0);
    layout->addWidget(m_spin, 1, 1);
    layout->setColumnStretch(0, 1);

    connect(m_slider, &QSlider::valueChanged, this, &LeverControl::onSliderMoved);
    connect(m_slider, &QSlider::sliderPressed, this, [this] { m_dragId = g_nextDragId++; });
    connect(m_slider, &QSlider::sliderReleased, this, [this] {
        m_dragId = -1;
        // The handle may rest between two representable values: snap it to the shown value.
        setValue(value());
    });
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, &LeverControl::onSpinChanged);
}

double LeverControl::value() const
{
    return m_spin->value() / m_spec.displayScale;
}

void LeverControl::setValue(double value)
{
    m_updating = true;
    {
        const QSignalBlocker blockSpin(m_spin);
        const double shown = value * m_spec.displayScale;
        // A scenario may hold a value outside the lever's usual range: show it as it is.
        m_spin->setRange(std::min(m_spec.minimum * m_spec.displayScale, shown),
                         std::max(m_spec.maximum * m_spec.displayScale, shown));
        m_spin->setValue(shown);
    }
    updateSuffix();
    if (!m_slider->isSliderDown()) {
        const QSignalBlocker blockSlider(m_slider);
        m_slider->setValue(positionFor(value));
    }
    m_updating = false;
}

void LeverControl::setUnavailableReason(const QString &reason)
{
    setEnabled(reason.isEmpty());
    updateTooltips(reason);
    if (reason.isEmpty()) {
        m_spin->setSpecialValueText({});
        return;
    }
    // No number rather than a meaningless one: the spin box shows its special text at minimum.
    m_updating = true;
    const QSignalBlocker blockSpin(m_spin);
    const QSignalBlocker blockSlider(m_slider);
    m_spin->setSpecialValueText(tr("n/a"));
    m_spin->setValue(m_spin->minimum());
    m_slider->setValue(m_slider->minimum());
    m_updating = false;
}

void LeverControl::setLabelText(const QString &text)
{
    m_label->setText(text);
    m_slider->setAccessibleName(text);
    m_spin->setAccessibleName(text);
}

int LeverControl::positionFor(double value) const
{
    if (!m_spec.choices.empty()) {
        const auto nearest = std::min_element(
                m_spec.choices.begin(), m_spec.choices.end(),
                [&](double a, double b) { return std::abs(a - value) < std::abs(b - value); });
        return static_cast<int>(nearest - m_spec.choices.begin());
    }
    const double clamped = std::clamp(value, m_spec.minimum, m_spec.maximum);
    if (wholeSteps())
        return static_cast<int>(std::lround(clamped));
    double share = 0.0;
    if (m_spec.logarithmic && m_spec.minimum > 0.0)
        share = std::log(clamped / m_spec.minimum) / std::log(m_spec.maximum / m_spec.minimum);
    else if (m_spec.maximum > m_spec.minimum)
        share = (clamped - m_spec.minimum) / (m_spec.maximum - m_spec.minimum);
    return static_cast<int>(std::lround(share * kContinuousSteps));
}

double LeverControl::valueAt(int position) const
{
    if (!m_spec.choices.empty())
        return m_spec.choices[static_cast<std::size_t>(
                std::clamp(position, 0, static_cast<int>(m_spec.choices.size()) - 1))];
    if (wholeSteps())
        return static_cast<double>(position);
    const double share = static_cast<double>(position) / kContinuousSteps;
    if (m_spec.logarithmic && m_spec.minimum > 0.0)
        return rounded(m_spec.minimum * std::pow(m_spec.maximum / m_spec.minimum, share));
    return rounded(m_spec.minimum + share * (m_spec.maximum - m_spec.minimum));
}

void LeverControl::onSliderMoved(int position)
{
    if (m_updating)
        return;
    const double value = valueAt(position);
    {
        const QSignalBlocker block(m_spin);
        m_spin->setValue(value * m_spec.displayScale);
    }
    updateSuffix();
    emit valueEdited(this->value(), m_slider->isSliderDown() ? m_dragId : -1);
}

void LeverControl::onSpinChanged(double shown)
{
    if (m_updating)
        return;
    const double value = shown / m_spec.displayScale;
    updateSuffix();
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(positionFor(value));
    }
    emit valueEdited(value, -1);
}

void LeverControl::updateSuffix()
{
    const bool one = !m_spec.suffixForOne.isEmpty() && m_spin->value() == 1.0;
    const QString &suffix = one ? m_spec.suffixForOne : m_spec.suffix;
    if (m_spin->suffix() != suffix)
        m_spin->setSuffix(suffix);
}

bool LeverControl::wholeSteps() const
{
    // A short range of whole numbers (replicas 1-64) gets one slider step per value.
    return m_spec.choices.empty() && !m_spec.logarithmic && m_spec.decimals == 0
           && m_spec.displayScale == 1.0 && m_spec.maximum - m_spec.minimum <= 200.0;
}

double LeverControl::rounded(double value) const
{
    // Three significant digits on a log scale (0.0123, 1.23, 123), then what the box shows.
    if (m_spec.logarithmic)
        value = significant(value, 3);
    const double scale = std::pow(10.0, m_spec.decimals) * m_spec.displayScale;
    return std::round(value * scale) / scale;
}

void LeverControl::updateTooltips(const QString &reason)
{
    QString text = m_spec.tooltip;
    if (!reason.isEmpty())
        text += QStringLiteral("\n\n") + reason;
    for (QWidget *widget : {static_cast<QWidget *>(m_label), static_cast<QWidget *>(m_slider),
                            static_cast<QWidget *>(m_spin)})
        widget->setToolTip(text);
}

} // namespace tw::ui
