// The strip across the top: who and where (DEMO marked loudly), queue pressure, connection and outbox,
// and the reviewer's own exposure to clear media this session.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ToolBar {
    id: bar

    required property int queueCount
    required property int dueSoon
    required property int breached

    ReviewerSettings {
        id: settings
    }
    UnsettledVerdicts {
        id: unsettled
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 8
        anchors.rightMargin: 8
        spacing: 10

        Label {
            visible: Workstation.demo
            text: qsTr("DEMO")
            font.bold: true
            color: "white"
            padding: 4
            background: Rectangle { color: "#b3261e"; radius: 3 } // DEMO: loud in both themes
            Accessible.name: qsTr("Demo mode: synthetic data")
        }
        Label {
            text: qsTr("%1 · %2").arg(Workstation.reviewer).arg(Session.roleTitle(Workstation.role))
            textFormat: Text.PlainText
            font.bold: true
            elide: Text.ElideRight // gives way in a narrow window, before Settings and Sync do
            Layout.fillWidth: true
            Layout.maximumWidth: implicitWidth
            Layout.minimumWidth: 80
        }
        ComboBox {
            id: roleChoice
            visible: Session.demo
            Layout.minimumWidth: roleText.advanceWidth + 48 // "Einspruchsbearbeitung" whole
            TextMetrics { id: roleText; font: roleChoice.font; text: roleChoice.displayText }
            model: Session.demoRoleChoices()
            textRole: "text"
            valueRole: "value"
            Component.onCompleted: currentIndex = indexOfValue(Workstation.role)
            Accessible.name: qsTr("Demo: switch role")
            onActivated: Session.switchRole(currentValue)
        }
        Label { text: qsTr("%n open", "", bar.queueCount) }
        Label {
            text: qsTr("%n due soon", "", bar.dueSoon)
            color: bar.dueSoon > 0 ? Appearance.warning : palette.windowText
        }
        Label {
            text: qsTr("%n overdue", "", bar.breached)
            color: bar.breached > 0 ? Appearance.danger : palette.windowText
            font.bold: bar.breached > 0
        }
        Item { Layout.fillWidth: true }
        Label {
            text: Workstation.syncStatus.lastError
            textFormat: Text.PlainText
            visible: text.length > 0
            color: Appearance.danger
            elide: Text.ElideRight
            Layout.maximumWidth: 360
        }
        Rectangle {
            width: 10
            height: 10
            radius: 5
            color: Workstation.syncStatus.online ? Appearance.ok : Appearance.muted
            Accessible.name: Workstation.syncStatus.online ? qsTr("Online") : qsTr("Offline")
        }
        Label {
            objectName: "syncState"
            readonly property int refillBelow: Workstation.settings.refillBelow
            // While items arrive, say how many (the first sync is not "Offline"); the line gives way first
            // when the window is narrow.
            text: (Workstation.syncStatus.syncing && Workstation.syncStatus.total > 0
                   ? qsTr("Receiving %1 of %2 items").arg(Workstation.syncStatus.done).arg(Workstation.syncStatus.total)
                   : Workstation.syncStatus.online ? qsTr("Online, synced %1").arg(Workstation.syncStatus.lastSync)
                   : Workstation.syncStatus.syncing ? qsTr("Syncing…") : qsTr("Offline"))
                  + (refillBelow > 0 ? " · " + qsTr("auto-refill") : "")
            elide: Text.ElideRight
            Layout.fillWidth: true
            Layout.maximumWidth: implicitWidth
            Layout.minimumWidth: 60
            ToolTip.visible: refillArea.containsMouse
            ToolTip.text: refillBelow > 0
                          ? qsTr("Claims %1 items at a time, and more by itself when fewer than %2 are open").arg(Workstation.settings.claimSize).arg(refillBelow)
                          : qsTr("Claims %1 items at a time, when you sync").arg(Workstation.settings.claimSize)
            MouseArea { id: refillArea; anchors.fill: parent; hoverEnabled: true; acceptedButtons: Qt.NoButton }
        }
        Label { text: qsTr("Outbox %1").arg(Workstation.syncStatus.outboxPending) }
        ProgressBar {
            // Long ingests show how far they are; the queue stays usable meanwhile.
            visible: Workstation.syncStatus.syncing
            indeterminate: Workstation.syncStatus.total === 0
            from: 0
            to: Math.max(1, Workstation.syncStatus.total)
            value: Workstation.syncStatus.done
            Layout.preferredWidth: 120
            Accessible.name: qsTr("Receiving items")
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Receiving %1 of %2 items").arg(Workstation.syncStatus.done).arg(Workstation.syncStatus.total)
        }
        ToolButton {
            visible: Workstation.syncStatus.unsettledVerdicts.length > 0
            text: qsTr("%n need attention", "", Workstation.syncStatus.unsettledVerdicts.length)
            palette.buttonText: Appearance.danger
            Accessible.name: qsTr("Verdicts the service did not accept")
            onClicked: unsettled.open()
        }
        Label {
            readonly property bool overBudget: Workstation.reveal.exposureSeconds >= Workstation.settings.breakBudgetSeconds
            text: overBudget ? qsTr("Exposure %1 s — time for a break").arg(Workstation.reveal.exposureSeconds)
                             : qsTr("Exposure %1 s").arg(Workstation.reveal.exposureSeconds)
            color: overBudget ? Appearance.warning : palette.windowText
            Accessible.name: qsTr("Seconds of clear media this session")
        }
        ToolButton {
            text: qsTr("Settings")
            Accessible.name: qsTr("Reviewer settings")
            onClicked: settings.open()
        }
        ToolButton {
            text: Workstation.syncStatus.syncing ? qsTr("Syncing…") : qsTr("Sync")
            enabled: !Workstation.syncStatus.syncing
            Accessible.name: qsTr("Sync now")
            onClicked: Workstation.syncStatus.requestSync()
        }
    }
}
