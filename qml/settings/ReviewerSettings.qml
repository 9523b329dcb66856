// The reviewer's own settings: light or dark, how strongly media is blurred, how long a timed reveal lasts, how many
// items a claim brings and when more are claimed by themselves, and when the exposure meter suggests a break — the team's defaults unless changed here, where the team allows. Kept between
// sessions. And a check of the audit log.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ThemedPopup {
    id: popup

    readonly property var locked: Workstation.settings.teamLocked // settings the team fixed for everyone

    anchors.centerIn: Overlay.overlay
    modal: true
    focus: true
    padding: 20

    GridLayout {
        columns: 2
        rowSpacing: 8
        columnSpacing: 12

        Label { text: qsTr("Reviewer settings"); font.bold: true; font.pixelSize: 18; Layout.columnSpan: 2 }

        Label { text: qsTr("Appearance") }
        ComboBox {
            readonly property var themes: ["system", "light", "dark"]
            model: [qsTr("Like the system"), qsTr("Light", "appearance: a light theme"), qsTr("Dark")]
            currentIndex: themes.indexOf(Appearance.theme)
            Accessible.name: qsTr("Light or dark appearance")
            onActivated: Appearance.theme = themes[currentIndex]
        }

        Label { text: qsTr("Blur strength") }
        ComboBox {
            model: [qsTr("Light", "blur strength: weak"), qsTr("Default", "blur strength"), qsTr("Strong", "blur strength")]
            currentIndex: Workstation.settings.blurStrength - 1
            enabled: popup.locked.indexOf("blur_strength") < 0
            Accessible.name: qsTr("Blur strength")
            onActivated: Workstation.settings.blurStrength = currentIndex + 1
        }

        Label { text: qsTr("Timed reveal (seconds)") }
        SpinBox {
            from: 1
            to: 120
            value: Workstation.settings.revealSeconds
            enabled: popup.locked.indexOf("reveal_seconds") < 0
            Accessible.name: qsTr("Timed reveal in seconds")
            onValueModified: Workstation.settings.revealSeconds = value
        }

        Label { text: qsTr("Undo a decision within (seconds; 0: no undo)") }
        SpinBox {
            objectName: "undoSeconds"
            from: 0
            to: 60
            value: Workstation.settings.undoSeconds
            Accessible.name: qsTr("Undo grace period in seconds")
            onValueModified: Workstation.settings.undoSeconds = value
        }

        Label { text: qsTr("Items per claim") }
        SpinBox {
            objectName: "claimSize"
            from: 10
            to: 100
            stepSize: 10
            value: Workstation.settings.claimSize
            Accessible.name: qsTr("Items claimed at a time")
            onValueModified: Workstation.settings.claimSize = value
        }

        Label { text: qsTr("Claim more when fewer are open than (0: only by hand)") }
        SpinBox {
            objectName: "refillBelow"
            from: 0
            to: 100
            value: Workstation.settings.refillBelow
            Accessible.name: qsTr("Claim more items when fewer than this are open")
            onValueModified: Workstation.settings.refillBelow = value
        }

        Label { text: qsTr("Break after (minutes of revealed media)") }
        SpinBox {
            from: 1
            to: 480
            value: Workstation.settings.breakBudgetSeconds / 60
            enabled: popup.locked.indexOf("break_budget_seconds") < 0
            Accessible.name: qsTr("Break budget in minutes")
            onValueModified: Workstation.settings.breakBudgetSeconds = value * 60
        }

        Label {
            visible: Workstation.settings.teamLocked.length > 0
            Layout.columnSpan: 2
            text: qsTr("Greyed-out settings are set by your team.")
            opacity: 0.75
        }

        Label { text: qsTr("Audit log") }
        RowLayout {
            Button {
                text: qsTr("Verify the audit log")
                Accessible.name: text
                onClicked: auditResult.text = Workstation.verifyAudit()
            }
            Label {
                id: auditResult
                Layout.maximumWidth: 360
                wrapMode: Text.Wrap
            }
        }

        Label { text: qsTr("Language") }
        ComboBox {
            objectName: "languageChoice"
            readonly property var codes: ["", "en", "de"]
            // The languages' own names: a reviewer who cannot read the current one still finds theirs.
            model: [qsTr("System"), "English", "Deutsch"]
            currentIndex: Math.max(0, codes.indexOf(Language.choice))
            Accessible.name: qsTr("Language")
            onActivated: (index) => {
                Language.choice = codes[index]
                Workstation.policy.relocalize() // the policy's decision and label titles follow
            }
        }

        Label { text: qsTr("About") }
        Label {
            objectName: "aboutVeil"
            Layout.maximumWidth: 360
            wrapMode: Text.Wrap
            text: qsTr("Veil %1 — review workstation for trust-and-safety teams. Qt %2.")
                  .arg(Workstation.version).arg(Workstation.qtVersion)
        }

        Button {
            text: qsTr("Close")
            Layout.columnSpan: 2
            Layout.alignment: Qt.AlignRight
            onClicked: popup.close()
        }
    }
}
