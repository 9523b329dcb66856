// The workstation window: status across the top, the queue on the left, the item under review on the
// right. Keyboard first: every action has a key (press ? for the list) and is reachable by Tab.
import QtQuick
import QtQuick.Layouts
import Veil

ThemedWindow {
    id: window

    // Set by main.cpp for scripted screenshots: "", queue, review, revealed, decision or desk.
    property string screenshotState: ""

    width: 1280
    height: 800
    visible: true
    title: Workstation.demo ? qsTr("Veil — DEMO") : qsTr("Veil")

    header: StatusHeader {
        queueCount: queueModel.count
        dueSoon: queueModel.dueSoonCount
        breached: queueModel.breachedCount
    }

    QueueModel {
        id: queueModel
        workstation: Workstation
    }

    // Supervisors switch between reviewing and their desk (D).
    property bool showDesk: screenshotState === "desk" || screenshotState === "log" || screenshotState === "record"
                            || screenshotState === "qa"
    readonly property bool supervisor: Workstation.role === "supervisor"

    Loader {
        anchors.fill: parent
        active: window.supervisor && window.showDesk
        visible: active
        sourceComponent: SupervisorDesk {}
        onLoaded: (item as SupervisorDesk).initialView = window.screenshotState
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0
        visible: !(window.supervisor && window.showDesk)

        QueuePane {
            id: queuePane
            Layout.preferredWidth: 440
            Layout.fillHeight: true
            model: queueModel
            onItemChosen: (row) => review.open(row)
        }

        ReviewPane {
            id: review
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: queueModel
            onRowChanged: queuePane.currentRow = review.row
        }
    }

    ShortcutHelp {
        id: help
    }

    Shortcut { sequence: "J"; onActivated: review.open(Math.min(review.row + 1, queueModel.count - 1)) }
    Shortcut { sequence: "K"; onActivated: review.open(Math.max(review.row - 1, 0)) }
    Shortcut { sequence: "G"; onActivated: review.grayscale = !review.grayscale }
    Shortcut { sequence: "F"; onActivated: review.facesRevealed = !review.facesRevealed }
    Shortcut { sequence: "L"; onActivated: review.focusLabels() }
    Shortcut { sequence: "R"; onActivated: review.focusRationale() }
    Shortcut { sequence: "C"; onActivated: review.applyToCluster() }
    Shortcut { sequence: "S"; onActivated: review.askSkip() }
    Shortcut { sequence: "U"; onActivated: review.chooseOutcome("uphold") }
    Shortcut { sequence: "O"; onActivated: review.chooseOutcome("overturn") }
    Shortcut { sequence: "M"; onActivated: review.chooseOutcome("modify") }
    Shortcut { sequence: "T"; onActivated: review.useTemplate() }
    Shortcut { sequences: ["Return", "Enter"]; onActivated: review.submit() }
    Shortcut { sequence: "?"; onActivated: help.open() }
    Shortcut { sequence: "D"; enabled: window.supervisor; onActivated: window.showDesk = !window.showDesk }
    Shortcut { sequence: "Ctrl+Q"; onActivated: Qt.quit() }
    Shortcut { sequence: "Ctrl+R"; onActivated: Workstation.sync() }
    Shortcut { sequence: "1"; onActivated: review.pressNumber(1) }
    Shortcut { sequence: "2"; onActivated: review.pressNumber(2) }
    Shortcut { sequence: "3"; onActivated: review.pressNumber(3) }
    Shortcut { sequence: "4"; onActivated: review.pressNumber(4) }
    Shortcut { sequence: "5"; onActivated: review.pressNumber(5) }
    Shortcut { sequence: "6"; onActivated: review.pressNumber(6) }

    // The first item opens as soon as there is one: at start, or when a sync brings work to an empty queue.
    function openFirst() {
        if (review.itemId !== "" || queueModel.count === 0)
            return
        review.open(0)
        if (screenshotState === "revealed")
            review.revealed = true
        else if (screenshotState === "decision")
            review.prepareDemoDecision()
    }

    Connections {
        target: queueModel
        function onCountChanged() { window.openFirst() }
    }

    Component.onCompleted: openFirst()
}
