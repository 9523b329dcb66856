// desk::parseDeskReport: the supervisor desk's numbers from the service's three supervision answers,
// checked field by field — the service is untrusted, so a wrong type, a negative count, a figure out of
// range or an endless list is refused with the field's name, and nothing of it reaches the desk.
#include "desk/DeskReport.h"

#include <QJsonArray>
#include <QTest>

using namespace veil;

namespace {

QJsonObject agreementAnswer()
{
    return {{QStringLiteral("overall"), QJsonObject{{QStringLiteral("n"), 5},
                                                    {QStringLiteral("percent"), 80.0},
                                                    {QStringLiteral("kappa"), 0.5}}},
            {QStringLiteral("reviewers"),
             QJsonArray{QJsonObject{{QStringLiteral("reviewer"), QStringLiteral("mod-a")},
                                    {QStringLiteral("n"), 5},
                                    {QStringLiteral("percent"), 80.0},
                                    {QStringLiteral("kappa"), QJsonValue()}}}},
            {QStringLiteral("labels"), QJsonArray{}},
            {QStringLiteral("disagreements"),
             QJsonArray{QJsonObject{{QStringLiteral("item_id"), QStringLiteral("esc-000001")},
                                    {QStringLiteral("reviewer"), QStringLiteral("mod-a")},
                                    {QStringLiteral("decision"), QStringLiteral("remove")},
                                    {QStringLiteral("labels"), QJsonArray{QStringLiteral("hate_symbol")}},
                                    {QStringLiteral("qa_decision"), QStringLiteral("no_violation")},
                                    {QStringLiteral("qa_labels"), QJsonArray{}}}}}};
}

QJsonObject slaAnswer()
{
    const QJsonObject distribution{
        {QStringLiteral("n"), 3},
        {QStringLiteral("buckets"),
         QJsonArray{QJsonObject{{QStringLiteral("le_ms"), 3600000.0}, {QStringLiteral("count"), 2}},
                    QJsonObject{{QStringLiteral("le_ms"), QJsonValue()}, {QStringLiteral("count"), 1}}}},
        {QStringLiteral("median_ms"), 1800000.0},
        {QStringLiteral("p90_ms"), 7200000.0}};
    return {{QStringLiteral("now_ms"), 1.79e12},
            {QStringLiteral("queues"),
             QJsonArray{QJsonObject{{QStringLiteral("queue"), QStringLiteral("escalations")},
                                    {QStringLiteral("open"), 10},
                                    {QStringLiteral("due_soon"), 2},
                                    {QStringLiteral("breached"), 1},
                                    {QStringLiteral("paused"), 1},
                                    {QStringLiteral("time_to_decision"), distribution},
                                    {QStringLiteral("time_from_first_claim"), distribution}}}},
            {QStringLiteral("breached_items"),
             QJsonArray{QJsonObject{{QStringLiteral("item_id"), QStringLiteral("esc-000009")},
                                    {QStringLiteral("queue"), QStringLiteral("escalations")},
                                    {QStringLiteral("due_at_ms"), 1.78e12},
                                    {QStringLiteral("lateness_ms"), 600000.0},
                                    {QStringLiteral("priority"), 1},
                                    {QStringLiteral("held_by"), QJsonValue()}}}},
            {QStringLiteral("reviewers"),
             QJsonArray{QJsonObject{{QStringLiteral("reviewer"), QStringLiteral("mod-a")},
                                    {QStringLiteral("decisions"), 6},
                                    {QStringLiteral("median_handling_ms"), 40000.0},
                                    {QStringLiteral("per_hour"), 166.2}},
                        QJsonObject{{QStringLiteral("reviewer"), QStringLiteral("mod-b")},
                                    {QStringLiteral("decisions"), 1},
                                    {QStringLiteral("median_handling_ms"), QJsonValue()},
                                    {QStringLiteral("per_hour"), QJsonValue()}}}}};
}

QJsonObject alertsAnswer()
{
    return {{QStringLiteral("alerts"),
             QJsonArray{QJsonObject{{QStringLiteral("device_id"), QStringLiteral("dev-1")},
                                    {QStringLiteral("reviewer"), QStringLiteral("mod-a")},
                                    {QStringLiteral("code"), QStringLiteral("chain_fork")},
                                    {QStringLiteral("message"), QStringLiteral("two heads at seq 4")},
                                    {QStringLiteral("at_ms"), 1.79e12}}}}};
}

// Sets a value at a path of objects and arrays ("queues", 0, "open") in a copy of the answer.
QJsonValue with(const QJsonValue &at, const QList<QVariant> &path, const QJsonValue &value)
{
    if (path.isEmpty())
        return value;
    const QList<QVariant> rest = path.mid(1);
    if (path.first().typeId() == QMetaType::Int) {
        QJsonArray list = at.toArray();
        const int i = path.first().toInt();
        list[i] = with(list.at(i), rest, value);
        return list;
    }
    QJsonObject object = at.toObject();
    const QString key = path.first().toString();
    object[key] = with(object.value(key), rest, value);
    return object;
}

} // namespace

class TestDesk : public QObject
{
    Q_OBJECT

private slots:
    void readsTheServicesAnswers()
    {
        auto report = desk::parseDeskReport(agreementAnswer(), slaAnswer(), alertsAnswer());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().toString()));
        QCOMPARE(report->overall.n, 5);
        QCOMPARE(report->overall.kappa.value(), 0.5);
        QCOMPARE(report->byReviewer.size(), 1);
        QCOMPARE(report->byReviewer.at(0).key, QStringLiteral("mod-a"));
        QVERIFY(!report->byReviewer.at(0).kappa.has_value()); // undefined, not 0
        QCOMPARE(report->disagreements.at(0).qaDecision, QStringLiteral("no_violation"));
        const desk::QueueSla &q = report->queues.at(0);
        QCOMPARE(q.dueSoon, 2);
        QCOMPARE(q.paused, 1);
        QCOMPARE(q.decided, 3);
        QCOMPARE(q.medianTimeToDecisionMs.value(), 1800000);
        QCOMPARE(q.timeToDecision.size(), 2);
        QCOMPARE(q.timeToDecision.at(0).upToMs.value(), 3600000);
        QVERIFY(!q.timeToDecision.at(1).upToMs.has_value());
        QCOMPARE(report->breachedItems.at(0).latenessMs, 600000);
        QCOMPARE(report->breachedItems.at(0).heldBy, QString()); // not claimed
        QCOMPARE(report->alerts.at(0).code, QStringLiteral("chain_fork"));
        QCOMPARE(report->pace.size(), 2);
        QCOMPARE(report->pace.at(0).reviewer, QStringLiteral("mod-a"));
        QCOMPARE(report->pace.at(0).decisions, 6);
        QCOMPARE(report->pace.at(0).medianHandlingMs.value(), 40000);
        QCOMPARE(report->pace.at(0).perHour.value(), 166.2);
        QVERIFY(!report->pace.at(1).medianHandlingMs.has_value()); // one decision: none, not 0
        QVERIFY(!report->pace.at(1).perHour.has_value());
    }

    void refusesWhatMakesNoSense_data()
    {
        QTest::addColumn<int>("answer"); // 0 agreement, 1 sla, 2 alerts
        QTest::addColumn<QList<QVariant>>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("field");
        using P = QList<QVariant>;
        QTest::newRow("count as text")
            << 1 << P{"queues", 0, "open"} << QJsonValue("10") << "sla.queues[0].open";
        QTest::newRow("negative count")
            << 1 << P{"queues", 0, "due_soon"} << QJsonValue(-1) << "sla.queues[0].due_soon";
        QTest::newRow("fractional count")
            << 1 << P{"queues", 0, "breached"} << QJsonValue(1.5) << "sla.queues[0].breached";
        QTest::newRow("count past int")
            << 1 << P{"queues", 0, "paused"} << QJsonValue(1e12) << "sla.queues[0].paused";
        QTest::newRow("percent over 100")
            << 0 << P{"overall", "percent"} << QJsonValue(150) << "agreement.overall.percent";
        QTest::newRow("kappa over 1")
            << 0 << P{"reviewers", 0, "kappa"} << QJsonValue(2) << "agreement.reviewers[0].kappa";
        QTest::newRow("reviewer missing")
            << 0 << P{"reviewers", 0, "reviewer"} << QJsonValue() << "agreement.reviewers[0].reviewer";
        QTest::newRow("no overall") << 0 << P{"overall"} << QJsonValue(7) << "agreement.overall";
        QTest::newRow("queues not a list") << 1 << P{"queues"} << QJsonValue(QJsonObject()) << "sla.queues";
        QTest::newRow("negative decisions")
            << 1 << P{"reviewers", 0, "decisions"} << QJsonValue(-2) << "sla.reviewers[0].decisions";
        QTest::newRow("pace as text")
            << 1 << P{"reviewers", 0, "per_hour"} << QJsonValue("fast") << "sla.reviewers[0].per_hour";
        QTest::newRow("entry not an object")
            << 1 << P{"breached_items", 0} << QJsonValue("x") << "sla.breached_items";
        QTest::newRow("lateness negative") << 1 << P{"breached_items", 0, "lateness_ms"} << QJsonValue(-5)
                                           << "sla.breached_items[0].lateness_ms";
        QTest::newRow("held_by a number")
            << 1 << P{"breached_items", 0, "held_by"} << QJsonValue(3) << "sla.breached_items[0].held_by";
        QTest::newRow("median as text") << 1 << P{"queues", 0, "time_to_decision", "median_ms"}
                                        << QJsonValue("1h") << "sla.queues[0].time_to_decision.median_ms";
        QTest::newRow("alert time missing")
            << 2 << P{"alerts", 0, "at_ms"} << QJsonValue() << "alerts.alerts[0].at_ms";
    }

    void refusesWhatMakesNoSense()
    {
        QFETCH(int, answer);
        QFETCH(QList<QVariant>, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, field);
        QJsonObject answers[3] = {agreementAnswer(), slaAnswer(), alertsAnswer()};
        answers[answer] = with(answers[answer], path, value).toObject();
        auto report = desk::parseDeskReport(answers[0], answers[1], answers[2]);
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, QStringLiteral("desk_invalid"));
        QVERIFY2(report.error().message.contains(field + QLatin1Char(' ')),
                 qPrintable(report.error().message));
    }

    // What the service may legitimately send: a median below zero (the platform's clock ran ahead of the
    // service's) is shown, not refused; an older service without "paused" counts none.
    void takesWhatAnOlderOrSkewedServiceSends()
    {
        QJsonObject sla =
            with(slaAnswer(), {"queues", 0, "time_to_decision", "median_ms"}, -5000.0).toObject();
        QJsonArray queues = sla.value(QStringLiteral("queues")).toArray();
        QJsonObject queue = queues.at(0).toObject();
        queue.remove(QStringLiteral("paused"));
        queues[0] = queue;
        sla[QStringLiteral("queues")] = queues;
        auto report = desk::parseDeskReport(agreementAnswer(), sla, alertsAnswer());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().toString()));
        QCOMPARE(report->queues.at(0).medianTimeToDecisionMs.value(), -5000);
        QCOMPARE(report->queues.at(0).paused, 0);
        sla.remove(QStringLiteral("reviewers")); // older than the pace figure: none, not an error
        report = desk::parseDeskReport(agreementAnswer(), sla, alertsAnswer());
        QVERIFY(report.ok());
        QVERIFY(report->pace.isEmpty());
    }

    void refusesAnEndlessList()
    {
        QJsonArray many;
        const QJsonObject alert = alertsAnswer().value(QStringLiteral("alerts")).toArray().at(0).toObject();
        for (int i = 0; i <= desk::MaxDeskRows; ++i)
            many.append(alert);
        auto report =
            desk::parseDeskReport(agreementAnswer(), slaAnswer(), {{QStringLiteral("alerts"), many}});
        QVERIFY(!report.ok());
        QVERIFY(report.error().message.contains(QStringLiteral("too many")));
        many.removeLast();
        QVERIFY(
            desk::parseDeskReport(agreementAnswer(), slaAnswer(), {{QStringLiteral("alerts"), many}}).ok());
    }
};

QTEST_GUILESS_MAIN(TestDesk)
#include "tst_desk.moc"
