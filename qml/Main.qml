// The workstation window: status across the top, the queue on the left, the item under review on the
// right. Keyboard first: every action has a key (press ? for the list) and is reachable by Tab.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ThemedWindow {
    id: window

    // Set by main.cpp for scripted screenshots: "", queue, families, review, revealed, decision, undo, focus or desk.
    property string screenshotState: ""

    width: 1280
    height: 800
    // Smaller than this the queue and the review view no longer fit side by side (checked from 1024 x 600:
    // a 1366 x 768 laptop screen leaves about 690 px under its task bar and title bar).
    minimumWidth: 1024
    minimumHeight: 600
    visible: true
    title: Workstation.demo ? qsTr("Veil — DEMO") : qsTr("Veil")

    header: StatusHeader {
        queueCount: queueModel.itemCount
        dueSoon: queueModel.dueSoonCount
        breached: queueModel.breachedCount
    }

    QueueModel {
        id: queueModel
        workstation: Workstation
        // A flood reads as its families: one row each, opened with E or a click on its badge.
        groupFamilies: true
    }

    // Supervisors switch between reviewing and their desk (D).
    property bool showDesk: screenshotState === "desk" || screenshotState === "log" || screenshotState === "record"
                            || screenshotState === "qa"
    readonly property bool supervisor: Workstation.role === "supervisor"

    Loader {
        anchors.fill: parent
        active: window.supervisor && window.showDesk
        visible: active
        sourceComponent: DeskPage {}
        onLoaded: (item as DeskPage).initialView = window.screenshotState
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0
        visible: !(window.supervisor && window.showDesk)

        QueuePane {
            id: queuePane
            grayscale: review.grayscale
            // A third of the window, 360-560 px: wider windows give the queue more room too.
            Layout.preferredWidth: Math.round(Math.max(360, Math.min(560, window.width * 0.3)))
            Layout.fillHeight: true
            model: queueModel
            onItemChosen: (row) => review.open(row)
            onFamilyToggled: (row) => window.toggleFamily(row)
        }

        ReviewPane {
            id: review
            objectName: "reviewPane"
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: queueModel
            onRowChanged: queuePane.currentRow = review.row
        }
    }

    ShortcutHelp {
        id: help
    }

    // Single keys act on the review view, never while a text field has the keyboard (they are typed there).
    // (A read-only text, such as the prompt, takes no typing: the keys work there.)
    readonly property bool typing: window.isTyping(activeFocusItem)
    // Duck-typed on purpose (any text control has a cursor), so not compiled; Qt 6.4's qmlcachegen crashes
    // now and then on `as TextInput` type assertions here.
    function isTyping(item) {
        return item !== null && ("cursorPosition" in item) && item.readOnly !== true
    }
    readonly property bool reviewing: !typing && !(window.supervisor && window.showDesk)

    Shortcut { sequence: "J"; enabled: window.reviewing; onActivated: review.open(Math.min(review.row + 1, queueModel.count - 1)) }
    Shortcut { sequence: "K"; enabled: window.reviewing; onActivated: review.open(Math.max(review.row - 1, 0)) }
    Shortcut { sequence: "E"; enabled: window.reviewing; onActivated: window.toggleFamily(review.row) }
    Shortcut { sequence: "G"; enabled: window.reviewing; onActivated: review.grayscale = !review.grayscale }
    Shortcut { sequence: "F"; enabled: window.reviewing; onActivated: review.facesRevealed = !review.facesRevealed }
    Shortcut { sequence: "V"; enabled: window.reviewing; onActivated: review.toggleReveal() }
    Shortcut { sequences: ["+", "="]; enabled: window.reviewing; onActivated: review.zoomIn() }
    Shortcut { sequence: "-"; enabled: window.reviewing; onActivated: review.zoomOut() }
    Shortcut { sequence: "0"; enabled: window.reviewing; onActivated: review.zoomReset() }
    Shortcut { sequence: "L"; enabled: window.reviewing; onActivated: review.startLabelKeys() }
    Shortcut { sequence: "R"; enabled: window.reviewing; onActivated: review.focusRationale() }
    Shortcut { sequence: "C"; enabled: window.reviewing; onActivated: review.applyToCluster() }
    Shortcut { sequence: "S"; enabled: window.reviewing; onActivated: review.askSkip() }
    Shortcut { sequence: "U"; enabled: window.reviewing; onActivated: review.chooseOutcome("uphold") }
    Shortcut { sequence: "O"; enabled: window.reviewing; onActivated: review.chooseOutcome("overturn") }
    Shortcut { sequence: "M"; enabled: window.reviewing; onActivated: review.chooseOutcome("modify") }
    Shortcut { sequence: "T"; enabled: window.reviewing; onActivated: review.useTemplate() }
    Shortcut { sequences: ["Return", "Enter"]; enabled: window.reviewing; onActivated: review.submit() }
    // Submits from anywhere, the multi-line message to the user included (Enter is a new line there).
    Shortcut { sequences: ["Ctrl+Return", "Ctrl+Enter"]; enabled: !(window.supervisor && window.showDesk); onActivated: review.submit() }
    Shortcut { sequence: "?"; enabled: !window.typing; onActivated: help.open() }
    Shortcut { sequence: "D"; enabled: window.supervisor && !window.typing; onActivated: window.showDesk = !window.showDesk }
    Shortcut { sequence: "Ctrl+Q"; onActivated: Qt.quit() }
    Shortcut { sequence: "Ctrl+R"; onActivated: Workstation.syncStatus.requestSync() }
    Shortcut {
        // Undo: inside the grace period the verdict is withdrawn; after it, the item opens for a correction.
        sequence: "Ctrl+Z"
        enabled: !window.typing && !(window.supervisor && window.showDesk)
        onActivated: {
            const undone = Workstation.decisions.undoLast()
            if (undone.itemId !== "")
                review.openItem(undone.itemId)
            else
                window.notice = undone.error
        }
    }
    Shortcut { sequence: "1"; enabled: window.reviewing; onActivated: review.pressNumber(1) }
    Shortcut { sequence: "2"; enabled: window.reviewing; onActivated: review.pressNumber(2) }
    Shortcut { sequence: "3"; enabled: window.reviewing; onActivated: review.pressNumber(3) }
    Shortcut { sequence: "4"; enabled: window.reviewing; onActivated: review.pressNumber(4) }
    Shortcut { sequence: "5"; enabled: window.reviewing; onActivated: review.pressNumber(5) }
    Shortcut { sequence: "6"; enabled: window.reviewing; onActivated: review.pressNumber(6) }
    Shortcut { sequence: "7"; enabled: window.reviewing; onActivated: review.pressNumber(7) }
    Shortcut { sequence: "8"; enabled: window.reviewing; onActivated: review.pressNumber(8) }
    Shortcut { sequence: "9"; enabled: window.reviewing; onActivated: review.pressNumber(9) }
    // Opens or folds the family on `row`. If the item under review was a member folded away, the view goes
    // to the family's head, so what is shown, what is selected and what Enter signs stay the same item.
    function toggleFamily(row: int) {
        const head = queueModel.toggleFamilyAt(row)
        if (head >= 0 && review.itemId !== "" && queueModel.rowOf(review.itemId) < 0)
            review.openItem(queueModel.itemIdAt(head))
        else
            review.follow()
        queuePane.currentRow = review.row
    }

    // Why Ctrl+Z (or another window-wide action) did nothing; cleared after a while.
    property string notice: ""
    Timer { running: window.notice !== ""; interval: 6000; onTriggered: window.notice = "" }

    footer: Label {
        objectName: "keyHint"
        padding: 4
        leftPadding: 8
        textFormat: Text.PlainText
        text: window.notice !== "" ? window.notice
              : review.labelKeys ? qsTr("Label: press its number (1–%1)").arg(Workstation.policy.labels.length)
              : qsTr("? shows every key · J/K move · 1–6 decide · L+digit label · Space (hold) reveals · Enter signs · Ctrl+Z undoes")
        color: window.notice !== "" ? Appearance.danger : palette.windowText
        opacity: window.notice !== "" ? 1 : 0.75
        elide: Text.ElideRight
    }

    // The first item opens as soon as there is one: at start, or when a sync brings work to an empty queue.
    function openFirst() {
        if (review.itemId !== "" || queueModel.count === 0)
            return
        review.open(0)
        if (screenshotState === "revealed")
            review.revealForScreenshot()
        else if (screenshotState === "decision")
            review.prepareDemoDecision()
        else if (screenshotState === "focus") {
            review.prepareDemoDecision()
            review.tabToLabelsForScreenshot() // the focus ring, as after Tab
        } else if (screenshotState === "family") {
            for (var row = 0; row < queueModel.count && review.details.clusterMembers.length < 2; ++row)
                review.open(row)
            review.prepareDemoDecision()
            review.confirmClusterForScreenshot() // the family grid, before Enter
        } else if (screenshotState === "families") {
            // The first family opened under its head, as after E on its row.
            for (var head = 0; head < queueModel.count; ++head) {
                if (queueModel.toggleFamilyAt(head) >= 0) {
                    review.open(head)
                    break
                }
            }
        } else if (screenshotState === "undo") {
            review.prepareDemoDecision() // remove, with the item's suggested label
            review.submit() // the undo bar shows on the next item while the grace period runs
        }
    }

    Connections {
        target: queueModel
        function onCountChanged() { window.openFirst() }
        function onModelReset() { review.follow() }
        function onRowsRemoved() { review.follow() }
        function onRowsInserted() { review.follow() }
    }

    Component.onCompleted: openFirst()
}
