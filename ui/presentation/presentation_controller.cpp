#include "ui/presentation/presentation_controller.h"

#include "ui/main_window.h"
#include "ui/presentation/presentation_view.h"

#include <QAction>
#include <QScreen>

namespace tw::ui {

PresentationController::PresentationController(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_action(new QAction(tr("&Presentation mode"), this))
{
    m_action->setObjectName(QStringLiteral("presentationAction"));
    m_action->setShortcut(QKeySequence(Qt::Key_F5));
    m_action->setCheckable(true);
    m_action->setStatusTip(tr("Full screen, one idea per page; arrows and Space move, Esc leaves"));
    connect(m_action, &QAction::toggled, this, [this](bool on) { on ? start() : stop(); });
}

PresentationController::~PresentationController()
{
    delete m_view.data();
}

PresentationView *PresentationController::view() const
{
    return m_view.data();
}

void PresentationController::start()
{
    if (m_view)
        return;
    m_view = new PresentationView(m_window->document(), m_window);
    m_view->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_window, &MainWindow::outputPresented, m_view, &PresentationView::showOutput);
    connect(m_view, &PresentationView::closed, this, [this] {
        if (m_action->isChecked())
            m_action->setChecked(false);
    });
    // The screen's whole area first: without a window manager (a kiosk, a bare X server)
    // full-screen state alone does not resize the window.
    if (const QScreen *screen = m_window->screen())
        m_view->setGeometry(screen->geometry());
    m_view->showFullScreen();

    m_view->showOutput(m_window->shownOutput());
    m_view->activateWindow();
    m_view->setFocus();
    if (!m_action->isChecked())
        m_action->setChecked(true);
}

void PresentationController::stop()
{
    if (m_view)
        m_view->close(); // deletes itself (WA_DeleteOnClose); closed() unchecks the action
    if (m_action->isChecked())
        m_action->setChecked(false);
}

} // namespace tw::ui
