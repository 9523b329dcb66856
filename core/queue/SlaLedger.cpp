#include "queue/SlaLedger.h"

#include "link/PolicyCache.h"

namespace veil::queue {

using sla::ClaimHistory;
using sla::ClockStamp;
using sla::SlaClock;

Result<SlaClock> SlaLedger::clock()
{
    auto policy = link::cachedPolicy(m_db);
    VEIL_TRY(policy);
    return SlaClock::fromPolicy(policy.value());
}

ClockStamp SlaLedger::stamp(const SlaClock *clock, const QString &queue, const QString &category,
                            int priority, qint64 startedAtMs, qint64 serviceDueAtMs)
{
    if (clock) {
        if (auto target = clock->targetFor(queue, category, priority); target.ok())
            return {startedAtMs, target->targetMs, clock->warnAtMs(target.value(), startedAtMs),
                    startedAtMs + target->targetMs};
    }
    return {startedAtMs, 0, serviceDueAtMs - sla::FallbackWarningMs, serviceDueAtMs};
}

Result<void> SlaLedger::start(const QString &itemId, const ClockStamp &stamp, const ClaimHistory &claims)
{
    return m_items.stampClock(itemId, stamp, claims);
}

Result<void> SlaLedger::claimed(const QString &itemId, const ClaimHistory &claims)
{
    return m_items.recordClaims(itemId, claims);
}

Result<void> SlaLedger::pause(const QString &itemId, const QString &reason, qint64 nowMs)
{
    auto item = m_items.openClock(itemId);
    VEIL_TRY(item);
    auto policy = clock();
    VEIL_TRY(policy);
    if (!policy->pauseAllowed(item->queue, item->category)) {
        // A denial is a fact supervisors may need: somebody tried to stop a clock the policy keeps running.
        VEIL_TRY(m_audit.append(
            QStringLiteral("sla.pause_denied"), itemId,
            {{QStringLiteral("queue"), item->queue}, {QStringLiteral("category"), item->category}}));
        return makeError(QStringLiteral("pause_not_allowed"),
                         QStringLiteral("the policy does not allow pausing %1 clocks of category %2")
                             .arg(item->queue, item->category));
    }
    if (!policy->pauseReasons().contains(reason))
        return makeError(QStringLiteral("invalid_reason"),
                         QStringLiteral("%1 is not a pause reason of the policy").arg(reason.left(64)));
    if (item->pausedAtMs > 0)
        return makeError(QStringLiteral("already_paused"), QStringLiteral("the clock is already paused"));
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    VEIL_TRY(m_items.pauseClock(itemId, nowMs));
    VEIL_TRY(m_audit.append(QStringLiteral("sla.pause"), itemId, {{QStringLiteral("reason"), reason}}));
    VEIL_TRY(queueReport(itemId, QStringLiteral("pause"), reason, nowMs));
    return tx->commit();
}

Result<void> SlaLedger::resume(const QString &itemId, qint64 nowMs)
{
    auto item = m_items.openClock(itemId);
    if (!item.ok() && item.error().code != QLatin1String("item_not_open"))
        return item.error();
    if (!item.ok() || item->pausedAtMs == 0)
        return makeError(QStringLiteral("not_paused"),
                         QStringLiteral("the clock of %1 is not paused").arg(itemId));
    const qint64 stood = std::max<qint64>(0, nowMs - item->pausedAtMs);
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    VEIL_TRY(m_items.resumeClock(itemId, stood));
    VEIL_TRY(
        m_audit.append(QStringLiteral("sla.resume"), itemId, {{QStringLiteral("paused_ms"), double(stood)}}));
    VEIL_TRY(queueReport(itemId, QStringLiteral("resume"), {}, nowMs));
    return tx->commit();
}

Result<void> SlaLedger::queueReport(const QString &itemId, const QString &action, const QString &reason,
                                    qint64 atMs)
{
    return m_db.run("INSERT INTO sla_reports(item_id, action, reason, at_ms) VALUES (?, ?, ?, ?)", itemId,
                    action, reason, atMs);
}

Result<QList<SlaLedger::Report>> SlaLedger::pendingReports()
{
    auto stmt = m_db.prepare("SELECT id, item_id, action, reason, at_ms FROM sla_reports ORDER BY id");
    VEIL_TRY(stmt);
    QList<Report> reports;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return reports;
        reports.append({stmt->int64(0), stmt->text(1), stmt->text(2), stmt->text(3), stmt->int64(4)});
    }
}

Result<void> SlaLedger::reported(qint64 reportId)
{
    return m_db.run("DELETE FROM sla_reports WHERE id = ?", reportId);
}

Result<int> SlaLedger::sweep(qint64 nowMs)
{
    auto late = m_items.lateItems(nowMs);
    VEIL_TRY(late);
    sla::BreachLog breaches(m_db, m_audit);
    int recorded = 0;
    for (const LateItem &item : std::as_const(late.value())) {
        sla::SlaStatus status;
        status.target.queue = item.queue;
        status.target.targetMs = item.targetMs;
        status.dueAtMs = item.dueAtMs;
        status.startedAtMs = item.startedAtMs;
        status.remainingMs = item.dueAtMs - nowMs;
        status.latenessMs = nowMs - item.dueAtMs;
        status.state = sla::SlaState::Breached;
        auto isNew = breaches.record(item.itemId, status, nowMs);
        VEIL_TRY(isNew);
        recorded += isNew.value() ? 1 : 0;
    }
    return recorded;
}

} // namespace veil::queue
