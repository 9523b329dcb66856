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
        ["1–6", qsTr("decision types, in policy order (6: skip)")],
        ["L", qsTr("focus the labels")],
        ["R", qsTr("focus the rationale")],
        [qsTr("Space (hold)"), qsTr("reveal the media; released, it blurs again")],
        ["G", qsTr("greyscale on / off")],
        ["F", qsTr("reveal faces (kept blurred otherwise)")],
        ["C", qsTr("apply the decision to the whole cluster (asks first)")],
        ["S", qsTr("skip the item (asks a reason)")],
        ["U / O / M", qsTr("appeals: uphold, overturn or modify")],
        ["T", qsTr("appeals: start the message from the outcome's template")],
        ["Enter", qsTr("submit the decision")],
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
