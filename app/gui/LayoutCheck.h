// What a person would see cut off in a window: a control (button, check box, combo box, field, label) that
// lies partly outside the window, or is squeezed narrower than its content needs. Run on the real window
// by `veil --screenshot FILE --check-layout` (and veil-demo), which ctest does at 1024 x 700, 1280 x 800
// and 1920 x 1080, light and dark, English and German.
#pragma once

#include <QStringList>

class QQuickWindow;

namespace veil::gui {

// One line per clipped control: its type, text or object name, and its rectangle in the window. Controls
// inside a scrolling view (ListView, Flickable) are skipped: there, out of sight is scrolled, not clipped.
QStringList clippedControls(QQuickWindow *window);

} // namespace veil::gui
