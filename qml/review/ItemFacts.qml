// Beside the media: for an appeal the decision under appeal; the prompt (long: scrolls, wraps, copies), model and source, classifier scores as
// labelled bars, hash-list matches, an appeal's statement, the SLA clock, and the near-duplicate cluster as blurred
// thumbnails.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

ScrollView {
    id: facts

    required property itemDetails details
    property bool grayscale: false // G: the cluster strip follows the media
    signal clockChanged()
    signal leaveField() // Esc in the prompt or the statement: the keyboard goes back to the view

    contentWidth: availableWidth // scrolls up and down only: what is wider wraps or elides

    ColumnLayout {
        width: facts.availableWidth
        spacing: 8

        OriginalVerdict {
            visible: facts.details.original.known
            Layout.fillWidth: true
            verdict: facts.details.original
        }

        Label { visible: facts.details.prompt !== ""; text: qsTr("Prompt"); font.bold: true }
        TextArea {
            visible: facts.details.prompt !== ""
            Layout.fillWidth: true
            Layout.preferredWidth: 1 // not the unwrapped text's width: it wraps to the column
            Layout.minimumWidth: 0
            readOnly: true
            selectByMouse: true
            wrapMode: TextEdit.Wrap
            textFormat: TextEdit.PlainText // a prompt is the abuser's own text: never markup
            text: facts.details.prompt
            Accessible.name: qsTr("Prompt text")
            Keys.onEscapePressed: facts.leaveField()
        }
        Label { visible: facts.details.modelVersion !== ""; text: qsTr("Model %1 · source %2").arg(facts.details.modelVersion).arg(Workstation.policy.titles.of("source", facts.details.source)); textFormat: Text.PlainText; wrapMode: Text.Wrap; Layout.fillWidth: true }

        Label {
            visible: facts.details.scores.length > 0
            text: qsTr("Classifier scores")
            font.bold: true
        }
        Repeater {
            model: facts.details.scores
            delegate: RowLayout {
                id: scoreRow
                required property classifierScore modelData
                Layout.fillWidth: true
                Label { text: Workstation.policy.titles.of("score", scoreRow.modelData.name); textFormat: Text.PlainText; Layout.preferredWidth: 90; elide: Text.ElideRight }
                ProgressBar { value: scoreRow.modelData.score; Layout.fillWidth: true; Layout.minimumWidth: 40; Accessible.name: Workstation.policy.titles.of("score", scoreRow.modelData.name) }
                Label { text: LocaleText.decimal(scoreRow.modelData.score, 2) }
            }
        }

        Label {
            visible: facts.details.hashMatches.length > 0
            text: qsTr("Hash-list match: %1").arg(Array.from(facts.details.hashMatches).join(", "))
            textFormat: Text.PlainText
            color: Appearance.hashBadge
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        Label { visible: facts.details.statement !== ""; text: qsTr("Appeal statement"); font.bold: true }
        TextArea {
            visible: facts.details.statement !== ""
            Layout.fillWidth: true
            Layout.preferredWidth: 1 // not the unwrapped text's width: it wraps to the column
            Layout.minimumWidth: 0
            readOnly: true
            wrapMode: TextEdit.Wrap
            textFormat: TextEdit.PlainText
            text: facts.details.statement
            Keys.onEscapePressed: facts.leaveField()
        }

        ClockFacts {
            visible: facts.details.sla.known // a QA sample has no clock of this reviewer's
            Layout.fillWidth: true
            itemId: facts.details.itemId
            queue: facts.details.queue
            sla: facts.details.sla
            onChanged: facts.clockChanged()
        }

        Label {
            readonly property int members: facts.details.clusterMembers.length
            visible: members > 1
            text: qsTr("Near-duplicates: %1 open in this cluster").arg(members)
            font.bold: true
            wrapMode: Text.Wrap // a long line here once set the whole column's width (German at 1024 px)
            Layout.fillWidth: true
        }
        Flow {
            Layout.fillWidth: true
            spacing: 4
            visible: facts.details.clusterMembers.length > 1
            Repeater {
                model: Array.from(facts.details.clusterMembers).slice(0, 12)
                delegate: Image {
                    required property string modelData
                    // qmllint disable unqualified
                    source: "image://veil/" + modelData + "/blurred/" + (facts.grayscale ? "g" : "") + "3"
                    // qmllint enable unqualified
                    sourceSize.width: 64
                    sourceSize.height: 48
                    width: 64
                    height: 48
                    fillMode: Image.PreserveAspectFit
                }
            }
        }
    }
}
