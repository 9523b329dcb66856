// Verdicts the service did not take — rejected (with its reason) or in conflict — listed with what they
// mean and what to do. They stay in the outbox; nothing a reviewer signed is silently lost.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ThemedPopup {
    id: popup

    anchors.centerIn: Overlay.overlay
    width: 640
    height: 420
    modal: true
    focus: true
    padding: 16

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        Label {
            text: qsTr("Verdicts that need your attention")
            font.bold: true
            font.pixelSize: 18
        }
        ListView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 10
            model: Workstation.syncStatus.unsettledVerdicts
            Accessible.name: qsTr("Rejected and conflicted verdicts")
            delegate: ColumnLayout {
                id: entry
                required property unsettledVerdict modelData
                width: ListView.view.width
                Label {
                    text: qsTr("%1 — %2").arg(entry.modelData.itemId)
                                        .arg(entry.modelData.rejected ? qsTr("rejected") : qsTr("in conflict"))
                    font.bold: true
                    textFormat: Text.PlainText
                    color: entry.modelData.rejected ? Appearance.danger : Appearance.warning
                }
                Label { text: entry.modelData.reason; textFormat: Text.PlainText; wrapMode: Text.Wrap; Layout.fillWidth: true }
                Label { text: entry.modelData.advice; wrapMode: Text.Wrap; Layout.fillWidth: true; opacity: 0.75 }
            }
            Label {
                anchors.centerIn: parent
                visible: parent.count === 0
                text: qsTr("Every verdict was accepted.")
            }
        }
        Button {
            text: qsTr("Close")
            Layout.alignment: Qt.AlignRight
            onClicked: popup.close()
        }
    }
}
