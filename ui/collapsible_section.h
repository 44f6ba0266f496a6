#pragma once

#include <QWidget>

class QToolButton;
class QVBoxLayout;

namespace tw::ui {

/// A titled group whose body folds away: a keyboard-focusable header button (Space or Enter
/// toggles it) above a body that holds the group's controls.
class CollapsibleSection : public QWidget
{
    Q_OBJECT

public:
    explicit CollapsibleSection(const QString &title, QWidget *parent = nullptr);

    /// Adds a row to the body.
    void addWidget(QWidget *widget);
    void setExpanded(bool expanded);
    bool isExpanded() const;
    QToolButton *header() const { return m_header; }
    QWidget *body() const { return m_body; }

signals:
    void expandedChanged(bool expanded);

private:
    QToolButton *m_header = nullptr;
    QWidget *m_body = nullptr;
    QVBoxLayout *m_bodyLayout = nullptr;
};

} // namespace tw::ui
