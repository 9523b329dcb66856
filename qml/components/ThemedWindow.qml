// A Veil window: light or dark as the reviewer chose (Settings), with every control's colours from
// Appearance.
import QtQuick
import QtQuick.Controls
import Veil

ApplicationWindow {
    palette.window: Appearance.window
    palette.windowText: Appearance.windowText
    palette.base: Appearance.base
    palette.alternateBase: Appearance.alternateBase
    palette.text: Appearance.text
    palette.button: Appearance.button
    palette.buttonText: Appearance.buttonText
    palette.highlight: Appearance.highlight
    palette.highlightedText: Appearance.highlightedText
    palette.mid: Appearance.mid
    palette.dark: Appearance.highlight // a checked button (the chosen decision) is filled with it
    palette.brightText: Appearance.highlightedText
    palette.placeholderText: Appearance.placeholderText
    palette.toolTipBase: Appearance.base
    palette.toolTipText: Appearance.text
    palette.disabled.buttonText: Appearance.muted
    palette.disabled.windowText: Appearance.muted
    palette.disabled.text: Appearance.muted
}
