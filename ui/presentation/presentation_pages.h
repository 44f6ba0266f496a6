#pragma once

#include "ui/report/report_facts.h"

#include <QWidget>

#include <optional>
#include <vector>

class QGridLayout;
class QLabel;

namespace tw::ui {

/// Point sizes of the presentation, scaled with the screen: 1.0 on a 1080-pixel-high screen.
struct PresentationType
{
    double scale = 1.0;
    double pt(double points) const { return points * scale; }
};

/// The first page: the headline sentence and the KPI cards, in large type.
class KpiPage : public QWidget
{
    Q_OBJECT

public:
    explicit KpiPage(QWidget *parent = nullptr);
    void setFigures(const QString &headline, const std::vector<report::KpiCard> &cards);
    void setType(const PresentationType &type);

    QString headlineText() const;
    /// The value texts of the cards, in order.
    QStringList valueTexts() const;

private:
    struct Card
    {
        QLabel *title = nullptr;
        QLabel *value = nullptr;
        QLabel *note = nullptr;
    };
    QLabel *m_headline = nullptr;
    QGridLayout *m_grid = nullptr;
    std::vector<Card> m_cards;
};

/// The last page: the KPIs when the presentation started against now, with the change, so
/// "what if we double traffic?" is answered on one page.
class ComparisonPage : public QWidget
{
    Q_OBJECT

public:
    explicit ComparisonPage(QWidget *parent = nullptr);
    /// @p before: the cards when the presentation started; @p now: the current ones.
    void setFigures(const std::vector<report::KpiCard> &before,
                    const std::vector<report::KpiCard> &now, const QString &beforeLabel,
                    const QString &nowLabel);
    void setType(const PresentationType &type);

    /// Cell text at (@p row, @p column) of the table (row 0 is the header), for tests.
    QString cellText(int row, int column) const;

private:
    QGridLayout *m_grid = nullptr;
    QLabel *m_note = nullptr;
    PresentationType m_type;
};

} // namespace tw::ui
