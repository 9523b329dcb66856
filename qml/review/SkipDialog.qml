// S: give the item back to the service's queue, with a reason. "Wellness" is a normal skip. By keys: 1–3
// pick the reason, Enter skips, Esc goes back.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ThemedPopup {
    id: dialog

    required property string itemId
    property string reason: "wellness"

    signal skipped()

    anchors.centerIn: Overlay.overlay
    modal: true
    focus: true
    title: qsTr("Skip %1?").arg(itemId)
    standardButtons: Dialog.Ok | Dialog.Cancel
    onOpened: {
        reason = "wellness"
        error.text = ""
        reasons.forceActiveFocus()
    }

    ColumnLayout {
        id: reasons
        focus: true
        Keys.onReturnPressed: dialog.accept()
        Keys.onEnterPressed: dialog.accept()
        Keys.onPressed: (event) => {
            const index = event.key - Qt.Key_1
            if (index >= 0 && index < 3) {
                dialog.reason = ["wellness", "language", "conflict"][index]
                event.accepted = true
            }
        }
        MarkedRadioButton { text: qsTr("1  For my wellness"); focusPolicy: Qt.TabFocus; checked: dialog.reason === "wellness"; onToggled: if (checked) dialog.reason = "wellness" }
        MarkedRadioButton { text: qsTr("2  Language I can't review"); focusPolicy: Qt.TabFocus; checked: dialog.reason === "language"; onToggled: if (checked) dialog.reason = "language" }
        MarkedRadioButton { text: qsTr("3  Conflict of interest"); focusPolicy: Qt.TabFocus; checked: dialog.reason === "conflict"; onToggled: if (checked) dialog.reason = "conflict" }
        Label { id: error; color: Appearance.danger; visible: text !== "" }
    }

    onAccepted: {
        error.text = Workstation.decisions.skip(dialog.itemId, dialog.reason)
        if (error.text === "")
            dialog.skipped()
    }
}
