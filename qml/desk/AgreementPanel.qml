// QA agreement per reviewer: a table (re-reviewed, percent agreement, Cohen's kappa) and kappa as bars,
// with the labels' agreement and how many re-reviews disagree.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import Veil

ColumnLayout {
    id: panel

    required property agreementSummary agreement
    readonly property agreementFigure overall: agreement.overall

    function kappaText(figure: agreementFigure): string { return figure.hasKappa ? LocaleText.decimal(figure.kappa, 2) : qsTr("n/a") }

    spacing: 4

    Label { text: qsTr("QA agreement"); font.bold: true }
    Label {
        text: qsTr("Overall: %1 re-reviewed, %2% agreement, kappa %3, %4 disagreement(s)")
              .arg(panel.overall.n).arg(LocaleText.decimal(panel.overall.percent, 1))
              .arg(panel.kappaText(panel.overall)).arg(panel.agreement.disagreements.length)
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
            model: panel.agreement.reviewers
            delegate: Label {
                required property agreementFigure modelData
                required property int index
                Layout.row: index + 1
                Layout.column: 0
                text: modelData.reviewer
                textFormat: Text.PlainText // a name from the service
            }
        }
        Repeater {
            model: panel.agreement.reviewers
            delegate: Label {
                required property agreementFigure modelData
                required property int index
                Layout.row: index + 1
                Layout.column: 1
                text: modelData.n
            }
        }
        Repeater {
            model: panel.agreement.reviewers
            delegate: Label {
                required property agreementFigure modelData
                required property int index
                Layout.row: index + 1
                Layout.column: 2
                text: LocaleText.percent(modelData.percent)
            }
        }
        Repeater {
            model: panel.agreement.reviewers
            delegate: Label {
                required property agreementFigure modelData
                required property int index
                Layout.row: index + 1
                Layout.column: 3
                text: modelData.hasKappa ? LocaleText.decimal(modelData.kappa, 2) : qsTr("n/a")
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
            axisX: BarCategoryAxis { categories: Array.from(panel.agreement.reviewers).map(r => r.reviewer) }
            // qmllint disable
            axisY: ValueAxis { min: -1; max: 1; tickCount: 5 }
            // qmllint enable
            BarSet { label: qsTr("kappa"); values: Array.from(panel.agreement.reviewers).map(r => r.kappa) }
        }
    }
}
