// A Veil window: light or dark as the reviewer chose (Settings), with every control's colours from
// Appearance.
import QtQuick
import QtQuick.Controls
import Veil

ApplicationWindow {
    palette.window: Appearance.colors.window
    palette.windowText: Appearance.colors.windowText
    palette.base: Appearance.colors.base
    palette.alternateBase: Appearance.colors.alternateBase
    palette.text: Appearance.colors.text
    palette.button: Appearance.colors.button
    palette.buttonText: Appearance.colors.buttonText
    palette.highlight: Appearance.colors.highlight
    palette.highlightedText: Appearance.colors.highlightedText
    palette.mid: Appearance.colors.mid
    palette.light: Appearance.colors.light
    palette.midlight: Appearance.colors.midlight
    palette.dark: Appearance.colors.dark
    palette.shadow: Appearance.colors.shadow
    palette.brightText: Appearance.colors.highlightedText
    palette.placeholderText: Appearance.colors.placeholderText
    palette.toolTipBase: Appearance.colors.base
    palette.toolTipText: Appearance.colors.text
    palette.disabled.buttonText: Appearance.muted
    palette.disabled.windowText: Appearance.muted
    palette.disabled.text: Appearance.muted
}
