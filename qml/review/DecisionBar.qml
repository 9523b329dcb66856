// The decision: a type from the policy (1-6), labels (L then a digit; the item's suggested label is ticked
// when a decision that takes labels is chosen, and shown), a rationale from templates or free text, and
// submit (Enter) or apply to the whole near-duplicate cluster (C, confirmed first). It says what will be
// signed, and why a decision cannot be submitted yet. Buttons and boxes take no focus from a click, so the
// keyboard always stays with the review view.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

Frame {
    id: bar

    required property string itemId
    required property list<string> clusterMembers // open members of the item's near-duplicate cluster
    readonly property int clusterSize: clusterMembers.length
    required property bool appeal
    property string decisionDate: "" // an appeal's decision under appeal, filled into {decision_date}
    property originalVerdict original // appeals: the decision under appeal
    property string suggestedLabel: ""
    property bool grayscale: false // G: the cluster's thumbnails follow the media
    property bool correcting: false // the verdict supersedes a delivered one
    // Needs deciding again (the verdict could not be delivered on its lease): the earlier choice
    // filled in and said so; its decision is empty otherwise.
    property earlierChoice earlier
    property string outcome: ""
    property string decision: ""
    property list<string> labels: [] // what Enter will sign, in the order ticked
    property string error: ""
    readonly property string message: appeal ? messageArea.text : rationale.text
    // Read by the reason, the chosen type and the summary, so they are asked again when the policy arrives
    // or changes (a fetch, the team's rules, another language), not only when the reviewer acts: a bar made
    // before the first policy said "1-0". (A binding does not see what a C++ method reads.)
    readonly property list<decisionType> policyTypes: Workstation.policy.decisionTypes
    readonly property string blocked: policyTypes.length < 0 ? ""
                                      : appeal ? Workstation.decisions.appealBlockedReason(itemId, outcome, decision, labels, message)
                                               : Workstation.policy.blockedReason(decision, labels, message)
    readonly property decisionType chosenType: policyTypes.length < 0 ? Workstation.policy.decisionType("")
                                                                      : Workstation.policy.decisionType(decision) // name "": none yet

    signal aboutToDecide()
    signal decided()
    signal skipRequested()
    signal leaveField() // Esc in a field, or a dialog closed: the keyboard goes back to the review view

    function reset() {
        outcome = ""
        decision = ""
        labels = []
        rationale.text = ""
        messageArea.text = ""
        note.text = ""
        error = ""
        templates.currentIndex = 0
        clusterDialog.close()
        if (earlier.decision !== "") {
            outcome = earlier.outcome
            decision = earlier.decision
            labels = Array.from(earlier.labels)
        }
    }
    function choose(type: decisionType) {
        if (type.name === "")
            return
        decision = type.name
        if (!type.takesLabels)
            labels = [] // a decision that restricts nothing names no violation
        else if (labels.length === 0 && suggestedLabel !== "")
            labels = [suggestedLabel] // shown ticked, and named in the summary: never applied unseen
        fillPlaceholders()
    }
    // A number key: the decision type at that place in the policy's order.
    function chooseKey(key: int) { choose(Workstation.policy.decisionForKey(key)) }
    // L then a digit: the label at that place in the policy's order, on or off.
    function toggleLabelKey(digit: int) {
        const label = Workstation.policy.labelForKey(digit)
        if (label.name !== "" && (chosenType.name === "" || chosenType.takesLabels))
            toggleLabel(label.name, !Array.from(labels).includes(label.name))
    }
    // Appeals: U / O / M pick the outcome; uphold takes the decision under appeal with its labels.
    function chooseOutcome(name) {
        if (!appeal)
            return
        outcome = name
        if (name === "uphold" && original.decision !== "") {
            decision = original.decision
            labels = Array.from(original.labels)
        }
        fillPlaceholders()
    }
    // T: start the message from the outcome's template.
    function useTemplate() {
        if (appeal && templates.count > 1) {
            templates.currentIndex = 1
            templates.activated(1)
        }
    }
    function fillPlaceholders() {
        if (!appeal || messageArea.text === "")
            return
        let text = messageArea.text.replace("{decision_date}", decisionDate)
        if (decision !== "")
            text = text.replace("{new_decision}", Workstation.policy.titles.of("decision", decision))
        if (text !== messageArea.text)
            messageArea.text = text
    }
    function focusRationale() { (appeal ? messageArea : rationale).forceActiveFocus() }
    // As Tab would: the first label box, with its focus ring (screenshots of the ring).
    function tabToLabels() { labelBoxes.itemAt(0)?.forceActiveFocus(Qt.TabFocusReason) }
    function toggleLabel(name, on) {
        const next = Array.from(labels).filter(l => l !== name)
        if (on)
            next.push(name)
        labels = next
    }
    function submit() {
        if (itemId === "" || blocked !== "")
            return
        aboutToDecide()
        error = appeal ? Workstation.decisions.decideAppeal(itemId, outcome, decision, labels, messageArea.text, note.text)
                       : Workstation.decisions.decide(itemId, decision, labels, rationale.text)
        if (error === "")
            decided()
    }
    function confirmCluster() {
        if (itemId !== "" && blocked === "" && clusterSize > 1 && !appeal && !correcting)
            clusterDialog.open()
    }
    // What Enter will sign, in words.
    function summary() {
        if (decision === "" || policyTypes.length === 0) // (read: the summary follows a policy change)
            return ""
        const names = Array.from(labels).map(l => Workstation.policy.titles.of("label", l)
                                      + (l === suggestedLabel ? " " + qsTr("(suggested)") : ""))
        return (correcting ? qsTr("Correction — signs: %1") : qsTr("Signs: %1"))
               .arg([Workstation.policy.titles.of("decision", decision)].concat(names).join(" · "))
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        Label {
            objectName: "againNotice"
            Layout.fillWidth: true
            visible: bar.earlier.decision !== ""
            wrapMode: Text.Wrap
            font.bold: true
            text: qsTr("Needs your decision again: your verdict could not be delivered on its lease. Your earlier choice is filled in; check it and sign again.")
        }

        RowLayout {
            visible: bar.appeal
            Label { text: qsTr("Appeal outcome"); font.bold: true }
            Repeater {
                model: [["uphold", qsTr("U  Uphold")], ["overturn", qsTr("O  Overturn")], ["modify", qsTr("M  Modify")]]
                // qmllint disable unqualified
                delegate: ChoiceButton {
                    id: outcomeButton
                    required property var modelData
                    objectName: modelData[0]
                    text: modelData[1]
                    focusPolicy: Qt.TabFocus
                    checked: bar.outcome === modelData[0]
                    onClicked: bar.chooseOutcome(modelData[0])
                    FocusRing { shown: outcomeButton.visualFocus }
                }
                // qmllint enable unqualified
            }
        }
        Flow {
            Layout.fillWidth: true
            spacing: 4
            Repeater {
                model: Workstation.policy.decisionTypes
                // qmllint disable unqualified
                delegate: ChoiceButton { // the chosen decision stands out, in either theme
                    id: decisionButton
                    required property decisionType modelData
                    objectName: modelData.name
                    text: modelData.key + "  " + modelData.title
                    focusPolicy: Qt.TabFocus
                    checked: bar.decision === modelData.name
                    Accessible.name: modelData.title
                    onClicked: bar.choose(modelData)
                    FocusRing { shown: decisionButton.visualFocus }
                }
                // qmllint enable unqualified
            }
        }
        Flow {
            Layout.fillWidth: true
            spacing: 4
            Repeater {
                id: labelBoxes
                model: Workstation.policy.labels
                // qmllint disable unqualified
                delegate: MarkedCheckBox {
                    id: labelBox
                    required property policyLabel modelData
                    required property int index
                    objectName: "label-" + modelData.name
                    text: "L" + (index + 1) + "  " + modelData.title
                    focusPolicy: Qt.TabFocus
                    enabled: bar.chosenType.name === "" || bar.chosenType.takesLabels
                    checked: Array.from(bar.labels).includes(modelData.name)
                    // The bar's list is the truth: re-bind after a click so reset() and keys show.
                    onToggled: {
                        bar.toggleLabel(modelData.name, checked)
                        checked = Qt.binding(() => Array.from(bar.labels).includes(modelData.name))
                    }
                    FocusRing { shown: labelBox.visualFocus }
                }
                // qmllint enable unqualified
            }
        }
        RowLayout {
            Layout.fillWidth: true
            ComboBox {
                id: templates
                // As wide as what it shows ("Begründungsvorlage…" was cut); the rationale field gives way.
                Layout.minimumWidth: templateText.advanceWidth + 48
                focusPolicy: Qt.TabFocus
                TextMetrics {
                    id: templateText
                    font: templates.font
                    text: templates.displayText
                }
                FocusRing { shown: templates.visualFocus }
                // Appeals: the policy's messages to the user, with {placeholders} to fill before submitting.
                model: bar.appeal ? Array.from(Workstation.policy.appealTemplatesFor(bar.outcome)).map(t => ({title: t.title, text: t.text}))
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
                    if (bar.appeal) {
                        messageArea.text = chosen.text
                        bar.fillPlaceholders()
                        messageArea.forceActiveFocus()
                    } else {
                        rationale.text = chosen.title
                        bar.leaveField()
                    }
                }
            }
            TextField {
                id: rationale
                visible: !bar.appeal
                Layout.fillWidth: true
                placeholderText: qsTr("Rationale (R; Esc leaves)")
                Accessible.name: qsTr("Rationale")
                onAccepted: bar.submit()
                Keys.onEscapePressed: bar.leaveField()
            }
            ScrollView {
                visible: bar.appeal
                Layout.fillWidth: true
                Layout.preferredHeight: 64
                TextArea {
                    id: messageArea
                    objectName: "appealMessage"
                    wrapMode: TextEdit.Wrap
                    placeholderText: qsTr("Message to the user (R; Ctrl+Enter submits, Esc leaves)")
                    Accessible.name: qsTr("Message to the user")
                    Keys.onEscapePressed: bar.leaveField()
                    background: Rectangle {
                        color: messageArea.palette.base
                        border.width: messageArea.activeFocus ? 2 : 1
                        border.color: messageArea.activeFocus ? messageArea.palette.highlight : messageArea.palette.mid
                    }
                }
            }
            TextField {
                id: note
                visible: bar.appeal
                Layout.preferredWidth: 220
                placeholderText: qsTr("Internal note (not sent)")
                Accessible.name: qsTr("Internal note")
                onAccepted: bar.submit()
                Keys.onEscapePressed: bar.leaveField()
            }
        }
        RowLayout {
            Label {
                objectName: "decisionStatus"
                Layout.fillWidth: true
                text: bar.error !== "" ? bar.error : bar.blocked !== "" ? bar.blocked : bar.summary()
                color: bar.error !== "" ? Appearance.danger : palette.windowText
                font.bold: bar.error === "" && bar.blocked === ""
                wrapMode: Text.Wrap
            }
            Button {
                id: skipButton
                FocusRing { shown: skipButton.visualFocus }
                text: Workstation.policy.skipKey > 0 ? qsTr("%1  Skip (S)").arg(Workstation.policy.skipKey) : qsTr("Skip (S)")
                focusPolicy: Qt.TabFocus
                Accessible.name: qsTr("Skip this item")
                onClicked: bar.skipRequested()
            }
            Button {
                id: clusterButton
                FocusRing { shown: clusterButton.visualFocus }
                visible: bar.clusterSize > 1 && !bar.appeal && !bar.correcting
                text: qsTr("Apply to cluster ×%1 (C)").arg(bar.clusterSize)
                focusPolicy: Qt.TabFocus
                enabled: bar.blocked === ""
                onClicked: bar.confirmCluster()
            }
            Button {
                id: submitButton
                FocusRing { shown: submitButton.visualFocus }
                text: bar.appeal ? qsTr("Submit (Ctrl+Enter)") : qsTr("Submit (Enter)")
                focusPolicy: Qt.TabFocus
                highlighted: true
                enabled: bar.blocked === ""
                onClicked: bar.submit()
            }
        }
    }

    ClusterDialog {
        id: clusterDialog
        grayscale: bar.grayscale
        members: bar.clusterMembers
        itemId: bar.itemId
        decisionTitle: Workstation.policy.titles.of("decision", bar.decision)
        labelTitles: Array.from(bar.labels).map(l => Workstation.policy.titles.of("label", l)).join(", ")
        onAccepted: {
            bar.aboutToDecide()
            bar.error = Workstation.decisions.decideCluster(bar.itemId, bar.decision, bar.labels, rationale.text,
                                                              clusterDialog.kept)
            if (bar.error === "")
                bar.decided()
        }
        onClosed: bar.leaveField()
    }
}
