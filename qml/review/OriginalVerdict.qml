// An appeal's contested decision, as signed by the reviewer who made it: decision, labels, rationale,
// who and when, the statement of reasons the user was given, and when the user was notified (the
// appeal's clock starts there). The appeal handler
// is never that reviewer (four-eyes, enforced in core and at the service).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ColumnLayout {
    id: original

    required property originalVerdict verdict

    spacing: 4

    Label { text: qsTr("Decision under appeal"); font.bold: true }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: qsTr("%1 by %2 on %3").arg(Workstation.policy.titles.of("decision", original.verdict.decision))
                                    .arg(original.verdict.reviewer).arg(LocaleText.isoMoment(original.verdict.decidedAt))
        Accessible.name: text
        textFormat: Text.PlainText // names and titles come from the service
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        visible: original.verdict.labels.length > 0
        textFormat: Text.PlainText
        text: qsTr("Labels: %1").arg(Workstation.policy.titles.of("label", Array.from(original.verdict.labels).join(",")))
    }
    TextArea {
        Layout.fillWidth: true
        readOnly: true
        wrapMode: TextEdit.Wrap
        textFormat: TextEdit.PlainText
        text: original.verdict.rationale
        placeholderText: qsTr("No rationale was given.")
        Accessible.name: qsTr("Original rationale")
    }
    // The statement carries the reviewer's rationale: plain text, never markup.
    Label {
        readonly property statementOfReasons statement: original.verdict.statement
        visible: statement.ground !== "" || statement.note !== ""
        text: qsTr("Statement of reasons")
        font.bold: true
    }
    Label {
        readonly property statementOfReasons statement: original.verdict.statement
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        visible: statement.ground !== "" || statement.note !== ""
        textFormat: Text.PlainText
        text: statement.ground === ""
              ? statement.note
              : qsTr("%1, %2 (%3). %4. %5", "statement of reasons: restriction, ground (category). legal or terms ground. explanation")
                    .arg(statement.visibility).arg(statement.ground).arg(statement.category)
                    .arg(statement.groundText).arg(statement.explanation)
        Accessible.name: qsTr("Statement of reasons")
    }
    // The verdict's id is for the record (the desk's log finds it), not for reading: it is named to a screen
    // reader, not shown.
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        opacity: 0.8
        visible: original.verdict.notifiedAt > 0
        text: qsTr("User notified %1").arg(LocaleText.moment(original.verdict.notifiedAt))
        Accessible.description: qsTr("Verdict %1").arg(original.verdict.verdictId)
    }
}
