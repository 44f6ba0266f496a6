#include "ui/report/page_layout.h"

#include <QPaintDevice>
#include <QPainter>
#include <QTextLayout>
#include <QTextOption>

#include <algorithm>
#include <numeric>

namespace tw::ui::report {
namespace {

/// Text laid out to a width, kept alive by the drawing steps that paint it.
struct Wrapped
{
    std::shared_ptr<QTextLayout> layout;
    double height = 0.0;
};

/// Lays @p text out at @p width for @p device. Words longer than the width (URLs in a source
/// column) break anywhere rather than run over the next column.
Wrapped wrap(const QString &text, const QFont &font, double width, QPaintDevice *device,
             Qt::Alignment alignment = Qt::AlignLeft)
{
    Wrapped out;
    out.layout = std::make_shared<QTextLayout>(text, font, device);
    QTextOption option(alignment);
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    out.layout->setTextOption(option);
    out.layout->beginLayout();
    double y = 0.0;
    for (QTextLine line = out.layout->createLine(); line.isValid();
         line = out.layout->createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0.0, y));
        y += line.height();
    }
    out.layout->endLayout();
    out.height = y;
    return out;
}

} // namespace

QFont ReportStyle::font(double points, bool bold) const
{
    QFont font(family);
    font.setPointSizeF(points);
    font.setBold(bold);
    font.setStyleHint(QFont::SansSerif);
    // No ligatures: with them, text copied or extracted from the PDF reads "ﬁrst" and "traﬃc"
    // (one glyph for "ffi"), which search and screen readers do not match.
    font.setStyleStrategy(QFont::PreferNoShaping);
    return font;
}

PageLayout::PageLayout(QPaintDevice *device, const ReportStyle &style, const QMarginsF &marginsPt)
    : m_device(device)
    , m_style(style)
    , m_unitsPerPoint(device->logicalDpiY() / 72.0)
    , m_page(0.0, 0.0, device->width(), device->height())
{
    m_content = m_page.adjusted(pt(marginsPt.left()), pt(marginsPt.top()), -pt(marginsPt.right()),
                                -pt(marginsPt.bottom()));
}

PageLayout::~PageLayout() = default;

void PageLayout::newPage(bool decorated)
{
    m_pages.push_back(Page{decorated, {}});
    m_y = m_content.top();
}

double PageLayout::remaining() const
{
    return m_content.bottom() - m_y;
}

void PageLayout::space(double points)
{
    m_y = std::min(m_y + pt(points), m_content.bottom());
}

void PageLayout::ensureSpace(double points)
{
    if (m_pages.empty() || remaining() < pt(points))
        newPage();
}

void PageLayout::add(Step step)
{
    if (m_pages.empty())
        newPage();
    m_pages.back().steps.push_back(std::move(step));
}

void PageLayout::heading(const QString &text, int level, double keepWithNextPt)
{
    const QFont font = m_style.font(level <= 1 ? m_style.h1Pt : m_style.h2Pt, true);
    const Wrapped wrapped = wrap(text, font, m_content.width(), m_device);
    const double before = m_pages.empty() || m_y <= m_content.top() ? 0.0 : pt(level <= 1 ? 6 : 10);
    if (m_pages.empty() || remaining() < before + wrapped.height + pt(keepWithNextPt))
        newPage();
    else
        m_y += before;
    const QPointF origin(m_content.left(), m_y);
    const QColor colour = m_style.accent;
    const double ruleY = m_y + wrapped.height + pt(2);
    const bool rule = level <= 1;
    const QRectF content = m_content;
    const QColor ruleColour = m_style.rule;
    add([wrapped, origin, colour, rule, ruleY, content, ruleColour](QPainter &painter) {
        painter.setPen(colour);
        wrapped.layout->draw(&painter, origin);
        if (rule) {
            painter.setPen(QPen(ruleColour, 0.0));
            painter.drawLine(QPointF(content.left(), ruleY), QPointF(content.right(), ruleY));
        }
    });
    m_y += wrapped.height + pt(rule ? 8 : 4);
}

void PageLayout::paragraph(const QString &text, const QFont &font, const QColor &colour,
                           double spaceAfterPt)
{
    const Wrapped wrapped = wrap(text, font, m_content.width(), m_device);
    if (m_pages.empty())
        newPage();
    // Break between lines: each page paints its own range of the same layout.
    int first = 0;
    const int lines = wrapped.layout->lineCount();
    while (first < lines) {
        int last = first;
        double used = 0.0;
        while (last < lines && used + wrapped.layout->lineAt(last).height() <= remaining() + 0.01)
            used += wrapped.layout->lineAt(last++).height();
        if (last == first && m_y > m_content.top()) {
            newPage();
            continue;
        }
        if (last == first) // a line taller than a whole page: place it anyway, once
            used = wrapped.layout->lineAt(last++).height();
        const double top = m_y;
        const double lineTop = wrapped.layout->lineAt(first).y();
        const double left = m_content.left();
        add([wrapped, first, last, top, lineTop, left, colour](QPainter &painter) {
            painter.setPen(colour);
            for (int i = first; i < last; ++i)
                wrapped.layout->lineAt(i).draw(&painter, QPointF(left, top - lineTop));
        });
        m_y += used;
        first = last;
        if (first < lines)
            newPage();
    }
    space(spaceAfterPt);
}

double PageLayout::textHeight(const QString &text, const QFont &font, double width) const
{
    return wrap(text, font, width, m_device).height;
}

void PageLayout::block(double height, std::function<void(QPainter &, const QRectF &)> draw)
{
    if (m_pages.empty() || remaining() < height)
        newPage();
    const QRectF rect(m_content.left(), m_y, m_content.width(),
                      std::min(height, m_content.height()));
    add([draw = std::move(draw), rect](QPainter &painter) {
        painter.save();
        draw(painter, rect);
        painter.restore();
    });
    m_y += rect.height();
}

double PageLayout::tableRowHeight(const TableSpec &spec, const QStringList &cells,
                                  const QFont &font, const std::vector<double> &widths) const
{
    double height = 0.0;
    const double padding = pt(3);
    for (int c = 0; c < cells.size() && c < static_cast<int>(widths.size()); ++c) {
        QFont cellFont = font; // as tableRow() draws it
        cellFont.setBold(font.bold() || (spec.boldFirstColumn && c == 0));

        height = std::max(height,
                          wrap(cells[c], cellFont, widths[c] - 2 * padding, m_device).height);
    }
    return height + 2 * padding;
}

void PageLayout::tableRow(const TableSpec &spec, const QStringList &cells, const QFont &font,
                          const std::vector<double> &widths, double height, const QColor &fill)
{
    const double padding = pt(3);
    std::vector<Wrapped> wrapped;
    for (int c = 0; c < cells.size() && c < static_cast<int>(widths.size()); ++c) {
        QFont cellFont = font;
        cellFont.setBold(font.bold() || (spec.boldFirstColumn && c == 0));
        const Qt::Alignment align = static_cast<std::size_t>(c) < spec.alignment.size()
                                            ? spec.alignment[static_cast<std::size_t>(c)]
                                            : Qt::AlignLeft;
        wrapped.push_back(wrap(cells[c], cellFont, widths[c] - 2 * padding, m_device, align));
    }
    const QRectF row(m_content.left(), m_y, m_content.width(), height);
    const QColor text = m_style.text, rule = m_style.rule;
    add([wrapped, widths, row, fill, text, rule, padding](QPainter &painter) {
        if (fill.isValid())
            painter.fillRect(row, fill);
        painter.setPen(text);
        double x = row.left();
        for (std::size_t c = 0; c < wrapped.size(); ++c) {
            wrapped[c].layout->draw(&painter, QPointF(x + padding, row.top() + padding));
            x += widths[c];
        }
        painter.setPen(QPen(rule, 0.0));
        painter.drawLine(row.bottomLeft(), row.bottomRight());
    });
    m_y += height;
}

void PageLayout::table(const TableSpec &spec)
{
    const int columns = static_cast<int>(spec.columnWeights.size());
    const double total = std::accumulate(spec.columnWeights.begin(), spec.columnWeights.end(), 0.0);
    std::vector<double> widths;
    for (double weight : spec.columnWeights)
        widths.push_back(m_content.width() * weight / total);
    const QFont body = m_style.font(m_style.tablePt);
    const QFont header = m_style.font(m_style.tablePt, true);
    const double headerHeight = tableRowHeight(spec, spec.headers, header, widths);
    const auto putHeader = [&] {
        tableRow(spec, spec.headers.mid(0, columns), header, widths, headerHeight,
                 m_style.cardBackground);
    };
    const double firstRow
            = spec.rows.empty() ? 0.0 : tableRowHeight(spec, spec.rows.front(), body, widths);
    if (m_pages.empty() || remaining() < headerHeight + firstRow)
        newPage();
    putHeader();
    for (std::size_t r = 0; r < spec.rows.size(); ++r) {
        const double height = std::min(tableRowHeight(spec, spec.rows[r], body, widths),
                                       m_content.height() - headerHeight);
        if (remaining() < height) {
            newPage();
            putHeader();
        }
        QColor fill;
        if (r < spec.emphasised.size() && spec.emphasised[r])
            fill = m_style.emphasis;
        else if (r % 2 == 1)
            fill = m_style.zebra;
        tableRow(spec, spec.rows[r], body, widths, height, fill);
    }
    space(8);
}

void PageLayout::paint(QPainter &painter, int index, const Decoration &decoration) const
{
    const Page &page = m_pages.at(static_cast<std::size_t>(index));
    if (page.decorated) {
        painter.save();
        const QFont small = m_style.font(m_style.smallPt);
        painter.setFont(small);
        painter.setPen(m_style.muted);
        const double headerY = m_content.top() - pt(22);
        const QRectF header(m_content.left(), headerY, m_content.width(), pt(12));
        painter.drawText(header, Qt::AlignLeft | Qt::AlignVCenter, decoration.headerLeft);
        painter.drawText(header, Qt::AlignRight | Qt::AlignVCenter, decoration.headerRight);
        painter.setPen(QPen(m_style.rule, 0.0));
        painter.drawLine(QPointF(m_content.left(), headerY + pt(15)),
                         QPointF(m_content.right(), headerY + pt(15)));
        const double footerY = m_content.bottom() + pt(14);
        painter.drawLine(QPointF(m_content.left(), footerY), QPointF(m_content.right(), footerY));
        const QRectF footer(m_content.left(), footerY + pt(3), m_content.width(), pt(12));
        painter.setPen(m_style.muted);
        painter.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter, decoration.footerLeft);
        painter.drawText(footer, Qt::AlignRight | Qt::AlignVCenter,
                         QStringLiteral("Page %1 of %2").arg(index + 1).arg(pageCount()));
        painter.restore();
    }
    for (const Step &step : page.steps)
        step(painter);
}

} // namespace tw::ui::report
