// A radio button that reads in either theme (see MarkedCheckBox): a ring in the outline colour, the chosen
// one filled with the highlight around a dot.
import QtQuick
import QtQuick.Controls
import Veil

RadioButton {
    id: radio

    indicator: Rectangle {
        implicitWidth: 16
        implicitHeight: 16
        x: radio.mirrored ? radio.width - width - radio.rightPadding : radio.leftPadding
        y: radio.topPadding + (radio.availableHeight - height) / 2
        radius: width / 2
        color: radio.checked ? Appearance.colors.highlight : Appearance.colors.base
        border.width: radio.visualFocus ? 2 : 1
        border.color: radio.checked || radio.visualFocus ? Appearance.colors.highlight : Appearance.outline

        Rectangle {
            anchors.centerIn: parent
            width: 6
            height: 6
            radius: 3
            visible: radio.checked
            color: Appearance.colors.highlightedText
        }
    }
}
