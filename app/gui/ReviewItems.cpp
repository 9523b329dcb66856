#include "ReviewItems.h"

#include "queue/SlaLedger.h"

namespace veil::gui {

namespace {

QString plain(const Error &error)
{
    return error.message.isEmpty() ? error.code : error.message;
}

} // namespace

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
    auto paused = ledger.pause(itemId, reason, m_queue.serviceNowMs());
    if (!paused.ok())
        return plain(paused.error());
    emit queueChanged();
    emit pushDue();
    return {};
}

QString ReviewItems::resumeClock(const QString &itemId)
{
    queue::SlaLedger ledger(m_workspace.database(), m_workspace.auditLog());
    auto resumed = ledger.resume(itemId, m_queue.serviceNowMs());
    if (!resumed.ok())
        return plain(resumed.error());
    emit queueChanged();
    emit pushDue();
    return {};
}

} // namespace veil::gui
