// Leases on the service's queue: claiming items (a retry-safe request id), keeping the open item's lease
// and those about to run out, and giving items back (skips, transfers that failed).
#pragma once

#include "sync/ServiceSession.h"
#include "sync/SyncReport.h"

#include <QJsonArray>

namespace veil::sync {

class LeaseClient
{
public:
    explicit LeaseClient(ServiceSession &session) : m_session(session) {}

    // Up to `max` leases from this reviewer's queue (escalations, or appeals for appeal handlers).
    Result<QJsonArray> claim(int max);
    // Keeps the lease of an item the reviewer has open; returns the new expiry (Unix ms, service clock).
    Result<qint64> renewLease(const QString &itemId);
    // Renews every lease on this queue that runs out within `withinMs` (service clock) and has not run out
    // yet, so items waiting their turn are not lost to the queue mid-session. Returns how many were renewed;
    // one the service refuses (taken back already) is left as it is.
    Result<int> renewExpiring(qint64 withinMs);
    // Gives a skipped item back to the service's queue and drops it from this one (audited).
    Result<void> releaseItem(const QString &itemId, const QString &reason);
    // Skips made offline go back now; one that still cannot be released waits. Returns how many went.
    int releaseSkipped();
    // A leased item whose bytes did not arrive (whole, or in time): best effort, past the round's deadline.
    void giveBack(const QJsonObject &lease, const QString &reason);

private:
    ServiceSession &m_session;
};

} // namespace veil::sync
