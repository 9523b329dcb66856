// The item's SLA clock beside the media: when it started, when it is due, how often it was claimed, and
// (where the policy allows, e.g. waiting on a specialist) pausing and resuming it, each audited.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ColumnLayout {
    id: clock

    required property string itemId
    required property slaClockView sla
    required property string queue
    signal changed()

    readonly property bool paused: sla.paused
    readonly property bool pausable: queue === "escalations" && Workstation.policy.slaPauseReasons.length > 0
    property string error: ""

    function when(ms) {
        return ms > 0 ? new Date(ms).toLocaleString(Qt.locale(), Locale.ShortFormat) : qsTr("unknown")
    }

    spacing: 4

    Label { text: qsTr("SLA clock"); font.bold: true }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: clock.paused ? qsTr("Paused. Due %1 before the pause.").arg(clock.when(clock.sla.dueAt))
                           : qsTr("Started %1 · due %2").arg(clock.when(clock.sla.startedAt))
                                                          .arg(clock.when(clock.sla.dueAt))
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        opacity: 0.8
        visible: clock.sla.claims > 0
        text: qsTr("Claimed %n time(s), first %1", "", clock.sla.claims).arg(clock.when(clock.sla.firstClaimedAt))
    }
    RowLayout {
        visible: clock.pausable
        Layout.fillWidth: true
        ComboBox {
            id: reason
            visible: !clock.paused
            Layout.fillWidth: true
            Layout.minimumWidth: 60 // gives way to the button in a narrow column
            model: Workstation.policy.titles.choices("sla_pause_reason", Workstation.policy.slaPauseReasons)
            textRole: "text"
            valueRole: "value"
            Accessible.name: qsTr("Reason to pause the SLA clock")
        }
        Button {
            text: clock.paused ? qsTr("Resume clock") : qsTr("Pause clock")
            Accessible.name: text
            onClicked: {
                clock.error = clock.paused ? Workstation.items.resumeClock(clock.itemId)
                                           : Workstation.items.pauseClock(clock.itemId, reason.currentValue)
                clock.changed()
            }
        }
    }
    Label {
        visible: clock.error !== ""
        text: clock.error
        color: Appearance.danger
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }
}
