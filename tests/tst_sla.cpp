// SLA clocks: targets from the policy document (the reference service's own, and hand-made ones), the
// warning and breach thresholds in integer milliseconds, clocks on the service's time whatever the
// reviewer's wall clock or time zone says, and breaches recorded exactly once.
#include "Policy.h"
#include "TestSupport.h"
#include "sla/BreachLog.h"
#include "sla/SlaClock.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <ctime>

using namespace veil;
using namespace veil::sla;

namespace {

constexpr qint64 Hour = 3600 * 1000;

QJsonObject target(const char *queue, const char *category, int priority, double seconds)
{
    return {{QStringLiteral("queue"), QLatin1String(queue)},
            {QStringLiteral("category"), QLatin1String(category)},
            {QStringLiteral("priority"), priority},
            {QStringLiteral("target_seconds"), seconds}};
}

QJsonObject policyWith(const QJsonArray &targets, double fraction = 0.75)
{
    return {{QStringLiteral("sla_targets"), targets}, {QStringLiteral("sla_warning_fraction"), fraction}};
}

} // namespace

class TestSla : public QObject
{
    Q_OBJECT

private slots:
    void theReferencePolicysTargets()
    {
        auto clock = SlaClock::fromPolicy(service::defaultPolicy());
        QVERIFY(clock.ok());
        QCOMPARE(clock->warningFraction(), 0.75);
        // Suspected minors: 1 h at any priority; priority 1 and up: 4 h; otherwise 24 h; appeals 7 days.
        QCOMPARE(clock->targetFor(QStringLiteral("escalations"), QStringLiteral("sexual_minor"), 0)->targetMs,
                 Hour);
        QCOMPARE(clock->targetFor(QStringLiteral("escalations"), QStringLiteral("sexual_minor"), 3)->targetMs,
                 Hour);
        QCOMPARE(clock->targetFor(QStringLiteral("escalations"), QStringLiteral("hate_symbol"), 2)->targetMs,
                 4 * Hour);
        QCOMPARE(clock->targetFor(QStringLiteral("escalations"), QStringLiteral("hate_symbol"), 0)->targetMs,
                 24 * Hour);
        QCOMPARE(clock->targetFor(QStringLiteral("appeals"), QStringLiteral("hate_symbol"), 0)->targetMs,
                 7 * 24 * Hour);
        QCOMPARE(clock->targetFor(QStringLiteral("elsewhere"), QStringLiteral("x"), 0).error().code,
                 QStringLiteral("no_sla_target"));
    }

    void thresholdsInServiceTime()
    {
        auto clock = SlaClock::fromPolicy(policyWith({target("escalations", "*", 0, 24 * 3600)}));
        QVERIFY(clock.ok());
        const qint64 t0 = 1'790'000'000'000;
        const auto at = [&](qint64 now) {
            return clock->evaluate(QStringLiteral("escalations"), QStringLiteral("x"), 0, t0, now).value();
        };
        QCOMPARE(at(t0).state, SlaState::Ok);
        QCOMPARE(at(t0).remainingMs, 24 * Hour);
        QCOMPARE(at(t0 + 18 * Hour - 1).state, SlaState::Ok);
        QCOMPARE(at(t0 + 18 * Hour).state, SlaState::Warning); // 75 % used
        QCOMPARE(at(t0 + 24 * Hour).state, SlaState::Warning); // due this very millisecond: not late yet
        const SlaStatus late = at(t0 + 24 * Hour + 1);
        QCOMPARE(late.state, SlaState::Breached);
        QCOMPARE(late.latenessMs, 1);
        QCOMPARE(late.remainingMs, -1);
        QCOMPARE(stateName(late.state), QStringLiteral("breached"));
        // The reviewer's clock is 2 h fast or slow: the service-corrected "now" is what counts.
        const qint64 local = t0 + 23 * Hour;
        QCOMPARE(at(local + 2 * Hour).state, SlaState::Breached); // service is 2 h ahead of us
        QCOMPARE(at(local - 2 * Hour).state, SlaState::Warning);  // service is 2 h behind us
        QCOMPARE(at(local - 2 * Hour).remainingMs, 3 * Hour);
    }

    void deadlinesIgnoreTimeZonesAndDst()
    {
        // 24 h after 00:30 UTC on the day Europe's clocks go forward is 00:30 UTC the next day: 86,400 s,
        // whatever the local zone (the test runs in Berlin time to make the point).
        const QByteArray oldTz = qgetenv("TZ");
        qputenv("TZ", "Europe/Berlin");
        tzset();
        auto clock = SlaClock::fromPolicy(policyWith({target("escalations", "*", 0, 24 * 3600)}));
        const qint64 start =
            QDateTime::fromString(QStringLiteral("2026-03-29T00:30:00Z"), Qt::ISODate).toMSecsSinceEpoch();
        const SlaStatus status =
            clock->evaluate(QStringLiteral("escalations"), QStringLiteral("x"), 0, start, start).value();
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(status.dueAtMs, Qt::UTC).toString(Qt::ISODate),
                 QStringLiteral("2026-03-30T00:30:00Z"));
        QCOMPARE(status.dueAtMs - start, 24 * Hour);
        if (oldTz.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", oldTz);
        tzset();
    }

    void theMostSpecificTargetWins()
    {
        auto clock = SlaClock::fromPolicy(policyWith({target("q", "*", 0, 100), target("q", "*", 2, 50),
                                                      target("q", "cat", 0, 20), target("q", "cat", 3, 10)}));
        QVERIFY(clock.ok());
        QCOMPARE(clock->targetFor(QStringLiteral("q"), QStringLiteral("other"), 1)->targetMs, 100'000);
        QCOMPARE(clock->targetFor(QStringLiteral("q"), QStringLiteral("other"), 2)->targetMs, 50'000);
        QCOMPARE(clock->targetFor(QStringLiteral("q"), QStringLiteral("cat"), 2)->targetMs, 20'000);
        QCOMPARE(clock->targetFor(QStringLiteral("q"), QStringLiteral("cat"), 5)->targetMs, 10'000);
    }

    void badPoliciesAreRefusedByField_data()
    {
        QTest::addColumn<QJsonObject>("policy");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no targets") << QJsonObject{} << QStringLiteral("sla_targets");
        QTest::newRow("empty") << policyWith({}) << QStringLiteral("sla_targets");
        QTest::newRow("fraction 0") << policyWith({target("q", "*", 0, 60)}, 0.0)
                                    << QStringLiteral("fraction");
        QTest::newRow("fraction 1") << policyWith({target("q", "*", 0, 60)}, 1.0)
                                    << QStringLiteral("fraction");
        QTest::newRow("no queue") << policyWith({target("", "*", 0, 60)}) << QStringLiteral("sla_targets[0]");
        QTest::newRow("negative priority")
            << policyWith({target("q", "*", -1, 60)}) << QStringLiteral("priority");
        QTest::newRow("fractional priority")
            << policyWith(
                   {target("q", "*", 0, 60), QJsonObject{{QStringLiteral("queue"), QStringLiteral("q")},
                                                         {QStringLiteral("category"), QStringLiteral("*")},
                                                         {QStringLiteral("priority"), 1.5},
                                                         {QStringLiteral("target_seconds"), 60}}})
            << QStringLiteral("sla_targets[1].priority");
        QTest::newRow("zero target") << policyWith({target("q", "*", 0, 0)})
                                     << QStringLiteral("target_seconds");
        QTest::newRow("fractional target")
            << policyWith({target("q", "*", 0, 1.5)}) << QStringLiteral("target_seconds");
        QTest::newRow("ten years") << policyWith({target("q", "*", 0, 3650.0 * 86400)})
                                   << QStringLiteral("target_seconds");
        QTest::newRow("not an object") << policyWith({QJsonValue(3)}) << QStringLiteral("sla_targets[0]");
    }

    void badPoliciesAreRefusedByField()
    {
        QFETCH(QJsonObject, policy);
        QFETCH(QString, mentions);
        auto clock = SlaClock::fromPolicy(policy);
        QVERIFY(!clock.ok());
        QCOMPARE(clock.error().code, QStringLiteral("bad_policy"));
        QVERIFY2(clock.error().message.contains(mentions), qPrintable(clock.error().message));
    }

    void breachesAreRecordedOnce()
    {
        QTemporaryDir dir;
        auto ws = std::move(Workspace::open(dir.filePath(QStringLiteral("ws")), true).value());
        QVERIFY(ws->initialize("sla").ok());
        auto clock = SlaClock::fromPolicy(policyWith({target("escalations", "*", 0, 3600)})).value();
        BreachLog log(ws->database(), ws->auditLog());
        const qint64 t0 = 1'790'000'000'000;
        const auto status = [&](qint64 now) {
            return clock.evaluate(QStringLiteral("escalations"), QStringLiteral("x"), 0, t0, now).value();
        };
        QCOMPARE(log.record(QStringLiteral("esc-1"), status(t0 + Hour), t0 + Hour).value(),
                 false); // not late
        QCOMPARE(log.record(QStringLiteral("esc-1"), status(t0 + Hour + 5000), t0 + Hour + 5000).value(),
                 true);
        // Looked at again, later and later: still one breach, with the lateness first seen.
        QCOMPARE(log.record(QStringLiteral("esc-1"), status(t0 + 2 * Hour), t0 + 2 * Hour).value(), false);
        QCOMPARE(log.record(QStringLiteral("esc-1"), status(t0 + 9 * Hour), t0 + 9 * Hour).value(), false);
        QCOMPARE(log.record(QStringLiteral("esc-2"), status(t0 + 3 * Hour), t0 + 3 * Hour).value(), true);
        const auto all = log.all().value();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[0].itemId, QStringLiteral("esc-1"));
        QCOMPARE(all[0].latenessMs, 5000);
        QCOMPARE(all[0].targetMs, Hour);
        QCOMPARE(all[0].dueAtMs, t0 + Hour);
        auto audit = ws->database().prepare("SELECT count(*) FROM audit_log WHERE action = 'sla.breach'");
        QVERIFY(audit.ok() && audit->step().value());
        QCOMPARE(audit->int64(0), 2);
        QVERIFY(audit::AuditLog::verify(ws->database(), ws->deviceKey()->publicKey())->intact);
    }
};

QTEST_GUILESS_MAIN(TestSla)
#include "tst_sla.moc"
