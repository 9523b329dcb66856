// The supervisor's desk: how far reviewers agree with blind QA re-review (table and chart), the SLA
// picture per queue (due soon, breached, time to decision), and audit alerts from the service's witness.
// The numbers come from the service (Workstation.refreshDesk, on the worker thread).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

Pane {
    id: desk

    readonly property var numbers: Workstation.desk
    readonly property var alerts: (numbers.alerts ?? {}).alerts ?? []

    Component.onCompleted: Workstation.refreshDesk()

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        RowLayout {
            Layout.fillWidth: true
            Label { text: qsTr("Supervisor desk"); font.bold: true; font.pixelSize: 18 }
            Item { Layout.fillWidth: true }
            Label {
                visible: Workstation.deskError !== ""
                text: qsTr("Could not refresh: %1").arg(Workstation.deskError)
                color: Appearance.danger
            }
            Button {
                text: qsTr("Refresh")
                Accessible.name: qsTr("Refresh the desk")
                onClicked: Workstation.refreshDesk()
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 12

            AgreementPanel {
                Layout.fillWidth: true
                Layout.fillHeight: true
                agreement: desk.numbers.agreement ?? ({})
            }
            SlaPanel {
                Layout.fillWidth: true
                Layout.fillHeight: true
                summary: desk.numbers.sla ?? ({})
            }
        }

        Label {
            text: desk.alerts.length === 0 ? qsTr("Audit: no workstation's chain was refused.")
                                           : qsTr("Audit alerts: %1").arg(desk.alerts.length)
            font.bold: desk.alerts.length > 0
            color: desk.alerts.length > 0 ? Appearance.danger : palette.windowText
        }
        Repeater {
            model: desk.alerts.slice(0, 5)
            delegate: Label {
                required property var modelData
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("%1 (%2): %3").arg(modelData.reviewer).arg(modelData.code).arg(modelData.message)
            }
        }
    }
}
