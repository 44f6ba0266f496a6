#pragma once

#include <QObject>
#include <QPointer>

class QAction;

namespace tw::ui {

class MainWindow;
class PresentationView;

/// View > Presentation mode (F5): opens a PresentationView full screen on the window's
/// document and keeps it fed with every output the window presents. GUI thread only.
class PresentationController : public QObject
{
    Q_OBJECT

public:
    explicit PresentationController(MainWindow *window);
    ~PresentationController() override;

    QAction *action() const { return m_action; }
    /// The open presentation, or null.
    PresentationView *view() const;

    void start();
    void stop();

private:
    MainWindow *m_window;
    QAction *m_action = nullptr;
    QPointer<PresentationView> m_view;
};

} // namespace tw::ui
