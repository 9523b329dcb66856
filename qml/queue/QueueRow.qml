// One queue row: an always-blurred thumbnail, the SLA clock, and what the automation knew. In a grouped
// queue a near-duplicate family is one row (its most urgent member) that opens to list the others beneath.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ItemDelegate {
    id: row

    required property int index
    required property string itemId
    required property string facts // "P0 · Hate symbol · User report · Hate 0.91" (QueueModel.FactsRole)
    required property string slaText
    required property int slaState // QueueModel.SlaState
    required property int clusterOpen
    required property int family // QueueModel.FamilyState
    required property string hashMatch
    required property int leaseState // QueueModel.LeaseState
    required property string leaseText
    property bool grayscale: false // G: thumbnails follow the review view

    // The head asks for its family to be opened or folded (the pane tells the model; E does the same).
    signal familyToggled()

    readonly property bool current: ListView.isCurrentItem
    // The current row is tinted and marked at its edge rather than filled with the highlight: its red or
    // amber clock and its badges must stay readable on it.
    background: Rectangle {
        color: row.current ? Appearance.colors.selection : row.hovered ? Appearance.colors.alternateBase : "transparent"
        Rectangle {
            width: 4
            height: parent.height
            color: Appearance.colors.highlight
            visible: row.current
        }
    }
    // Members sit under their head, indented, so the family reads as one.
    leftPadding: family === QueueModel.FamilyMember ? 34 : 12
    onClicked: ListView.view.currentIndex = index
    Accessible.name: qsTr("%1, %2, %3").arg(itemId).arg(facts).arg(slaText)

    contentItem: RowLayout {
        spacing: 10

        Image {
            // Thumbnails are never clear, whatever the review view shows.
            source: "image://veil/" + row.itemId + "/blurred/" + (row.grayscale ? "g" : "") + "3"
            sourceSize.width: 96
            sourceSize.height: 72
            Layout.preferredWidth: 96
            Layout.preferredHeight: 72
            fillMode: Image.PreserveAspectFit
            asynchronous: true // scrolling never waits for a render
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            RowLayout {
                Label {
                    // Intake ids are long ("in-" and 24 hex digits): the id gives way, the clock never does.
                    text: row.itemId
                    textFormat: Text.PlainText // ids, titles and names come from the service: never markup
                    font.bold: true
                    elide: Text.ElideMiddle
                    Layout.fillWidth: true
                    Layout.maximumWidth: implicitWidth
                    Layout.minimumWidth: 60
                }
                Label {
                    text: row.slaText
                    color: row.slaState === QueueModel.SlaBreached ? Appearance.danger : row.slaState === QueueModel.SlaWarning ? Appearance.warning : Appearance.ok
                    font.bold: row.slaState !== QueueModel.SlaOk
                }
                Item { Layout.fillWidth: true }
                Label {
                    // Quiet while held (and left out of a narrow queue); said plainly when it runs out (a verdict
                    // on it may conflict).
                    visible: row.leaseState !== QueueModel.LeaseHeld || row.width >= 400
                    text: row.leaseText
                    font.pixelSize: 11
                    color: row.leaseState === QueueModel.LeaseExpired ? Appearance.danger
                           : row.leaseState === QueueModel.LeaseExpiring ? Appearance.warning : Appearance.muted
                }
            }
            Label {
                // Priority first, so a long clock (German) never pushes it out of the row.
                text: row.facts
                textFormat: Text.PlainText
                elide: Text.ElideRight
                Layout.fillWidth: true
                opacity: 0.8
            }
            RowLayout {
                visible: row.clusterOpen > 1 || row.hashMatch.length > 0
                Label {
                    visible: row.clusterOpen > 1 && (row.family === QueueModel.FamilyNone || row.family === QueueModel.FamilyMember)
                    text: qsTr("cluster ×%1").arg(row.clusterOpen)
                    padding: 2
                    background: Rectangle { color: Appearance.badge; radius: 3 }
                }
                Button {
                    objectName: "familyToggle"
                    visible: row.family === QueueModel.FamilyCollapsed || row.family === QueueModel.FamilyExpanded
                    readonly property bool open: row.family === QueueModel.FamilyExpanded
                    text: open ? qsTr("▾ cluster ×%1").arg(row.clusterOpen) : qsTr("▸ cluster ×%1").arg(row.clusterOpen)
                    flat: true
                    padding: 2
                    topInset: 0
                    bottomInset: 0
                    focusPolicy: Qt.NoFocus // E opens and folds by keyboard; Tab stays on the review
                    Accessible.name: open ? qsTr("Fold the cluster of %n item(s) (E)", "", row.clusterOpen)
                                          : qsTr("Show the %n item(s) of this cluster (E)", "", row.clusterOpen)
                    background: Rectangle { color: Appearance.badge; radius: 3 }
                    onClicked: row.familyToggled()
                }
                Label {
                    visible: row.hashMatch.length > 0
                    text: qsTr("hash match: %1").arg(row.hashMatch)
                    textFormat: Text.PlainText
                    color: "white"
                    padding: 2
                    background: Rectangle { color: Appearance.hashBadge; radius: 3 }
                }
            }
        }
    }
}
