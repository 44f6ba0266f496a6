#include "ui/charts/chart_style.h"

#include <qcustomplot.h>

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tw::ui::charts {

QColor Theme::series(int index) const
{
    static const QColor kOrder[]
            = {okabeIto::kBlue,       okabeIto::kOrange,  okabeIto::kBluishGreen,
               okabeIto::kVermillion, okabeIto::kSkyBlue, okabeIto::kReddishPurple,
               okabeIto::kYellow};
    constexpr int kCount = static_cast<int>(std::size(kOrder));
    // The same colours on both backgrounds: Okabe–Ito blue keeps a contrast of about 3.3:1 on
    // the dark background (WCAG asks 3:1 for graphics), and lightening it makes it hard to tell
    // from sky blue, its neighbour in stacked bars (GPU busy / idle).
    return kOrder[((index % kCount) + kCount) % kCount];
}

Theme lightTheme()
{
    Theme t;
    t.dark = false;
    t.background = QColor(0xFF, 0xFF, 0xFF);
    t.foreground = QColor(0x20, 0x20, 0x20);
    t.mutedForeground = QColor(0x6E, 0x6E, 0x6E);
    t.grid = QColor(0xDD, 0xDD, 0xDD);
    t.subGrid = QColor(0xF0, 0xF0, 0xF0);
    t.legendBackground = QColor(0xFF, 0xFF, 0xFF);
    t.shade = QColor(0x80, 0x80, 0x80, 0x26);
    t.neutral = QColor(0x50, 0x50, 0x50);
    t.good = QColor(0x00, 0x7A, 0x58); // Okabe–Ito bluish green, darkened for text contrast
    t.bad = QColor(0xB8, 0x4A, 0x00);  // Okabe–Ito vermillion, darkened for text contrast
    return t;
}

Theme darkTheme()
{
    Theme t;
    t.dark = true;
    t.background = QColor(0x1E, 0x1F, 0x22);
    t.foreground = QColor(0xE4, 0xE4, 0xE4);
    t.mutedForeground = QColor(0xA0, 0xA0, 0xA0);
    t.grid = QColor(0x3C, 0x3E, 0x42);
    t.subGrid = QColor(0x2A, 0x2B, 0x2E);
    t.legendBackground = QColor(0x1E, 0x1F, 0x22);
    t.shade = QColor(0xC0, 0xC0, 0xC0, 0x1E);
    t.neutral = QColor(0xC8, 0xC8, 0xC8);
    t.good = okabeIto::kBluishGreen.lighter(135);
    t.bad = okabeIto::kVermillion.lighter(125);
    return t;
}

const Theme &theme(bool dark)
{
    static const Theme kLight = lightTheme();
    static const Theme kDark = darkTheme();
    return dark ? kDark : kLight;
}

QCPTextElement *addTitle(QCustomPlot *plot, const QString &title)
{
    plot->plotLayout()->insertRow(0);
    QFont font = plot->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() + 0.5);
    auto *element = new QCPTextElement(plot, title, font);
    element->setMargins(QMargins(4, 4, 4, 0));
    plot->plotLayout()->addElement(0, 0, element);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    return element;
}

void moveLegendBelow(QCustomPlot *plot, int legendColumns)
{
    QCPLayoutGrid *layout = plot->plotLayout();
    const int row = layout->rowCount();
    layout->addElement(row, 0, plot->legend); // takes it out of the axis rect's inset layout
    layout->setRowStretchFactor(row, 0.001);
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->legend->setWrap(legendColumns);
    plot->legend->setMargins(QMargins(6, 0, 6, 4));
    plot->legend->setRowSpacing(0);
    plot->legend->setColumnSpacing(12);
    // An icon taller than the text gives each legend item room for descenders: QCustomPlot sizes
    // items with the widget's font metrics but clips them to that size when painting, where
    // the metrics can be a pixel or two larger.
    plot->legend->setIconSize(22, 17);
    plot->legend->setVisible(true);
}

void setUpSingleRectPlot(QCustomPlot *plot, const QString &title, int legendColumns)
{
    addTitle(plot, title);
    moveLegendBelow(plot, legendColumns);
}

void applyTheme(QCustomPlot *plot, const Theme &theme)
{
    plot->setBackground(QBrush(theme.background));
    const QPen axisPen(theme.foreground, 1);
    for (QCPAxisRect *rect : plot->axisRects()) {
        rect->setBackground(Qt::NoBrush);
        for (QCPAxis *axis : rect->axes()) {
            axis->setBasePen(axisPen);
            axis->setTickPen(axisPen);
            axis->setSubTickPen(axisPen);
            axis->setLabelColor(theme.foreground);
            axis->setTickLabelColor(theme.foreground);
            axis->grid()->setPen(QPen(theme.grid, 1, Qt::SolidLine));
            axis->grid()->setSubGridPen(QPen(theme.subGrid, 1, Qt::DotLine));
            axis->grid()->setZeroLinePen(Qt::NoPen);
        }
    }
    const auto elements = plot->plotLayout()->elements(true);
    for (QCPLayoutElement *element : elements) {
        if (auto *legend = qobject_cast<QCPLegend *>(element)) {
            legend->setBrush(QBrush(theme.legendBackground));
            legend->setBorderPen(Qt::NoPen);
            legend->setTextColor(theme.foreground);
            legend->setSelectedTextColor(theme.foreground);
        } else if (auto *text = qobject_cast<QCPTextElement *>(element)) {
            text->setTextColor(theme.foreground);
        }
    }
}

namespace {

/// Log ticks that stay readable over short ranges: QCPAxisTickerLog labels only powers of ten,
/// which leaves a 0.5 .. 64 axis with two labels. Below about two and a half decades this labels
/// the 1-2-5 (or 1-2-3-5) multiples of each power and puts sub-ticks on the other integers.
class ReadableLogTicker : public QCPAxisTickerLog
{
public:
    void generate(const QCPRange &range, const QLocale &locale, QChar formatChar, int precision,
                  QVector<double> &ticks, QVector<double> *subTicks,
                  QVector<QString> *tickLabels) override
    {
        const double decades = range.lower > 0.0 ? std::log10(range.upper / range.lower) : 99.0;
        if (decades > 2.6) {
            QCPAxisTickerLog::generate(range, locale, formatChar, precision, ticks, subTicks,
                                       tickLabels);
            return;
        }
        const auto labelled = [decades](int multiple) {
            if (multiple == 1 || multiple == 2 || multiple == 5)
                return true;
            return decades <= 1.2 && multiple == 3;
        };
        ticks.clear();
        if (subTicks != nullptr)
            subTicks->clear();
        const int first = static_cast<int>(std::floor(std::log10(range.lower)));
        const int last = static_cast<int>(std::ceil(std::log10(range.upper)));
        for (int power = first; power <= last; ++power) {
            const double unit = std::pow(10.0, power);
            for (int multiple = 1; multiple <= 9; ++multiple) {
                const double value
                        = multiple * unit; // labelled with 6 digits: 0.3, not 0.30000000000000004
                if (!range.contains(value))
                    continue;
                if (labelled(multiple))
                    ticks << value;
                else if (subTicks != nullptr)
                    *subTicks << value;
            }
        }
        if (tickLabels != nullptr) {
            tickLabels->clear();
            for (double tick : ticks)
                *tickLabels << locale.toString(tick, 'g', 6);
        }
    }
};

std::pair<double, double> finiteBounds(const std::vector<double> &values, bool positiveOnly)
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (double v : values) {
        if (!std::isfinite(v) || (positiveOnly && v <= 0.0))
            continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    return {lo, hi};
}

} // namespace

bool setAutoScaleType(QCPAxis *axis, const std::vector<double> &values, double decades)
{
    bool allPositive = true;
    for (double v : values)
        if (std::isfinite(v) && v <= 0.0)
            allPositive = false;
    const auto [lo, hi] = finiteBounds(values, true);
    const bool log = allPositive && std::isfinite(lo) && hi / lo > std::pow(10.0, decades);
    if (log) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<ReadableLogTicker>::create());
        axis->setNumberFormat("g");
        axis->setNumberPrecision(6);
    } else {
        axis->setScaleType(QCPAxis::stLinear);
        axis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        axis->setNumberFormat("g");
        axis->setNumberPrecision(6);
    }
    return log;
}

void fitRange(QCPAxis *axis, const std::vector<double> &values, bool fromZero)
{
    const bool log = axis->scaleType() == QCPAxis::stLogarithmic;
    auto [lo, hi] = finiteBounds(values, log);
    if (!std::isfinite(lo)) {
        axis->setRange(log ? 0.1 : 0.0, log ? 10.0 : 1.0);
        return;
    }
    if (log) {
        const double pad = std::pow(hi / lo, 0.05);
        axis->setRange(lo / std::max(pad, 1.15), hi * std::max(pad, 1.15));
        return;
    }
    if (fromZero)
        lo = std::min(lo, 0.0);
    double span = hi - lo;
    if (span <= 0.0)
        span = std::abs(hi) > 0.0 ? std::abs(hi) : 1.0;
    const double low = fromZero && lo >= 0.0 ? 0.0 : lo - 0.05 * span;
    axis->setRange(low, hi + 0.08 * span);
}

QString formatNumber(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    const QLocale locale;
    const double magnitude = std::abs(value);
    if (magnitude >= 100.0 || magnitude == 0.0)
        return locale.toString(value, 'f', 0);
    if (magnitude >= 10.0)
        return locale.toString(value, 'f', 1);
    if (magnitude >= 1.0)
        return locale.toString(value, 'f', 2);
    // Three significant digits below one, without exponent notation down to 1e-4.
    const int decimals = std::min(8, 2 - static_cast<int>(std::floor(std::log10(magnitude))));
    return locale.toString(value, 'f', decimals);
}

QString formatSeconds(double seconds)
{
    if (!std::isfinite(seconds))
        return QStringLiteral("–");
    const double magnitude = std::abs(seconds);
    if (magnitude < 1.0)
        return QStringLiteral("%1 ms").arg(formatNumber(seconds * 1000.0));
    if (magnitude < 100.0)
        return QStringLiteral("%1 s").arg(formatNumber(seconds));
    if (magnitude < 7200.0)
        return QStringLiteral("%1 min").arg(formatNumber(seconds / 60.0));
    return QStringLiteral("%1 h").arg(formatNumber(seconds / 3600.0));
}

void setHoverUnit(QObject *plottable, const QString &unit)
{
    plottable->setProperty("twHoverUnit", unit);
}

void setHoverXUnit(QCustomPlot *plot, const QString &unit)
{
    plot->setProperty("twHoverXUnit", unit);
}

} // namespace tw::ui::charts
