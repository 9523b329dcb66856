// Where the workstation's window was and how big: kept across a demo role switch (which rebuilds the window)
// and between sessions (QSettings "window/geometry"), so a reviewer's arrangement is never undone. A saved
// place that no screen shows any more (a monitor unplugged) is fitted onto the window's screen, one partly
// off its screen is pulled back onto it, and a window maximized all session keeps the normal size it had.
#pragma once

#include <QRect>
#include <QtGlobal>

class QWindow;

namespace veil::gui {

class WindowPlacement
{
public:
    // The window's place now; also saved for the next session.
    void remember(const QWindow &window);
    // Puts the window where the last one was (this run's, else the saved one); false when there is none.
    bool restore(QWindow &window) const;

private:
    QRect m_geometry;
    Qt::WindowStates m_states;
    bool m_known = false;
};

} // namespace veil::gui
