#include "sync/LeaseClient.h"

#include "common/Log.h"
#include "queue/QueueStore.h"

#include <QUuid>

namespace veil::sync {

namespace {

Error invalidPayload(const QString &why)
{
    return makeError(QStringLiteral("invalid_payload"), why);
}

} // namespace

Result<QJsonArray> LeaseClient::claim(int max)
{
    VEIL_TRY(m_session.connect());
    const QString queue = m_session.link().role == QLatin1String("appeals") ? QStringLiteral("appeals")
                                                                            : QStringLiteral("escalations");
    // The request id makes a retry safe: an answer lost on the way (a timeout, a cut connection) is given
    // again by the service, not granted twice; leases this workstation never learned of cannot pile up.
    const QJsonObject body{
        {QStringLiteral("queue"), queue},
        {QStringLiteral("max"), max},
        {QStringLiteral("device_id"), m_session.link().deviceId},
        {QStringLiteral("request_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)}};
    for (int attempt = 1;; ++attempt) {
        auto claimed = m_session.client().post(QStringLiteral("/v1/leases/claim"), body);
        if (!claimed.ok()) {
            if (attempt < 2 && ServiceClient::isRetryable(claimed.error()) &&
                !m_session.roundDeadline().hasExpired()) {
                qCInfo(lcSync) << "claim retried with the same request id:" << claimed.error().code;
                continue;
            }
            return claimed.error();
        }
        const QJsonValue leases = claimed->json.value(QStringLiteral("leases"));
        if (!leases.isArray())
            return invalidPayload(QStringLiteral("the claim's answer has no list of leases"));
        return leases.toArray();
    }
}

Result<qint64> LeaseClient::renewLease(const QString &itemId)
{
    VEIL_TRY(m_session.connect());
    auto leaseId = queue::QueueStore(m_session.workspace().database()).keptLease(itemId);
    VEIL_TRY(leaseId);
    auto reply = m_session.client().post(QStringLiteral("/v1/leases/%1/renew").arg(leaseId.value()),
                                         {{QStringLiteral("device_id"), m_session.link().deviceId}});
    VEIL_TRY(reply);
    const qint64 expires = qint64(reply->json.value(QStringLiteral("expires_at_ms")).toDouble());
    VEIL_TRY(queue::QueueStore(m_session.workspace().database()).setLeaseExpiry(itemId, expires));
    return expires;
}

Result<int> LeaseClient::renewExpiring(qint64 withinMs)
{
    VEIL_TRY(m_session.connect());
    const qint64 now = m_session.serviceNowMs();
    auto expiring = queue::QueueStore(m_session.workspace().database()).expiringLeases(now, now + withinMs);
    VEIL_TRY(expiring);
    int renewed = 0;
    for (const QString &itemId : std::as_const(expiring.value())) {
        if (renewLease(itemId).ok())
            ++renewed;
    }
    return renewed;
}

int LeaseClient::releaseSkipped()
{
    // Skips made offline (ReviewQueue::skip): the items are off the reviewer's queue already; the
    // service gets them back now. One that still cannot be released waits for the next round.
    auto skipped = queue::QueueStore(m_session.workspace().database()).pendingSkips();
    if (!skipped.ok())
        return 0;
    int released = 0;
    for (const auto &[itemId, reason] : std::as_const(skipped.value())) {
        if (releaseItem(itemId, reason).ok())
            ++released;
    }
    return released;
}

Result<void> LeaseClient::releaseItem(const QString &itemId, const QString &reason)
{
    VEIL_TRY(m_session.connect());
    auto leaseId = queue::QueueStore(m_session.workspace().database()).keptLease(itemId);
    VEIL_TRY(leaseId);
    auto reply = m_session.client().post(
        QStringLiteral("/v1/leases/%1/release").arg(leaseId.value()),
        {{QStringLiteral("device_id"), m_session.link().deviceId}, {QStringLiteral("reason"), reason}});
    // A lease the service no longer knows is as good as released; anything else (offline) is an error.
    if (!reply.ok() && reply.error().code != QLatin1String("lease_unknown"))
        return reply.error();
    auto tx = store::Transaction::begin(m_session.workspace().database());
    VEIL_TRY(tx);
    VEIL_TRY(queue::QueueStore(m_session.workspace().database()).markReleased(itemId));
    VEIL_TRY(m_session.workspace().auditLog().append(QStringLiteral("item.release"), itemId,
                                                     {{QStringLiteral("reason"), reason}}));
    // The sealed evidence stays until retention ends: the service may lease the item back to us.
    return tx->commit();
}

void LeaseClient::giveBack(const QJsonObject &lease, const QString &reason)
{
    if (!m_session.connect().ok())
        return;
    // Best effort, past the round's deadline too: the item is offered again at the next claim instead of
    // waiting out its lease.
    const QDeadlineTimer round = m_session.roundDeadline();
    m_session.client().setRoundDeadline(QDeadlineTimer::Forever);
    // No skip reason: that would keep the item from this reviewer; it is the transfer that failed.
    const QString leaseId = lease.value(QStringLiteral("lease_id")).toString().left(64);
    auto released = m_session.client().post(QStringLiteral("/v1/leases/%1/release").arg(leaseId),
                                            {{QStringLiteral("device_id"), m_session.link().deviceId}});
    qCInfo(lcSync) << "lease given back (" << reason << "):" << (released.ok() ? "released" : "not released");
    m_session.client().setRoundDeadline(round);
}

} // namespace veil::sync
