// The queue: a virtualized list of open items, most urgent first, with sort and category filter.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Veil

Pane {
    id: pane

    required property QueueModel model
    property alias currentRow: list.currentIndex
    property bool grayscale: false // the review view's G: thumbnails too

    signal itemChosen(int row)
    // A family's badge clicked: the window opens or folds it and keeps the review on the same item.
    signal familyToggled(int row)

    padding: 0

    // The filter boxes show the filters set. Their lists are made anew when the policy or the language
    // changes (a ComboBox then shows its first entry): show the filter still set, or clear one the policy no
    // longer offers, since a filter nobody can see would hide items.
    function showFilters() {
        if (!pane.model || category.count === 0 || source.count === 0)
            return // still being built: nothing shown yet to keep in step
        const atCategory = category.indexOfValue(pane.model.categoryFilter)
        if (atCategory < 0)
            pane.model.categoryFilter = ""
        category.currentIndex = Math.max(0, atCategory)
        const atSource = source.indexOfValue(pane.model.sourceFilter)
        if (atSource < 0)
            pane.model.sourceFilter = ""
        source.currentIndex = Math.max(0, atSource)
    }

    Connections {
        target: pane.model
        function onCategoryFilterChanged() { pane.showFilters() }
        function onSourceFilterChanged() { pane.showFilters() }
    }

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
            ComboBox {
                id: category
                Layout.fillWidth: true
                objectName: "categoryFilter"
                // The policy's categories by their titles; the filter takes the name.
                model: Workstation.policy.titles.choices("category", [], qsTr("Any category"))
                textRole: "text"
                valueRole: "value"
                Accessible.name: qsTr("Filter by category")
                onModelChanged: pane.showFilters()
                onActivated: pane.model.categoryFilter = currentValue
            }
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 6
            Layout.rightMargin: 6
            ComboBox {
                id: source
                objectName: "sourceFilter"
                Layout.fillWidth: true
                model: Workstation.policy.titles.choices("source", [], qsTr("Any source"))
                textRole: "text"
                valueRole: "value"
                Accessible.name: qsTr("Filter by source")
                onModelChanged: pane.showFilters()
                onActivated: pane.model.sourceFilter = currentValue
            }
            MarkedCheckBox {
                text: qsTr("Hash matches only")
                onToggled: pane.model.hashMatchOnly = checked
            }
        }

        ListView {
            id: list
            objectName: "queueList"
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
                grayscale: pane.grayscale
                onFamilyToggled: pane.familyToggled(index)
            }

            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("Nothing to review. Sync (Ctrl+R) to fetch more.")
            }
        }
    }
}
