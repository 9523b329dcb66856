// QA agreement per reviewer: a table (re-reviewed, percent agreement, Cohen's kappa) and kappa as bars,
// with the labels' agreement and how many re-reviews disagree.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import Veil

ColumnLayout {
    id: panel

    required property var agreement // Workstation.desk.summary.agreement (DeskSummary.h)
    readonly property var reviewers: agreement.reviewers ?? []
    readonly property var overall: agreement.overall ?? ({})

    function kappaText(k) { return k === null || k === undefined ? qsTr("n/a") : Number(k).toFixed(2) }

    spacing: 4

    Label { text: qsTr("QA agreement"); font.bold: true }
    Label {
        text: qsTr("Overall: %1 re-reviewed, %2% agreement, kappa %3, %4 disagreement(s)")
              .arg(panel.overall.n ?? 0).arg(Number(panel.overall.percent ?? 0).toFixed(1))
              .arg(panel.kappaText(panel.overall.kappa)).arg((panel.agreement.disagreements ?? []).length)
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }
    GridLayout {
        columns: 4
        columnSpacing: 16
        Label { text: qsTr("Reviewer"); font.bold: true }
        Label { text: qsTr("Re-reviewed"); font.bold: true }
        Label { text: qsTr("Agreement"); font.bold: true }
        Label { text: qsTr("Kappa"); font.bold: true }
        Repeater {
            model: panel.reviewers
            delegate: Label {
                required property var modelData
                required property int index
                Layout.row: index + 1
                Layout.column: 0
                text: modelData.reviewer
            }
        }
        Repeater {
            model: panel.reviewers
            delegate: Label {
                required property var modelData
                required property int index
                Layout.row: index + 1
                Layout.column: 1
                text: modelData.n
            }
        }
        Repeater {
            model: panel.reviewers
            delegate: Label {
                required property var modelData
                required property int index
                Layout.row: index + 1
                Layout.column: 2
                text: Number(modelData.percent).toFixed(1) + " %"
            }
        }
        Repeater {
            model: panel.reviewers
            delegate: Label {
                required property var modelData
                required property int index
                Layout.row: index + 1
                Layout.column: 3
                text: modelData.kappa === null ? qsTr("n/a") : Number(modelData.kappa).toFixed(2)
            }
        }
    }
    ChartView {
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: 220
        title: qsTr("Cohen's kappa per reviewer")
        legend.visible: false
        antialiasing: true
        theme: Appearance.dark ? ChartView.ChartThemeDark : ChartView.ChartThemeLight
        BarSeries {
            axisX: BarCategoryAxis { categories: panel.reviewers.map(r => r.reviewer) }
            // qmllint disable
            axisY: ValueAxis { min: -1; max: 1; tickCount: 5 }
            // qmllint enable
            BarSet { label: qsTr("kappa"); values: panel.reviewers.map(r => r.kappa ?? 0) }
        }
    }
}
