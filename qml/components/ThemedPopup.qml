// A popup in the window's light or dark colours, also after the theme changes: under Qt 6.4 the controls
// inside a popup keep the palette they first inherited (Settings, then every dialog turned unreadable on a
// switch, both ways), so the popup binds ThemedWindow's colours and hands them to each control again on a
// change: its content, its title and its buttons. A Dialog, so that every popup of the workstation can be
// one: without a title or buttons it shows neither.
import QtQuick
import QtQuick.Controls
import Veil

Dialog {
    id: popup

    function repaint(item: Item) {
        const c = Appearance.colors
        if (item instanceof Control || item instanceof Label) {
            const p = item.palette
            p.window = c.window; p.windowText = c.windowText; p.base = c.base; p.alternateBase = c.alternateBase
            p.text = c.text; p.button = c.button; p.buttonText = c.buttonText; p.highlight = c.highlight
            p.highlightedText = c.highlightedText; p.mid = c.mid; p.light = c.light; p.midlight = c.midlight
            p.dark = c.dark; p.shadow = c.shadow; p.placeholderText = c.placeholderText
        }
        for (let i = 0; i < item.children.length; ++i)
            popup.repaint(item.children[i])
    }

    Connections {
        target: Appearance
        function onChanged() {
            popup.repaint(popup.contentItem)
            if (popup.header)
                popup.repaint(popup.header)
            if (popup.footer)
                popup.repaint(popup.footer)
        }
    }

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
