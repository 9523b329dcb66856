// The SLA picture per queue: open, due soon and breached now, and how long decisions took (counts under
// 1 hour, 4 hours, a day, a week, longer) with the median.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import Veil

ColumnLayout {
    id: panel

    required property slaSummary summary
    // Decisions per duration bucket in the escalations queue.
    readonly property var ttd: Array.from(summary.escalations.timeToDecision)

    readonly property int mostOpen: Math.max(1, ...Array.from(summary.queues).map(q => q.open))
    readonly property int mostDecided: Math.max(1, ...ttd)


    spacing: 4

    Label { text: qsTr("SLA"); font.bold: true }
    Repeater {
        model: panel.summary.queues
        delegate: Label {
            required property queueSlaView modelData
            text: qsTr("%1: %2 open, %3 due soon, %4 breached, %5 paused; median time to decision %6")
                  .arg(Workstation.policy.titles.of("queue", modelData.queue)).arg(modelData.open).arg(modelData.dueSoon).arg(modelData.breached)
                  .arg(modelData.paused).arg(DurationText.format(modelData.hasMedian ? modelData.medianTimeToDecisionMs : undefined))
            color: modelData.breached > 0 ? Appearance.danger : palette.windowText
            textFormat: Text.PlainText
        }
    }
    ChartView {
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: 160
        title: qsTr("Open items per queue")
        antialiasing: true
        theme: Appearance.dark ? ChartView.ChartThemeDark : ChartView.ChartThemeLight
        StackedBarSeries {
            axisX: BarCategoryAxis { categories: Array.from(panel.summary.queues).map(q => Workstation.policy.titles.of("queue", q.queue)) }
            // qmllint disable
            axisY: ValueAxis { min: 0; max: Workstation.desk.chartCeiling(panel.mostOpen); tickCount: 5; labelFormat: "%d" }
            // qmllint enable
            BarSet { label: qsTr("on time"); values: Array.from(panel.summary.queues).map(q => q.open - q.dueSoon - q.breached - q.paused) }
            BarSet { label: qsTr("paused"); values: Array.from(panel.summary.queues).map(q => q.paused) }
            BarSet { label: qsTr("due soon"); values: Array.from(panel.summary.queues).map(q => q.dueSoon); color: Appearance.warning }
            BarSet { label: qsTr("breached"); values: Array.from(panel.summary.queues).map(q => q.breached); color: Appearance.danger }
        }
    }
    ChartView {
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: 160
        title: qsTr("Escalations: time to decision")
        legend.visible: false
        antialiasing: true
        theme: Appearance.dark ? ChartView.ChartThemeDark : ChartView.ChartThemeLight
        BarSeries {
            axisX: BarCategoryAxis {
                categories: [qsTr("under 1 h"), qsTr("1–4 h"), qsTr("4–24 h"), qsTr("1–7 days"), qsTr("longer")]
            }
            // qmllint disable
            axisY: ValueAxis { min: 0; max: Workstation.desk.chartCeiling(panel.mostDecided); tickCount: 5; labelFormat: "%d" }
            // qmllint enable
            BarSet { label: qsTr("decisions"); values: panel.ttd }
        }
    }
}
