#include "ServiceApi.h"

#include "Policy.h"
#include "common/Base64Url.h"
#include "crypto/Sha256.h"
#include "link/ServerClock.h"
#include "protocol/PolicyRules.h"
#include "protocol/Verdict.h"
#include "servicestore/TeamStore.h"
#include "json/CanonicalJson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>

namespace veil::service {

Q_LOGGING_CATEGORY(lcService, "veil.service", QtInfoMsg)

bool ServiceApi::canServe(const Reviewer &reviewer, const QString &queue)
{
    if (reviewer.role == QLatin1String("supervisor"))
        return true;
    return (queue == QLatin1String("escalations") && reviewer.role == QLatin1String("moderator")) ||
           (queue == QLatin1String("appeals") && reviewer.role == QLatin1String("appeals"));
}

ServiceApi::ServiceApi(ServiceStore &store, Options options)
    : m_store(store), m_options(options), m_policy(defaultPolicy()),
      m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    addRoutes();
}

ApiResponse ServiceApi::json(int status, const QJsonObject &object)
{
    return ApiResponse{status, QJsonDocument(object).toJson(QJsonDocument::Compact), "application/json"};
}

ApiResponse ServiceApi::error(int status, const QString &code, const QString &message)
{
    return json(status, {{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                                               {QStringLiteral("message"), message}}}});
}

std::optional<ApiResponse> ServiceApi::refuseHead(qint64 bodyBytes, const QByteArray &authorization,
                                                  Reviewer *reviewer)
{
    if (bodyBytes > m_options.maxBodyBytes)
        return error(
            413, QStringLiteral("payload_too_large"),
            QStringLiteral("the request body is over the %1-byte limit").arg(m_options.maxBodyBytes));
    if (!authorization.startsWith("Bearer "))
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("a bearer token is required"));
    const auto known = m_store.reviewerForToken(authorization.mid(7).trimmed());
    if (!known)
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("unknown token"));
    if (reviewer)
        *reviewer = *known;
    return std::nullopt;
}

ApiResponse ServiceApi::handle(const ApiRequest &request)
{
    Reviewer reviewer;
    if (auto refused = refuseHead(request.body.size(), request.authorization, &reviewer))
        return *refused;

    QJsonObject body;
    // JSON bodies: every POST, and a PUT but a media upload's (the file's own bytes).
    const bool jsonBody = request.method == "POST" ||
                          (request.method == "PUT" && !request.path.startsWith(QLatin1String("/v1/media/")));
    if (jsonBody && !request.body.isEmpty()) {
        // Strict parse first: duplicate keys and other ambiguities are refused, not guessed at.
        if (auto strict = json::canonicalizeText(request.body, m_options.maxBodyBytes); !strict.ok())
            return error(400, QStringLiteral("malformed_json"), strict.error().message);
        const QJsonDocument doc = QJsonDocument::fromJson(request.body);
        if (!doc.isObject())
            return error(400, QStringLiteral("malformed_json"),
                         QStringLiteral("the body must be a JSON object"));
        body = doc.object();
    }

    ApiResponse response = route(reviewer, request, body);
    // Every refusal of a role or ownership is logged: who, as what, asked for what (never the body).
    if (response.status == 403)
        qCWarning(lcService) << "denied" << reviewer.name << "as" << reviewer.role << request.method
                             << request.path;
    return response;
}

void ServiceApi::addRoutes()
{
    const auto add = [this](const char *method, const char *pattern, Handler handle) {
        m_routes.append({QByteArray(method),
                         QRegularExpression(QLatin1Char('^') + QLatin1String(pattern) + QLatin1Char('$')),
                         std::move(handle)});
    };
    using M = const QRegularExpressionMatch &;
    using R = const Reviewer &;
    using Q = const ApiRequest &;
    using B = const QJsonObject &;
    add("GET", "/v1/policy", [this](R, Q, B, M) { return json(200, m_policy); });
    add("POST", "/v1/devices", [this](R r, Q, B b, M) { return enroll(r, b); });
    add("POST", "/v1/leases/claim", [this](R r, Q, B b, M) { return claim(r, b); });
    add("POST", "/v1/leases/([0-9a-f]{32})/renew",
        [this](R r, Q, B b, M m) { return renewOrRelease(r, m.captured(1), true, b); });
    add("POST", "/v1/leases/([0-9a-f]{32})/release",
        [this](R r, Q, B b, M m) { return renewOrRelease(r, m.captured(1), false, b); });
    add("GET", "/v1/media/([0-9a-f]{64})", [this](R, Q, B, M m) { return media(m.captured(1)); });
    add("POST", "/v1/verdicts", [this](R r, Q, B b, M) { return verdicts(r, b); });
    add("GET", "/v1/verdicts/feed", [this](R r, Q q, B, M) { return feed(r, q.query); });
    add("GET", "/v1/conflicts", [this](R r, Q q, B, M) { return conflicts(r, q.query); });
    add("POST", "/v1/appeals", [this](R r, Q, B b, M) { return fileAppeal(r, b); });
    add("PUT", "/v1/media/([0-9a-f]{64})",
        [this](R r, Q q, B, M m) { return uploadMedia(r, m.captured(1), q.body); });
    add("POST", "/v1/escalations", [this](R r, Q, B b, M) { return fileEscalations(r, b); });
    add("GET", "/v1/intake/verdicts", [this](R r, Q q, B, M) { return deliverVerdicts(r, q.query); });
    for (const char *method : {"GET", "PUT", "DELETE"})
        add(method, "/v1/intake/webhook", [this](R r, Q q, B b, M) { return webhook(r, q.method, b); });
    add("POST", "/v1/audit/checkpoints", [this](R r, Q, B b, M) { return auditCheckpoint(r, b); });
    add("GET", "/v1/audit/alerts", [this](R r, Q, B, M) { return auditAlerts(r); });
    add("POST", "/v1/items/([A-Za-z0-9._:-]{1,128})/sla",
        [this](R r, Q, B b, M m) { return slaPause(r, m.captured(1), b); });
    add("GET", "/v1/sla/summary", [this](R r, Q, B, M) { return slaDashboard(r); });
    add("GET", "/v1/team/settings", [this](R r, Q, B b, M) { return teamSettings(r, false, b); });
    add("POST", "/v1/team/settings", [this](R r, Q, B b, M) { return teamSettings(r, true, b); });
    for (const auto &[method, path] : {std::pair{"GET", "/v1/qa/next"}, std::pair{"POST", "/v1/qa/reviews"},
                                       std::pair{"GET", "/v1/qa/agreement"}})
        add(method, path, [this](R r, Q q, B b, M) { return qa(r, q.method, q.path, b); });
}

QList<QPair<QByteArray, QString>> ServiceApi::routeList() const
{
    QList<QPair<QByteArray, QString>> list;
    for (const Route &r : m_routes)
        list.append({r.method, r.path.pattern()});
    return list;
}

ApiResponse ServiceApi::route(const Reviewer &reviewer, const ApiRequest &request, const QJsonObject &body)
{
    for (const Route &r : std::as_const(m_routes)) {
        if (r.method != request.method)
            continue;
        const QRegularExpressionMatch match = r.path.match(request.path);
        if (!match.hasMatch())
            continue;
        // A pipeline files work and reads the policy; it never claims, decides or reads decisions.
        if (reviewer.role == QLatin1String("pipeline") && !isIntakeRoute(r.method, r.path.pattern()) &&
            request.path != QLatin1String("/v1/policy"))
            return error(
                403, QStringLiteral("forbidden"),
                QStringLiteral("a pipeline token files escalations and uploads media, nothing else"));
        return r.handle(reviewer, request, body, match);
    }
    return error(
        404, QStringLiteral("not_found"),
        QStringLiteral("no such resource: %1 %2").arg(QString::fromLatin1(request.method), request.path));
}

ApiResponse ServiceApi::enroll(const Reviewer &reviewer, const QJsonObject &body)
{
    const QByteArray publicKey = fromBase64Url(body.value(QStringLiteral("public_key")).toString());
    auto device = m_store.enroll(reviewer.name, publicKey);
    if (!device.ok())
        return error(device.error().code == QLatin1String("key_in_use") ? 409 : 400, device.error().code,
                     device.error().message);
    return json(200, {{QStringLiteral("device_id"), device->deviceId},
                      {QStringLiteral("key_id"), device->keyId},
                      {QStringLiteral("reviewer"), reviewer.name},
                      {QStringLiteral("role"), reviewer.role},
                      {QStringLiteral("service_public_key"), toBase64Url(m_store.signingKey().publicKey())}});
}

QByteArray ServiceApi::signServerTime(QByteArrayView nonce, qint64 nowMs) const
{
    auto signature = m_store.signingKey().sign(link::ServerClock::signedMessage(nonce, nowMs));
    return signature.ok() ? toBase64Url(signature.value()).toLatin1() : QByteArray();
}

ApiResponse ServiceApi::claim(const Reviewer &reviewer, const QJsonObject &body)
{
    const QString queue = body.value(QStringLiteral("queue")).toString();
    const int max = body.value(QStringLiteral("max")).toInt(0);
    const auto found = m_store.deviceById(body.value(QStringLiteral("device_id")).toString());
    if (!found.ok())
        return error(503, found.error().code, QStringLiteral("the device could not be looked up; retry"));
    const std::optional<Device> &device = found.value();
    if (queue != QLatin1String("escalations") && queue != QLatin1String("appeals"))
        return error(400, QStringLiteral("invalid_request"),
                     QStringLiteral("queue must be escalations or appeals"));
    if (max < 1 || max > m_options.maxClaim)
        return error(400, QStringLiteral("invalid_request"),
                     QStringLiteral("max must be between 1 and %1").arg(m_options.maxClaim));
    if (!canServe(reviewer, queue))
        return error(403, QStringLiteral("forbidden"),
                     QStringLiteral("role %1 cannot work the %2 queue").arg(reviewer.role, queue));
    if (!device || device->reviewer != reviewer.name)
        return error(403, QStringLiteral("unknown_device"), QStringLiteral("enroll this device first"));
    const QString requestId = body.value(QStringLiteral("request_id")).toString();
    if (requestId.size() > 64)
        return error(400, QStringLiteral("invalid_request"), QStringLiteral("request_id is too long"));
    auto leases =
        m_store.claimOnce(queue, device->deviceId, requestId, max, now(), m_options.leaseMs, reviewer.name);
    if (!leases.ok())
        return error(503, leases.error().code, leases.error().message);
    QJsonArray items;
    for (const Lease &lease : leases.value()) {
        items.append(QJsonObject{{QStringLiteral("lease_id"), lease.leaseId},
                                 {QStringLiteral("item_id"), lease.itemId},
                                 {QStringLiteral("expires_at_ms"), double(lease.expiresAtMs)},
                                 {QStringLiteral("first_claimed_at_ms"), double(lease.firstClaimedAtMs)},
                                 {QStringLiteral("last_claimed_at_ms"), double(lease.lastClaimedAtMs)},
                                 {QStringLiteral("claims"), lease.claims},
                                 {QStringLiteral("payload"), QJsonDocument::fromJson(lease.payload).object()},
                                 {QStringLiteral("payload_signature"), toBase64Url(lease.signature)}});
    }
    return json(200, {{QStringLiteral("leases"), items}});
}

ApiResponse ServiceApi::renewOrRelease(const Reviewer &reviewer, const QString &leaseId, bool renew,
                                       const QJsonObject &body)
{
    const auto found = m_store.deviceById(body.value(QStringLiteral("device_id")).toString());
    if (!found.ok())
        return error(503, found.error().code, QStringLiteral("the device could not be looked up; retry"));
    const std::optional<Device> &device = found.value();
    if (!device || device->reviewer != reviewer.name)
        return error(403, QStringLiteral("unknown_device"), QStringLiteral("enroll this device first"));
    if (renew) {
        auto expires = m_store.renew(leaseId, device->deviceId, now(), m_options.leaseMs);
        if (!expires.ok())
            return error(409, expires.error().code, expires.error().message);
        return json(200, {{QStringLiteral("lease_id"), leaseId},
                          {QStringLiteral("expires_at_ms"), double(expires.value())}});
    }
    const QString reason = body.value(QStringLiteral("reason")).toString();
    if (!reason.isEmpty() && !policyHasSkipReason(m_policy, reason))
        return error(400, QStringLiteral("invalid_reason"),
                     QStringLiteral("%1 is not a skip reason of the policy").arg(reason.left(64)));
    if (auto released = m_store.release(leaseId, device->deviceId, {reviewer.name, reason, now()});
        !released.ok())
        return error(409, released.error().code, released.error().message);
    return json(200, {{QStringLiteral("lease_id"), leaseId}, {QStringLiteral("released"), true}});
}

ApiResponse ServiceApi::media(const QString &sha256)
{
    const auto media = m_store.media(sha256);
    if (!media)
        return error(404, QStringLiteral("not_found"), QStringLiteral("no media with that hash"));
    return ApiResponse{200, media->second, media->first.toLatin1()};
}

ApiResponse ServiceApi::feed(const Reviewer &reviewer, const QUrlQuery &query)
{
    if (reviewer.role != QLatin1String("supervisor"))
        return error(403, QStringLiteral("forbidden"), QStringLiteral("the verdict feed is for supervisors"));
    const qint64 cursor = query.queryItemValue(QStringLiteral("cursor")).toLongLong();
    const int limit = qBound(1, query.queryItemValue(QStringLiteral("limit")).toInt(), 1000);
    auto verdicts = m_store.feed(cursor, query.hasQueryItem(QStringLiteral("limit")) ? limit : 100);
    if (!verdicts.ok())
        return error(503, verdicts.error().code, verdicts.error().message);
    QJsonArray items;
    qint64 next = cursor;
    for (const StoredVerdict &verdict : verdicts.value()) {
        QJsonObject entry{{QStringLiteral("seq"), double(verdict.seq)},
                          {QStringLiteral("verdict"), QString::fromUtf8(verdict.body)},
                          {QStringLiteral("signature"), toBase64Url(verdict.signature)},
                          {QStringLiteral("key_id"), verdict.keyId},
                          {QStringLiteral("device_public_key"), toBase64Url(verdict.devicePublicKey)},
                          {QStringLiteral("item"), QJsonDocument::fromJson(verdict.itemPayload).object()},
                          {QStringLiteral("item_signature"), toBase64Url(verdict.itemSignature)}};
        // The service's note, outside the signed bytes: a correction accepted later replaced this verdict.
        if (!verdict.supersededBy.isEmpty())
            entry.insert(QStringLiteral("superseded_by"), verdict.supersededBy);
        items.append(entry);
        next = verdict.seq;
    }
    return json(200, {{QStringLiteral("verdicts"), items}, {QStringLiteral("next_cursor"), double(next)}});
}

ApiResponse ServiceApi::conflicts(const Reviewer &reviewer, const QUrlQuery &query)
{
    if (reviewer.role != QLatin1String("supervisor"))
        return error(403, QStringLiteral("forbidden"), QStringLiteral("conflicts are for supervisors"));
    const qint64 cursor = query.queryItemValue(QStringLiteral("cursor")).toLongLong();
    auto rows = m_store.conflicts(cursor, 1000);
    if (!rows.ok())
        return error(503, rows.error().code, rows.error().message);
    QJsonArray items;
    qint64 next = cursor;
    for (const QJsonObject &row : rows.value()) {
        items.append(row);
        next = qint64(row.value(QStringLiteral("seq")).toDouble());
    }
    return json(200, {{QStringLiteral("conflicts"), items}, {QStringLiteral("next_cursor"), double(next)}});
}

} // namespace veil::service
