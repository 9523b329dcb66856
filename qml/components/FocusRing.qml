// The ring around the control that has the keyboard after Tab: plain to see in either theme, so a reviewer
// always knows where Space or Enter would go. Not shown for focus that came from a click.
import QtQuick
import Veil

Rectangle {
    required property bool shown

    anchors.fill: parent
    anchors.margins: -3
    z: 10
    visible: shown
    color: "transparent"
    radius: 4
    border.width: 2
    border.color: Appearance.colors.highlight
}
