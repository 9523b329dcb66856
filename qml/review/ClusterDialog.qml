// C: one decision for the near-duplicate family, confirmed first on a grid of its open members as blurred
// thumbnails. Arrows move, Space drops an outlier (or keeps it again), Enter signs one verdict for each
// member kept, Esc goes back. The item looked at is always kept. Exactly the members shown and kept are
// signed: one that arrives while the grid is open is not among them.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ThemedPopup {
    id: dialog

    required property list<string> members // open members of the cluster, kept up to date
    required property string itemId
    required property string decisionTitle
    required property string labelTitles // joined, "" when none
    property list<string> shown: [] // the members as the grid opened: only these can be signed
    property list<string> dropped: []
    property bool grayscale: false
    // How many of `shown`, from the first, the grid has displayed: a member scrolled past is signed, one
    // never scrolled to is not (it stays open), whatever the grid's size. Only an unbroken run from the top
    // counts: a jump (the scroll bar's handle dragged, a fast flick) that leaves rows never displayed
    // extends nothing until the view comes back to join what was seen.
    property int seen: 0
    readonly property list<string> kept: Array.from(shown).filter((m, i) => i < seen && !dropped.includes(m))

    function noteSeen() {
        const columns = Math.max(1, Math.floor(grid.width / grid.cellWidth))
        const offset = grid.contentY - grid.originY
        const topRow = Math.floor(Math.max(0, offset) / grid.cellHeight) // the row the view's top cuts
        const rows = Math.floor((offset + grid.height + 1) / grid.cellHeight) // rows wholly above its bottom
        if (topRow * columns <= dialog.seen)
            dialog.seen = Math.max(dialog.seen, Math.min(dialog.shown.length, rows * columns))
    }
    function toggle(member: string) {
        if (member === dialog.itemId)
            return
        dialog.dropped = dialog.dropped.includes(member) ? Array.from(dialog.dropped).filter(m => m !== member)
                                                         : Array.from(dialog.dropped).concat([member])
    }

    anchors.centerIn: Overlay.overlay
    modal: true
    focus: true
    title: qsTr("Sign %1 verdicts?").arg(dialog.kept.length)
    standardButtons: Dialog.Ok | Dialog.Cancel
    width: Math.min(660, Overlay.overlay ? Overlay.overlay.width - 40 : 660)
    closePolicy: Popup.CloseOnEscape
    onAboutToShow: {
        dialog.seen = 0 // first: the new model counts what it shows at once
        dialog.dropped = []
        // The item looked at first: the grid opens at the top and is seen from there down.
        var ordered = Array.from(dialog.members).filter(m => m !== dialog.itemId)
        ordered.unshift(dialog.itemId)
        dialog.shown = ordered
        grid.currentIndex = 0
        grid.positionViewAtBeginning()
        dialog.noteSeen() // the grid may keep its size from last time: no change would say so
        grid.forceActiveFocus()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        Label {
            objectName: "clusterSummary"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
            text: (dialog.labelTitles !== ""
                   ? qsTr("This signs %1 verdicts — “%2” with the labels %3 — one for each item kept below, each noting that you reviewed %4.")
                         .arg(dialog.kept.length).arg(dialog.decisionTitle).arg(dialog.labelTitles).arg(dialog.itemId)
                   : qsTr("This signs %1 verdicts — “%2”, without labels — one for each item kept below, each noting that you reviewed %3.")
                         .arg(dialog.kept.length).arg(dialog.decisionTitle).arg(dialog.itemId))
        }
        GridView {
            id: grid
            objectName: "familyGrid"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(3, Math.ceil(count / Math.max(1, Math.floor(width / cellWidth)))) * cellHeight
            clip: true
            focus: true
            cellWidth: 152
            cellHeight: 124
            model: dialog.shown
            // The view moves with each press, at once, not in an animation chasing the current tile: a slow
            // frame let that jump rows never displayed, which the count above then could not join.
            highlightFollowsCurrentItem: false
            onCurrentIndexChanged: grid.positionViewAtIndex(grid.currentIndex, GridView.Contain)
            onContentYChanged: dialog.noteSeen()
            onHeightChanged: dialog.noteSeen()
            onWidthChanged: dialog.noteSeen()
            onCountChanged: dialog.noteSeen()
            ScrollBar.vertical: ScrollBar {}
            Keys.onSpacePressed: dialog.toggle(Array.from(dialog.shown)[grid.currentIndex])
            Keys.onReturnPressed: dialog.accept()
            Keys.onEnterPressed: dialog.accept()
            delegate: FamilyMember {
                id: tile
                required property string modelData
                required property int index
                itemId: tile.modelData
                current: tile.GridView.isCurrentItem
                shown: tile.modelData === dialog.itemId
                dropped: dialog.dropped.includes(tile.modelData)
                grayscale: dialog.grayscale
                onClicked: {
                    grid.currentIndex = tile.index
                    dialog.toggle(tile.modelData)
                }
            }
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: dialog.seen < dialog.shown.length
                  ? qsTr("%1 not yet scrolled through: they are signed only once you have scrolled through them from the top (arrows or wheel); until then they stay open.").arg(dialog.shown.length - dialog.seen)
                  : dialog.dropped.length > 0
                  ? qsTr("%1 dropped: they stay open for a decision of their own.").arg(dialog.dropped.length)
                  : qsTr("Arrows move, Space drops an item that does not belong; Enter signs, Esc goes back.")
            opacity: 0.75
        }
    }
}
