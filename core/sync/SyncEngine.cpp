#include "sync/SyncEngine.h"

#include "queue/Retention.h"

#include "common/Base64Url.h"
#include "common/Log.h"
#include "crypto/Ed25519.h"
#include "crypto/Sha256.h"
#include "link/PolicyCache.h"
#include "protocol/Escalation.h"
#include "queue/SlaLedger.h"
#include "json/CanonicalJson.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QUuid>

#include <optional>

namespace veil::sync {

namespace {

const QString tokenSecret = QStringLiteral("service-token");

Error invalidPayload(const QString &why)
{
    return makeError(QStringLiteral("invalid_payload"), why);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

SyncEngine::SyncEngine(Workspace &workspace, ServiceClient::Options clientOptions)
    : m_workspace(workspace), m_clientOptions(std::move(clientOptions))
{}

Result<link::ServiceLink> SyncEngine::enroll(const QUrl &service, const QByteArray &token)
{
    if (!m_workspace.isUnlocked())
        return makeError(QStringLiteral("locked"), QStringLiteral("unlock the vault first"));
    ServiceClient client(service, token, m_clientOptions);
    auto reply =
        client.post(QStringLiteral("/v1/devices"),
                    {{QStringLiteral("public_key"), toBase64Url(m_workspace.deviceKey()->publicKey())}});
    VEIL_TRY(reply);
    const QJsonObject json = reply->json;
    // The key arrives in this very answer (trusted on first use, like the token); the answer's time is
    // taken only if that key signed it.
    if (auto clock = client.observeServerTime(
            fromBase64Url(json.value(QStringLiteral("service_public_key")).toString()));
        !clock.ok())
        qCWarning(lcSync) << "the service's clock is not taken at enrolment:" << clock.error().code;
    link::ServiceLink link{service,
                           json.value(QStringLiteral("device_id")).toString(),
                           json.value(QStringLiteral("reviewer")).toString(),
                           json.value(QStringLiteral("role")).toString(),
                           fromBase64Url(json.value(QStringLiteral("service_public_key")).toString()),
                           client.clockOffsetMs(),
                           nowMs() + client.clockOffsetMs()};
    if (link.deviceId.isEmpty() || link.reviewer.isEmpty() ||
        !crypto::ed25519::VerifyingKey::fromRaw(link.servicePublicKey).ok())
        return invalidPayload(
            QStringLiteral("the enrollment answer lacks a device id, reviewer or service key"));
    auto tx = store::Transaction::begin(m_workspace.database());
    VEIL_TRY(tx);
    VEIL_TRY(link::LinkStore(m_workspace.database())
                 .save(link, m_workspace.vault()->sealSecret(tokenSecret, crypto::SecureBuffer(token)),
                       m_clientOptions.pinnedPublicKeySha256));
    VEIL_TRY(m_workspace.auditLog().append(
        QStringLiteral("service.enroll"), link.deviceId,
        {{QStringLiteral("service"), service.toString()},
         {QStringLiteral("reviewer"), link.reviewer},
         {QStringLiteral("role"), link.role},
         {QStringLiteral("service_key_id"), crypto::ed25519::keyId(link.servicePublicKey)}}));
    VEIL_TRY(tx->commit());
    m_link = link;
    return link;
}

Result<link::ServiceLink> SyncEngine::link()
{
    return link::LinkStore(m_workspace.database()).load();
}

Result<void> SyncEngine::connect()
{
    if (m_client)
        return success();
    link::LinkStore links(m_workspace.database());
    auto linked = links.load();
    VEIL_TRY(linked);
    m_link = linked.value();
    auto credentials = links.credentials();
    VEIL_TRY(credentials);
    if (!credentials->tlsPin.isEmpty())
        m_clientOptions.pinnedPublicKeySha256 = credentials->tlsPin;
    auto token = m_workspace.vault()->openSecret(tokenSecret, credentials->sealedToken);
    VEIL_TRY(token);
    m_client = std::make_unique<ServiceClient>(m_link.url, token->view().toByteArray(), m_clientOptions);
    m_client->setServicePublicKey(m_link.servicePublicKey);
    m_client->setClockOffset(m_link.clockOffsetMs);
    return success();
}

void SyncEngine::recordSyncOutcome(const QString &error)
{
    const bool warned = m_client && m_client->clock().warning();
    (void)link::LinkStore(m_workspace.database())
        .recordOutcome(nowMs(), error, m_client ? m_client->clockOffsetMs() : m_link.clockOffsetMs,
                       warned ? m_client->clock().warning()->message : QString());
}

void SyncEngine::setMediaSettings(const media::MediaSettings &settings)
{
    m_mediaSettings = settings;
    m_media.reset();
}

media::MediaCatalog &SyncEngine::mediaCatalog()
{
    if (!m_media) {
        // Without the face model, faces are recorded as unknown and stay blurred in every view.
        auto faces = media::FaceDetector::load();
        if (!faces.ok())
            qCWarning(lcSync) << "no face detection:" << faces.error().message;
        m_media = std::make_unique<media::MediaCatalog>(
            m_workspace.database(), faces.ok() ? faces.value() : nullptr, m_mediaSettings);
    }
    return *m_media;
}

Result<SyncReport> SyncEngine::syncOnce(int claimMax, int pushBatch)
{
    VEIL_TRY(connect());
    SyncReport report;
    // The whole round has a deadline: a service that drips bytes holds it for minutes no longer.
    m_roundDeadline = QDeadlineTimer(m_roundDeadlineMs);
    m_client->setRoundDeadline(m_roundDeadline);
    const auto endRound = qScopeGuard([this] {
        m_roundDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
        if (m_client)
            m_client->setRoundDeadline(m_roundDeadline);
    });
    // Verdicts first: an offline backlog drains before new work arrives. A push failure does not stop
    // leasing: the verdicts wait in the outbox, and the reviewer keeps working.
    // SLA pauses first: the service takes them only while the item is still leased here, so before the
    // verdict that decides it or the release that gives it back.
    if (auto reported = pushSlaReports(); !reported.ok())
        qCWarning(lcSync) << "SLA pauses not reported yet:" << reported.error().code;
    if (auto pushed = push(pushBatch); pushed.ok())
        report = pushed.value();
    releaseSkipped(report);
    // Supervisors keep the team's decisions for the decision log; a feed failure does not stop the round.
    if (auto pulled = pullFeed(); pulled.ok())
        report.feed = pulled.value();
    else
        qCWarning(lcSync) << "verdict feed not pulled:" << pulled.error().code;
    auto leases = claim(claimMax);
    if (!leases.ok()) {
        recordSyncOutcome(leases.error().message);
        return leases.error();
    }
    report.leased = int(leases->size());
    // Each item's clock comes from the policy as last fetched; without one, the service's due times stand.
    auto slaClock = queue::SlaLedger(m_workspace.database(), m_workspace.auditLog()).clock();
    m_slaClock = slaClock.ok() ? std::optional<sla::SlaClock>(std::move(slaClock).value()) : std::nullopt;
    VEIL_TRY(ingestLeases(leases.value(), report));
    // The deadline bounds the downloads; the round's small closing requests (the audit checkpoint) go on.
    m_client->setRoundDeadline(QDeadlineTimer(QDeadlineTimer::Forever));
    // Clocks that ran out while nobody was looking are recorded now, once each.
    if (auto swept = queue::SlaLedger(m_workspace.database(), m_workspace.auditLog())
                         .sweep(nowMs() + m_client->clockOffsetMs());
        swept.ok())
        report.breached = swept.value();
    // Evidence of items off the queue is kept only as long as the policy's retention says.
    if (auto policy = cachedPolicy(); policy.ok()) {
        auto rules = queue::RetentionRules::fromPolicy(policy.value());
        auto shredded = rules.ok() ? queue::Retention(m_workspace).sweep(rules.value(), nowMs())
                                   : Result<int>(rules.error());
        if (shredded.ok())
            report.shredded = shredded.value();
        else
            qCWarning(lcSync) << "retention sweep failed:" << shredded.error().code;
    }
    // Last, so the checkpoint covers this round's own entries. A refusal is said, not hidden: the service
    // holds an audit alert for supervisors either way.
    if (auto witnessed = sendCheckpoint(); !witnessed.ok()) {
        report.auditError = witnessed.error().code;
        qCWarning(lcSync) << "audit checkpoint refused:" << witnessed.error().code;
        recordSyncOutcome(witnessed.error().message);
        return report;
    }
    if (m_client->clock().warning())
        report.clockWarning = m_client->clock().warning()->message;
    recordSyncOutcome({});
    return report;
}

Result<QJsonArray> SyncEngine::claim(int max)
{
    const QString queue =
        m_link.role == QLatin1String("appeals") ? QStringLiteral("appeals") : QStringLiteral("escalations");
    // The request id makes a retry safe: an answer lost on the way (a timeout, a cut connection) is given
    // again by the service, not granted twice; leases this workstation never learned of cannot pile up.
    const QJsonObject body{
        {QStringLiteral("queue"), queue},
        {QStringLiteral("max"), max},
        {QStringLiteral("device_id"), m_link.deviceId},
        {QStringLiteral("request_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)}};
    for (int attempt = 1;; ++attempt) {
        auto claimed = m_client->post(QStringLiteral("/v1/leases/claim"), body);
        if (!claimed.ok()) {
            if (attempt < 2 && ServiceClient::isRetryable(claimed.error()) && !m_roundDeadline.hasExpired()) {
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

Result<QString> SyncEngine::leaseOf(const QString &itemId)
{
    return queue::QueueStore(m_workspace.database()).keptLease(itemId);
}

Result<QJsonObject> SyncEngine::fetchPolicy()
{
    VEIL_TRY(connect());
    auto reply = m_client->get(QStringLiteral("/v1/policy"));
    VEIL_TRY(reply);
    if (!reply->json.value(QStringLiteral("decision_types")).isArray())
        return makeError(QStringLiteral("bad_policy"),
                         QStringLiteral("the service's policy has no decision types"));
    VEIL_TRY(link::storePolicy(m_workspace.database(), reply->json));
    // The team's settings travel with the policy; a service without them leaves the defaults.
    if (auto team = m_client->get(QStringLiteral("/v1/team/settings")); team.ok())
        VEIL_TRY(link::storeTeamSettings(m_workspace.database(), team->json));
    return reply->json;
}

Result<QJsonObject> SyncEngine::cachedPolicy()
{
    return link::cachedPolicy(m_workspace.database());
}

Result<qint64> SyncEngine::renewLease(const QString &itemId)
{
    VEIL_TRY(connect());
    auto leaseId = leaseOf(itemId);
    VEIL_TRY(leaseId);
    auto reply = m_client->post(QStringLiteral("/v1/leases/%1/renew").arg(leaseId.value()),
                                {{QStringLiteral("device_id"), m_link.deviceId}});
    VEIL_TRY(reply);
    const qint64 expires = qint64(reply->json.value(QStringLiteral("expires_at_ms")).toDouble());
    VEIL_TRY(queue::QueueStore(m_workspace.database()).setLeaseExpiry(itemId, expires));
    return expires;
}

Result<int> SyncEngine::renewExpiring(qint64 withinMs)
{
    VEIL_TRY(connect());
    const qint64 now = nowMs() + m_client->clockOffsetMs(); // the service's clock, as last measured
    auto expiring = queue::QueueStore(m_workspace.database()).expiringLeases(now, now + withinMs);
    VEIL_TRY(expiring);
    int renewed = 0;
    for (const QString &itemId : std::as_const(expiring.value())) {
        if (renewLease(itemId).ok())
            ++renewed;
    }
    return renewed;
}

void SyncEngine::releaseSkipped(SyncReport &report)
{
    // Skips made offline (ReviewQueue::skip): the items are off the reviewer's queue already; the
    // service gets them back now. One that still cannot be released waits for the next round.
    auto skipped = queue::QueueStore(m_workspace.database()).pendingSkips();
    if (!skipped.ok())
        return;
    for (const auto &[itemId, reason] : std::as_const(skipped.value())) {
        if (releaseItem(itemId, reason).ok())
            report.released++;
    }
}

Result<void> SyncEngine::releaseItem(const QString &itemId, const QString &reason)
{
    VEIL_TRY(connect());
    auto leaseId = leaseOf(itemId);
    VEIL_TRY(leaseId);
    auto reply =
        m_client->post(QStringLiteral("/v1/leases/%1/release").arg(leaseId.value()),
                       {{QStringLiteral("device_id"), m_link.deviceId}, {QStringLiteral("reason"), reason}});
    // A lease the service no longer knows is as good as released; anything else (offline) is an error.
    if (!reply.ok() && reply.error().code != QLatin1String("lease_unknown"))
        return reply.error();
    auto tx = store::Transaction::begin(m_workspace.database());
    VEIL_TRY(tx);
    VEIL_TRY(queue::QueueStore(m_workspace.database()).markReleased(itemId));
    VEIL_TRY(m_workspace.auditLog().append(QStringLiteral("item.release"), itemId,
                                           {{QStringLiteral("reason"), reason}}));
    // The sealed evidence stays until retention ends: the service may lease the item back to us.
    return tx->commit();
}

} // namespace veil::sync
