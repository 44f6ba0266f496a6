#include "ui/presentation/presentation_pages.h"

#include "ui/charts/chart_style.h"
#include "ui/report/report_format.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <cmath>

namespace tw::ui {
namespace {

const charts::Theme &lightTheme()
{
    return charts::theme(false);
}

void setPointSize(QLabel *label, double points, bool bold = false)
{
    QFont font = label->font();
    font.setPointSizeF(std::max(6.0, points));
    font.setBold(bold);
    label->setFont(font);
}

QLabel *colouredLabel(const QColor &colour, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setStyleSheet(QStringLiteral("color: %1;").arg(colour.name()));
    return label;
}

} // namespace

KpiPage::KpiPage(QWidget *parent)
    : QWidget(parent)
    , m_headline(colouredLabel(lightTheme().foreground, this))
    , m_grid(new QGridLayout)
{
    m_headline->setWordWrap(true);
    m_headline->setAccessibleName(tr("Summary"));
    auto *column = new QVBoxLayout(this);
    column->addWidget(m_headline);
    column->addSpacing(24);
    column->addLayout(m_grid, 1);
    m_grid->setSpacing(18);
}

void KpiPage::setFigures(const QString &headline, const std::vector<report::KpiCard> &cards)
{
    m_headline->setText(headline);
    while (m_cards.size() < cards.size()) {
        auto *frame = new QFrame(this);
        // The report's card: pale panel, a straight accent bar on the left.
        frame->setStyleSheet(QStringLiteral("QFrame { background: #F1F4F8; border-left: 6px solid "
                                            "#1F3A5F; border-top-right-radius: 6px; "
                                            "border-bottom-right-radius: 6px; }"));

        auto *layout = new QVBoxLayout(frame);
        Card card{colouredLabel(lightTheme().mutedForeground, frame),
                  colouredLabel(lightTheme().foreground, frame),
                  colouredLabel(lightTheme().mutedForeground, frame)};
        for (QLabel *label : {card.title, card.value, card.note}) {
            label->setStyleSheet(label->styleSheet() + QStringLiteral("border: none;"));
            layout->addWidget(label);
        }
        const int index = static_cast<int>(m_cards.size());
        m_grid->addWidget(frame, index / 4, index % 4);
        m_cards.push_back(card);
    }
    for (std::size_t i = 0; i < m_cards.size(); ++i) {
        const bool used = i < cards.size();
        m_cards[i].title->setText(used ? cards[i].title : QString());
        m_cards[i].value->setText(used ? cards[i].text : QString());
        m_cards[i].note->setText(used ? cards[i].note : QString());
        m_cards[i].value->setAccessibleName(used ? cards[i].title : QString());
    }
}

void KpiPage::setType(const PresentationType &type)
{
    setPointSize(m_headline, type.pt(22));
    for (const Card &card : m_cards) {
        setPointSize(card.title, type.pt(18));
        setPointSize(card.value, type.pt(46), true);
        setPointSize(card.note, type.pt(14));
    }
}

QString KpiPage::headlineText() const
{
    return m_headline->text();
}

QStringList KpiPage::valueTexts() const
{
    QStringList texts;
    for (const Card &card : m_cards)
        texts << card.value->text();
    return texts;
}

ComparisonPage::ComparisonPage(QWidget *parent)
    : QWidget(parent)
    , m_grid(new QGridLayout)
    , m_note(colouredLabel(lightTheme().mutedForeground, this))
{
    auto *column = new QVBoxLayout(this);
    column->addLayout(m_grid);
    column->addSpacing(18);
    column->addWidget(m_note);
    column->addStretch(1);
    m_grid->setHorizontalSpacing(48);
    m_grid->setVerticalSpacing(10);
    m_note->setWordWrap(true);
}

void ComparisonPage::setFigures(const std::vector<report::KpiCard> &before,
                                const std::vector<report::KpiCard> &now, const QString &beforeLabel,
                                const QString &nowLabel)
{
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const charts::Theme &theme = lightTheme();
    const auto cell = [&](int row, int column, const QString &text, const QColor &colour,
                          double points, bool bold, Qt::Alignment align) {
        QLabel *label = colouredLabel(colour, this);
        label->setText(text);
        setPointSize(label, m_type.pt(points), bold);
        m_grid->addWidget(label, row, column, align);
    };
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    cell(0, 1, beforeLabel, theme.mutedForeground, 16, true, right);
    cell(0, 2, nowLabel, theme.mutedForeground, 16, true, right);
    cell(0, 3, tr("Change"), theme.mutedForeground, 16, true, right);
    bool changed = false;
    for (std::size_t i = 0; i < now.size() && i < before.size(); ++i) {
        const int row = static_cast<int>(i) + 1;
        cell(row, 0, now[i].title, theme.foreground, 18, false, Qt::AlignLeft | Qt::AlignVCenter);
        cell(row, 1, before[i].text, theme.foreground, 22, false, right);
        cell(row, 2, now[i].text, theme.foreground, 22, true, right);
        const double a = before[i].value, b = now[i].value;
        QString change = QStringLiteral("–");
        QColor colour = theme.mutedForeground;
        if (std::isfinite(a) && std::isfinite(b) && a != 0.0 && before[i].title == now[i].title) {
            const double relative = (b - a) / std::abs(a);
            if (std::abs(relative) >= 0.0005) {
                changed = true;
                change = QStringLiteral("%1 %2").arg(relative > 0 ? QStringLiteral("▲")
                                                                  : QStringLiteral("▼"),
                                                     report::percent(std::abs(relative)));
                if (now[i].lowerIsBetter)
                    colour = relative < 0 ? theme.good : theme.bad;
            } else {
                change = tr("no change");
            }
        }
        cell(row, 3, change, colour, 22, true, right);
    }
    m_note->setText(changed ? QString()
                            : tr("Move a lever (press L to show them) and this page compares the "
                                 "new figures with those at the start."));
    setPointSize(m_note, m_type.pt(16));
}

void ComparisonPage::setType(const PresentationType &type)
{
    m_type = type;
}

QString ComparisonPage::cellText(int row, int column) const
{
    QLayoutItem *item = m_grid->itemAtPosition(row, column);
    auto *label = item != nullptr ? qobject_cast<QLabel *>(item->widget()) : nullptr;
    return label != nullptr ? label->text() : QString();
}

} // namespace tw::ui
