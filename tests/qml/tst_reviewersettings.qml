// ReviewerSettings: the About line names Veil's version (the CMake project's, as --version prints it) and
// the Qt it runs on; the language choice offers the system's, English and German.
import QtQuick
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
}
