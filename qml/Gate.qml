// Before the queue: first-run setup (service address, reviewer token, a new passphrase — or the demo) or
// the unlock screen. Shown only when the workstation cannot open straight away.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ThemedWindow {
    id: gate

    width: 520
    height: 460
    visible: true
    title: qsTr("Veil")

    property string error: ""

    ColumnLayout {
        anchors.centerIn: parent
        width: 400
        spacing: 10

        Label {
            text: Session.stage === Session.Setup ? qsTr("Set up this workstation")
                  : Session.stage === Session.Enroll ? qsTr("Connect to your service") : qsTr("Unlock Veil")
            font.pixelSize: 22
            font.bold: true
        }
        Label {
            text: qsTr("Data directory: %1").arg(Session.dataDirectory)
            visible: Session.dataDirectory !== ""
            elide: Text.ElideMiddle
            Layout.fillWidth: true
            opacity: 0.7
        }

        // Unlock
        TextField {
            id: unlockPassphrase
            visible: Session.stage === Session.Unlock
            Layout.fillWidth: true
            echoMode: TextInput.Password
            placeholderText: qsTr("Passphrase")
            Accessible.name: qsTr("Passphrase")
            focus: Session.stage === Session.Unlock
            onAccepted: gate.error = Session.unlock(text)
        }
        Button {
            visible: Session.stage === Session.Unlock
            text: qsTr("Unlock")
            highlighted: true
            onClicked: gate.error = Session.unlock(unlockPassphrase.text)
        }

        // First run
        TextField {
            id: serviceUrl
            visible: (Session.stage === Session.Setup && Session.dataDirectory !== "") || Session.stage === Session.Enroll
            Layout.fillWidth: true
            placeholderText: qsTr("Service address (https://…)")
            Accessible.name: qsTr("Service address")
        }
        TextField {
            id: token
            visible: serviceUrl.visible
            Layout.fillWidth: true
            placeholderText: qsTr("Reviewer token")
            echoMode: TextInput.Password
            Accessible.name: qsTr("Reviewer token")
        }
        TextField {
            id: newPassphrase
            visible: Session.stage === Session.Setup && serviceUrl.visible
            Layout.fillWidth: true
            echoMode: TextInput.Password
            placeholderText: qsTr("New passphrase (12 characters or more)")
            Accessible.name: qsTr("New passphrase")
        }
        TextField {
            id: repeated
            visible: newPassphrase.visible
            Layout.fillWidth: true
            echoMode: TextInput.Password
            placeholderText: qsTr("The passphrase again")
            Accessible.name: qsTr("Repeat the passphrase")
        }
        Button {
            visible: Session.stage === Session.Enroll
            text: qsTr("Connect")
            highlighted: true
            onClicked: gate.error = Session.enroll(serviceUrl.text, token.text)
        }
        RowLayout {
            visible: Session.stage === Session.Setup
            Button {
                visible: serviceUrl.visible
                text: qsTr("Set up")
                highlighted: true
                onClicked: gate.error = Session.setUp(serviceUrl.text, token.text, newPassphrase.text, repeated.text)
            }
            Button {
                visible: Session.demoAvailable
                text: qsTr("Try the demo")
                Accessible.name: qsTr("Try the demo on synthetic data")
                onClicked: gate.error = Session.startDemo()
            }
        }

        Label {
            text: gate.error
            visible: text !== ""
            color: Appearance.danger
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
    }
}
