// StatusHeader: queue pressure from its properties, and the sync state from the Workstation — the
// progress bar shows only while a sync round runs.
import QtQuick
import QtQuick.Controls
import QtTest
import Veil
import VeilTest

TestCase {
    id: testCase
    name: "StatusHeader"
    width: 1280
    height: 60
    when: windowShown
    visible: true // a TestCase is hidden by default; these tests check what is shown

    Component {
        id: headerComponent
        StatusHeader {
            width: 1280
            queueCount: 42
            dueSoon: 3
            breached: 2
        }
    }

    function find(item, predicate) {
        if (predicate(item))
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = find(item.children[i], predicate)
            if (found)
                return found
        }
        return null
    }

    function test_countsAndState() {
        Values.setOnline(true)
        const header = createTemporaryObject(headerComponent, testCase)
        verify(find(header, i => i.text === "42 open"))
        verify(find(header, i => i.text === "2 overdue"))
        verify(find(header, i => i.text !== undefined && String(i.text).indexOf("Online") === 0),
               "synced: online")
        Values.setOnline(false)
        verify(find(header, i => i.text !== undefined && String(i.text).indexOf("Offline") === 0), "offline: said so")
    }

    function test_progressOnlyWhileSyncing() {
        const header = createTemporaryObject(headerComponent, testCase)
        const bar = find(header, i => i instanceof ProgressBar)
        verify(bar)
        verify(!bar.visible)
        Workstation.syncStatus.requestSync()
        verify(Workstation.syncStatus.syncing)
        verify(bar.visible)
        tryVerify(() => !Workstation.syncStatus.syncing, 30000)
        verify(!bar.visible)
    }
}
