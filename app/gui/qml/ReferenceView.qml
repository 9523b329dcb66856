// A supervisor's look at an item decided elsewhere: a decision from the team's log (with its verdict), or
// a blind QA sample (with a form for the supervisor's own verdict, never the original). The media is blurred
// by default under the same rules as the review view — a timed reveal, held Space, every reveal audited —
// and shredded from the vault when the view closes.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

Popup {
    id: view

    property string purpose: "record" // or "qa"
    property string itemId: ""
    property string vaultId: ""
    property var record: ({}) // the log row: reviewer, decision, outcome, labels, rationale, decidedAt
    property string status: ""
    property bool revealed: false
    property bool grayscale: Workstation.grayscaleDefault
    property real zoom: 1.0

    signal qaSubmitted()

    function show(newPurpose, newItemId, newRecord) {
        purpose = newPurpose
        itemId = newItemId
        record = newRecord ?? ({})
        vaultId = ""
        status = qsTr("Fetching the media…")
        revealed = false
        zoom = 1.0
        qaForm.reset()
        open()
    }

    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: Overlay.overlay ? Overlay.overlay.width * 0.85 : 900
    height: Overlay.overlay ? Overlay.overlay.height * 0.85 : 600
    closePolicy: Popup.CloseOnEscape
    onClosed: {
        revealed = false
        Workstation.closeReference(vaultId) // shredded: nothing of the look stays on disk
        vaultId = ""
    }
    onRevealedChanged: revealed ? Workstation.revealStarted(vaultId) : Workstation.revealEnded(vaultId)

    Connections {
        target: Workstation
        function onReferenceOpened(purpose, itemId, vaultId, error) {
            if (!view.opened || purpose !== view.purpose || (view.itemId !== "" && itemId !== view.itemId)) {
                // Opened after the view closed (or for an earlier look): shred it at once.
                if (vaultId !== "")
                    Workstation.closeReference(vaultId)
                return
            }
            if (purpose === "qa" && itemId === "" && error === "") {
                view.status = qsTr("No QA sample is waiting: every sampled decision has been re-reviewed.")
                return
            }
            view.itemId = itemId
            view.vaultId = vaultId
            view.status = error === "" ? "" : qsTr("Could not open the item: %1").arg(error)
        }
        function onQaReviewSubmitted(itemId, error) {
            if (itemId !== view.itemId)
                return
            if (error !== "") {
                view.status = qsTr("The re-review was not recorded: %1").arg(error)
                return
            }
            view.revealed = false // the reveal ends, and is audited, before the look goes
            view.vaultId = "" // the worker shredded it with the submission
            view.close()
            view.qaSubmitted()
        }
    }

    FocusScope {
        anchors.fill: parent
        focus: true
        Keys.onPressed: (event) => {
            if (event.key === Qt.Key_Space && !event.isAutoRepeat && view.vaultId !== "") {
                view.revealed = true
                event.accepted = true
            }
        }
        Keys.onReleased: (event) => {
            if (event.key === Qt.Key_Space && !event.isAutoRepeat) {
                view.revealed = false
                event.accepted = true
            }
        }
        Timer {
            id: revealTimer
            interval: Workstation.revealSeconds * 1000
            onTriggered: view.revealed = false
        }

        ColumnLayout {
            anchors.fill: parent
            spacing: 8

            RowLayout {
                Layout.fillWidth: true
                Label {
                    text: view.purpose === "qa" ? qsTr("QA re-review (blind): %1").arg(view.itemId)
                                                : qsTr("Decision on %1").arg(view.itemId)
                    font.bold: true
                    font.pixelSize: 16
                }
                Item { Layout.fillWidth: true }
                CheckBox { text: qsTr("Greyscale"); checked: view.grayscale; onToggled: view.grayscale = checked }
                Button {
                    enabled: view.vaultId !== ""
                    text: view.revealed ? qsTr("Blur now") : qsTr("Reveal %1 s").arg(Workstation.revealSeconds)
                    Accessible.name: text
                    onClicked: {
                        view.revealed = !view.revealed
                        if (view.revealed)
                            revealTimer.restart()
                    }
                }
                Button { text: qsTr("Close"); Accessible.name: qsTr("Close and shred"); onClicked: view.close() }
            }
            Label {
                Layout.fillWidth: true
                visible: view.status !== ""
                text: view.status
                wrapMode: Text.Wrap
            }

            RowLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                spacing: 12

                MediaViewport {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    itemId: view.vaultId
                    revealed: view.revealed
                    grayscale: view.grayscale
                    zoom: view.zoom
                    onZoomRequested: (factor) => view.zoom = Math.max(0.25, Math.min(8, view.zoom * factor))
                }

                ColumnLayout {
                    Layout.preferredWidth: 320
                    Layout.maximumWidth: 320
                    Layout.fillHeight: true
                    visible: view.purpose === "record"
                    Repeater {
                        model: [[qsTr("Reviewer"), view.record.reviewer], [qsTr("Decision"), view.record.decision],
                                [qsTr("Appeal outcome"), view.record.outcome], [qsTr("Labels"), view.record.labels],
                                [qsTr("Category"), view.record.category], [qsTr("Decided (UTC)"), view.record.decidedAt],
                                [qsTr("Rationale"), view.record.rationale]]
                        // Free text (a rationale) is shown as written, never as markup: a tag in it must not
                        // load an image, least of all an unblurred one.
                        delegate: ColumnLayout {
                            id: fact
                            required property var modelData
                            Layout.fillWidth: true
                            visible: (modelData[1] ?? "") !== ""
                            spacing: 0
                            Label { text: fact.modelData[0]; font.bold: true; textFormat: Text.PlainText }
                            Label {
                                Layout.fillWidth: true
                                wrapMode: Text.Wrap
                                text: fact.modelData[1] ?? ""
                                textFormat: Text.PlainText
                            }
                        }
                    }
                    Item { Layout.fillHeight: true }
                }

                QaVerdictForm {
                    id: qaForm
                    Layout.preferredWidth: 320
                    Layout.maximumWidth: 320
                    Layout.fillHeight: true
                    visible: view.purpose === "qa" && view.vaultId !== ""
                    onSubmitted: (decision, labels) => {
                        view.status = qsTr("Sending the re-review…")
                        Workstation.submitQaReview(view.itemId, view.vaultId, decision, labels)
                    }
                }
            }
        }
    }
}
