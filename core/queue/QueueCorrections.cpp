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
        VEIL_TRY(store().reopenWithdrawn(entry->verdict.itemId));
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
    auto reopened = store().reopenToSupersede(entry->verdict.itemId, verdictId);
    VEIL_TRY(reopened);
    if (!reopened.value())
        return makeError(
            QStringLiteral("not_correctable"),
            QStringLiteral("verdict %1 is not the item's decision in force here").arg(verdictId));
    VEIL_TRY(m_workspace.auditLog().append(QStringLiteral("verdict.reopen"), verdictId,
                                           {{QStringLiteral("item_id"), entry->verdict.itemId}}));
    VEIL_TRY(tx->commit());
    return entry->verdict.itemId;
}

} // namespace veil::queue
