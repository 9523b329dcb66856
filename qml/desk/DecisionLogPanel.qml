// The team's decision log on the supervisor desk: every accepted verdict as pulled from the service with
// each sync, newest first, filtered by reviewer, decision, label, category and age. A row opens the item
// (blurred) beside its verdict; the filtered rows export as CSV, JSON Lines or DSA statements of reasons.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ColumnLayout {
    id: panel

    property string exportStatus: ""

    signal openRequested(string itemId, decisionLogEntry record)

    spacing: 6

    DecisionLogModel {
        id: log
        workstation: Workstation
    }
    DecisionExport {
        id: exporter
        log: log
    }

    function choices(all, values) {
        const list = [all]
        for (const value of values)
            list.push(value)
        return list
    }
    // A file name that does not overwrite the last export: decisions-2026-11-30-1415.csv.
    function stamped(name) { return folder.text + "/" + name + "-" + new Date().toISOString().slice(0, 16).replace(/[:T]/g, "-").replace(/-(\d\d)-(\d\d)$/, "-$1$2") }
    function openNewest() {
        log.reload() // with what the sync that just finished pulled
        const newest = log.record(0)
        if (log.count > 0)
            panel.openRequested(newest.itemId, newest)
    }

    RowLayout {
        Layout.fillWidth: true
        ComboBox {
            objectName: "logReviewer"
            Accessible.name: qsTr("Reviewer")
            model: panel.choices(qsTr("Any reviewer"), log.reviewers)
            onActivated: log.reviewer = currentIndex === 0 ? "" : currentText
        }
        ComboBox {
            objectName: "logDecision"
            Accessible.name: qsTr("Decision")
            model: Workstation.policy.titles.choices("decision", [], qsTr("Any decision"))
            textRole: "text"
            valueRole: "value"
            onActivated: log.decision = currentValue
        }
        ComboBox {
            objectName: "logLabel"
            Accessible.name: qsTr("Label")
            model: Workstation.policy.titles.choices("label", [], qsTr("Any label"))
            textRole: "text"
            valueRole: "value"
            onActivated: log.label = currentValue
        }
        ComboBox {
            objectName: "logCategory"
            Accessible.name: qsTr("Category")
            model: Workstation.policy.titles.choices("category", log.categories, qsTr("Any category"))
            textRole: "text"
            valueRole: "value"
            onActivated: log.category = currentValue
        }
        ComboBox {
            objectName: "logDays"
            Accessible.name: qsTr("Decided within")
            readonly property var days: [0, 1, 7, 30, 90]
            model: [qsTr("Any time"), qsTr("Last 24 h"), qsTr("Last 7 days"), qsTr("Last 30 days"), qsTr("Last 90 days")]
            onActivated: log.days = days[currentIndex]
        }
        Item { Layout.fillWidth: true }
        Label { text: qsTr("%n decision(s)", "", log.count) }
    }

    Label {
        visible: log.error !== ""
        text: qsTr("The log could not be read: %1").arg(log.error)
        color: Appearance.danger
    }

    ListView {
        id: list
        objectName: "decisionLog"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: log
        ScrollBar.vertical: ScrollBar {}
        delegate: ItemDelegate {
            id: logRow
            required property int index
            required property string itemId
            required property string reviewer
            required property string decision
            required property string outcome
            required property string labels
            required property string decidedAt
            // qmllint disable unqualified
            // (Qt 6.4's qmllint does not see the file's ids from a delegate with required properties.)
            width: list.width
            onClicked: panel.openRequested(itemId, log.record(index))
            // qmllint enable unqualified
            text: qsTr("%1  ·  %2  ·  %3%4  ·  %5  ·  %6").arg(decidedAt).arg(reviewer)
                  .arg(Workstation.policy.titles.of("decision", decision))
                  .arg(outcome !== "" ? " (" + Workstation.policy.titles.of("outcome", outcome) + ")" : "")
                  .arg(labels !== "" ? Workstation.policy.titles.of("label", labels) : qsTr("no label")).arg(itemId)
            Accessible.name: qsTr("Open the decision on %1").arg(itemId)
            // A reviewer's name, labels and decisions from the service: shown as written, never as markup.
            contentItem: Label { text: logRow.text; textFormat: Text.PlainText; elide: Text.ElideRight; color: Appearance.colors.windowText }
            background: Rectangle { // as above: Appearance's own; Tab shows where it is
                color: logRow.hovered || logRow.down || logRow.visualFocus ? Appearance.colors.alternateBase : "transparent"
                border.color: Appearance.colors.highlight
                border.width: logRow.visualFocus ? 2 : 0
            }
        }
        Label {
            anchors.centerIn: parent
            visible: log.count === 0 && log.error === ""
            text: qsTr("No decisions match. The log fills from the service with each sync.")
        }
    }

    RowLayout {
        Layout.fillWidth: true
        TextField {
            id: folder
            objectName: "exportFolder"
            Layout.fillWidth: true
            text: exporter.defaultDir
            Accessible.name: qsTr("Export folder")
        }
        Button {
            text: qsTr("Export CSV")
            onClicked: panel.exportStatus = exporter.writeDecisions("csv", panel.stamped("decisions") + ".csv")
        }
        Button {
            text: qsTr("Export JSON Lines")
            onClicked: panel.exportStatus = exporter.writeDecisions("jsonl", panel.stamped("decisions") + ".jsonl")
        }
        Button {
            text: qsTr("Export DSA statements")
            onClicked: panel.exportStatus = exporter.writeStatements(panel.stamped("statements"))
        }
    }
    // Always there, one line high (the whole text in its tooltip): a result appearing never moves the export
    // buttons under the pointer.
    Label {
        id: exportLine
        objectName: "exportStatus"
        Layout.fillWidth: true
        text: panel.exportStatus
        textFormat: Text.PlainText
        elide: Text.ElideMiddle
        maximumLineCount: 1
        ToolTip.visible: exportHover.hovered && exportLine.truncated
        ToolTip.text: panel.exportStatus
        HoverHandler { id: exportHover }
    }
}
