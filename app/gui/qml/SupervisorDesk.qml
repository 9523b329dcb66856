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
    readonly property var disagreements: (numbers.agreement ?? {}).disagreements ?? []
    readonly property var breachedItems: (numbers.sla ?? {}).breached_items ?? []

    function minutes(ms) { return ms >= 3600000 ? qsTr("%1 h").arg((ms / 3600000).toFixed(1)) : qsTr("%1 min").arg(Math.round(ms / 60000)) }

    Component.onCompleted: Workstation.refreshDesk()
    // After every sync too: leases, decisions and breaches move on.
    Connections {
        target: Workstation
        function onSyncFinished() { Workstation.refreshDesk() }
    }

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

        RowLayout {
            Layout.fillWidth: true
            Layout.preferredHeight: 110
            spacing: 12
            ColumnLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Label { text: qsTr("Disagreements (%1)").arg(desk.disagreements.length); font.bold: true }
                ListView {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: desk.disagreements
                    delegate: Label {
                        required property var modelData
                        text: qsTr("%1 · %2: %3 — QA: %4").arg(modelData.item_id).arg(modelData.reviewer)
                              .arg(modelData.decision).arg(modelData.qa_decision)
                    }
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Label { text: qsTr("Breached now (%1)").arg(desk.breachedItems.length); font.bold: true }
                ListView {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: desk.breachedItems
                    delegate: Label {
                        required property var modelData
                        text: qsTr("%1 · P%2 · %3 late · %4").arg(modelData.item_id).arg(modelData.priority)
                              .arg(desk.minutes(modelData.lateness_ms))
                              .arg(modelData.held_by ?? qsTr("not claimed"))
                        color: Appearance.danger
                    }
                }
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
