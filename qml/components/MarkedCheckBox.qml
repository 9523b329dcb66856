// A check box whose box reads in either theme (3:1 against the window at least, checked or not): Fusion
// draws its outline from the window colour, which vanishes in the dark. Checked, it is filled with the
// highlight and ticked.
import QtQuick
import QtQuick.Controls
import Veil

CheckBox {
    id: box

    indicator: Rectangle {
        implicitWidth: 16
        implicitHeight: 16
        x: box.mirrored ? box.width - width - box.rightPadding : box.leftPadding
        y: box.topPadding + (box.availableHeight - height) / 2
        radius: 3
        color: box.checked ? Appearance.colors.highlight : Appearance.colors.base
        border.width: box.visualFocus ? 2 : 1
        border.color: box.checked || box.visualFocus ? Appearance.colors.highlight : Appearance.outline

        Text {
            anchors.centerIn: parent
            visible: box.checked
            text: "✓"
            color: Appearance.colors.highlightedText
            font.pixelSize: 13
            font.bold: true
        }
    }
}
