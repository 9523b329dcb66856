#include "sync/ServiceSession.h"

#include "common/Base64Url.h"
#include "common/Log.h"
#include "crypto/Ed25519.h"

#include <QDateTime>

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

ServiceSession::ServiceSession(Workspace &workspace, ServiceClient::Options clientOptions)
    : m_workspace(workspace), m_clientOptions(std::move(clientOptions))
{}

Result<link::ServiceLink> ServiceSession::enroll(const QUrl &service, const QByteArray &token)
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

Result<void> ServiceSession::connect()
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

void ServiceSession::recordOutcome(const QString &error)
{
    const bool warned = m_client && m_client->clock().warning();
    (void)link::LinkStore(m_workspace.database())
        .recordOutcome(nowMs(), error, m_client ? m_client->clockOffsetMs() : m_link.clockOffsetMs,
                       warned ? m_client->clock().warning()->message : QString());
}

qint64 ServiceSession::serviceNowMs() const
{
    return nowMs() + (m_client ? m_client->clockOffsetMs() : m_link.clockOffsetMs);
}

void ServiceSession::startRound(int deadlineMs)
{
    m_roundDeadline = QDeadlineTimer(deadlineMs);
    if (m_client)
        m_client->setRoundDeadline(m_roundDeadline);
}

void ServiceSession::liftDeadline()
{
    if (m_client)
        m_client->setRoundDeadline(QDeadlineTimer(QDeadlineTimer::Forever));
}

void ServiceSession::endRound()
{
    m_roundDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
    if (m_client)
        m_client->setRoundDeadline(m_roundDeadline);
}

Result<QJsonObject> ServiceSession::get(const QString &path)
{
    VEIL_TRY(connect());
    auto reply = m_client->get(path);
    VEIL_TRY(reply);
    return reply->json;
}

Result<QJsonObject> ServiceSession::post(const QString &path, const QJsonObject &body)
{
    VEIL_TRY(connect());
    auto reply = m_client->post(path, body);
    VEIL_TRY(reply);
    return reply->json;
}

} // namespace veil::sync
