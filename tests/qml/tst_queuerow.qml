// QueueRow: what a row says, and that its thumbnail is always the blurred one.
import QtQuick
import QtTest
import Veil

TestCase {
    id: testCase
    name: "QueueRow"
    width: 440
    height: 200
    when: windowShown
    visible: true // a TestCase is hidden by default; these tests check what is shown

    Component {
        id: rowComponent
        QueueRow {
            width: 440
            index: 0
            itemId: "esc-000001"
            facts: "P1 · Hate symbol · Prompt filter · Hate 0.82"
            slaText: "overdue 12m"
            slaState: QueueModel.SlaBreached
            clusterOpen: 3
            family: QueueModel.FamilyNone
            hashMatch: ""
            leaseState: QueueModel.LeaseHeld
            leaseText: "lease 25m"
        }
    }

    function findByText(item, text) {
        if (item.text !== undefined && String(item.text).indexOf(text) >= 0)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = findByText(item.children[i], text)
            if (found)
                return found
        }
        return null
    }
    function findImage(item) {
        if (item.sourceSize !== undefined && item.source !== undefined)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = findImage(item.children[i])
            if (found)
                return found
        }
        return null
    }

    function test_saysWhatItIs() {
        const row = createTemporaryObject(rowComponent, testCase)
        verify(row)
        compare(row.Accessible.name, "esc-000001, P1 · Hate symbol · Prompt filter · Hate 0.82, overdue 12m")
        const sla = findByText(row, "overdue 12m")
        verify(sla)
        verify(Qt.colorEqual(sla.color, Appearance.danger), "a breached clock is red")
        verify(findByText(row, "cluster ×3"), "the cluster badge shows its size")
        verify(findByText(row, "P1 · Hate symbol"))
        verify(Qt.colorEqual(findByText(row, "lease 25m").color, Appearance.muted), "a held lease stays quiet")
    }

    function test_anExpiredLeaseIsSaidPlainly() {
        const row = createTemporaryObject(rowComponent, testCase, {leaseState: QueueModel.LeaseExpired,
                                                                   leaseText: "lease expired: sync to claim it again"})
        const lease = findByText(row, "lease expired")
        verify(lease)
        verify(Qt.colorEqual(lease.color, Appearance.danger))
    }

    function test_warningAndNoCluster() {
        const row = createTemporaryObject(rowComponent, testCase, {slaState: QueueModel.SlaWarning, slaText: "due in 40m",
                                                                   clusterOpen: 1})
        const sla = findByText(row, "due in 40m")
        verify(Qt.colorEqual(sla.color, Appearance.warning), "a clock near its target is amber")
        const badge = findByText(row, "cluster ×")
        verify(!badge || !badge.visible, "a lone item has no cluster badge")
    }

    SignalSpy { id: toggledSpy; signalName: "familyToggled" }

    function test_aFamilyHeadOpensAndFolds() {
        const row = createTemporaryObject(rowComponent, testCase, {family: QueueModel.FamilyCollapsed})
        const toggle = findByText(row, "▸ cluster ×3")
        verify(toggle && toggle.visible, "a folded family says so on its head")
        compare(toggle.Accessible.name, "Show the 3 item(s) of this cluster (E)")
        verify(!findByText(row, "cluster ×3").visible || findByText(row, "cluster ×3") === toggle,
               "no second badge beside the toggle")
        toggledSpy.target = row
        toggledSpy.clear()
        mouseClick(toggle)
        compare(toggledSpy.count, 1)
        row.family = QueueModel.FamilyExpanded
        verify(findByText(row, "▾ cluster ×3").visible)
    }

    function test_membersSitUnderTheirHead() {
        const head = createTemporaryObject(rowComponent, testCase, {family: QueueModel.FamilyExpanded})
        const member = createTemporaryObject(rowComponent, testCase, {family: QueueModel.FamilyMember})
        verify(member.leftPadding > head.leftPadding, "a member is indented under its head")
        const toggle = findByText(member, "cluster ×3")
        verify(toggle.visible && toggle.objectName !== "familyToggle", "a member shows its family, no toggle")
    }

    function test_greyscaleReachesTheThumbnail() {
        const row = createTemporaryObject(rowComponent, testCase, {grayscale: true})
        const image = findImage(row)
        verify(String(image.source).indexOf("/blurred/g") > 0, image.source)
        row.grayscale = false
        verify(String(image.source).indexOf("/blurred/g") < 0, image.source)
    }

    function test_thumbnailIsNeverClear() {
        const row = createTemporaryObject(rowComponent, testCase)
        const image = findImage(row)
        verify(image)
        verify(String(image.source).indexOf("/blurred/") > 0)
        tryCompare(image, "status", Image.Ready)
    }
}
