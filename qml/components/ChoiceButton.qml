// A button that stays pressed for a choice (the decision, an appeal's outcome): filled with the highlight
// when chosen, in either theme, so what will be signed is never in doubt. Fusion alone only darkens it.
import QtQuick
import QtQuick.Controls
import Veil

Button {
    checkable: true
    highlighted: checked
    palette.button: checked ? Appearance.colors.highlight : Appearance.colors.button
    palette.buttonText: checked ? Appearance.colors.highlightedText : Appearance.colors.buttonText
}
