#include "ui/collapsible_section.h"

#include <QToolButton>
#include <QVBoxLayout>

namespace tw::ui {

CollapsibleSection::CollapsibleSection(const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_header(new QToolButton(this))
    , m_body(new QWidget(this))
    , m_bodyLayout(new QVBoxLayout(m_body))
{
    m_header->setText(title);
    m_header->setCheckable(true);
    m_header->setChecked(true);
    m_header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_header->setArrowType(Qt::DownArrow);
    m_header->setAutoRaise(true);
    m_header->setFocusPolicy(Qt::StrongFocus);
    m_header->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_header->setAccessibleName(tr("%1 group").arg(title));
    m_header->setAccessibleDescription(tr("Shows or hides the %1 controls").arg(title));
    QFont font = m_header->font();
    font.setBold(true);
    m_header->setFont(font);

    m_bodyLayout->setContentsMargins(14, 0, 4, 6);
    m_bodyLayout->setSpacing(4);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    layout->addWidget(m_body);

    connect(m_header, &QToolButton::toggled, this, [this](bool expanded) {
        m_header->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
        m_body->setVisible(expanded);
        emit expandedChanged(expanded);
    });
}

void CollapsibleSection::addWidget(QWidget *widget)
{
    m_bodyLayout->addWidget(widget);
}

void CollapsibleSection::setExpanded(bool expanded)
{
    m_header->setChecked(expanded);
}

bool CollapsibleSection::isExpanded() const
{
    return m_header->isChecked();
}

} // namespace tw::ui
