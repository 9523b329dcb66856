// Pushes verdicts to the pipelines that asked for them (PUT /v1/intake/webhook): each due subscription gets
// the verdicts after its cursor, a batch per POST, signed by the service's Ed25519 key so the receiver
// knows the service sent them and when. The cursor moves only on a 2xx, so delivery is at least once
// (receivers drop repeats by verdict_id); a failure is retried with exponential backoff. Redirects are not
// followed and answers are not read beyond a small limit: the receiver is somebody else's server.
// docs/protocol.md, "Webhooks".
#pragma once

#include "servicestore/EscalationIntake.h"
#include "servicestore/WebhookSubscriptions.h"

#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUrl>

#include <functional>

namespace veil::service {

class WebhookDispatcher : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int batch = 100;                    // verdicts per POST
        int tickMs = 1000;                  // how often due subscriptions are looked at
        qint64 firstRetryMs = 2000;         // after the first failure; doubled after each next one
        qint64 maxRetryMs = 15 * 60 * 1000; // the longest wait between attempts
        int timeoutMs = 10000;              // a receiver that has not answered by then failed
        qint64 maxAnswerBytes = 64 * 1024;  // a larger answer is cut off: a failed attempt
        // Loopback, private, link-local and other non-public addresses are refused unless the operator
        // allows them (veil-service --webhooks-to-private-addresses): a pipeline token must not turn the
        // service into a prober of its own network (SSRF).
        bool privateAddresses = false;
    };
    static constexpr char TimestampHeader[] = "X-Veil-Timestamp";
    static constexpr char SignatureHeader[] = "X-Veil-Signature";
    static constexpr char KeyIdHeader[] = "X-Veil-Key-Id";

    WebhookDispatcher(ServiceStore &store, Options options, QObject *parent = nullptr);
    ~WebhookDispatcher() override;
    // The clock (Unix ms) that stamps each POST and times the backoff.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    // Looks at due subscriptions every tickMs from now on.
    void start();
    // One round: a POST to each due subscription with verdicts waiting and none in flight.
    void tick();

    // What the service signs for a POST: the domain, the timestamp header's value and the body exactly.
    static QByteArray signedMessage(QByteArrayView timestamp, QByteArrayView body);
    // A URL a webhook may have: https, or http to a loopback address (verdicts are not sent in the clear
    // across a network); a host, no user or password, no fragment, at most 2,048 characters. Error
    // "invalid_webhook" with the rule.
    static Result<QUrl> checkUrl(const QString &url);
    // Whether a POST may go to `address`: a public unicast address, or any when `privateAddresses`.
    static bool allowedAddress(const QHostAddress &address, bool privateAddresses);
    // The wait after a subscription's `attempts`-th failure in a row (1 for the first).
    qint64 retryDelay(int attempts) const;

signals:
    // A batch was acknowledged (count verdicts, up to cursor) or an attempt failed (why): for tests and logs.
    void delivered(const QString &pipeline, int count, qint64 cursor);
    void failed(const QString &pipeline, const QString &reason);

private:
    void send(const Webhook &hook, const QList<DeliveredVerdict> &verdicts);
    // The POST itself, to the address `url`'s host resolved to and was checked against.
    void post(const Webhook &hook, const QUrl &url, const QHostAddress &address, const QByteArray &body,
              int count, qint64 cursor);
    void fail(const Webhook &hook, const QString &reason);

    ServiceStore &m_store;
    WebhookSubscriptions m_subscriptions;
    Options m_options;
    std::function<qint64()> m_clock;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    QSet<QString> m_inFlight; // pipelines with a POST on its way: one at a time each, in cursor order
};

} // namespace veil::service
