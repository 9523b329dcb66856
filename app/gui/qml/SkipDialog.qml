// S: give the item back to the service's queue, with a reason. "Wellness" is a normal skip.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

Dialog {
    id: dialog

    required property string itemId
    property string reason: "wellness"

    signal skipped()

    anchors.centerIn: Overlay.overlay
    modal: true
    title: qsTr("Skip %1?").arg(itemId)
    standardButtons: Dialog.Ok | Dialog.Cancel

    ColumnLayout {
        RadioButton { text: qsTr("For my wellness"); checked: true; onToggled: if (checked) dialog.reason = "wellness" }
        RadioButton { text: qsTr("Language I can't review"); onToggled: if (checked) dialog.reason = "language" }
        RadioButton { text: qsTr("Conflict of interest"); onToggled: if (checked) dialog.reason = "conflict" }
        Label { id: error; color: Appearance.danger; visible: text !== "" }
    }

    onAccepted: {
        error.text = Workstation.skip(dialog.itemId, dialog.reason)
        if (error.text === "")
            dialog.skipped()
    }
}
