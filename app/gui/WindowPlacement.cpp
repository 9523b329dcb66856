#include "WindowPlacement.h"

#include <QGuiApplication>
#include <QScreen>
#include <QSettings>
#include <QWindow>

#include <algorithm>

namespace veil::gui {

namespace {

const QString geometryKey = QStringLiteral("window/geometry");
const QString maximizedKey = QStringLiteral("window/maximized");

} // namespace

void WindowPlacement::remember(const QWindow &window)
{
    // A maximized window's normal size is not known to QWindow: keep the last size it had before, if any.
    m_states = window.windowStates();
    const bool maximized = m_states & (Qt::WindowMaximized | Qt::WindowFullScreen);
    if (!maximized)
        m_geometry = window.geometry();
    else if (!m_known) // maximized all session: the normal size is still the one saved last time
        m_geometry = QSettings().value(geometryKey).toRect();
    if (!m_geometry.isValid())
        m_geometry = window.geometry();
    m_known = true;
    QSettings settings;
    settings.setValue(geometryKey, m_geometry);
    settings.setValue(maximizedKey, bool(m_states & Qt::WindowMaximized));
}

bool WindowPlacement::restore(QWindow &window) const
{
    QRect geometry = m_geometry;
    Qt::WindowStates states = m_states;
    if (!m_known) {
        const QSettings settings;
        geometry = settings.value(geometryKey).toRect();
        states = settings.value(maximizedKey).toBool() ? Qt::WindowMaximized : Qt::WindowNoState;
    }
    if (!geometry.isValid())
        return false;
    geometry.setSize(geometry.size().expandedTo(window.minimumSize()));
    // Back on the screen it was on, if that screen is still there; else onto the window's own.
    QScreen *screen = QGuiApplication::screenAt(geometry.center());
    if (screen)
        window.setScreen(screen);
    else
        screen = window.screen();
    if (screen) {
        const QRect room = screen->availableGeometry();
        if (!room.contains(geometry.center())) // saved on a screen that is gone, or mostly off it
            geometry.moveTopLeft(room.topLeft());
        geometry.setSize(geometry.size().boundedTo(room.size().expandedTo(window.minimumSize())));
        // Partly off an edge (a smaller screen now, a resolution changed): pulled back wholly onto it, the
        // title bar first where the window is larger than the screen.
        geometry.moveLeft(
            std::max(room.left(), std::min(geometry.left(), room.right() + 1 - geometry.width())));
        geometry.moveTop(
            std::max(room.top(), std::min(geometry.top(), room.bottom() + 1 - geometry.height())));
    }
    window.setGeometry(geometry);
    if (states & Qt::WindowMaximized)
        window.setWindowStates(Qt::WindowMaximized);
    return true;
}

} // namespace veil::gui
