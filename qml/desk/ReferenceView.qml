// A supervisor's look at an item decided elsewhere: a decision from the team's log (with its verdict), or
// a blind QA sample (with a form for the supervisor's own verdict, never the original). The media is blurred
// by default under the same rules as the review view — a timed reveal, held Space, every reveal audited —
// and shredded from the vault when the view closes.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ThemedPopup {
    id: view

    property string purpose: "record" // or "qa"
    property string itemId: ""
    property string vaultId: ""
    property decisionLogEntry record // the decision from the log (purpose "record")
    property decisionLogEntry noRecord // never set: what a QA sample shows as its record
    property itemDetails facts // a QA sample: category, source, model, scores, prompt — as the review view shows
    property string status: ""
    readonly property bool revealed: media.revealed
    property bool grayscale: Workstation.settings.grayscaleDefault

    signal qaSubmitted()

    function show(newPurpose: string, newItemId: string, newRecord: decisionLogEntry) {
        purpose = newPurpose
        itemId = newItemId
        record = newRecord
        vaultId = ""
        facts = Workstation.desk.referenceDetails("")
        status = qsTr("Fetching the media…")
        media.blurNow()
        media.zoom = 1.0
        qaForm.reset()
        open()
    }

    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: Overlay.overlay ? Overlay.overlay.width * 0.85 : 900
    // 85 % of the window, but at least 620 px where the window has them (the QA form's column needs about
    // that in German; a 600 px window leaves it 584).
    height: Overlay.overlay ? Math.min(Overlay.overlay.height - 16, Math.max(Overlay.overlay.height * 0.85, 620)) : 600
    closePolicy: Popup.CloseOnEscape
    onClosed: {
        media.blurNow()
        Workstation.desk.closeReference(vaultId) // shredded: nothing of the look stays on disk
        vaultId = ""
    }

    Connections {
        target: Workstation.desk
        function onReferenceOpened(purpose, itemId, vaultId, error) {
            if (!view.opened || purpose !== view.purpose || (view.itemId !== "" && itemId !== view.itemId)) {
                // Opened after the view closed (or for an earlier look): shred it at once.
                if (vaultId !== "")
                    Workstation.desk.closeReference(vaultId)
                return
            }
            if (purpose === "qa" && itemId === "" && error === "") {
                view.status = qsTr("No QA sample is waiting: every sampled decision has been re-reviewed.")
                return
            }
            view.itemId = itemId
            view.vaultId = vaultId
            view.facts = purpose === "qa" && vaultId !== "" ? Workstation.desk.referenceDetails(vaultId) : Workstation.desk.referenceDetails("")
            view.status = error === "" ? "" : qsTr("Could not open the item: %1").arg(error)
        }
        function onQaReviewSubmitted(itemId, error) {
            if (itemId !== view.itemId)
                return
            if (error !== "") {
                view.status = qsTr("The re-review was not recorded: %1").arg(error)
                return
            }
            media.blurNow() // the reveal ends, and is audited, before the look goes
            view.vaultId = "" // the worker shredded it with the submission
            view.close()
            view.qaSubmitted()
        }
    }

    FocusScope {
        anchors.fill: parent
        focus: true
        // The same keys as the review view: Space held reveals, V a timed reveal, +/-/0 zoom; for a QA
        // sample the decision by its number, L then a digit for a label, Enter records the re-review.
        property bool labelKeys: false
        Keys.onPressed: (event) => {
            if (event.isAutoRepeat)
                return
            const digit = event.key - Qt.Key_0
            if (event.key === Qt.Key_Space) {
                media.hold()
            } else if (event.key === Qt.Key_V) {
                media.toggle()
            } else if (event.key === Qt.Key_Plus || event.key === Qt.Key_Equal) {
                media.zoomIn()
            } else if (event.key === Qt.Key_Minus) {
                media.zoomOut()
            } else if (event.key === Qt.Key_0) {
                media.zoomReset()
            } else if (view.purpose === "qa" && event.key === Qt.Key_L) {
                labelKeys = true
            } else if (view.purpose === "qa" && digit >= 1 && digit <= 9) {
                if (labelKeys)
                    qaForm.toggleLabelKey(digit)
                else
                    qaForm.chooseKey(digit)
                labelKeys = false
            } else if (view.purpose === "qa" && (event.key === Qt.Key_Return || event.key === Qt.Key_Enter)) {
                qaForm.submit()
            } else {
                return
            }
            event.accepted = true
        }
        Keys.onReleased: (event) => {
            if (event.key === Qt.Key_Space && !event.isAutoRepeat) {
                media.release()
                event.accepted = true
            }
        }

        ColumnLayout {
            anchors.fill: parent
            spacing: 8

            RowLayout {
                Layout.fillWidth: true
                Label {
                    text: view.purpose === "qa" ? qsTr("QA re-review (blind): %1 · %2").arg(view.itemId).arg(Workstation.policy.titles.of("category", view.facts.category))
                                                : qsTr("Decision on %1").arg(view.itemId)
                    textFormat: Text.PlainText
                    font.bold: true
                    font.pixelSize: 16
                }
                Item { Layout.fillWidth: true }
                MarkedCheckBox { text: qsTr("Greyscale"); focusPolicy: Qt.TabFocus; checked: view.grayscale; onToggled: view.grayscale = checked }
                Button {
                    enabled: view.vaultId !== ""
                    focusPolicy: Qt.TabFocus
                    text: view.revealed ? qsTr("Blur now (V)") : qsTr("Reveal %1 s (V)").arg(Workstation.settings.revealSeconds)
                    Accessible.name: text
                    onClicked: media.toggle()
                }
                Button { text: qsTr("Close"); focusPolicy: Qt.TabFocus; Accessible.name: qsTr("Close and shred"); onClicked: view.close() }
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

                RevealableMedia {
                    id: media
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    mediaId: view.vaultId
                    grayscale: view.grayscale
                }

                ColumnLayout {
                    Layout.preferredWidth: 320
                    Layout.maximumWidth: 320
                    Layout.fillHeight: true
                    visible: view.purpose === "record"
                    Repeater {
                        model: [[qsTr("Reviewer"), view.record.reviewer],
                                [qsTr("Decision"), Workstation.policy.titles.of("decision", view.record.decision)],
                                [qsTr("Appeal outcome"), view.record.outcome !== "" ? Workstation.policy.titles.of("outcome", view.record.outcome) : ""],
                                [qsTr("Labels"), Workstation.policy.titles.of("label", view.record.labels)],
                                [qsTr("Category"), Workstation.policy.titles.of("category", view.record.category)], [qsTr("Decided (UTC)"), view.record.decidedAt],
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

                ItemFacts {
                    objectName: "qaFacts"
                    Layout.preferredWidth: 300
                    Layout.maximumWidth: 300
                    Layout.fillHeight: true
                    visible: view.purpose === "qa" && view.vaultId !== ""
                    details: view.facts
                }

                QaVerdictForm {
                    id: qaForm
                    Layout.preferredWidth: 320
                    Layout.maximumWidth: 320
                    Layout.fillHeight: true
                    visible: view.purpose === "qa" && view.vaultId !== ""
                    onSubmitted: (decision, labels) => {
                        view.status = qsTr("Sending the re-review…")
                        Workstation.desk.submitQaReview(view.itemId, view.vaultId, decision, labels)
                    }
                }
            }
        }
    }
}
