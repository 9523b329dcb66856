// An item's media as a reviewer sees it: the safe view (blurred or pixelated, rendered off the GUI thread,
// usually ahead of time) and, over it, the clear view only while revealed — rendered at once and never
// cached. Ctrl+wheel asks the owner to zoom. Used by the review view and by the supervisor's looks at
// decided items and QA samples, so every view of evidence follows the same rules.
import QtQuick
import Veil

Flickable {
    id: viewport

    property string itemId: ""
    property bool revealed: false
    property bool grayscale: false
    property bool facesRevealed: false
    property string safeMode: "blurred" // or "pixelated"
    property real zoom: 1.0
    readonly property string flags: (grayscale ? "g" : "") + (facesRevealed ? "f" : "") + Workstation.settings.blurStrength

    signal zoomRequested(real factor)

    function safeSource(id) {
        return id === "" ? "" : "image://veil/" + id + "/" + safeMode + "/" + flags
    }

    clip: true
    contentWidth: Math.max(width, safeMedia.paintedWidth * zoom)
    contentHeight: Math.max(height, safeMedia.paintedHeight * zoom)
    Accessible.name: revealed ? qsTr("Media, revealed") : qsTr("Media, blurred")

    Image {
        id: safeMedia
        objectName: "safeMedia"
        width: viewport.width * viewport.zoom
        height: viewport.height * viewport.zoom
        fillMode: Image.PreserveAspectFit
        asynchronous: true
        source: viewport.safeSource(viewport.itemId)
    }
    Image {
        anchors.fill: safeMedia
        fillMode: Image.PreserveAspectFit
        cache: false
        asynchronous: false
        visible: viewport.revealed
        source: viewport.revealed && viewport.itemId !== ""
                ? "image://veil/" + viewport.itemId + "/clear/" + viewport.flags : ""
    }
    WheelHandler {
        acceptedModifiers: Qt.ControlModifier
        onWheel: (event) => viewport.zoomRequested(event.angleDelta.y > 0 ? 1.25 : 0.8)
    }
}
