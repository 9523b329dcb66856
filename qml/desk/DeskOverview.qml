// The desk's overview: how far reviewers agree with blind QA re-review (table and chart), the SLA picture
// per queue (due soon, breached, time to decision), the disagreements and breached items, and audit alerts
// from the service's witness. The numbers come from the service (Workstation.desk.summary).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ColumnLayout {
    id: overview

    required property deskSummary numbers

    // A disagreement opens as the decision it is (blurred, with the verdict).
    signal openRequested(string itemId, decisionLogEntry record)


    spacing: 8

    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        spacing: 12

        AgreementPanel {
            Layout.fillWidth: true
            Layout.fillHeight: true
            agreement: overview.numbers.agreement
        }
        SlaPanel {
            Layout.fillWidth: true
            Layout.fillHeight: true
            summary: overview.numbers.sla
        }
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.preferredHeight: 110
        spacing: 12
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Label { text: qsTr("Disagreements (%1)").arg(overview.numbers.agreement.disagreements.length); font.bold: true }
            ListView {
                id: disagreementList
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: overview.numbers.agreement.disagreements
                delegate: ItemDelegate {
                    id: disagreementRow
                    required property disagreementView modelData
                    // Names and decisions from the service: shown as written, never as markup.
                    // Colours from Appearance itself: under Qt 6.4 these delegates kept Fusion's light palette in
                    // the dark theme.
                    contentItem: Label { text: disagreementRow.text; textFormat: Text.PlainText; elide: Text.ElideRight; color: Appearance.colors.windowText }
                    background: Rectangle {
                        color: disagreementRow.hovered || disagreementRow.down || disagreementRow.visualFocus ? Appearance.colors.alternateBase : "transparent"
                        border.color: Appearance.colors.highlight
                        border.width: disagreementRow.visualFocus ? 2 : 0
                    }
                    // qmllint disable unqualified
                    width: disagreementList.width
                    padding: 2
                    text: qsTr("%1 · %2: %3 — QA: %4").arg(modelData.itemId).arg(modelData.reviewer)
                          .arg(Workstation.policy.titles.of("decision", modelData.decision))
                          .arg(Workstation.policy.titles.of("decision", modelData.qaDecision))
                    Accessible.name: qsTr("Open the decision on %1").arg(modelData.itemId)
                    onClicked: overview.openRequested(modelData.itemId, modelData.asRecord())
                    // qmllint enable unqualified
                }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Label { text: qsTr("Breached now (%1)").arg(overview.numbers.sla.breachedItems.length); font.bold: true }
            ListView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: overview.numbers.sla.breachedItems
                delegate: Label {
                    required property breachedItemView modelData
                    text: qsTr("%1 · %2 · %3 late · %4").arg(modelData.itemId).arg(LocaleText.priority(modelData.priority))
                          .arg(DurationText.format(modelData.latenessMs))
                          .arg(modelData.heldBy !== "" ? modelData.heldBy : qsTr("not claimed"))
                    color: Appearance.danger
                    textFormat: Text.PlainText
                    width: ListView.view.width
                    elide: Text.ElideMiddle // the id's ends and the holder stay readable
                }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            // Per reviewer, last 24 h: verdicts, the median time from one decision to the next (breaks over
            // 15 minutes left out; a cluster decided at once is one step) and decisions per active hour.
            Label { text: qsTr("Pace, last 24 h (%1)").arg(overview.numbers.sla.pace.length); font.bold: true }
            ListView {
                objectName: "paceList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: overview.numbers.sla.pace
                delegate: Label {
                    required property reviewerPaceView modelData
                    // The name last: a "%1" in it is never taken for a place to fill.
                    text: qsTr("%3 · %n decision(s) · %1 each · %2 per hour", "", modelData.decisions)
                          .arg(modelData.hasMedian ? LocaleText.shortDuration(modelData.medianHandlingMs) : qsTr("n/a"))
                          .arg(modelData.hasPerHour ? LocaleText.decimal(modelData.perHour, 1) : qsTr("n/a"))
                          .arg(modelData.reviewer)
                    textFormat: Text.PlainText
                    width: ListView.view.width
                    elide: Text.ElideRight
                }
            }
        }
    }

    Label {
        text: overview.numbers.alertCount === 0 ? qsTr("Audit: no workstation's chain was refused.")
                                                : qsTr("Audit alerts: %1").arg(overview.numbers.alertCount)
        font.bold: overview.numbers.alertCount > 0
        color: overview.numbers.alertCount > 0 ? Appearance.danger : palette.windowText
    }
    Repeater {
        model: overview.numbers.firstAlerts
        delegate: Label {
            required property auditAlertView modelData
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("%1 (%2): %3").arg(modelData.reviewer).arg(modelData.code).arg(modelData.message)
            textFormat: Text.PlainText // the service's words, never markup
        }
    }
}
