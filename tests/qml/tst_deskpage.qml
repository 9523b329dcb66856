// DeskPage in a short window: the overview scrolls rather than squeezing its charts flat, and whatever the
// keyboard's focus moves to below the fold is scrolled into view (a supervisor working by keyboard reaches
// all of it).
import QtQuick
import QtQuick.Controls
import QtTest
import Veil

TestCase {
    id: testCase
    name: "DeskPage"
    width: 1000
    height: 420
    when: windowShown
    visible: true

    Component {
        id: pageComponent
        DeskPage {
            width: 1000
            height: 420
        }
    }

    function findByText(item, prefix) {
        if (item.text !== undefined && String(item.text).indexOf(prefix) === 0)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = findByText(item.children[i], prefix)
            if (found)
                return found
        }
        return null
    }

    function test_focusBelowTheFoldIsScrolledTo() {
        const page = createTemporaryObject(pageComponent, testCase)
        const scroll = findChild(page, "overviewScroll")
        verify(scroll)
        tryVerify(() => scroll.height > 0)
        verify(scroll.contentHeight > scroll.height, scroll.contentHeight + " in " + scroll.height)
        compare(scroll.contentY, 0)
        const audit = findByText(scroll.contentItem, "Audit")
        verify(audit, "the audit line")
        audit.forceActiveFocus()
        const at = audit.mapToItem(scroll, 0, 0).y
        verify(at >= 0 && at + audit.height <= scroll.height + 0.5, "audit line at " + at + " in " + scroll.height)
        verify(scroll.contentY > 0)
        // Back to the top, by focus too.
        findByText(scroll.contentItem, "QA agreement").forceActiveFocus()
        compare(scroll.contentY, 0)
    }
}
