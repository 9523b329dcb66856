#include "ReviewItems.h"

#include "queue/SlaLedger.h"

namespace veil::gui {

ReviewItems::ReviewItems(Workspace &workspace, queue::ReviewQueue &queue, CachedPolicy policy,
                         QObject *parent)
    : QObject(parent), m_workspace(workspace), m_queue(queue), m_policy(std::move(policy))
{}

ItemDetails ReviewItems::details(const QString &itemId)
{
    return readItemDetails(m_queue, m_policy ? m_policy() : std::nullopt, itemId);
}

void ReviewItems::renewLease(const QString &itemId)
{
    emit leaseRenewalDue(itemId);
}

QString ReviewItems::pauseClock(const QString &itemId, const QString &reason)
{
    queue::SlaLedger ledger(m_workspace.database(), m_workspace.auditLog());
    return clockChanged(ledger.pause(itemId, reason, m_queue.serviceNowMs()));
}

QString ReviewItems::resumeClock(const QString &itemId)
{
    queue::SlaLedger ledger(m_workspace.database(), m_workspace.auditLog());
    return clockChanged(ledger.resume(itemId, m_queue.serviceNowMs()));
}

QString ReviewItems::clockChanged(const Result<void> &changed)
{
    if (!changed.ok())
        return changed.error().plain();
    // The row's SLA state changed, and the service is told of the pause or resumption.
    emit queueChanged();
    emit pushDue();
    return {};
}

} // namespace veil::gui
