#pragma once

#include <QString>
#include <QWidget>

#include <vector>

class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace tw::ui {

/// How a lever is shown: range, unit, scale of its slider.
struct LeverSpec
{
    QString id;      ///< stable name, e.g. "rate" (object names, settings, merge keys)
    QString label;   ///< "Requests per second"
    QString suffix;  ///< unit shown in the spin box, with its leading space: " req/s"
    QString tooltip; ///< meaning and unit, one or two sentences
    double minimum = 0.0;
    double maximum = 1.0;
    int decimals = 2;
    bool logarithmic = false;    ///< the slider moves by equal ratios
    std::vector<double> choices; ///< if not empty, the slider steps through exactly these values
    /// Shown value = stored value x displayScale (100 to show a fraction as a percentage).
    double displayScale = 1.0;
    /// The unit when the shown value is exactly 1, if it differs: " replica" for " replicas".
    QString suffixForOne = {};
};

/// A slider and a spin box showing one number, kept in step. Emits valueEdited() only for the
/// user's edits, never for setValue(). While the slider is dragged, every edit carries the same
/// drag id (>= 0), so the document merges the drag into one undo step; other edits carry -1.
class LeverControl : public QWidget
{
    Q_OBJECT

public:
    explicit LeverControl(LeverSpec spec, QWidget *parent = nullptr);

    const LeverSpec &spec() const { return m_spec; }
    /// The stored (not display-scaled) value.
    double value() const;
    /// Shows @p value without emitting valueEdited(). While the user drags, only the spin box
    /// follows, so the handle never jumps under the pointer.
    void setValue(double value);
    /// Disables the lever, shows "n/a" instead of a value and says why in its tooltip (empty
    /// = enabled; the next setValue() shows the value again).
    void setUnavailableReason(const QString &reason);
    void setLabelText(const QString &text);

    QSlider *slider() const { return m_slider; }
    QDoubleSpinBox *spinBox() const { return m_spin; }
    QLabel *label() const { return m_label; }

    /// Slider position <-> stored value (exposed for tests and the benchmark).
    int positionFor(double value) const;
    double valueAt(int position) const;

signals:
    void valueEdited(double value, int dragId);

private:
    void onSliderMoved(int position);
    void onSpinChanged(double shown);
    double rounded(double value) const;
    bool wholeSteps() const;
    void updateTooltips(const QString &reason);
    /// Singular or plural unit for the value shown.
    void updateSuffix();

    LeverSpec m_spec;
    QLabel *m_label = nullptr;
    QSlider *m_slider = nullptr;
    QDoubleSpinBox *m_spin = nullptr;
    int m_dragId = -1;
    bool m_updating = false;
};

} // namespace tw::ui
