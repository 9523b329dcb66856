// The supervisor's own verdict on a blind QA sample: a decision and its labels from the policy, nothing of
// the original verdict. Agreement with the original is computed at the service.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ColumnLayout {
    id: form

    property string decision: ""
    property var chosenLabels: []
    readonly property string blocked: decision === "" ? qsTr("Choose a decision.")
                                                      : Workstation.policy.blockedReason(decision, chosenLabels, "qa")

    signal submitted(string decision, var labels)

    function reset() {
        decision = ""
        chosenLabels = []
    }
    // Keys (the view forwards them): a decision by its number, L then a digit for a label, Enter records.
    function chooseKey(key) {
        const type = Workstation.policy.decisionForKey(key)
        if (type.name !== "") {
            decision = type.name
            if (!type.takesLabels)
                chosenLabels = []
        }
    }
    function toggleLabelKey(digit) {
        const label = Workstation.policy.labelForKey(digit)
        if (label.name === "")
            return
        const labels = chosenLabels.filter(l => l !== label.name)
        if (!chosenLabels.includes(label.name))
            labels.push(label.name)
        chosenLabels = labels
    }
    function submit() {
        if (blocked === "")
            submitted(decision, chosenLabels)
    }

    Label { text: qsTr("Your decision"); font.bold: true }
    Repeater {
        model: Workstation.policy.decisionTypes
        delegate: MarkedRadioButton {
            required property decisionType modelData
            objectName: "qa-" + modelData.name
            text: modelData.key + "  " + modelData.title
            focusPolicy: Qt.TabFocus
            // qmllint disable unqualified
            checked: form.decision === modelData.name
            onClicked: form.decision = modelData.name
            // qmllint enable unqualified
        }
    }
    Label { text: qsTr("Labels"); font.bold: true }
    Flow {
        Layout.fillWidth: true
        spacing: 4
        Repeater {
            model: Workstation.policy.labels
            delegate: MarkedCheckBox {
                id: labelBox
                required property policyLabel modelData
                required property int index
                objectName: "qa-label-" + modelData.name
                text: "L" + (index + 1) + "  " + modelData.title
                focusPolicy: Qt.TabFocus
                // The form is a narrow column: a long title (German's) wraps onto a second line instead of
                // running past the view's edge.
                width: Math.min(implicitWidth, labelBox.parent ? labelBox.parent.width : implicitWidth) // the Flow's
                contentItem: Text {
                    leftPadding: labelBox.indicator.width + labelBox.spacing
                    text: labelBox.text
                    font: labelBox.font
                    color: labelBox.palette.windowText
                    wrapMode: Text.Wrap
                    verticalAlignment: Text.AlignVCenter
                    textFormat: Text.PlainText
                }
                // qmllint disable unqualified
                checked: form.chosenLabels.indexOf(modelData.name) >= 0
                onToggled: {
                    const labels = form.chosenLabels.filter(l => l !== modelData.name)
                    if (checked)
                        labels.push(modelData.name)
                    form.chosenLabels = labels
                    checked = Qt.binding(() => form.chosenLabels.indexOf(modelData.name) >= 0)
                }
                // qmllint enable unqualified
            }
        }
    }
    Item { Layout.fillHeight: true }
    Label {
        Layout.fillWidth: true
        visible: form.blocked !== ""
        text: form.blocked
        wrapMode: Text.Wrap
        opacity: 0.8
    }
    Button {
        objectName: "qaSubmit"
        text: qsTr("Record the re-review (Enter)")
        focusPolicy: Qt.TabFocus
        enabled: form.blocked === ""
        onClicked: form.submit()
    }
}
