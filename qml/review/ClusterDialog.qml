// C: one decision for every open item of the near-duplicate cluster, confirmed first — by Enter, or
// refused by Esc. It names the decision and labels in words and how many verdicts it signs.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Dialog {
    id: dialog

    required property int count
    required property string itemId
    required property string decisionTitle
    required property string labelTitles // joined, "" when none

    anchors.centerIn: Overlay.overlay
    modal: true
    focus: true
    title: qsTr("Sign %1 verdicts?").arg(dialog.count)
    standardButtons: Dialog.Ok | Dialog.Cancel
    width: 480
    closePolicy: Popup.CloseOnEscape

    contentItem: ColumnLayout {
        focus: true
        Keys.onReturnPressed: dialog.accept()
        Keys.onEnterPressed: dialog.accept()
        Label {
            objectName: "clusterSummary"
            Layout.fillWidth: true
            Layout.maximumWidth: 440
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
            text: (dialog.labelTitles !== ""
                   ? qsTr("This signs %1 verdicts — “%2” with the labels %3 — one for each open item in the cluster, each noting that you reviewed %4.")
                         .arg(dialog.count).arg(dialog.decisionTitle).arg(dialog.labelTitles).arg(dialog.itemId)
                   : qsTr("This signs %1 verdicts — “%2”, without labels — one for each open item in the cluster, each noting that you reviewed %3.")
                         .arg(dialog.count).arg(dialog.decisionTitle).arg(dialog.itemId))
        }
        Label {
            text: qsTr("Enter signs them all; Esc goes back.")
            opacity: 0.75
        }
    }
}
