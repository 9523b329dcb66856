// After a decision: what was just signed, and Ctrl+Z to take it back while its grace period runs (the
// verdict waits in the outbox meanwhile). After it, Ctrl+Z opens the item again for a correction.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

Frame {
    id: undo

    readonly property signedAct act: Workstation.decisions.lastAct
    readonly property int count: act.verdictIds.length
    property real now: Date.now()
    readonly property int secondsLeft: count > 0 ? Math.max(0, Math.ceil((act.until - now) / 1000)) : 0

    objectName: "undoBar"
    visible: count > 0 && secondsLeft > 0
    padding: 6

    Timer {
        running: undo.visible
        interval: 250
        repeat: true
        onTriggered: undo.now = Date.now()
    }
    onActChanged: now = Date.now()

    RowLayout {
        anchors.fill: parent
        Label {
            Layout.fillWidth: true
            textFormat: Text.PlainText
            elide: Text.ElideRight
            text: qsTr("Signed %n verdict(s): %1%2 — sent in %3 s.", "", undo.count)
                  .arg(Workstation.policy.titles.of("decision", undo.act.decision))
                  .arg(Array.from(undo.act.labels).map(l => " · " + Workstation.policy.titles.of("label", l)).join(""))
                  .arg(undo.secondsLeft)
        }
        Label { text: qsTr("Ctrl+Z undoes"); font.bold: true }
    }
}
