#include "WebhookDispatcher.h"

#include "common/Base64Url.h"
#include "crypto/Ed25519.h"

#include <QDateTime>
#include <QHostAddress>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QNetworkProxy>
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
    // Straight to the address that was checked: a proxy from the environment would connect elsewhere.
    m_network.setProxy(QNetworkProxy::NoProxy);
    connect(&m_timer, &QTimer::timeout, this, &WebhookDispatcher::tick);
}

WebhookDispatcher::~WebhookDispatcher()
{
    // The members go before QObject's own destructor cuts the connections: a reply torn down with the
    // network access manager must not reach a half-destroyed dispatcher.
    m_timer.stop();
    const auto replies = m_network.findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : replies)
        reply->disconnect(this);
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

bool WebhookDispatcher::allowedAddress(const QHostAddress &given, bool privateAddresses)
{
    if (given.isNull())
        return false;
    if (privateAddresses)
        return true;
    bool v4 = false;
    const quint32 a = given.toIPv4Address(&v4); // an IPv4-mapped IPv6 address too
    if (v4) {
        const auto in = [a](quint32 net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
        // "This network", private, shared (CGNAT), loopback, link-local (cloud metadata), IETF, the three
        // documentation nets, benchmarking, multicast, reserved and broadcast.
        return !(in(0x00000000, 8) || in(0x0a000000, 8) || in(0x64400000, 10) || in(0x7f000000, 8) ||
                 in(0xa9fe0000, 16) || in(0xac100000, 12) || in(0xc0000000, 24) || in(0xc0000200, 24) ||
                 in(0xc0a80000, 16) || in(0xc6120000, 15) || in(0xc6336400, 24) || in(0xcb007100, 24) ||
                 in(0xe0000000, 4) || in(0xf0000000, 4));
    }
    if (given.protocol() != QAbstractSocket::IPv6Protocol)
        return false;
    // Global unicast (2000::/3) only, less documentation (2001:db8::/32), Teredo (2001::/32) and 6to4
    // (2002::/16), which carry IPv4 addresses inside; loopback, link-local, unique-local and multicast
    // all lie outside 2000::/3.
    const Q_IPV6ADDR b = given.toIPv6Address();
    if ((b[0] & 0xe0) != 0x20)
        return false;
    const bool documentation = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8;
    const bool teredo = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00;
    const bool sixToFour = b[0] == 0x20 && b[1] == 0x02;
    return !documentation && !teredo && !sixToFour;
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

void WebhookDispatcher::fail(const Webhook &hook, const QString &reason)
{
    // A little jitter, so receivers that came back together are not hit together.
    const qint64 wait = retryDelay(hook.attempts + 1);
    const qint64 next = m_clock() + wait + QRandomGenerator::global()->bounded(qMax<qint64>(1, wait / 10));
    (void)m_subscriptions.failed(hook.pipeline, hook.generation, reason, next);
    qCWarning(lcWebhooks) << "webhook of" << hook.pipeline << "failed (" << reason << "); attempt"
                          << hook.attempts + 1 << ", next in" << (next - m_clock()) << "ms";
    emit failed(hook.pipeline, reason);
}

void WebhookDispatcher::send(const Webhook &hook, const QList<DeliveredVerdict> &verdicts)
{
    // Checked again here: a row written by an older service or by hand is not trusted either.
    auto url = checkUrl(hook.url);
    if (!url.ok()) {
        fail(hook, url.error().message);
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
    const int count = int(verdicts.size());
    m_inFlight.insert(hook.pipeline);
    // Every address the name has must be allowed (a name that also points inside is refused whole), and
    // the POST goes to the address checked, not to a second lookup that could answer otherwise.
    const auto resolved = [this, hook, target = url.value(), body, count,
                           cursor](QList<QHostAddress> addresses) {
        const bool allowed = !addresses.isEmpty() &&
                             std::all_of(addresses.cbegin(), addresses.cend(), [this](const QHostAddress &a) {
                                 return allowedAddress(a, m_options.privateAddresses);
                             });
        if (!allowed) {
            m_inFlight.remove(hook.pipeline);
            fail(hook, addresses.isEmpty()
                           ? QStringLiteral("no answer: the host name does not resolve")
                           : QStringLiteral("refused: the host has a loopback, private or link-local address "
                                            "(only an operator can allow these)"));
            return;
        }
        std::stable_partition(addresses.begin(), addresses.end(), [](const QHostAddress &a) {
            return a.protocol() == QAbstractSocket::IPv4Protocol;
        });
        post(hook, target, addresses.constFirst(), body, count, cursor);
    };
    const QHostAddress literal(url->host());
    if (!literal.isNull()) {
        resolved({literal});
        return;
    }
    QHostInfo::lookupHost(url->host(), this, [resolved](const QHostInfo &info) {
        resolved(info.error() == QHostInfo::NoError ? info.addresses() : QList<QHostAddress>());
    });
}

void WebhookDispatcher::post(const Webhook &hook, const QUrl &url, const QHostAddress &address,
                             const QByteArray &body, int count, qint64 cursor)
{
    const QByteArray timestamp = QByteArray::number(m_clock());
    auto signature = m_store.signingKey().sign(signedMessage(timestamp, body));
    if (!signature.ok()) {
        m_inFlight.remove(hook.pipeline);
        qCWarning(lcWebhooks) << "cannot sign a webhook:" << signature.error().code;
        return;
    }
    QUrl target = url;
    target.setHost(address.toString());
    QNetworkRequest request(target);
    // The receiver still sees (and, over TLS, proves) the name the pipeline gave.
    request.setRawHeader("Host", url.authority(QUrl::FullyEncoded).toLatin1());
    request.setPeerVerifyName(url.host());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(TimestampHeader, timestamp);
    request.setRawHeader(SignatureHeader, toBase64Url(signature.value()).toLatin1());
    request.setRawHeader(KeyIdHeader, crypto::ed25519::keyId(m_store.signingKey().publicKey()).toLatin1());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    // HTTP/1.1 only: HTTP/2 would name the address, not the host, as the request's authority.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(m_options.timeoutMs);

    QNetworkReply *reply = m_network.post(request, body);
    const qint64 maxAnswer = m_options.maxAnswerBytes;
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, maxAnswer](qint64 received, qint64) {
        if (received > maxAnswer)
            reply->abort();
    });
    // The whole exchange within timeoutMs: the transfer timeout alone lets a receiver that trickles a byte
    // now and then hold the pipeline's one POST open for ever.
    QTimer::singleShot(m_options.timeoutMs, reply, [reply] { reply->abort(); });
    connect(reply, &QNetworkReply::finished, this, [this, reply, hook, count, cursor] {
        reply->deleteLater();
        m_inFlight.remove(hook.pipeline);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // A 2xx whose answer was cut off (too long, too slow) is no acknowledgement.
        const bool whole = reply->error() == QNetworkReply::NoError;
        if (whole && status >= 200 && status < 300) {
            // Only for the subscription it was made for: one set again meanwhile keeps its own cursor.
            if (auto acked = m_subscriptions.acknowledged(hook.pipeline, hook.generation, cursor, m_clock());
                !acked.ok()) {
                qCWarning(lcWebhooks) << "cannot keep the cursor of" << hook.pipeline << acked.error().code;
                return;
            }
            emit delivered(hook.pipeline, count, cursor);
            tick(); // more may be waiting: no need to wait for the timer
            return;
        }
        fail(hook,
             status >= 300 && status < 400 ? QStringLiteral("HTTP %1: redirects are not followed").arg(status)
             : status >= 300 // a 2xx here was cut off: no answer
                 ? QStringLiteral("HTTP %1").arg(status)
                 // The error's name, not its text: that can quote the URL.
                 : QStringLiteral("no answer: %1")
                       .arg(QLatin1String(
                           QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(reply->error()))));
    });
}

} // namespace veil::service
