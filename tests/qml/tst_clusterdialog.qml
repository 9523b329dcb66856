// ClusterDialog, the family grid: it lists the members as it opened, the item looked at cannot be dropped,
// a dropped member can be kept again, and only what is kept is offered for signing — a member that joins
// while the grid is open is not.
import QtQuick
import QtTest
import Veil

TestCase {
    id: testCase
    name: "ClusterDialog"
    width: 800
    height: 600
    when: windowShown
    visible: true

    Component {
        id: dialogComponent
        ClusterDialog {
            members: ["esc-1", "esc-2", "esc-3"]
            itemId: "esc-2"
            decisionTitle: "Remove"
            labelTitles: "Violence"
        }
    }

    function test_dropAndKeep() {
        const dialog = createTemporaryObject(dialogComponent, testCase)
        dialog.open()
        tryCompare(dialog, "opened", true)
        tryCompare(dialog, "seen", 3) // once laid out
        compare(Array.from(dialog.kept), ["esc-2", "esc-1", "esc-3"]) // the item looked at first
        compare(findChild(dialog.contentItem, "familyGrid").currentIndex, 0)
        dialog.toggle("esc-2") // the item looked at: always kept
        compare(Array.from(dialog.kept), ["esc-2", "esc-1", "esc-3"])
        dialog.toggle("esc-3")
        compare(Array.from(dialog.kept), ["esc-2", "esc-1"])
        verify(dialog.title.indexOf("2") >= 0, dialog.title)
        dialog.toggle("esc-3")
        compare(Array.from(dialog.kept), ["esc-2", "esc-1", "esc-3"])
        // A member arriving now is not offered: the reviewer has not seen it.
        dialog.members = ["esc-1", "esc-2", "esc-3", "esc-4"]
        compare(Array.from(dialog.kept), ["esc-2", "esc-1", "esc-3"])
    }

    // Opened again, it starts afresh: nothing dropped, the current members.
    function test_reopenedStartsAfresh() {
        const dialog = createTemporaryObject(dialogComponent, testCase)
        dialog.open()
        tryCompare(dialog, "opened", true)
        tryCompare(dialog, "seen", 3)
        dialog.toggle("esc-1")
        compare(Array.from(dialog.kept), ["esc-2", "esc-3"])
        dialog.close()
        tryCompare(dialog, "visible", false)
        dialog.members = ["esc-1", "esc-2", "esc-5"]
        dialog.open()
        tryCompare(dialog, "opened", true)
        tryCompare(dialog, "seen", 3)
        compare(Array.from(dialog.kept), ["esc-2", "esc-1", "esc-5"])
    }

    // A family larger than the grid: members never scrolled to are not signed; scrolled to, they are.
    function test_onlyWhatWasSeenIsSigned() {
        const many = []
        for (let i = 0; i < 30; ++i)
            many.push("esc-" + (100 + i))
        const dialog = createTemporaryObject(dialogComponent, testCase, {itemId: "esc-100"})
        dialog.members = many
        dialog.open()
        tryCompare(dialog, "opened", true)
        const grid = findChild(dialog.contentItem, "familyGrid")
        tryVerify(() => dialog.seen > 0)
        verify(dialog.seen < 30, "seen " + dialog.seen)
        compare(dialog.kept.length, dialog.seen)
        verify(!dialog.kept.includes("esc-129"))
        // A jump to the end (the scroll bar's handle dragged) leaves rows never displayed: nothing more.
        const first = dialog.seen
        grid.positionViewAtEnd()
        wait(50)
        compare(dialog.seen, first)
        // Scrolled down through every row: all of them.
        for (let y = 0; y <= grid.contentHeight - grid.height + grid.cellHeight; y += 30)
            grid.contentY = grid.originY + Math.min(y, grid.contentHeight - grid.height)
        tryCompare(dialog, "seen", 30)
        compare(dialog.kept.length, 30)
    }

    // Arrows pressed faster than frames (a held key, a slow machine): the view moves with each press, so every
    // row passed is displayed in turn and counted; none is skipped and reported as "below" once at the end.
    // Before, the view chased the current tile in an animation that could jump several rows in one step.
    function test_arrowsFasterThanFramesCountEveryRow() {
        const many = []
        for (let i = 0; i < 200; ++i)
            many.push("esc-" + (1000 + i))
        const dialog = createTemporaryObject(dialogComponent, testCase, {itemId: "esc-1000"})
        dialog.members = many
        dialog.open()
        tryCompare(dialog, "opened", true)
        const grid = findChild(dialog.contentItem, "familyGrid")
        tryVerify(() => dialog.seen > 0)
        const columns = Math.floor(grid.width / grid.cellWidth)
        for (let row = 0; row * columns < 200; ++row)
            keyClick(Qt.Key_Down) // no wait: no frame, no animation tick between presses
        while (grid.currentIndex < 199)
            keyClick(Qt.Key_Right)
        compare(grid.currentIndex, 199)
        compare(dialog.seen, 200)
        compare(dialog.kept.length, 200)
    }
}
