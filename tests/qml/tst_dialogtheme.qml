// Every popup and dialog of the workstation in the window's colours after a light/dark switch, made before
// the switch (as the window makes them at start) and opened after it, and switched again while open: its
// title, text and buttons in the theme's colours. Under Qt 6.4 a popup's controls keep the palette they first
// inherited; the Skip and family dialogs, the unsettled verdicts and the reference view stayed light.
import QtQuick
import QtQuick.Controls
import QtTest
import Veil

TestCase {
    id: testCase
    name: "DialogTheme"
    width: 900
    height: 700
    when: windowShown
    visible: true

    Component {
        id: windowComponent
        ThemedWindow {
            width: 900
            height: 700
            visible: true
            property alias skip: skip
            property alias family: family
            property alias unsettled: unsettled
            property alias reference: reference
            property alias help: help
            SkipDialog { id: skip; itemId: "esc-1" }
            ClusterDialog {
                id: family
                members: ["esc-1", "esc-2"]
                itemId: "esc-1"
                decisionTitle: "Remove"
                labelTitles: "Violence"
            }
            UnsettledVerdicts { id: unsettled }
            ReferenceView { id: reference }
            ShortcutHelp { id: help }
        }
    }

    // The texts and controls a reader sees: the content, the title and the buttons.
    function readable(item, into) {
        if (!item)
            return into
        if (item instanceof Label || item instanceof AbstractButton)
            into.push(item)
        for (let i = 0; i < item.children.length; ++i)
            readable(item.children[i], into)
        return into
    }

    function checkColours(popup, what) {
        const c = Appearance.colors
        verify(Qt.colorEqual(popup.palette.window, c.window), what + " window " + popup.palette.window)
        const seen = readable(popup.contentItem, readable(popup.header, readable(popup.footer, [])))
        verify(seen.length > 0, what)
        for (const item of seen) {
            const name = what + " " + (item.text || item)
            if (item instanceof Label)
                verify(Qt.colorEqual(item.palette.windowText, c.windowText), name + ": " + item.palette.windowText)
            else
                verify(Qt.colorEqual(item.palette.buttonText, c.buttonText), name + ": " + item.palette.buttonText)
        }
    }

    property string themeBefore // not bound: Appearance.theme notifies
    function initTestCase() {
        themeBefore = Appearance.theme
    }
    function cleanup() {
        Appearance.theme = themeBefore // also when a check failed halfway
    }

    function test_popupsFollowTheTheme_data() {
        return [{tag: "skip"}, {tag: "family"}, {tag: "unsettled"}, {tag: "reference"}, {tag: "help"}]
    }

    function test_popupsFollowTheTheme(data) {
        Appearance.theme = "light"
        const window = createTemporaryObject(windowComponent, testCase)
        const popup = window[data.tag]
        Appearance.theme = "dark" // made light, opened dark
        popup.open()
        tryVerify(() => popup.opened)
        checkColours(popup, data.tag + " dark")
        for (const theme of ["light", "dark"]) { // switched while open
            Appearance.theme = theme
            checkColours(popup, data.tag + " " + theme)
        }
        popup.close()
        tryVerify(() => !popup.visible)
        Appearance.theme = "light" // closed, switched, opened again
        popup.open()
        tryVerify(() => popup.opened)
        checkColours(popup, data.tag + " reopened light")
        popup.close()
    }
}
