// RevealableMedia against the real Workstation: revealed only through the C++ guard (the view cannot set
// it), a timed reveal counts down on screen and ends by itself, and zoom keeps the centre where it is.
import QtQuick
import QtTest
import Veil

TestCase {
    id: testCase
    name: "RevealableMedia"
    width: 400
    height: 300
    when: windowShown
    visible: true

    QueueModel {
        id: queue
        workstation: Workstation
    }

    Component {
        id: mediaComponent
        RevealableMedia {
            width: 400
            height: 300
        }
    }

    function test_revealedOnlyThroughTheGuard() {
        const media = createTemporaryObject(mediaComponent, testCase, {mediaId: queue.itemIdAt(0)})
        verify(!media.revealed)
        media.toggle() // the timed reveal
        verify(media.revealed)
        compare(Workstation.reveal.itemId, media.mediaId)
        verify(media.secondsLeft > 0, "a timed reveal shows its countdown")
        verify(findChild(media, "revealCountdown").visible)
        media.toggle() // blur now
        verify(!media.revealed)
        compare(Workstation.reveal.itemId, "")
        // Another view's reveal is not this one's.
        verify(Workstation.reveal.hold(queue.itemIdAt(1)))
        verify(!media.revealed)
        Workstation.reveal.end()
    }

    function test_zoomKeepsTheCentre() {
        const media = createTemporaryObject(mediaComponent, testCase, {mediaId: queue.itemIdAt(0)})
        const viewport = media.children[0]
        tryVerify(() => viewport.contentWidth >= 399)
        // Zoom once the blurred rendition is in (it loads asynchronously; under ASan it takes a while):
        // before that there is no picture to keep the centre of.
        const image = findChild(media, "safeMedia")
        verify(image)
        tryVerify(() => image.status === Image.Ready && image.paintedWidth > 0, 30000)
        media.zoomIn()
        media.zoomIn()
        tryVerify(() => viewport.contentX > 0, 10000)
        const centre = (viewport.contentX + viewport.width / 2) / viewport.contentWidth
        fuzzyCompare(centre, 0.5, 0.02)
        media.zoomReset()
        compare(media.zoom, 1.0)
    }
}
