// One member in the family grid (ClusterDialog): its blurred thumbnail — never clear, like every
// thumbnail —, whether it is the item looked at, and whether it was dropped from the decision.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

Item {
    id: member

    required property string itemId
    required property bool current
    required property bool shown // the item the reviewer looked at: always signed
    required property bool dropped
    property bool grayscale: false

    signal clicked()

    width: 152
    height: 124
    Accessible.role: Accessible.CheckBox
    Accessible.name: member.shown ? qsTr("%1, the item you reviewed").arg(member.itemId)
                                  : member.dropped ? qsTr("%1, dropped").arg(member.itemId)
                                                   : qsTr("%1, kept").arg(member.itemId)

    Rectangle {
        anchors.fill: parent
        anchors.margins: 3
        radius: 4
        color: "transparent"
        border.width: member.current ? 3 : 1
        border.color: member.current ? palette.highlight : palette.mid

        ColumnLayout {
            anchors.fill: parent
            anchors.margins: 6
            spacing: 2
            Image {
                source: "image://veil/" + member.itemId + "/blurred/" + (member.grayscale ? "g" : "") + "3"
                sourceSize.width: 128
                sourceSize.height: 84
                Layout.preferredWidth: 128
                Layout.preferredHeight: 84
                Layout.alignment: Qt.AlignHCenter
                fillMode: Image.PreserveAspectFit
                asynchronous: true
                opacity: member.dropped ? 0.25 : 1
            }
            Label {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                elide: Text.ElideRight
                font.bold: member.shown
                color: member.dropped ? Appearance.danger : palette.windowText
                text: member.shown ? qsTr("reviewed") : member.dropped ? qsTr("dropped") : qsTr("kept")
            }
        }
    }
    MouseArea {
        anchors.fill: parent
        enabled: !member.shown
        onClicked: member.clicked()
    }
}
