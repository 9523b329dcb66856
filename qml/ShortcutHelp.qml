// "?" — every shortcut on one card, keys named as the reviewer's keyboard names them (German: Strg, Eingabe).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ThemedPopup {
    id: popup

    anchors.centerIn: Overlay.overlay
    modal: true
    focus: true
    padding: 20

    readonly property var shortcuts: [
        ["J / K", qsTr("next / previous item")],
        ["E", qsTr("open or fold the near-duplicate cluster of the item (one row per cluster)")],
        ["1–6", qsTr("decision types, in policy order (6: skip)")],
        ["L, 1–9", qsTr("label by its number (L1…): on or off")],
        ["R", qsTr("write in the rationale (or the message to the user)")],
        [qsTr("Esc", "a key as the keyboard says it"), qsTr("leave a text field: keys act on the item again")],
        [qsTr("Space (hold)"), qsTr("reveal the media; released, it blurs again")],
        ["V", qsTr("reveal for a few seconds (a countdown shows), or blur now")],
        ["+ / - / 0", qsTr("zoom in, out, back to fit")],
        ["G", qsTr("greyscale on / off")],
        ["F", qsTr("reveal faces (kept blurred otherwise)")],
        ["C", qsTr("apply the decision to the whole cluster (asks first: Enter / Esc)")],
        ["S", qsTr("skip the item (asks a reason)")],
        ["U / O / M", qsTr("appeals: uphold, overturn or modify")],
        ["T", qsTr("appeals: start the message from the outcome's template")],
        [qsTr("Enter", "a key as the keyboard says it"), qsTr("sign the decision")],
        [qsTr("Ctrl+Enter", "a key as the keyboard says it"), qsTr("sign, from the message to the user too")],
        [qsTr("Ctrl+Z", "a key as the keyboard says it"), qsTr("undo the last decision (within the grace period), or correct it after")],
        ["D", qsTr("supervisors: the desk (agreement, SLA, audit) and back")],
        [qsTr("Ctrl+R", "a key as the keyboard says it"), qsTr("sync now")],
        ["?", qsTr("this list")],
        [qsTr("Ctrl+Q", "a key as the keyboard says it"), qsTr("quit (the outbox is flushed if the service answers)")]
    ]

    ColumnLayout {
        spacing: 6
        Label { text: qsTr("Keyboard shortcuts"); font.bold: true; font.pixelSize: 18 }
        Repeater {
            model: popup.shortcuts
            delegate: RowLayout {
                id: shortcutRow
                required property var modelData
                Label { text: shortcutRow.modelData[0]; font.bold: true; Layout.preferredWidth: 120 }
                Label { text: shortcutRow.modelData[1] }
            }
        }
        Button {
            text: qsTr("Close")
            Layout.alignment: Qt.AlignRight
            onClicked: popup.close()
        }
    }
}
