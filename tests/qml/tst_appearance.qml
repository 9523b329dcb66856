// Appearance: light and dark switch every colour, unknown themes are ignored, and the choice is kept.
import QtQuick
import QtTest
import Veil

TestCase {
    name: "Appearance"

    function test_lightAndDark() {
        const was = Appearance.theme
        Appearance.theme = "light"
        verify(!Appearance.dark)
        // Copied as text: a colour read from a property stays tied to it in Qt 6.4.
        const lightWindow = String(Appearance.colors.window)
        const lightDanger = String(Appearance.danger)
        Appearance.theme = "dark"
        verify(Appearance.dark)
        verify(!Qt.colorEqual(Appearance.colors.window, lightWindow))
        verify(!Qt.colorEqual(Appearance.danger, lightDanger), "red is lightened to read on dark")
        verify(Appearance.colors.window.hslLightness < 0.3 && Appearance.colors.text.hslLightness > 0.7)
        Appearance.theme = "purple"
        compare(Appearance.theme, "dark")
        Appearance.theme = was
    }
}
