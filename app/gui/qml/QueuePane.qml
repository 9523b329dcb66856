// The queue: a virtualized list of open items, most urgent first, with sort and category filter.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

Pane {
    id: pane

    required property QueueModel model
    property alias currentRow: list.currentIndex

    signal itemChosen(int row)

    padding: 0

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 6
            Label { text: qsTr("Sort") }
            ComboBox {
                id: sort
                model: [qsTr("Due time"), qsTr("Priority")]
                Accessible.name: qsTr("Sort the queue")
                onActivated: pane.model.sortBy = currentIndex === 0 ? "due" : "priority"
            }
            Label { text: qsTr("Category") }
            ComboBox {
                id: category
                Layout.fillWidth: true
                model: ["", "violence_gore", "hate_symbol", "likeness_real_person",
                        "sexual_adult_nonconsensual", "self_harm", "copyright_style"]
                displayText: currentText === "" ? qsTr("All") : currentText
                Accessible.name: qsTr("Filter by category")
                onActivated: pane.model.categoryFilter = currentText
            }
        }

        ListView {
            id: list
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: pane.model
            reuseItems: true
            keyNavigationEnabled: true
            highlightMoveDuration: 0
            Accessible.name: qsTr("Review queue")
            // The current row is the item under review: a click (QueueRow sets it) or J/K move it.
            onCurrentIndexChanged: pane.itemChosen(currentIndex)
            ScrollBar.vertical: ScrollBar {}

            delegate: QueueRow {
                width: ListView.view.width
            }

            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("Nothing to review. Sync (Ctrl+R) to fetch more.")
            }
        }
    }
}
