#include "WebhookDispatcher.h"

#include "common/Base64Url.h"
#include "crypto/Ed25519.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QNetworkReply>
#include <QRandomGenerator>

#include <algorithm>

namespace veil::service {

Q_LOGGING_CATEGORY(lcWebhooks, "veil.service.webhooks")

WebhookDispatcher::WebhookDispatcher(ServiceStore &store, Options options, QObject *parent)
    : QObject(parent), m_store(store), m_subscriptions(store), m_options(options),
      m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    // No cookies, no cache, no redirects: every POST stands alone.
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    connect(&m_timer, &QTimer::timeout, this, &WebhookDispatcher::tick);
}

void WebhookDispatcher::start()
{
    m_timer.start(m_options.tickMs);
}

QByteArray WebhookDispatcher::signedMessage(QByteArrayView timestamp, QByteArrayView body)
{
    return QByteArrayLiteral("veil.webhook.v1\n") + timestamp.toByteArray() + '\n' + body.toByteArray();
}

Result<QUrl> WebhookDispatcher::checkUrl(const QString &text)
{
    const auto invalid = [](const QString &rule) {
        return makeError(QStringLiteral("invalid_webhook"), rule);
    };
    if (text.isEmpty() || text.size() > 2048)
        return invalid(QStringLiteral("url: 1 to 2,048 characters"));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return invalid(QStringLiteral("url: an absolute http(s) URL with a host"));
    if (!url.userInfo().isEmpty() || url.hasFragment())
        return invalid(QStringLiteral("url: no user, password or fragment"));
    const QString scheme = url.scheme();
    if (scheme == QLatin1String("https"))
        return url;
    const QHostAddress address(url.host());
    const bool loopback =
        url.host() == QLatin1String("localhost") || (!address.isNull() && address.isLoopback());
    if (scheme == QLatin1String("http") && loopback)
        return url;
    return invalid(QStringLiteral("url: https, or http to a loopback address only (verdicts are not sent in "
                                  "the clear across a network)"));
}

qint64 WebhookDispatcher::retryDelay(int attempts) const
{
    const int doublings = std::clamp(attempts - 1, 0, 30);
    return std::min(m_options.maxRetryMs, m_options.firstRetryMs << doublings);
}

void WebhookDispatcher::tick()
{
    const qint64 now = m_clock();
    auto due = m_subscriptions.due(now);
    if (!due.ok()) {
        qCWarning(lcWebhooks) << "cannot read subscriptions:" << due.error().code;
        return;
    }
    for (const Webhook &hook : std::as_const(due.value())) {
        if (m_inFlight.contains(hook.pipeline))
            continue;
        auto verdicts = verdictsFor(m_store, hook.pipeline, hook.cursor, m_options.batch);
        if (!verdicts.ok()) {
            qCWarning(lcWebhooks) << "cannot read verdicts for" << hook.pipeline << verdicts.error().code;
            continue;
        }
        if (!verdicts->isEmpty())
            send(hook, verdicts.value());
    }
}

void WebhookDispatcher::send(const Webhook &hook, const QList<DeliveredVerdict> &verdicts)
{
    // Checked again here: a row written by an older service or by hand is not trusted either.
    auto url = checkUrl(hook.url);
    if (!url.ok()) {
        (void)m_subscriptions.failed(hook.pipeline, url.error().message,
                                     m_clock() + retryDelay(hook.attempts + 1));
        emit failed(hook.pipeline, url.error().message);
        return;
    }
    QJsonArray entries;
    for (const DeliveredVerdict &v : verdicts)
        entries.append(toJson(v));
    const qint64 cursor = verdicts.constLast().seq;
    const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("veil.webhook.v1")},
                                  {QStringLiteral("pipeline"), hook.pipeline},
                                  {QStringLiteral("verdicts"), entries},
                                  {QStringLiteral("next_cursor"), double(cursor)}})
            .toJson(QJsonDocument::Compact);
    const QByteArray timestamp = QByteArray::number(m_clock());
    auto signature = m_store.signingKey().sign(signedMessage(timestamp, body));
    if (!signature.ok()) {
        qCWarning(lcWebhooks) << "cannot sign a webhook:" << signature.error().code;
        return;
    }
    QNetworkRequest request(url.value());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(TimestampHeader, timestamp);
    request.setRawHeader(SignatureHeader, toBase64Url(signature.value()).toLatin1());
    request.setRawHeader(KeyIdHeader, crypto::ed25519::keyId(m_store.signingKey().publicKey()).toLatin1());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setTransferTimeout(m_options.timeoutMs);

    m_inFlight.insert(hook.pipeline);
    QNetworkReply *reply = m_network.post(request, body);
    const QString pipeline = hook.pipeline;
    const int attempts = hook.attempts;
    const int count = int(verdicts.size());
    const qint64 maxAnswer = m_options.maxAnswerBytes;
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, maxAnswer](qint64 received, qint64) {
        if (received > maxAnswer)
            reply->abort();
    });
    // The whole exchange within timeoutMs: the transfer timeout alone lets a receiver that trickles a byte
    // now and then hold the pipeline's one POST open for ever.
    QTimer::singleShot(m_options.timeoutMs, reply, [reply] { reply->abort(); });
    connect(reply, &QNetworkReply::finished, this, [this, reply, pipeline, attempts, count, cursor] {
        reply->deleteLater();
        m_inFlight.remove(pipeline);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // A 2xx whose answer was cut off (too long, too slow) is no acknowledgement.
        const bool whole = reply->error() == QNetworkReply::NoError;
        if (whole && status >= 200 && status < 300) {
            if (auto acked = m_subscriptions.acknowledged(pipeline, cursor, m_clock()); !acked.ok()) {
                qCWarning(lcWebhooks) << "cannot keep the cursor of" << pipeline << acked.error().code;
                return;
            }
            emit delivered(pipeline, count, cursor);
            tick(); // more may be waiting: no need to wait for the timer
            return;
        }
        const QString reason =
            status >= 300 && status < 400 ? QStringLiteral("HTTP %1: redirects are not followed").arg(status)
            : status >= 300 // a 2xx here was cut off: no answer
                ? QStringLiteral("HTTP %1").arg(status)
                // The error's name, not its text: that can quote the URL.
                : QStringLiteral("no answer: %1")
                      .arg(QLatin1String(
                          QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(reply->error())));
        // A little jitter, so receivers that came back together are not hit together.
        const qint64 wait = retryDelay(attempts + 1);
        const qint64 next =
            m_clock() + wait + QRandomGenerator::global()->bounded(qMax<qint64>(1, wait / 10));
        (void)m_subscriptions.failed(pipeline, reason, next);
        qCWarning(lcWebhooks) << "webhook of" << pipeline << "failed (" << reason << "); attempt"
                              << attempts + 1 << ", next in" << (next - m_clock()) << "ms";
        emit failed(pipeline, reason);
    });
}

} // namespace veil::service
