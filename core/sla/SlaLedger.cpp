#include "sla/SlaLedger.h"

#include "link/PolicyCache.h"

namespace veil::sla {

namespace {

struct OpenItem
{
    QString queue;
    QString category;
    bool paused = false;
};

Result<OpenItem> openItem(store::Database &db, const QString &itemId)
{
    auto stmt = db.prepare("SELECT queue, category, sla_paused_at IS NOT NULL FROM queue_items "
                           "WHERE item_id = ? AND state = 'open'");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("item_not_open"),
                         QStringLiteral("no open item %1 in the local queue").arg(itemId));
    return OpenItem{stmt->text(0), stmt->text(1), stmt->int64(2) != 0};
}

} // namespace

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
    return {startedAtMs, 0, serviceDueAtMs - FallbackWarningMs, serviceDueAtMs};
}

Result<void> SlaLedger::start(const QString &itemId, const ClockStamp &stamp, const ClaimHistory &claims)
{
    auto stmt = m_db.prepare("UPDATE queue_items SET sla_started_at = ?, sla_target_ms = ?, warn_at_ms = ?, "
                             "due_at_ms = ?, first_claimed_at = ?, last_claimed_at = ?, claims = ? "
                             "WHERE item_id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, stamp.startedAtMs);
    if (stamp.targetMs > 0)
        stmt->bind(2, stamp.targetMs);
    else
        stmt->bindNull(2);
    stmt->bind(3, stamp.warnAtMs).bind(4, stamp.dueAtMs);
    stmt->bind(5, claims.firstClaimedAtMs).bind(6, claims.lastClaimedAtMs).bind(7, qint64(claims.claims));
    stmt->bind(8, itemId);
    return stmt->run();
}

Result<void> SlaLedger::claimed(const QString &itemId, const ClaimHistory &claims)
{
    auto stmt = m_db.prepare("UPDATE queue_items SET first_claimed_at = COALESCE(first_claimed_at, ?), "
                             "last_claimed_at = ?, claims = MAX(claims, ?) WHERE item_id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, claims.firstClaimedAtMs).bind(2, claims.lastClaimedAtMs).bind(3, qint64(claims.claims));
    stmt->bind(4, itemId);
    return stmt->run();
}

Result<void> SlaLedger::pause(const QString &itemId, const QString &reason, qint64 nowMs)
{
    auto item = openItem(m_db, itemId);
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
    if (item->paused)
        return makeError(QStringLiteral("already_paused"), QStringLiteral("the clock is already paused"));
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    auto stmt = m_db.prepare("UPDATE queue_items SET sla_paused_at = ? WHERE item_id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, nowMs).bind(2, itemId);
    VEIL_TRY(stmt->run());
    VEIL_TRY(m_audit.append(QStringLiteral("sla.pause"), itemId, {{QStringLiteral("reason"), reason}}));
    VEIL_TRY(queueReport(itemId, QStringLiteral("pause"), reason, nowMs));
    return tx->commit();
}

Result<void> SlaLedger::resume(const QString &itemId, qint64 nowMs)
{
    auto stmt = m_db.prepare("SELECT sla_paused_at FROM queue_items WHERE item_id = ? AND state = 'open' "
                             "AND sla_paused_at IS NOT NULL");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("not_paused"),
                         QStringLiteral("the clock of %1 is not paused").arg(itemId));
    const qint64 stood = std::max<qint64>(0, nowMs - stmt->int64(0));
    stmt->reset();
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    auto update =
        m_db.prepare("UPDATE queue_items SET sla_paused_at = NULL, sla_paused_ms = sla_paused_ms + ?, "
                     "due_at_ms = due_at_ms + ?, warn_at_ms = warn_at_ms + ? WHERE item_id = ?");
    VEIL_TRY(update);
    update->bind(1, stood).bind(2, stood).bind(3, stood).bind(4, itemId);
    VEIL_TRY(update->run());
    VEIL_TRY(
        m_audit.append(QStringLiteral("sla.resume"), itemId, {{QStringLiteral("paused_ms"), double(stood)}}));
    VEIL_TRY(queueReport(itemId, QStringLiteral("resume"), {}, nowMs));
    return tx->commit();
}

Result<void> SlaLedger::queueReport(const QString &itemId, const QString &action, const QString &reason,
                                    qint64 atMs)
{
    auto stmt = m_db.prepare("INSERT INTO sla_reports(item_id, action, reason, at_ms) VALUES (?, ?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId).bind(2, action).bind(3, reason).bind(4, atMs);
    return stmt->run();
}

Result<int> SlaLedger::sweep(qint64 nowMs)
{
    QList<QPair<QString, SlaStatus>> late;
    {
        auto stmt = m_db.prepare(
            "SELECT q.item_id, q.queue, COALESCE(q.sla_target_ms, 0), q.due_at_ms, "
            "COALESCE(q.sla_started_at, 0) FROM queue_items q WHERE q.state = 'open' AND q.sla_paused_at IS "
            "NULL "
            "AND q.due_at_ms < ? AND NOT EXISTS (SELECT 1 FROM sla_breaches b WHERE b.item_id = q.item_id)");
        VEIL_TRY(stmt);
        stmt->bind(1, nowMs);
        for (;;) {
            auto row = stmt->step();
            VEIL_TRY(row);
            if (!row.value())
                break;
            SlaStatus status;
            status.target.queue = stmt->text(1);
            status.target.targetMs = stmt->int64(2);
            status.dueAtMs = stmt->int64(3);
            status.startedAtMs = stmt->int64(4);
            status.remainingMs = status.dueAtMs - nowMs;
            status.latenessMs = nowMs - status.dueAtMs;
            status.state = SlaState::Breached;
            late.append({stmt->text(0), status});
        }
    }
    BreachLog breaches(m_db, m_audit);
    int recorded = 0;
    for (const auto &[itemId, status] : std::as_const(late)) {
        auto isNew = breaches.record(itemId, status, nowMs);
        VEIL_TRY(isNew);
        recorded += isNew.value() ? 1 : 0;
    }
    return recorded;
}

} // namespace veil::sla
