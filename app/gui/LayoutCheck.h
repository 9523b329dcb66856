// What a person would see cut off in a window: a control (button, check box, combo box, field, label) that
// lies partly outside the window, or is squeezed narrower than its content needs. Run on the real window
// by `veil --screenshot FILE --check-layout` (and veil-demo), which ctest does at 1024 x 600, 1024 x 700,
// 1280 x 800 and 1920 x 1080, light and dark, English and German.
#pragma once

#include <QStringList>

class QImage;

class QQuickWindow;

namespace veil::gui {

// One line per clipped control: its type, text or object name, and its rectangle in the window. Controls
// inside a scrolling view (ListView, Flickable) are skipped: there, out of sight is scrolled, not clipped.
QStringList clippedControls(QQuickWindow *window);

// One line per text or check mark a person could not read in `shot` (the window as rendered): text under
// 4.5:1 against what is drawn behind it, a check box's or radio button's indicator under 3:1 (WCAG 2.1,
// 1.4.3 and 1.4.11). Measured on the pixels, so opacity, themes and a style's own colours all count.
// Disabled controls are exempt, as WCAG has it.
QStringList lowContrast(QQuickWindow *window, const QImage &shot);

} // namespace veil::gui
