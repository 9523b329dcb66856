// ReviewQueue's undo and corrections: a verdict taken back inside its grace period (never sent), and an item
// reopened so that its next verdict supersedes the one delivered.
#include "queue/ReviewQueue.h"

namespace veil::queue {

Result<QStringList> ReviewQueue::withdraw(const QStringList &verdictIds)
{
    auto tx = store::Transaction::begin(m_workspace.database());
    VEIL_TRY(tx);
    outbox::Outbox outbox(m_workspace.database());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QStringList items;
    for (const QString &verdictId : verdictIds) {
        auto entry = outbox.find(verdictId);
        VEIL_TRY(entry);
        VEIL_TRY(outbox.withdraw(verdictId, m_workspace.auditLog(), now));
        auto reopen = m_workspace.database().prepare("UPDATE queue_items SET state = 'open', decided_at = "
                                                     "NULL WHERE item_id = ? AND state = 'decided'");
        VEIL_TRY(reopen);
        reopen->bind(1, entry->verdict.itemId);
        VEIL_TRY(reopen->run());
        items << entry->verdict.itemId;
    }
    VEIL_TRY(tx->commit());
    return items;
}

Result<QString> ReviewQueue::reopenForCorrection(const QString &verdictId)
{
    outbox::Outbox outbox(m_workspace.database());
    auto entry = outbox.find(verdictId);
    VEIL_TRY(entry);
    const QString state = entry->state;
    if (state != QLatin1String("pending") && state != QLatin1String("accepted") &&
        state != QLatin1String("duplicate"))
        return makeError(
            QStringLiteral("not_correctable"),
            QStringLiteral("verdict %1 is %2: there is nothing in force to correct").arg(verdictId, state));
    auto tx = store::Transaction::begin(m_workspace.database());
    VEIL_TRY(tx);
    // Only the item's latest verdict: a correction of a correction supersedes the newest one.
    auto reopen = m_workspace.database().prepare(
        "UPDATE queue_items SET state = 'open', decided_at = NULL, skip_reason = NULL, supersedes = ? "
        "WHERE item_id = ? AND state = 'decided' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.item_id = ? "
        "AND o.state != 'withdrawn' AND o.created_at > (SELECT created_at FROM outbox WHERE verdict_id = "
        "?))");
    VEIL_TRY(reopen);
    reopen->bind(1, verdictId)
        .bind(2, entry->verdict.itemId)
        .bind(3, entry->verdict.itemId)
        .bind(4, verdictId);
    VEIL_TRY(reopen->run());
    if (m_workspace.database().changes() != 1)
        return makeError(
            QStringLiteral("not_correctable"),
            QStringLiteral("verdict %1 is not the item's decision in force here").arg(verdictId));
    VEIL_TRY(m_workspace.auditLog().append(QStringLiteral("verdict.reopen"), verdictId,
                                           {{QStringLiteral("item_id"), entry->verdict.itemId}}));
    VEIL_TRY(tx->commit());
    return entry->verdict.itemId;
}

} // namespace veil::queue
