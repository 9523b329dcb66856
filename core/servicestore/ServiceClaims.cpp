// Idempotent claims. A client whose claim timed out cannot know whether the service granted it; without
// an id, its retry leases a second batch while the first stays leased to it, unseen, for the whole lease.
// With the id, the retry is answered with the first batch (as much of it as the device still holds).
#include "servicestore/ServiceStore.h"

#include "store/Database.h"

namespace veil::service {

Result<QList<Lease>> ServiceStore::claimOnce(const QString &queue, const QString &deviceId,
                                             const QString &requestId, int max, qint64 nowMs, qint64 leaseMs,
                                             const QString &reviewer)
{
    if (requestId.isEmpty())
        return claim(queue, deviceId, max, nowMs, leaseMs, reviewer);
    auto tx = store::Transaction::begin(*m_db);
    VEIL_TRY(tx);
    // Answers are kept for one lease period: a retry comes within seconds, and older ids mean nothing.
    auto forget = m_db->prepare("DELETE FROM claim_requests WHERE created_at < ?");
    VEIL_TRY(forget);
    forget->bind(1, nowMs - leaseMs);
    VEIL_TRY(forget->run());
    auto known = m_db->prepare("SELECT lease_ids FROM claim_requests WHERE device_id = ? AND request_id = ?");
    VEIL_TRY(known);
    known->bind(1, deviceId).bind(2, requestId);
    auto row = known->step();
    VEIL_TRY(row);
    if (row.value()) {
        const QStringList leaseIds = known->text(0).split(QLatin1Char(','), Qt::SkipEmptyParts);
        auto held =
            m_db->prepare("SELECT item_id, lease_expires_at, payload, signature, "
                          "COALESCE(first_claimed_at, 0), COALESCE(last_claimed_at, 0), claims FROM items "
                          "WHERE lease_id = ? AND lease_device = ? AND state = 'queued' AND "
                          "lease_expires_at >= ?");
        VEIL_TRY(held);
        QList<Lease> leases;
        for (const QString &leaseId : leaseIds) {
            held->reset();
            held->bind(1, leaseId).bind(2, deviceId).bind(3, nowMs);
            auto found = held->step();
            VEIL_TRY(found);
            if (found.value())
                leases.append(Lease{leaseId, held->text(0), held->int64(1), held->blob(2), held->blob(3),
                                    held->int64(4), held->int64(5), int(held->int64(6))});
        }
        VEIL_TRY(tx->commit());
        return leases;
    }
    auto leases = claim(queue, deviceId, max, nowMs, leaseMs, reviewer);
    VEIL_TRY(leases);
    QStringList leaseIds;
    for (const Lease &lease : leases.value())
        leaseIds << lease.leaseId;
    auto remember = m_db->prepare(
        "INSERT INTO claim_requests(device_id, request_id, lease_ids, created_at) VALUES (?, ?, ?, ?)");
    VEIL_TRY(remember);
    remember->bind(1, deviceId).bind(2, requestId).bind(3, leaseIds.join(QLatin1Char(','))).bind(4, nowMs);
    VEIL_TRY(remember->run());
    VEIL_TRY(tx->commit());
    return leases;
}

} // namespace veil::service
