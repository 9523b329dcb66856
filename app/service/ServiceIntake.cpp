// ServiceApi's intake routes for a moderation pipeline: media by hash, then escalations in batches. The
// rules live in core (servicestore/EscalationIntake); this maps them to HTTP. docs/protocol.md, "Intake".
#include "ServiceApi.h"

#include "WebhookDispatcher.h"
#include "servicestore/EscalationIntake.h"
#include "servicestore/WebhookSubscriptions.h"

#include "common/Base64Url.h"
#include "crypto/Ed25519.h"

#include <QJsonArray>
#include <QLoggingCategory>

namespace veil::service {

Q_DECLARE_LOGGING_CATEGORY(lcService)

namespace {

ApiResponse notPipeline()
{
    return ServiceApi::error(403, QStringLiteral("forbidden"),
                             QStringLiteral("intake takes a pipeline token (token create --role pipeline)"));
}

} // namespace

bool ServiceApi::isIntakeRoute(const QByteArray &method, const QString &pattern)
{
    return (method == "PUT" && pattern.startsWith(QLatin1String("^/v1/media/"))) ||
           (method == "POST" && pattern == QLatin1String("^/v1/escalations$")) ||
           (method == "GET" && pattern == QLatin1String("^/v1/intake/verdicts$")) ||
           pattern == QLatin1String("^/v1/intake/webhook$");
}

ApiResponse ServiceApi::uploadMedia(const Reviewer &reviewer, const QString &sha256, const QByteArray &bytes)
{
    if (reviewer.role != QLatin1String("pipeline"))
        return notPipeline();
    auto uploaded = service::uploadMedia(m_store, sha256, bytes);
    if (!uploaded.ok()) {
        const QString &code = uploaded.error().code;
        const int status = code == QLatin1String("hash_mismatch")       ? 400
                           : code == QLatin1String("unsupported_media") ? 415
                           : code == QLatin1String("undecodable_media") ? 422
                                                                        : 503;
        return error(status, code, uploaded.error().message);
    }
    return json(uploaded->created ? 201 : 200, {{QStringLiteral("sha256"), uploaded->sha256},
                                                {QStringLiteral("mime"), uploaded->mime},
                                                {QStringLiteral("size"), double(uploaded->size)},
                                                {QStringLiteral("width"), uploaded->width},
                                                {QStringLiteral("height"), uploaded->height}});
}

ApiResponse ServiceApi::fileEscalations(const Reviewer &reviewer, const QJsonObject &body)
{
    if (reviewer.role != QLatin1String("pipeline"))
        return notPipeline();
    const QJsonValue list = body.value(QStringLiteral("escalations"));
    if (!list.isArray() || list.toArray().isEmpty() || list.toArray().size() > MaxEscalationsPerBatch)
        return error(
            400, QStringLiteral("bad_batch"),
            QStringLiteral("'escalations' must list 1 to %1 escalations").arg(MaxEscalationsPerBatch));
    // Each filing on its own (a savepoint each): one refused never takes the others with it; the batch is one
    // commit, not one fsync per filing.
    auto tx = store::Transaction::begin(m_store.database());
    if (!tx.ok())
        return error(503, tx.error().code, tx.error().message);
    QJsonArray results;
    int created = 0;
    for (const QJsonValue &entry : list.toArray()) {
        const QJsonObject filing = entry.toObject();
        QJsonObject result{{QStringLiteral("external_id"), filing.value(QStringLiteral("external_id"))}};
        auto filed = entry.isObject() ? fileEscalation(m_store, m_policy, reviewer.name, filing, now())
                                      : Result<IntakeAnswer>(makeError(QStringLiteral("invalid_escalation"),
                                                                       QStringLiteral("not a JSON object")));
        if (filed.ok()) {
            result.insert(QStringLiteral("status"),
                          filed->duplicate ? QStringLiteral("duplicate") : QStringLiteral("created"));
            result.insert(QStringLiteral("item_id"), filed->itemId);
            if (!filed->hashListMatches.isEmpty())
                result.insert(QStringLiteral("hash_list_matches"), toJson(filed->hashListMatches));
            created += filed->duplicate ? 0 : 1;
        } else {
            result.insert(QStringLiteral("status"), QStringLiteral("rejected"));
            result.insert(QStringLiteral("code"), filed.error().code);
            result.insert(QStringLiteral("message"), filed.error().message);
        }
        results.append(result);
    }
    if (auto committed = tx->commit(); !committed.ok())
        return error(503, committed.error().code, committed.error().message);
    if (created > 0)
        qCInfo(lcService) << reviewer.name << "filed" << created << "escalations";
    return json(200, {{QStringLiteral("results"), results}});
}

ApiResponse ServiceApi::deliverVerdicts(const Reviewer &reviewer, const QUrlQuery &query)
{
    if (reviewer.role != QLatin1String("pipeline"))
        return notPipeline();
    bool cursorOk = true, limitOk = true;
    const qint64 cursor = query.hasQueryItem(QStringLiteral("cursor"))
                              ? query.queryItemValue(QStringLiteral("cursor")).toLongLong(&cursorOk)
                              : 0;
    const int limit = query.hasQueryItem(QStringLiteral("limit"))
                          ? query.queryItemValue(QStringLiteral("limit")).toInt(&limitOk)
                          : 100;
    if (!cursorOk || !limitOk || cursor < 0 || limit < 1 || limit > MaxDeliveredPerPage)
        return error(
            400, QStringLiteral("invalid_request"),
            QStringLiteral("cursor is a number from 0, limit from 1 to %1").arg(MaxDeliveredPerPage));
    auto delivered = verdictsFor(m_store, reviewer.name, cursor, limit);
    if (!delivered.ok())
        return error(503, delivered.error().code, delivered.error().message);
    QJsonArray verdicts;
    qint64 next = cursor;
    for (const DeliveredVerdict &v : std::as_const(delivered.value())) {
        verdicts.append(toJson(v));
        next = v.seq;
    }
    return json(200, {{QStringLiteral("verdicts"), verdicts}, {QStringLiteral("next_cursor"), double(next)}});
}

ApiResponse ServiceApi::webhook(const Reviewer &reviewer, const QByteArray &method, const QJsonObject &body)
{
    if (reviewer.role != QLatin1String("pipeline"))
        return notPipeline();
    WebhookSubscriptions subscriptions(m_store);
    if (method == "PUT") {
        auto url = WebhookDispatcher::checkUrl(body.value(QStringLiteral("url")).toString());
        if (!url.ok())
            return error(400, url.error().code, url.error().message);
        const QJsonValue from = body.value(QStringLiteral("from_cursor"));
        if (!from.isUndefined() && (!from.isDouble() || from.toDouble() < 0 || from.toDouble() > 9e15 ||
                                    from.toDouble() != double(qint64(from.toDouble()))))
            return error(400, QStringLiteral("invalid_webhook"),
                         QStringLiteral("from_cursor: a whole number from 0 (a feed cursor)"));
        auto set = subscriptions.subscribe(reviewer.name, url->toString(QUrl::FullyEncoded),
                                           qint64(from.toDouble(0)));
        if (!set.ok())
            return error(503, set.error().code, set.error().message);
        qCInfo(lcService) << reviewer.name << "set a webhook to" << url->host();
    } else if (method == "DELETE") {
        if (auto removed = subscriptions.unsubscribe(reviewer.name); !removed.ok())
            return error(503, removed.error().code, removed.error().message);
    }
    auto found = subscriptions.find(reviewer.name);
    if (!found.ok())
        return error(503, found.error().code, found.error().message);
    QJsonValue hook; // null: none
    if (const std::optional<Webhook> &w = found.value())
        hook = QJsonObject{{QStringLiteral("url"), w->url},
                           {QStringLiteral("cursor"), double(w->cursor)},
                           {QStringLiteral("attempts"), w->attempts},
                           {QStringLiteral("next_attempt_at_ms"), double(w->nextAttemptAtMs)},
                           {QStringLiteral("last_error"), w->lastError},
                           {QStringLiteral("last_delivered_at_ms"), double(w->lastDeliveredAtMs)}};
    const QByteArray key = m_store.signingKey().publicKey();
    return json(200, {{QStringLiteral("webhook"), hook},
                      {QStringLiteral("service_public_key"), toBase64Url(key)},
                      {QStringLiteral("key_id"), crypto::ed25519::keyId(key)}});
}

} // namespace veil::service
