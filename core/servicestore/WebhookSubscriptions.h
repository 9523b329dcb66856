// Where a pipeline wants its verdicts pushed: one webhook URL per pipeline, with the delivery cursor (the
// last verdict's seq the receiver acknowledged with a 2xx) and the state of retries. Delivery is at least
// once: the cursor moves only after an acknowledgement, so a crash between the POST and the answer sends
// the same verdicts again (receivers drop repeats by verdict id). Owns the `webhooks` table; the sender is
// the service's WebhookDispatcher.
#pragma once

#include "servicestore/ServiceStore.h"

#include <optional>

namespace veil::service {

struct Webhook
{
    QString pipeline;
    QString url;
    qint64 cursor = 0;          // verdicts up to this seq were acknowledged
    int attempts = 0;           // failed attempts since the last acknowledgement
    qint64 nextAttemptAtMs = 0; // no POST before this (backoff after a failure)
    QString lastError;          // the last failure, for the operator and the pipeline; empty after a success
    qint64 lastDeliveredAtMs = 0;
    QString generation; // new on every PUT: an answer to a POST made for an earlier one moves nothing
};

class WebhookSubscriptions
{
public:
    explicit WebhookSubscriptions(ServiceStore &store) : m_store(store) {}

    // Sets (or replaces) a pipeline's URL; a replaced URL keeps the cursor, so nothing is sent twice on
    // purpose and nothing is skipped; a new subscription starts at `fromCursor`.
    Result<Webhook> subscribe(const QString &pipeline, const QString &url, qint64 fromCursor);
    // Ends the subscription (the pipeline can still poll GET /v1/intake/verdicts).
    Result<void> unsubscribe(const QString &pipeline);
    Result<std::optional<Webhook>> find(const QString &pipeline);
    // Every subscription whose next attempt is due and behind the newest accepted verdict.
    Result<QList<Webhook>> due(qint64 nowMs);
    // The receiver acknowledged everything up to `cursor` for the subscription `generation`. A cursor
    // behind the stored one changes nothing (an acknowledgement that crossed a newer one), and neither does
    // one for a subscription the pipeline replaced or removed and set again since the POST left (even to the
    // same URL, e.g. to replay from an earlier cursor).
    Result<void> acknowledged(const QString &pipeline, const QString &generation, qint64 cursor,
                              qint64 nowMs);
    // An attempt for subscription `generation` failed: counted, with its reason, and no new one before
    // `nextAttemptAtMs`; a subscription set again meanwhile is not charged with the old one's failure.
    Result<void> failed(const QString &pipeline, const QString &generation, const QString &error,
                        qint64 nextAttemptAtMs);

private:
    ServiceStore &m_store;
};

} // namespace veil::service
