// "?" — every shortcut on one card.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Popup {
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
        ["Esc", qsTr("leave a text field: keys act on the item again")],
        [qsTr("Space (hold)"), qsTr("reveal the media; released, it blurs again")],
        ["V", qsTr("reveal for a few seconds (a countdown shows), or blur now")],
        ["+ / - / 0", qsTr("zoom in, out, back to fit")],
        ["G", qsTr("greyscale on / off")],
        ["F", qsTr("reveal faces (kept blurred otherwise)")],
        ["C", qsTr("apply the decision to the whole cluster (asks first: Enter / Esc)")],
        ["S", qsTr("skip the item (asks a reason)")],
        ["U / O / M", qsTr("appeals: uphold, overturn or modify")],
        ["T", qsTr("appeals: start the message from the outcome's template")],
        ["Enter", qsTr("sign the decision")],
        ["Ctrl+Enter", qsTr("sign, from the message to the user too")],
        ["Ctrl+Z", qsTr("undo the last decision (within the grace period), or correct it after")],
        ["D", qsTr("supervisors: the desk (agreement, SLA, audit) and back")],
        ["Ctrl+R", qsTr("sync now")],
        ["?", qsTr("this list")],
        ["Ctrl+Q", qsTr("quit (the outbox is flushed if the service answers)")]
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
