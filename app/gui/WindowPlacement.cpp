#include "WindowPlacement.h"

#include <QGuiApplication>
#include <QScreen>
#include <QSettings>
#include <QWindow>

namespace veil::gui {

namespace {

const QString geometryKey = QStringLiteral("window/geometry");
const QString maximizedKey = QStringLiteral("window/maximized");

} // namespace

void WindowPlacement::remember(const QWindow &window)
{
    // A maximized window's normal size is not known to QWindow: keep the last size it had before, if any.
    m_states = window.windowStates();
    if (!(m_states & (Qt::WindowMaximized | Qt::WindowFullScreen)) || !m_known)
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
    }
    window.setGeometry(geometry);
    if (states & Qt::WindowMaximized)
        window.setWindowStates(Qt::WindowMaximized);
    return true;
}

} // namespace veil::gui
