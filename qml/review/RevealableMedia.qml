// Evidence as every view shows it (review, appeals, a supervisor's look, QA): blurred or pixelated by
// default; clear only while the C++ RevealGuard says this media is revealed — Space held, or the timed
// button, with its countdown on screen. A reveal that cannot be audited does not happen, and the guard
// ends it when the item changes or the window loses focus. Zoom (+ / - / 0, Ctrl+wheel) stays anchored
// at the centre of what is shown.
import QtQuick
import QtQuick.Controls
import Veil

Item {
    id: media

    property string mediaId: ""
    property bool grayscale: false
    property bool facesRevealed: false
    property string safeMode: "blurred"
    property real zoom: 1.0
    readonly property bool revealed: mediaId !== "" && Workstation.reveal.itemId === mediaId
    readonly property int secondsLeft: revealed ? Workstation.reveal.secondsLeft : 0

    function hold() { return mediaId !== "" && Workstation.reveal.hold(mediaId) }
    function release() { Workstation.reveal.release(mediaId) }
    // The button: a timed reveal, or blur now if revealed.
    function toggle() {
        if (revealed)
            Workstation.reveal.end("released")
        else if (mediaId !== "")
            Workstation.reveal.timed(mediaId, Workstation.settings.revealSeconds)
    }
    function blurNow() {
        if (revealed)
            Workstation.reveal.end("item_changed")
    }
    // The point at the centre of the view, as fractions of the content, kept across zoom steps until it is
    // applied (several steps may come before the content has its new size).
    property point pendingCentre
    property bool centrePending: false
    function setZoom(value) {
        const next = Math.max(0.25, Math.min(8, value))
        if (!centrePending) {
            pendingCentre = Qt.point((viewport.contentX + viewport.width / 2) / Math.max(1, viewport.contentWidth),
                                     (viewport.contentY + viewport.height / 2) / Math.max(1, viewport.contentHeight))
            centrePending = true
        }
        zoom = next
        recentre.restart() // once the content has its new size
    }
    function applyCentre() {
        if (!centrePending)
            return
        viewport.contentX = Math.max(0, Math.min(viewport.contentWidth - viewport.width,
                                                 pendingCentre.x * viewport.contentWidth - viewport.width / 2))
        viewport.contentY = Math.max(0, Math.min(viewport.contentHeight - viewport.height,
                                                 pendingCentre.y * viewport.contentHeight - viewport.height / 2))
        centrePending = false
    }
    function zoomIn() { setZoom(zoom * 1.25) }
    function zoomOut() { setZoom(zoom / 1.25) }
    function zoomReset() { setZoom(1.0) }
    function safeSource(id) { return viewport.safeSource(id) }

    Timer {
        id: recentre
        interval: 0
        onTriggered: media.applyCentre()
    }

    MediaViewport {
        id: viewport
        anchors.fill: parent
        itemId: media.mediaId
        revealed: media.revealed
        grayscale: media.grayscale
        facesRevealed: media.facesRevealed
        safeMode: media.safeMode
        zoom: media.zoom
        onZoomRequested: (factor) => media.setZoom(media.zoom * factor)
    }

    Label {
        objectName: "revealCountdown"
        anchors.top: parent.top
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.topMargin: 8
        visible: media.revealed || Workstation.reveal.refusal !== ""
        padding: 6
        background: Rectangle { color: "#b3261e"; radius: 4 } // white on this red: 6.5:1 in either theme
        color: "white"
        font.bold: true
        text: !media.revealed ? Workstation.reveal.refusal
              : media.secondsLeft > 0 ? qsTr("Revealed — blurs again in %1 s").arg(media.secondsLeft)
                                      : qsTr("Revealed while Space is held")
    }
}
