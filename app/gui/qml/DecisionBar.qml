// The decision: a type from the policy (1-6), labels, a rationale from templates or free text, and
// submit (Enter) or apply to the whole near-duplicate cluster (C, confirmed first). It says why a
// decision cannot be submitted yet.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

Frame {
    id: bar


    required property string itemId
    required property int clusterSize
    required property bool appeal
    property string decisionDate: "" // an appeal's decision under appeal, filled into {decision_date}
    property string outcome: ""
    property string decision: ""
    property var labels: []
    property string error: ""
    readonly property string blocked: appeal ? Workstation.appealBlockedReason(outcome, decision, labels, rationale.text)
                                             : Workstation.blockedReason(decision, labels, rationale.text)

    signal aboutToDecide()
    signal decided()
    signal skipRequested()

    function reset() {
        outcome = ""
        decision = ""
        labels = []
        rationale.text = ""
        note.text = ""
        error = ""
        for (const group of [outcomeGroup, decisionGroup, labelGroup]) {
            for (let i = 0; i < group.buttons.length; ++i)
                group.buttons[i].checked = false
        }
    }
    function choose(index) {
        const button = decisionButtons.itemAt(index)
        if (button) {
            button.checked = true
            decision = button.objectName
        }
    }
    // A number key: the decision type at that place in the policy's order.
    function chooseKey(key) {
        const types = Workstation.decisionTypes
        for (let i = 0; i < types.length; ++i) {
            if (types[i].key === key)
                choose(i)
        }
    }
    // Appeals: U / O / M pick the outcome; T starts the message from the outcome's template.
    function chooseOutcome(name) {
        if (!appeal)
            return
        for (let i = 0; i < outcomeGroup.buttons.length; ++i) {
            if (outcomeGroup.buttons[i].objectName === name) {
                outcomeGroup.buttons[i].checked = true
                outcome = name
            }
        }
    }
    function useTemplate() {
        if (appeal && templates.count > 1) {
            templates.currentIndex = 1
            templates.activated(1)
        }
    }
    function focusLabels() { labelButtons.itemAt(0)?.forceActiveFocus() }
    function focusRationale() { rationale.forceActiveFocus() }
    function toggleLabel(name, on) {
        const next = labels.filter(l => l !== name)
        if (on)
            next.push(name)
        labels = next
    }
    function submit() {
        if (itemId === "" || blocked !== "")
            return
        aboutToDecide()
        error = appeal ? Workstation.decideAppeal(itemId, outcome, decision, labels, rationale.text, note.text)
                       : Workstation.decide(itemId, decision, labels, rationale.text)
        if (error === "")
            decided()
    }
    function confirmCluster() {
        if (itemId !== "" && blocked === "" && clusterSize > 1)
            clusterDialog.open()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        // Delegates only describe buttons; the groups (outside them) carry the choice back to the bar.
        ButtonGroup {
            id: decisionGroup
            onClicked: (button) => bar.decision = button.objectName
        }
        ButtonGroup {
            id: outcomeGroup
            onClicked: (button) => bar.outcome = button.objectName
        }
        RowLayout {
            visible: bar.appeal
            Label { text: qsTr("Appeal outcome"); font.bold: true }
            Button { objectName: "uphold"; text: qsTr("Uphold"); checkable: true; highlighted: checked; ButtonGroup.group: outcomeGroup }
            Button { objectName: "overturn"; text: qsTr("Overturn"); checkable: true; highlighted: checked; ButtonGroup.group: outcomeGroup }
            Button { objectName: "modify"; text: qsTr("Modify"); checkable: true; highlighted: checked; ButtonGroup.group: outcomeGroup }
        }
        ButtonGroup {
            id: labelGroup
            exclusive: false
            onClicked: (button) => bar.toggleLabel(button.objectName, button.checked)
        }
        RowLayout {
            Repeater {
                id: decisionButtons
                model: Workstation.decisionTypes
                onItemAdded: (index, item) => decisionGroup.addButton(item)
                delegate: Button {
                    required property var modelData
                    objectName: modelData.name
                    text: modelData.key + "  " + modelData.title
                    checkable: true
                    highlighted: checked // the chosen decision stands out, in either theme
                    Accessible.name: modelData.title
                }
            }
        }
        Flow {
            Layout.fillWidth: true
            spacing: 4
            Repeater {
                id: labelButtons
                model: Workstation.labels
                onItemAdded: (index, item) => labelGroup.addButton(item)
                delegate: CheckBox {
                    required property var modelData
                    objectName: modelData.name
                    text: modelData.title
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            ComboBox {
                id: templates
                // Appeals: the policy's messages to the user, with {placeholders} to fill before submitting.
                model: bar.appeal ? Workstation.appealTemplatesFor(bar.outcome)
                                  : [{title: qsTr("Rationale template…"), text: ""},
                                     {title: qsTr("Depicts graphic violence against a person."), text: ""},
                                     {title: qsTr("Sexualised likeness of a real, identifiable person."), text: ""},
                                     {title: qsTr("Hate symbol shown approvingly."), text: ""},
                                     {title: qsTr("Synthetic, no policy violation found."), text: ""}]
                textRole: "title"
                Accessible.name: bar.appeal ? qsTr("Message templates") : qsTr("Rationale templates")
                onActivated: (i) => {
                    if (i <= 0)
                        return
                    const chosen = model[i]
                    rationale.text = chosen.text === "" ? chosen.title
                                                        : chosen.text.replace("{decision_date}", bar.decisionDate)
                    rationale.forceActiveFocus()
                }
            }
            TextField {
                id: rationale
                Layout.fillWidth: true
                placeholderText: bar.appeal ? qsTr("Message to the user (R)") : qsTr("Rationale (R)")
                Accessible.name: bar.appeal ? qsTr("Message to the user") : qsTr("Rationale")
                onAccepted: bar.submit()
            }
            TextField {
                id: note
                visible: bar.appeal
                Layout.preferredWidth: 260
                placeholderText: qsTr("Internal note (not sent)")
                Accessible.name: qsTr("Internal note")
                onAccepted: bar.submit()
            }
        }
        RowLayout {
            Label {
                Layout.fillWidth: true
                text: bar.error !== "" ? bar.error : bar.blocked
                color: bar.error !== "" ? Appearance.danger : palette.windowText
                opacity: bar.error !== "" ? 1 : 0.75
                wrapMode: Text.Wrap
            }
            Button {
                text: Workstation.skipKey > 0 ? qsTr("%1  Skip (S)").arg(Workstation.skipKey) : qsTr("Skip (S)")
                Accessible.name: qsTr("Skip this item")
                onClicked: bar.skipRequested()
            }
            Button {
                text: qsTr("Apply to cluster ×%1 (C)").arg(bar.clusterSize)
                enabled: bar.blocked === "" && bar.clusterSize > 1 && !bar.appeal
                onClicked: bar.confirmCluster()
            }
            Button {
                text: qsTr("Submit (Enter)")
                highlighted: true
                enabled: bar.blocked === ""
                onClicked: bar.submit()
            }
        }
    }

    Dialog {
        id: clusterDialog
        anchors.centerIn: Overlay.overlay
        modal: true
        title: qsTr("Apply to the whole cluster?")
        standardButtons: Dialog.Ok | Dialog.Cancel
        width: 480
        contentItem: Label {
            wrapMode: Text.Wrap
            text: qsTr("This signs %1 verdicts — “%2” — one for each open item in the cluster, each noting that you reviewed %3.")
                  .arg(bar.clusterSize).arg(bar.decision).arg(bar.itemId)
        }
        onAccepted: {
            bar.aboutToDecide()
            bar.error = Workstation.decideCluster(bar.itemId, bar.decision, bar.labels, rationale.text)
            if (bar.error === "")
                bar.decided()
        }
    }
}
