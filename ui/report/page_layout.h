#pragma once

#include <QColor>
#include <QFont>
#include <QMarginsF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

class QPaintDevice;
class QPainter;

namespace tw::ui::report {

/// Typography and colours of a report. Sizes in points.
struct ReportStyle
{
    QString family = QStringLiteral("DejaVu Sans");
    QColor text{0x20, 0x22, 0x26};
    QColor muted{0x6B, 0x70, 0x78};
    QColor accent{0x1F, 0x3A, 0x5F}; ///< headings, card bars
    QColor rule{0xD5, 0xD9, 0xDE};
    QColor zebra{0xF4, 0xF6, 0xF9};
    QColor cardBackground{0xF1, 0xF4, 0xF8};
    QColor emphasis{0xFF, 0xF4, 0xD6}; ///< table rows that deserve a look (values that differ)
    double bodyPt = 10.0;
    double smallPt = 8.0;
    double tablePt = 8.0;
    double h1Pt = 18.0;
    double h2Pt = 13.0;

    QFont font(double points, bool bold = false) const;
};

/// A table for PageLayout::table: header, rows of plain text, relative column widths.
struct TableSpec
{
    QStringList headers;
    std::vector<double> columnWeights; ///< relative widths, one per column
    std::vector<QStringList> rows;
    std::vector<bool> emphasised;         ///< per row; rows beyond the vector are plain
    std::vector<Qt::Alignment> alignment; ///< per column; left when missing
    bool boldFirstColumn = false;
};

/// Lays a report out on pages of a fixed size, in the device units of the paint device it is
/// measured against (a QPdfWriter). Content flows from top to bottom; a block that does not fit
/// starts a new page, paragraphs break between lines and tables between rows (repeating their
/// header), so nothing is ever cut off or drawn over a margin. Nothing is painted while laying
/// out: every page keeps a list of drawing steps, painted by paint() once the page count is
/// known (for "Page 3 of 9"). GUI thread or any one thread; not shared.
class PageLayout
{
public:
    /// What paint() draws around the content of each decorated page.
    struct Decoration
    {
        QString headerLeft;
        QString headerRight;
        QString footerLeft;
    };

    /// @p device: the PDF writer (fonts are measured for it). @p marginsPt: left, top, right,
    /// bottom margins of the content, in points; the header and footer sit inside the top and
    /// bottom margins.
    PageLayout(QPaintDevice *device, const ReportStyle &style, const QMarginsF &marginsPt);
    ~PageLayout();

    /// Device units per point.
    double unitsPerPoint() const { return m_unitsPerPoint; }
    double pt(double points) const { return points * m_unitsPerPoint; }
    const ReportStyle &style() const { return m_style; }
    QPaintDevice *device() const { return m_device; }
    /// The content area of a page, in device units.
    QRectF contentRect() const { return m_content; }
    /// Full page rectangle, in device units.
    QRectF pageRect() const { return m_page; }

    /// Starts a page; @p decorated pages get the header and footer.
    void newPage(bool decorated = true);
    /// Vertical space left on the current page, in device units.
    double remaining() const;
    /// Current vertical position in device units.
    double cursor() const { return m_y; }
    void space(double points);
    /// Starts a new page unless @p points of space are left.
    void ensureSpace(double points);

    /// A heading (level 1 or 2) kept with at least @p keepWithNextPt of what follows.
    void heading(const QString &text, int level, double keepWithNextPt = 90.0);
    /// Wrapped text; breaks between lines across pages.
    void paragraph(const QString &text, const QFont &font, const QColor &colour,
                   double spaceAfterPt = 6.0);
    /// Height in device units that @p text takes wrapped to @p width.
    double textHeight(const QString &text, const QFont &font, double width) const;
    /// A block of fixed height drawn by @p draw into its rectangle (full content width); moves
    /// to a new page when it does not fit.
    void block(double height, std::function<void(QPainter &, const QRectF &)> draw);
    /// A table that breaks between rows, repeating the header on each page.
    void table(const TableSpec &spec);

    int pageCount() const { return static_cast<int>(m_pages.size()); }
    /// Paints page @p index (0-based) with its header and footer ("Page n of N").
    void paint(QPainter &painter, int index, const Decoration &decoration) const;

private:
    using Step = std::function<void(QPainter &)>;
    struct Page
    {
        bool decorated = true;
        std::vector<Step> steps;
    };
    void add(Step step);
    double tableRowHeight(const TableSpec &spec, const QStringList &cells, const QFont &font,
                          const std::vector<double> &widths) const;
    void tableRow(const TableSpec &spec, const QStringList &cells, const QFont &font,
                  const std::vector<double> &widths, double height, const QColor &fill);

    QPaintDevice *m_device;
    ReportStyle m_style;
    double m_unitsPerPoint = 1.0;
    QRectF m_page;
    QRectF m_content;
    double m_y = 0.0;
    std::vector<Page> m_pages;
};

} // namespace tw::ui::report
