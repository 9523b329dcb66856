// The item under review: the media (blurred by default; hold Space to reveal), what the automation
// knew, the near-duplicate cluster, and the decision bar. Keeps the item's lease while it is open.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

FocusScope {
    id: pane

    required property QueueModel model
    property int row: -1
    property string itemId: ""
    property var details: ({})
    property bool revealed: false
    property bool grayscale: Workstation.grayscaleDefault // the team's default, until G
    property bool facesRevealed: false
    property string safeMode: "blurred" // or "pixelated": the reviewer's choice
    readonly property int revealSeconds: Workstation.revealSeconds
    property real zoom: 1.0
    property int decidingRow: -1 // where the next item will be once this one leaves the queue

    function open(newRow) {
        revealed = false
        if (newRow < 0 || newRow >= model.count) {
            itemId = ""
            row = -1
            details = ({})
            return
        }
        const id = model.itemIdAt(newRow)
        if (id === itemId && newRow === row)
            return // already open (the queue's current row follows this view, and back)
        itemId = id
        row = newRow
        details = Workstation.itemDetails(itemId)
        facesRevealed = false
        zoom = 1.0
        decisionBar.reset()
        pane.forceActiveFocus()
    }
    function pressNumber(key) {
        if (key === Workstation.skipKey)
            askSkip()
        else
            decisionBar.chooseKey(key)
    }
    function focusLabels() { decisionBar.focusLabels() }
    function focusRationale() { decisionBar.focusRationale() }
    function applyToCluster() { decisionBar.confirmCluster() }
    function submit() { decisionBar.submit() }
    function chooseOutcome(name) { decisionBar.chooseOutcome(name) }
    function useTemplate() { decisionBar.useTemplate() }
    function askSkip() {
        if (itemId === "")
            return
        decidingRow = row
        skipDialog.open()
    }
    function prepareDemoDecision() { decisionBar.choose(1) }
    function afterDecision() {
        itemId = "" // the decided item is gone: reopen whatever now sits in its row
        open(Math.min(decidingRow, model.count - 1))
    }

    onRevealedChanged: revealed ? Workstation.revealStarted(itemId) : Workstation.revealEnded(itemId)

    Keys.onPressed: (event) => {
        if (event.key === Qt.Key_Space && !event.isAutoRepeat && itemId !== "") {
            revealed = true
            event.accepted = true
        }
    }
    Keys.onReleased: (event) => {
        if (event.key === Qt.Key_Space && !event.isAutoRepeat) {
            revealed = false
            event.accepted = true
        }
    }

    Timer {
        // Keep the lease while the reviewer has the item open.
        interval: 60000
        repeat: true
        running: pane.itemId !== ""
        onTriggered: Workstation.renewLease(pane.itemId)
    }
    Timer {
        id: revealTimer
        interval: pane.revealSeconds * 1000
        onTriggered: pane.revealed = false
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 8
        visible: pane.itemId !== ""

        RowLayout {
            Layout.fillWidth: true
            Label { text: pane.itemId; font.bold: true; font.pixelSize: 18 }
            Label { text: pane.details.category ?? ""; opacity: 0.8 }
            Item { Layout.fillWidth: true }
            ComboBox {
                model: [qsTr("Blurred"), qsTr("Pixelated")]
                Accessible.name: qsTr("How unrevealed media is shown")
                onActivated: pane.safeMode = currentIndex === 0 ? "blurred" : "pixelated"
            }
            CheckBox { text: qsTr("Greyscale (G)"); checked: pane.grayscale; onToggled: pane.grayscale = checked }
            CheckBox { text: qsTr("Faces (F)"); checked: pane.facesRevealed; onToggled: pane.facesRevealed = checked }
            Button {
                text: pane.revealed ? qsTr("Blur now") : qsTr("Reveal %1 s").arg(pane.revealSeconds)
                Accessible.name: text
                onClicked: {
                    pane.revealed = !pane.revealed
                    if (pane.revealed)
                        revealTimer.restart()
                }
            }
            ToolButton { text: "−"; Accessible.name: qsTr("Zoom out"); onClicked: pane.zoom = Math.max(0.25, pane.zoom / 1.25) }
            Label { text: Math.round(pane.zoom * 100) + " %" }
            ToolButton { text: "+"; Accessible.name: qsTr("Zoom in"); onClicked: pane.zoom = Math.min(8, pane.zoom * 1.25) }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 10

            MediaViewport {
                id: viewport
                Layout.fillWidth: true
                Layout.fillHeight: true
                itemId: pane.itemId
                revealed: pane.revealed
                grayscale: pane.grayscale
                facesRevealed: pane.facesRevealed
                safeMode: pane.safeMode
                zoom: pane.zoom
                onZoomRequested: (factor) => pane.zoom = Math.max(0.25, Math.min(8, pane.zoom * factor))
            }

            Image {
                // The next item's safe view, rendered while this one is reviewed: after a decision it
                // opens from the cache at once.
                objectName: "prefetch"
                visible: false
                asynchronous: true
                width: viewport.width
                height: viewport.height
                fillMode: Image.PreserveAspectFit
                source: pane.row < 0 || pane.row + 1 >= pane.model.count ? ""
                        : viewport.safeSource(pane.model.itemIdAt(pane.row + 1))
            }

            ItemFacts {
                Layout.preferredWidth: 340
                Layout.fillHeight: true
                details: pane.details
                onClockChanged: pane.details = Workstation.itemDetails(pane.itemId)
            }
        }

        DecisionBar {
            id: decisionBar
            Layout.fillWidth: true
            itemId: pane.itemId
            clusterSize: (pane.details.clusterMembers ?? []).length
            appeal: (pane.details.queue ?? "") === "appeals"
            decisionDate: (pane.details.original?.decidedAt ?? "").slice(0, 10)
            onAboutToDecide: pane.decidingRow = pane.row
            onDecided: pane.afterDecision()
            onSkipRequested: pane.askSkip()
        }
    }

    Label {
        anchors.centerIn: parent
        visible: pane.itemId === ""
        text: qsTr("Choose an item in the queue (J / K).")
    }

    SkipDialog {
        id: skipDialog
        itemId: pane.itemId
        onSkipped: pane.afterDecision()
    }
}
