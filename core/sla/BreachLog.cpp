#include "sla/BreachLog.h"

namespace veil::sla {

Result<bool> BreachLog::record(const QString &itemId, const SlaStatus &status, qint64 serviceNowMs)
{
    if (status.state != SlaState::Breached)
        return false;
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    auto insert = m_db.prepare("INSERT OR IGNORE INTO sla_breaches(item_id, queue, target_ms, due_at_ms, "
                               "lateness_ms, recorded_at_ms) VALUES (?, ?, ?, ?, ?, ?)");
    VEIL_TRY(insert);
    insert->bind(1, itemId).bind(2, status.target.queue).bind(3, status.target.targetMs);
    insert->bind(4, status.dueAtMs).bind(5, status.latenessMs).bind(6, serviceNowMs);
    VEIL_TRY(insert->run());
    if (m_db.changes() == 0)
        return false; // known already: one breach per item
    VEIL_TRY(m_audit.append(QStringLiteral("sla.breach"), itemId,
                            {{QStringLiteral("queue"), status.target.queue},
                             {QStringLiteral("target_ms"), double(status.target.targetMs)},
                             {QStringLiteral("due_at_ms"), double(status.dueAtMs)},
                             {QStringLiteral("lateness_ms"), double(status.latenessMs)}}));
    VEIL_TRY(tx->commit());
    return true;
}

Result<QList<Breach>> BreachLog::all()
{
    auto stmt = m_db.prepare("SELECT item_id, queue, target_ms, due_at_ms, lateness_ms, recorded_at_ms FROM "
                             "sla_breaches ORDER BY recorded_at_ms, item_id");
    VEIL_TRY(stmt);
    QList<Breach> breaches;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return breaches;
        breaches.append(
            {stmt->text(0), stmt->text(1), stmt->int64(2), stmt->int64(3), stmt->int64(4), stmt->int64(5)});
    }
}

} // namespace veil::sla
