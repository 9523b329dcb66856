// ReviewerSettings: the About line names Veil's version (the CMake project's, as --version prints it) and
// the Qt it runs on; the language choice offers the system's, English and German.
import QtQuick
import QtQuick.Controls
import QtTest
import Veil

TestCase {
    id: testCase
    name: "ReviewerSettings"
    width: 900
    height: 700
    when: windowShown
    visible: true

    Component {
        id: settingsComponent
        ReviewerSettings {}
    }
    // As the workstation has it: the settings inside a themed window.
    Component {
        id: windowComponent
        ThemedWindow {
            property alias settings: settings
            width: 900
            height: 700
            visible: true
            property alias plain: plain
            Column { Label { id: plain; text: "in the window" } }
            ReviewerSettings { id: settings }
        }
    }

    function findByName(item, name) {
        if (item.objectName === name)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = findByName(item.children[i], name)
            if (found)
                return found
        }
        return null
    }

    function test_aboutAndLanguage() {
        const popup = createTemporaryObject(settingsComponent, testCase)
        popup.open()
        tryVerify(() => popup.opened)
        const about = findByName(popup.contentItem, "aboutVeil")
        verify(about)
        verify(Workstation.version !== "", "the application's version is set")
        verify(about.text.indexOf("Veil " + Workstation.version) === 0, about.text)
        verify(about.text.indexOf("Qt " + Workstation.qtVersion) > 0, about.text)
        const language = findByName(popup.contentItem, "languageChoice")
        verify(language)
        compare(language.count, 3)
        popup.close()
    }

    // Switching light/dark while Settings is open repaints it in the new colours (it stayed in the old
    // ones, unreadable, under Qt 6.4's palette inheritance for popups).
    function test_settingsFollowTheThemeWhileOpen() {
        const was = Appearance.theme
        Appearance.theme = "light"
        const window = createTemporaryObject(windowComponent, testCase)
        window.settings.open()
        tryVerify(() => window.settings.opened)
        const about = findByName(window.settings.contentItem, "aboutVeil")
        for (const theme of ["dark", "light", "dark"]) {
            Appearance.theme = theme
            verify(Qt.colorEqual(about.color, Appearance.colors.windowText), theme + ": " + about.color)
            verify(Qt.colorEqual(window.settings.palette.window, Appearance.colors.window), theme)
            verify(Qt.colorEqual(window.settings.palette.button, Appearance.colors.button), theme)
        }
        window.settings.close()
        Appearance.theme = was
    }
}
