// The supervisor's desk: the overview (QA agreement, SLA, audit alerts), the team's decision log with its
// exports, and blind QA re-review of sampled decisions. The numbers come from the service
// (Workstation.desk.refresh, on the worker thread); items open blurred in a ReferenceView.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

Pane {
    id: desk

    // What to show once the first sync is in (the screenshots): "log", "record" (the newest decision
    // opened) or "qa" (the next QA sample opened).
    property string initialView: ""

    function showInitialView() {
        if (initialView === "log" || initialView === "record")
            tabs.currentIndex = 1
        if (initialView === "record")
            decisionLog.openNewest()
        else if (initialView === "qa") {
            reference.show("qa", "", reference.noRecord)
            Workstation.desk.openQaSample()
        }
        initialView = ""
    }

    function openRecord(itemId: string, record: decisionLogEntry) {
        reference.show("record", itemId, record)
        Workstation.desk.openRecord(itemId)
    }

    Component.onCompleted: Workstation.desk.refresh()
    // After every sync too: leases, decisions and breaches move on.
    Connections {
        target: Workstation
        function onSyncFinished() {
            Workstation.desk.refresh()
            desk.showInitialView()
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        RowLayout {
            Layout.fillWidth: true
            Label { text: qsTr("Supervisor desk"); font.bold: true; font.pixelSize: 18 }
            TabBar {
                id: tabs
                objectName: "deskTabs"
                // The open tab is marked by a bar in the highlight colour: Fusion's lighter tab alone was hard
                // to tell.
                TabButton {
                    id: overviewTab
                    text: qsTr("Overview")
                    width: implicitWidth
                    Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 3; color: Appearance.colors.highlight; visible: overviewTab.checked }
                }
                TabButton {
                    id: logTab
                    text: qsTr("Decision log")
                    width: implicitWidth
                    Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 3; color: Appearance.colors.highlight; visible: logTab.checked }
                }
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "nextQaSample"
                text: qsTr("Re-review a QA sample")
                Accessible.name: qsTr("Re-review the next QA sample, blind")
                onClicked: {
                    reference.show("qa", "", reference.noRecord)
                    Workstation.desk.openQaSample()
                }
            }
            Button {
                text: qsTr("Refresh")
                Accessible.name: qsTr("Refresh the desk")
                onClicked: Workstation.desk.refresh()
            }
        }

        // On a line of its own: a status appearing never moves the buttons under the pointer.
        Label {
            Layout.fillWidth: true
            visible: Workstation.desk.error !== ""
            text: qsTr("Could not refresh: %1").arg(Workstation.desk.error)
            color: Appearance.danger
            wrapMode: Text.Wrap
        }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: tabs.currentIndex
            // In a short window (from 600 px), or when its content needs more (audit alerts), the overview
            // scrolls rather than squeezing its charts flat; the keyboard's focus is kept in view.
            Flickable {
                id: overviewScroll
                objectName: "overviewScroll"

                function reveal(item: Item) {
                    let inside = item
                    while (inside && inside !== overviewContent)
                        inside = inside.parent
                    if (!inside || overviewScroll.contentHeight <= overviewScroll.height)
                        return
                    const top = item.mapToItem(overviewContent, 0, 0).y
                    let y = overviewScroll.contentY
                    if (top < y)
                        y = top
                    else if (top + item.height > y + overviewScroll.height)
                        y = top + item.height - overviewScroll.height
                    overviewScroll.contentY = Math.max(0, Math.min(y, overviewScroll.contentHeight - overviewScroll.height))
                }

                clip: true
                contentWidth: width
                contentHeight: Math.max(height, 560, overviewContent.implicitHeight)
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {
                    id: overviewBar
                    policy: overviewScroll.contentHeight > overviewScroll.height ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
                }
                Connections {
                    target: overviewScroll.Window.window
                    function onActiveFocusItemChanged() { overviewScroll.reveal(overviewScroll.Window.activeFocusItem) }
                }
                DeskOverview {
                    id: overviewContent
                    width: overviewScroll.width - overviewBar.width // always: a width that followed the bar could loop
                    height: overviewScroll.contentHeight
                    numbers: Workstation.desk.summary
                    onOpenRequested: (itemId, record) => desk.openRecord(itemId, record)
                }
            }
            DecisionLogPanel {
                id: decisionLog
                onOpenRequested: (itemId, record) => desk.openRecord(itemId, record)
            }
        }
    }

    ReferenceView {
        id: reference
        objectName: "referenceView"
    }
}
