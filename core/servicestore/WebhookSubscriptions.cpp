#include "servicestore/WebhookSubscriptions.h"

#include "crypto/Random.h"

#include <algorithm>

namespace veil::service {

namespace {

#define VEIL_WEBHOOK_COLUMNS                                                                                 \
    "pipeline, url, cursor, attempts, next_attempt_at, last_error, last_delivered_at, generation"

Webhook webhookAt(const store::Statement &stmt)
{
    return Webhook{stmt.text(0),  stmt.text(1), stmt.int64(2), int(stmt.int64(3)),
                   stmt.int64(4), stmt.text(5), stmt.int64(6), stmt.text(7)};
}

} // namespace

Result<Webhook> WebhookSubscriptions::subscribe(const QString &pipeline, const QString &url,
                                                qint64 fromCursor)
{
    // A new URL is tried at once: the attempts and backoff of the old one do not carry over.
    VEIL_TRY(m_store.database().run(
        "INSERT INTO webhooks(pipeline, url, cursor, attempts, next_attempt_at, last_error, "
        "last_delivered_at, generation) "
        "VALUES (?, ?, ?, 0, 0, '', 0, ?) ON CONFLICT(pipeline) DO UPDATE SET url = excluded.url, attempts = "
        "0, "
        "next_attempt_at = 0, last_error = '', generation = excluded.generation",
        pipeline, url, std::max<qint64>(0, fromCursor), crypto::randomId()));
    auto found = find(pipeline);
    VEIL_TRY(found);
    return *found.value();
}

Result<void> WebhookSubscriptions::unsubscribe(const QString &pipeline)
{
    return m_store.database().run("DELETE FROM webhooks WHERE pipeline = ?", pipeline);
}

Result<std::optional<Webhook>> WebhookSubscriptions::find(const QString &pipeline)
{
    auto row = m_store.database().queryRow("SELECT " VEIL_WEBHOOK_COLUMNS " FROM webhooks WHERE pipeline = ?",
                                           pipeline);
    VEIL_TRY(row);
    if (!row.value())
        return std::optional<Webhook>();
    return std::optional<Webhook>(webhookAt(*row.value()));
}

Result<QList<Webhook>> WebhookSubscriptions::due(qint64 nowMs)
{
    auto stmt =
        m_store.database().prepare("SELECT " VEIL_WEBHOOK_COLUMNS " FROM webhooks WHERE next_attempt_at <= ? "
                                   // Only where a verdict came since (verdicts' primary key): the
                                   // dispatcher asks every second, and reading a pipeline's
                                   // verdicts and appeals to find none is the costly part.
                                   "AND cursor < (SELECT COALESCE(MAX(seq), 0) FROM verdicts) "
                                   "ORDER BY pipeline");
    VEIL_TRY(stmt);
    stmt->bind(1, nowMs);
    QList<Webhook> hooks;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return hooks;
        hooks.append(webhookAt(stmt.value()));
    }
}

Result<void> WebhookSubscriptions::acknowledged(const QString &pipeline, const QString &generation,
                                                qint64 cursor, qint64 nowMs)
{
    return m_store.database().run(
        "UPDATE webhooks SET cursor = CASE WHEN cursor > ?1 THEN cursor ELSE ?1 END, attempts = 0, "
        "next_attempt_at = 0, last_error = '', last_delivered_at = ?2 WHERE pipeline = ?3 AND generation = "
        "?4",
        cursor, nowMs, pipeline, generation);
}

Result<void> WebhookSubscriptions::failed(const QString &pipeline, const QString &generation,
                                          const QString &error, qint64 nextAttemptAtMs)
{
    return m_store.database().run("UPDATE webhooks SET attempts = attempts + 1, next_attempt_at = ?, "
                                  "last_error = ? WHERE pipeline = ? AND generation = ?",
                                  nextAttemptAtMs, error.left(200), pipeline, generation);
}

} // namespace veil::service
