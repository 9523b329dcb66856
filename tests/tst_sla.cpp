// SLA clocks: targets from the policy document (the reference service's own, and hand-made ones), the
// warning and breach thresholds in integer milliseconds, clocks on the service's time whatever the
// reviewer's wall clock or time zone says, and breaches recorded exactly once.
#include "Policy.h"
#include "ServiceFixture.h"
#include "TestSupport.h"
#include "queue/ReviewQueue.h"
#include "queue/SlaLedger.h"
#include "servicestore/SlaPauses.h"
#include "servicestore/SlaSummary.h"
#include "sla/BreachLog.h"
#include "sla/SlaClock.h"
#include "sync/SyncEngine.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>
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

int auditCount(Workspace &ws, const char *action)
{
    auto stmt = ws.database().prepare("SELECT count(*) FROM audit_log WHERE action = ?");
    stmt->bind(1, QString::fromLatin1(action));
    return stmt->step().value() ? int(stmt->int64(0)) : -1;
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

    // One rule for a clock's state: the queue item (and so the queue view) and SlaClock::evaluate agree at
    // every boundary, and a paused clock is neither warning nor breached.
    void oneRuleForTheState()
    {
        auto clock = SlaClock::fromPolicy(policyWith({target("escalations", "*", 0, 24 * 3600)}));
        QVERIFY(clock.ok());
        const qint64 t0 = 1'790'000'000'000;
        queue::QueueItem item;
        item.queue = QStringLiteral("escalations");
        item.slaStartedAtMs = t0;
        item.dueAtMs = t0 + 24 * Hour;
        item.warnAtMs = clock->warnAtMs(clock->targetFor(item.queue, QStringLiteral("x"), 0).value(), t0);
        for (const qint64 now :
             {t0, t0 + 18 * Hour - 1, t0 + 18 * Hour, t0 + 24 * Hour, t0 + 24 * Hour + 1}) {
            const SlaState evaluated =
                clock->evaluate(item.queue, QStringLiteral("x"), 0, t0, now).value().state;
            QCOMPARE(item.slaStateAt(now), evaluated);
        }
        QCOMPARE(item.slaStateAt(t0 + 18 * Hour), SlaState::Warning);
        QCOMPARE(item.slaStateAt(t0 + 24 * Hour + 1), SlaState::Breached);
        item.slaPausedAtMs = t0 + Hour;
        QCOMPARE(item.slaStateAt(t0 + 30 * Hour), SlaState::Paused);
        QCOMPARE(stateName(SlaState::Paused), QStringLiteral("paused"));
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

    void clocksAreSetFromThePolicyAtIngest()
    {
        QTemporaryDir dir;
        test::Service service(dir.filePath(QStringLiteral("svc")), 12);
        test::Seat seat(dir.filePath(QStringLiteral("ws")), service, QStringLiteral("ivo"));
        QVERIFY(seat.engine->fetchPolicy().ok());
        QVERIFY(seat.engine->syncOnce(12).ok());
        auto clock = SlaClock::fromPolicy(service::defaultPolicy()).value();
        queue::ReviewQueue queue(*seat.ws);
        const auto items = queue.openItems().value();
        QCOMPARE(items.size(), 12);
        bool sawFourHours = false, sawDay = false;
        for (const queue::QueueItem &item : items) {
            QVERIFY(item.slaStartedAtMs > 0);
            const SlaTarget target = clock.targetFor(item.queue, item.category, item.priority).value();
            sawFourHours |= target.targetMs == 4 * Hour;
            sawDay |= target.targetMs == 24 * Hour;
            QCOMPARE(item.dueAtMs, item.slaStartedAtMs + target.targetMs);
            // Warning once three quarters of the target are used: for a 4 h target, an hour before due.
            QCOMPARE(item.warnAtMs, item.slaStartedAtMs + target.targetMs * 3 / 4);
            // The service reckons the same due time (its seeder reads the same policy).
            QCOMPARE(item.dueAtMs, service.store->itemTimes(item.itemId)->dueAtMs);
            QCOMPARE(item.claims, 1);
            QCOMPARE(item.firstClaimedAtMs, service.now);
        }
        QVERIFY(sawFourHours && sawDay);
        // The header's counts (one SQL query) follow the one rule each row's state follows (sla::stateAt),
        // at and around every item's own warning and due instants.
        QSet<qint64> instants;
        for (const queue::QueueItem &item : items)
            instants += {item.warnAtMs - 1, item.warnAtMs, item.dueAtMs, item.dueAtMs + 1};
        bool sawWarning = false, sawBreach = false;
        for (const qint64 at : std::as_const(instants)) {
            int warning = 0, breached = 0;
            for (const queue::QueueItem &item : items) {
                warning += item.slaStateAt(at) == SlaState::Warning;
                breached += item.slaStateAt(at) == SlaState::Breached;
            }
            const auto counts = queue.counts({}, at).value();
            QCOMPARE(counts.open, int(items.size()));
            QCOMPARE(counts.dueSoon, warning);
            QCOMPARE(counts.breached, breached);
            sawWarning |= warning > 0;
            sawBreach |= breached > 0;
        }
        QVERIFY(sawWarning && sawBreach);
    }

    void withoutAPolicyTheServicesDueTimeStands()
    {
        QTemporaryDir dir;
        test::Service service(dir.filePath(QStringLiteral("svc")), 3);
        test::Seat seat(dir.filePath(QStringLiteral("ws")), service, QStringLiteral("ivo"));
        QVERIFY(seat.engine->syncOnce(3).ok()); // no policy fetched yet
        queue::ReviewQueue queue(*seat.ws);
        const auto items = queue.openItems().value();
        for (const queue::QueueItem &item : items) {
            QCOMPARE(item.dueAtMs, service.store->itemTimes(item.itemId)->dueAtMs);
            QCOMPARE(item.warnAtMs, item.dueAtMs - FallbackWarningMs);
        }
        // The counts take the same fallback hour as the rows.
        for (const qint64 at : {items[0].warnAtMs - 1, items[0].warnAtMs}) {
            int warning = 0;
            for (const queue::QueueItem &item : items)
                warning += item.slaStateAt(at) == SlaState::Warning;
            QCOMPARE(queue.counts({}, at)->dueSoon, warning);
        }
        QCOMPARE(queue.counts({}, items[0].warnAtMs)->dueSoon -
                         queue.counts({}, items[0].warnAtMs - 1)->dueSoon >=
                     1,
                 true);
        // A clock from a malformed policy is refused by field, never guessed.
        auto bad = SlaClock::fromPolicy({{QStringLiteral("sla_targets"), QJsonArray{target("e", "*", 0, 60)}},
                                         {QStringLiteral("sla_pausable"), QJsonArray{QJsonObject{}}}});
        QCOMPARE(bad.error().code, QStringLiteral("bad_policy"));
        QVERIFY(bad.error().message.contains(QStringLiteral("sla_pausable[0]")));
    }

    void everyClaimIsCounted()
    {
        QTemporaryDir dir;
        test::Service service(dir.filePath(QStringLiteral("svc")), 2);
        test::Seat first(dir.filePath(QStringLiteral("a")), service, QStringLiteral("ana"));
        test::Seat second(dir.filePath(QStringLiteral("b")), service, QStringLiteral("ben"));
        const qint64 t0 = service.now;
        QCOMPARE(first.engine->syncOnce(1)->ingested, 1);
        const QString itemId = queue::ReviewQueue(*first.ws).openItems()->first().itemId;
        // Ana's lease runs out unused; Ben claims the item: its history says claimed twice, first at t0.
        service.now = t0 + 16 * 60 * 1000;
        QCOMPARE(second.engine->syncOnce(1)->ingested, 1);
        auto item = queue::ReviewQueue(*second.ws).item(itemId).value();
        QCOMPARE(item.claims, 2);
        QCOMPARE(item.firstClaimedAtMs, t0);
        QCOMPARE(second.scalar("SELECT last_claimed_at FROM queue_items WHERE item_id = ?", itemId),
                 service.now);
        // Ben skips it; Ana claims it again: three claims, her copy of the item moves on.
        QVERIFY(queue::ReviewQueue(*second.ws).skip(itemId, QStringLiteral("language")).ok());
        QVERIFY(second.engine->leases().releaseItem(itemId, QStringLiteral("language")).ok());
        service.now += 60 * 1000;
        QVERIFY(first.engine->syncOnce(2).ok());
        item = queue::ReviewQueue(*first.ws).item(itemId).value();
        QCOMPARE(item.claims, 3);
        QCOMPARE(item.firstClaimedAtMs, t0);
        QCOMPARE(first.scalar("SELECT last_claimed_at FROM queue_items WHERE item_id = ?", itemId),
                 service.now);
        // Decided: the service knows when, so time to decision is measurable from both claims.
        QVERIFY(queue::ReviewQueue(*first.ws)
                    .decide(itemId, QStringLiteral("no_violation"), {}, {}, QStringLiteral("tst_sla"))
                    .ok());
        QCOMPARE(first.engine->push()->accepted, 1);
        QVERIFY(service.store->itemTimes(itemId)->decidedAtMs >= t0);
        QVERIFY(first.scalar("SELECT decided_at FROM queue_items WHERE item_id = ?", itemId) > 0);
    }

    void clocksPauseOnlyWherePolicyAllows()
    {
        QTemporaryDir dir;
        test::Service service(dir.filePath(QStringLiteral("svc")), 6);
        test::Seat seat(dir.filePath(QStringLiteral("ws")), service, QStringLiteral("ivo"));
        QVERIFY(seat.engine->fetchPolicy().ok());
        QVERIFY(seat.engine->syncOnce(6).ok());
        queue::SlaLedger ledger(seat.ws->database(), seat.ws->auditLog());
        queue::ReviewQueue queue(*seat.ws);
        const auto items = queue.openItems().value();
        // The item due last: its clock still runs (seeded items are up to 6 h old).
        const QString itemId = items.last().itemId;
        const qint64 due = items.last().dueAtMs, warn = items.last().warnAtMs;
        QVERIFY(due > service.now + Hour);
        const qint64 t = due - 10 * 60 * 1000;

        QCOMPARE(ledger.pause(itemId, QStringLiteral("lunch"), t).error().code,
                 QStringLiteral("invalid_reason"));
        QVERIFY(ledger.pause(itemId, QStringLiteral("specialist_escalation"), t).ok());
        QCOMPARE(ledger.pause(itemId, QStringLiteral("specialist_escalation"), t).error().code,
                 QStringLiteral("already_paused"));
        QCOMPARE(auditCount(*seat.ws, "sla.pause"), 1);
        // Paused past its due time: neither breached nor due soon, and the sweep leaves it alone.
        QCOMPARE(queue.item(itemId)->slaPausedAtMs, t);
        const qint64 late = due + 2 * Hour;
        QVERIFY(ledger.sweep(late).ok());
        QCOMPARE(seat.scalar("SELECT count(*) FROM sla_breaches WHERE item_id = ?", itemId), 0);
        // Resumed after two hours and ten minutes: due and warning move by exactly that.
        QVERIFY(ledger.resume(itemId, late).ok());
        QCOMPARE(ledger.resume(itemId, late).error().code, QStringLiteral("not_paused"));
        const auto resumed = queue.item(itemId).value();
        QCOMPARE(resumed.dueAtMs, due + (late - t));
        QCOMPARE(resumed.warnAtMs, warn + (late - t));
        QCOMPARE(resumed.slaPausedAtMs, 0);
        QCOMPARE(auditCount(*seat.ws, "sla.resume"), 1);

        // A policy that keeps this category's clock running: the attempt is refused and audited.
        QJsonObject strict = service::defaultPolicy();
        strict[QStringLiteral("sla_pausable")] =
            QJsonArray{QJsonObject{{QStringLiteral("queue"), QStringLiteral("escalations")},
                                   {QStringLiteral("category"), QStringLiteral("none")}}};
        auto store = seat.ws->database().prepare("UPDATE service_link SET policy_json = ? WHERE id = 1");
        store->bind(1, QString::fromUtf8(QJsonDocument(strict).toJson(QJsonDocument::Compact)));
        QVERIFY(store->run().ok());
        QCOMPARE(ledger.pause(items[0].itemId, QStringLiteral("specialist_escalation"), t).error().code,
                 QStringLiteral("pause_not_allowed"));
        QCOMPARE(auditCount(*seat.ws, "sla.pause_denied"), 1);
        QCOMPARE(queue.item(items[0].itemId)->slaPausedAtMs, 0);
        // Appeal clocks (DSA Art. 20) never pause under the reference policy.
        QVERIFY(!SlaClock::fromPolicy(service::defaultPolicy())
                     ->pauseAllowed(QStringLiteral("appeals"), QStringLiteral("hate_symbol")));
        QCOMPARE(ledger.pause(QStringLiteral("nope"), QStringLiteral("legal_review"), t).error().code,
                 QStringLiteral("item_not_open"));
        QVERIFY(audit::AuditLog::verify(seat.ws->database(), seat.ws->deviceKey()->publicKey())->intact);
    }

    void pausesReachTheService()
    {
        QTemporaryDir dir;
        test::Service service(dir.filePath(QStringLiteral("svc")), 4);
        test::Seat seat(dir.filePath(QStringLiteral("ws")), service, QStringLiteral("ivo"));
        QVERIFY(seat.engine->fetchPolicy().ok());
        QVERIFY(seat.engine->syncOnce(4).ok());
        queue::SlaLedger ledger(seat.ws->database(), seat.ws->auditLog());
        queue::ReviewQueue queue(*seat.ws);
        const QString itemId = queue.openItems()->last().itemId;
        const auto serviceItem = [&](const char *column) {
            auto stmt = service.store->database().prepare(QByteArray("SELECT ") + column +
                                                          " FROM items WHERE item_id = ?");
            stmt->bind(1, itemId);
            (void)stmt->step();
            return stmt->isNull(0) ? qint64(-1) : stmt->int64(0);
        };
        const qint64 due = serviceItem("due_at");
        const auto summary = [&](const char *key) {
            const QJsonObject s =
                service::slaSummary(*service.store, service::defaultPolicy(), service.now).value();
            for (const QJsonValue &q : s.value(QStringLiteral("queues")).toArray())
                if (q[QStringLiteral("queue")] == QStringLiteral("escalations"))
                    return q[QLatin1String(key)].toInt();
            return -1;
        };

        // Paused on the workstation, offline: kept, and reported at the next sync.
        const qint64 pausedAt = service.now;
        QVERIFY(ledger.pause(itemId, QStringLiteral("specialist_escalation"), pausedAt).ok());
        QCOMPARE(seat.scalar("SELECT count(*) FROM sla_reports"), 1);
        QCOMPARE(seat.engine->pusher().pushSlaReports().value(), 1);
        QCOMPARE(seat.scalar("SELECT count(*) FROM sla_reports"), 0);
        QCOMPARE(serviceItem("sla_paused_at"), pausedAt);
        // The workstation keeps its lease while it waits (renewExpiring); here, the lease is made to run on.
        auto keep =
            service.store->database().prepare("UPDATE items SET lease_expires_at = ? WHERE item_id = ?");
        keep->bind(1, due + 2 * Hour).bind(2, itemId);
        QVERIFY(keep->run().ok());
        // Standing still past its due time, it is neither breached nor listed as such.
        service.now = due + Hour;
        QCOMPARE(summary("paused"), 1);
        const QJsonObject late =
            service::slaSummary(*service.store, service::defaultPolicy(), service.now).value();
        for (const QJsonValue &item : late.value(QStringLiteral("breached_items")).toArray())
            QVERIFY(item[QStringLiteral("item_id")] != itemId);
        // Resumed: the service's due time moves by exactly the time it stood, as the workstation's did.
        const qint64 resumedAt = service.now;
        QVERIFY(ledger.resume(itemId, resumedAt).ok());
        QCOMPARE(seat.engine->pusher().pushSlaReports().value(), 1);
        QCOMPARE(serviceItem("sla_paused_at"), qint64(-1));
        QCOMPARE(serviceItem("due_at"), due + (resumedAt - pausedAt));
        QCOMPARE(serviceItem("due_at"), queue.item(itemId)->dueAtMs);
        QCOMPARE(summary("paused"), 0);

        // Reports are idempotent; only the lease holder may make them, only where the policy allows.
        const auto report = [&](const QString &device, bool pause, const QString &reason) {
            return service::reportSlaPause(*service.store, service::defaultPolicy(),
                                           {itemId, device, pause, reason, service.now}, service.now);
        };
        const QString device = seat.engine->link()->deviceId;
        QCOMPARE(report(device, false, {}).value(), due + (resumedAt - pausedAt)); // resumed before
        QCOMPARE(report(QStringLiteral("another-device"), true, QStringLiteral("legal_review")).error().code,
                 QStringLiteral("not_leased"));
        QCOMPARE(report(device, true, QStringLiteral("lunch")).error().code,
                 QStringLiteral("invalid_reason"));
        QJsonObject strict = service::defaultPolicy();
        strict[QStringLiteral("sla_pausable")] = QJsonArray{};
        QCOMPARE(service::reportSlaPause(*service.store, strict,
                                         {itemId, device, true, QStringLiteral("legal_review"), service.now},
                                         service.now)
                     .error()
                     .code,
                 QStringLiteral("pause_not_allowed"));
        // A pause left behind when the lease runs out is stale: the clock runs again for the summary.
        QVERIFY(service::reportSlaPause(*service.store, service::defaultPolicy(),
                                        {itemId, device, true, QStringLiteral("legal_review"), service.now},
                                        service.now)
                    .ok());
        QCOMPARE(summary("paused"), 1);
        const qint64 leaseEnds = serviceItem("lease_expires_at");
        service.now = leaseEnds + 1;
        QCOMPARE(summary("paused"), 0);
        QCOMPARE(report(device, false, {}).error().code, QStringLiteral("not_leased"));
        service.now = resumedAt;
        auto clearStale = service.store->database().prepare(
            "UPDATE items SET sla_paused_at = NULL, sla_paused_device = NULL WHERE item_id = ?");
        clearStale->bind(1, itemId);
        QVERIFY(clearStale->run().ok());
        // A report the service refuses is dropped with a warning, not retried for ever.
        QVERIFY(ledger.pause(itemId, QStringLiteral("legal_review"), service.now).ok());
        service.api->setPolicy(strict);
        QCOMPARE(seat.engine->pusher().pushSlaReports().value(), 0);
        QCOMPARE(seat.scalar("SELECT count(*) FROM sla_reports"), 0);
        QCOMPARE(serviceItem("sla_paused_at"), qint64(-1));
    }

    void theSweepRecordsEachBreachOnce()
    {
        QTemporaryDir dir;
        test::Service service(dir.filePath(QStringLiteral("svc")), 4);
        test::Seat seat(dir.filePath(QStringLiteral("ws")), service, QStringLiteral("ivo"));
        QVERIFY(seat.engine->fetchPolicy().ok());
        QVERIFY(seat.engine->syncOnce(4).ok());
        queue::ReviewQueue queue(*seat.ws);
        const auto items = queue.openItems().value();
        // Clocks already run out when the items arrived were recorded by the sync round itself.
        int atSync = 0;
        for (const queue::QueueItem &item : items)
            atSync += item.dueAtMs < service.now;
        QCOMPARE(auditCount(*seat.ws, "sla.breach"), atSync);
        QVERIFY(atSync < 4);
        const queue::QueueItem decided = items.last();
        QVERIFY(
            queue.decide(decided.itemId, QStringLiteral("no_violation"), {}, {}, QStringLiteral("t")).ok());
        queue::SlaLedger ledger(seat.ws->database(), seat.ws->auditLog());
        const qint64 late = decided.dueAtMs + 1000;
        // Decided items have no clock left to breach; the other three are late, each recorded once.
        QCOMPARE(ledger.sweep(late).value(), 3 - atSync);
        QCOMPARE(ledger.sweep(late + Hour).value(), 0);
        QCOMPARE(auditCount(*seat.ws, "sla.breach"), 3);
        const auto breaches = BreachLog(seat.ws->database(), seat.ws->auditLog()).all().value();
        QCOMPARE(breaches.size(), 3);
        for (const Breach &breach : breaches) {
            QVERIFY(breach.itemId != decided.itemId);
            QVERIFY(breach.latenessMs > 0);
            QVERIFY(breach.targetMs == 4 * Hour || breach.targetMs == 24 * Hour);
        }
        QVERIFY(audit::AuditLog::verify(seat.ws->database(), seat.ws->deviceKey()->publicKey())->intact);
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
