// The item under review: the media (blurred by default; hold Space to reveal), what the automation
// knew, the near-duplicate cluster, and the decision bar. Keeps the item's lease while it is open.
// Focus is safe by construction: opening an item — by J/K, submit, skip, undo, a click or a sync — hands
// the keyboard to the review view itself (keys), never to a control of the item before, and clears
// every field, so no key meant for one item acts on the next.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

FocusScope {
    id: pane

    required property QueueModel model
    property int row: -1
    property string itemId: ""
    property itemDetails details: Workstation.items.details("")
    readonly property bool revealed: media.revealed
    property bool grayscale: Workstation.settings.grayscaleDefault // the team's default, until G
    property bool facesRevealed: false
    property string safeMode: "blurred" // or "pixelated": the reviewer's choice
    property int decidingRow: -1 // where the next item will be once this one leaves the queue
    property bool labelKeys: false // L was pressed: the next digit toggles a label
    readonly property alias keyTarget: keys

    function open(newRow) {
        if (newRow < 0 || newRow >= model.count) {
            labelKeys = false
            focusReview()
            media.blurNow()
            itemId = ""
            row = -1
            details = Workstation.items.details("")
            decisionBar.reset()
            return
        }
        const id = model.itemIdAt(newRow)
        // Already open: the queue's current row follows this view, and back, and a sync or a lease renewal
        // that reloads the queue re-selects it — in another row when rows above it came or went. Only the
        // row number changes then, nothing else — least of all the keyboard, which may be in the middle of
        // a rationale.
        if (id === itemId) {
            row = newRow
            return
        }
        labelKeys = false
        focusReview()
        media.blurNow()
        itemId = id
        row = newRow
        details = Workstation.items.details(itemId)
        facesRevealed = false
        media.zoom = 1.0
        decisionBar.reset()
    }
    // The open item's row, found again after the queue changed around it (rows above it came or went, or
    // the order changed): only the row number moves, the review itself is untouched.
    function follow() {
        if (itemId === "")
            return
        const found = model.rowOf(itemId)
        if (found >= 0)
            row = found
    }
    function openItem(id) {
        media.blurNow()
        const found = model.rowOf(id)
        itemId = "" // reopen even if it sits in the same row
        open(found >= 0 ? found : 0)
    }
    // The keyboard back to the review view: out of any field, control or dialog of the item.
    function focusReview() { keys.forceActiveFocus() }
    function pressNumber(key) {
        if (labelKeys) {
            labelKeys = false
            decisionBar.toggleLabelKey(key)
        } else if (key === Workstation.policy.skipKey) {
            askSkip()
        } else {
            decisionBar.chooseKey(key)
        }
    }
    function startLabelKeys() { labelKeys = itemId !== "" }
    function focusRationale() { decisionBar.focusRationale() }
    function applyToCluster() { decisionBar.confirmCluster() }
    function submit() { decisionBar.submit() }
    function chooseOutcome(name) { decisionBar.chooseOutcome(name) }
    function useTemplate() { decisionBar.useTemplate() }
    function toggleReveal() { media.toggle() }
    function zoomIn() { media.zoomIn() }
    function zoomOut() { media.zoomOut() }
    function zoomReset() { media.zoomReset() }
    function askSkip() {
        if (itemId === "")
            return
        decidingRow = row
        skipDialog.open()
    }
    function prepareDemoDecision() { decisionBar.chooseKey(2) }
    function revealForScreenshot() { media.hold() }
    function tabToLabelsForScreenshot() { decisionBar.tabToLabels() }
    function confirmClusterForScreenshot() { decisionBar.confirmCluster() }
    function afterDecision() {
        media.blurNow()
        itemId = "" // the decided item is gone: reopen whatever now sits in its row
        open(Math.min(decidingRow, model.count - 1))
    }

    Timer {
        // L then a digit: the digit must follow soon, or L is forgotten.
        running: pane.labelKeys
        interval: 3000
        onTriggered: pane.labelKeys = false
    }

    Item {
        // Holds the keyboard while the reviewer works by keys. Keys it does not take rise to the pane, as do
        // those a read-only text (the prompt) does not take: Space reveals from either.
        id: keys
        objectName: "reviewKeys"
        focus: true
    }
    Keys.onPressed: (event) => {
        if (event.key === Qt.Key_Space && !event.isAutoRepeat && pane.itemId !== "") {
            media.hold()
            event.accepted = true
        }
    }
    Keys.onReleased: (event) => {
        if (event.key === Qt.Key_Space && !event.isAutoRepeat) {
            media.release()
            event.accepted = true
        }
    }

    Timer {
        // Keep the lease while the reviewer has the item open.
        interval: 60000
        repeat: true
        running: pane.itemId !== ""
        onTriggered: Workstation.items.renewLease(pane.itemId)
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 8
        visible: pane.itemId !== ""

        Flow {
            // The item's id and category, then the view's controls as one block that moves to a second line
            // when the window is narrow (nothing is cut off at 1024 px).
            id: toolbar
            Layout.fillWidth: true
            spacing: 8
            Label {
                // Long intake ids give way to the controls beside them (elided in the middle, whole in the
                // tooltip and the facts).
                text: pane.itemId
                textFormat: Text.PlainText
                font.bold: true
                font.pixelSize: 18
                elide: Text.ElideMiddle
                // Beside the controls when all fit on one line; otherwise the controls wrap and the id has the
                // first line with its category.
                readonly property bool oneLine: implicitWidth + categoryLabel.width + viewControls.width + 2 * toolbar.spacing <= toolbar.width
                width: oneLine ? implicitWidth : Math.max(80, Math.min(implicitWidth, toolbar.width - categoryLabel.width - toolbar.spacing))
                height: viewControls.height
                verticalAlignment: Text.AlignVCenter
            }
            Label {
                id: categoryLabel
                text: Workstation.policy.titles.of("category", pane.details.category)
                textFormat: Text.PlainText
                opacity: 0.8
                height: viewControls.height
                verticalAlignment: Text.AlignVCenter
            }
            Row {
                id: viewControls
                spacing: 6
                ComboBox {
                    model: [qsTr("Blurred"), qsTr("Pixelated")]
                    focusPolicy: Qt.TabFocus
                    Accessible.name: qsTr("How unrevealed media is shown")
                    onActivated: pane.safeMode = currentIndex === 0 ? "blurred" : "pixelated"
                }
                MarkedCheckBox {
                    id: greyBox
                    text: qsTr("Greyscale (G)")
                    focusPolicy: Qt.TabFocus
                    checked: pane.grayscale
                    onToggled: pane.grayscale = checked
                    FocusRing { shown: greyBox.visualFocus }
                }
                MarkedCheckBox {
                    id: facesBox
                    text: qsTr("Faces (F)")
                    focusPolicy: Qt.TabFocus
                    checked: pane.facesRevealed
                    onToggled: pane.facesRevealed = checked
                    FocusRing { shown: facesBox.visualFocus }
                }
                Button {
                    id: revealButton
                    FocusRing { shown: revealButton.visualFocus }
                    objectName: "revealButton"
                    focusPolicy: Qt.TabFocus
                    text: pane.revealed ? qsTr("Blur now (V)") : qsTr("Reveal %1 s (V)").arg(Workstation.settings.revealSeconds)
                    Accessible.name: text
                    onClicked: media.toggle()
                }
                ToolButton { text: "−"; focusPolicy: Qt.TabFocus; Accessible.name: qsTr("Zoom out (-)"); onClicked: media.zoomOut() }
                Label { text: Math.round(media.zoom * 100) + " %"; anchors.verticalCenter: parent.verticalCenter }
                ToolButton { text: "+"; focusPolicy: Qt.TabFocus; Accessible.name: qsTr("Zoom in (+)"); onClicked: media.zoomIn() }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 10

            RevealableMedia {
                id: media
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 600
                Layout.minimumWidth: 160
                mediaId: pane.itemId
                grayscale: pane.grayscale
                facesRevealed: pane.facesRevealed
                safeMode: pane.safeMode
            }

            Image {
                // The next item's safe view, rendered while this one is reviewed: after a decision it
                // opens from the cache at once.
                objectName: "prefetch"
                visible: false
                asynchronous: true
                width: media.width
                height: media.height
                fillMode: Image.PreserveAspectFit
                source: pane.row < 0 || pane.row + 1 >= pane.model.count ? ""
                        : media.safeSource(pane.model.itemIdAt(pane.row + 1))
            }

            ItemFacts {
                grayscale: pane.grayscale
                // 340 px where there is room; in a narrow window media and facts give way together.
                Layout.fillWidth: true
                Layout.preferredWidth: 340
                Layout.minimumWidth: 200
                Layout.maximumWidth: 340
                Layout.fillHeight: true
                details: pane.details
                onClockChanged: pane.details = Workstation.items.details(pane.itemId)
                onLeaveField: pane.focusReview()
            }
        }

        UndoBar {
            Layout.fillWidth: true
        }

        DecisionBar {
            id: decisionBar
            grayscale: pane.grayscale
            Layout.fillWidth: true
            itemId: pane.itemId
            clusterMembers: Array.from(pane.details.clusterMembers)
            appeal: pane.details.queue === "appeals"
            original: pane.details.original
            suggestedLabel: pane.details.suggestedLabel
            correcting: pane.details.supersedes !== ""
            earlier: pane.details.earlier
            decisionDate: pane.details.original.decidedAt.slice(0, 10)
            onAboutToDecide: pane.decidingRow = pane.row
            onDecided: pane.afterDecision()
            onSkipRequested: pane.askSkip()
            onLeaveField: pane.focusReview()
        }
    }

    Label {
        anchors.centerIn: parent
        visible: pane.itemId === ""
        text: qsTr("Choose an item in the queue (J / K). Press ? for every key.")
    }

    SkipDialog {
        id: skipDialog
        itemId: pane.itemId
        onSkipped: pane.afterDecision()
        onClosed: pane.focusReview()
    }
}
