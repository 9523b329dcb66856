#include "sync/ServiceClient.h"

#include "common/Base64Url.h"
#include "common/Log.h"
#include "crypto/Sha256.h"

#include <QDateTime>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QSslKey>
#include <QTimer>

namespace veil::sync {

namespace {

bool isLoopback(const QUrl &url)
{
    const QString host = url.host();
    return host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
}

QByteArray newNonce()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return toBase64Url(QByteArray(reinterpret_cast<const char *>(words), sizeof words)).toLatin1();
}

// Qt's errors that mean the bytes stopped coming (network layer, proxy, protocol), as opposed to the
// errors it derives from an HTTP status.
bool isTransportError(QNetworkReply::NetworkError error)
{
    // (Not UnknownContentError: Qt gives it for any 4xx status it has no name for, 422 included.)
    return (error > QNetworkReply::NoError && error < QNetworkReply::ContentAccessDenied) ||
           (error >= QNetworkReply::ProtocolUnknownError && error <= QNetworkReply::ProtocolFailure);
}

Error failureError(const QString &failure, const QString &path)
{
    struct Known
    {
        const char *failure, *code, *message;
    };
    static constexpr Known known[] = {
        {"too_large", "response_too_large", "the service's answer is too large"},
        {"pin", "pin_mismatch", "the service's certificate key is not the pinned one; nothing was sent"},
        {"untrusted", "tls_untrusted", "the service's certificate is not trusted (pin it with --pin)"},
        {"encoding", "response_undecodable", "the service's answer is compressed; Veil accepts none"},
        {"too_slow", "response_too_slow", "the service's answer came too slowly"},
        {"round", "round_deadline", "the sync round's time ran out"},
        {"deadline", "response_timeout", "no whole answer in time"},
    };
    for (const Known &k : known) {
        if (failure == QLatin1String(k.failure))
            return makeError(QString::fromLatin1(k.code), QString::fromLatin1(k.message) +
                                                              QStringLiteral(" (") + path.left(80) +
                                                              QLatin1Char(')'));
    }
    return makeError(QStringLiteral("network"), failure);
}

} // namespace

ServiceClient::ServiceClient(QUrl base, QByteArray token, Options options)
    : m_base(std::move(base)), m_token(std::move(token)), m_options(std::move(options)),
      m_clock(0, m_options.maxClockSkewMs)
{
    m_nam.setCache(nullptr);
    // Never followed: a redirect would carry the bearer token to another address, past the "https or
    // loopback" rule checked on the service's own URL.
    m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

bool ServiceClient::isRetryable(const Error &error)
{
    static const QStringList codes{QStringLiteral("network"),
                                   QStringLiteral("server_error"),
                                   QStringLiteral("response_timeout"),
                                   QStringLiteral("response_too_slow"),
                                   QStringLiteral("response_truncated"),
                                   QStringLiteral("round_deadline")};
    return codes.contains(error.code);
}

bool ServiceClient::isTransportFailure(const Error &error)
{
    return isRetryable(error) || error.code == QLatin1String("response_undecodable") ||
           error.code == QLatin1String("response_not_json");
}

Result<HttpResult> ServiceClient::get(const QString &path)
{
    return send(path, nullptr);
}

Result<HttpResult> ServiceClient::post(const QString &path, const QJsonObject &body)
{
    const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return send(path, &bytes);
}

Result<void> ServiceClient::observeServerTime(const QByteArray &key)
{
    return m_clock.observe(m_lastTime.time, m_lastTime.signature, m_lastTime.nonce, key,
                           QDateTime::currentMSecsSinceEpoch());
}

Result<HttpResult> ServiceClient::send(const QString &path, const QByteArray *body)
{
    const QUrl url = m_base.resolved(QUrl(path));
    if (url.scheme() != QLatin1String("https") && !(url.scheme() == QLatin1String("http") && isLoopback(url)))
        return makeError(
            QStringLiteral("insecure_url"),
            QStringLiteral("%1: plain HTTP is allowed only on loopback; use https").arg(url.host()));
    if (m_roundDeadline.hasExpired())
        return failureError(QStringLiteral("round"), path);
    const QByteArray nonce = newNonce();
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    // Set by hand, so Qt neither asks for nor inflates compressed bodies.
    request.setRawHeader("Accept-Encoding", "identity");
    request.setRawHeader("X-Veil-Nonce", nonce);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(m_options.idleTimeoutMs);
    QNetworkReply *reply = body ? m_nam.post(request, *body) : m_nam.get(request);
    // Qt holds at most this much unread; the loop below drains it and counts every byte against the cap.
    reply->setReadBufferSize(256 * 1024);

    QString failure;
    QByteArray received;
    const auto fail = [&](const QString &why) {
        if (failure.isEmpty())
            failure = why;
        reply->abort();
    };
    const auto drain = [&] {
        received += reply->readAll();
        if (received.size() > m_options.maxResponseBytes)
            fail(QStringLiteral("too_large"));
    };
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    deadline.setTimerType(Qt::PreciseTimer); // a coarse timer may fire early, and the round go on past it
    const bool roundFirst =
        m_roundDeadline.remainingTime() >= 0 && m_roundDeadline.remainingTime() < m_options.deadlineMs;
    QObject::connect(&deadline, &QTimer::timeout, reply,
                     [&] { fail(roundFirst ? QStringLiteral("round") : QStringLiteral("deadline")); });
    QTimer rate;
    qint64 windowStart = 0;
    QObject::connect(&rate, &QTimer::timeout, reply, [&] {
        if (received.size() - windowStart < m_options.minBytesPerSecond * m_options.rateWindowMs / 1000)
            fail(QStringLiteral("too_slow"));
        windowStart = received.size();
    });
    QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [&] {
        const QByteArray encoding = reply->rawHeader("Content-Encoding").trimmed().toLower();
        if (!encoding.isEmpty() && encoding != "identity")
            fail(QStringLiteral("encoding"));
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > m_options.maxResponseBytes)
            fail(QStringLiteral("too_large"));
        if (!rate.isActive())
            rate.start(m_options.rateWindowMs);
    });
    QObject::connect(reply, &QNetworkReply::readyRead, reply, drain);
    const auto presentedKeyIsPinned = [&] {
        const QByteArray der = reply->sslConfiguration().peerCertificate().publicKey().toDer();
        return crypto::sha256(der) == m_options.pinnedPublicKeySha256;
    };
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [&](const QList<QSslError> &errors) {
        // A pinned key is trusted on its own (a self-signed service certificate): certificate errors are
        // ignored only when the presented key is exactly the pinned one.
        if (m_options.pinnedPublicKeySha256.isEmpty())
            failure = QStringLiteral("untrusted");
        else if (presentedKeyIsPinned())
            reply->ignoreSslErrors(errors);
        else
            fail(QStringLiteral("pin"));
    });
    QObject::connect(reply, &QNetworkReply::encrypted, reply, [&] {
        if (!m_options.pinnedPublicKeySha256.isEmpty() && !presentedKeyIsPinned())
            fail(QStringLiteral("pin"));
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    deadline.start(roundFirst ? int(m_roundDeadline.remainingTime()) : m_options.deadlineMs);
    loop.exec();
    reply->deleteLater();
    if (failure.isEmpty())
        drain();

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!failure.isEmpty()) {
        qCInfo(lcSync) << "request failed:" << path.left(80) << failure;
        return failureError(failure, path);
    }
    if (status == 0) {
        qCInfo(lcSync) << "request failed:" << path.left(80) << reply->error();
        return makeError(QStringLiteral("network"), reply->errorString());
    }
    // Qt's idle timeout (setTransferTimeout) ends a stalled transfer as "canceled".
    if (reply->error() == QNetworkReply::OperationCanceledError)
        return failureError(QStringLiteral("deadline"), path);
    // A status line arrived, then the connection failed or was cut: what came is not the answer. (An error
    // status stays the service's answer: it may close while a refused body is still being sent.)
    if (isTransportError(reply->error()) && status < 300)
        return makeError(QStringLiteral("response_truncated"),
                         QStringLiteral("the service's answer to %1 was cut off (%2)")
                             .arg(path.left(80), reply->errorString()));
    // Not from media downloads: content-addressed bytes say nothing of time that the API calls around them do
    // not, and checking a signature per file was a twentieth of ingest's CPU.
    if (!path.startsWith(QLatin1String("/v1/media/"))) {
        m_lastTime = {reply->rawHeader("X-Veil-Server-Time-Ms"),
                      reply->rawHeader("X-Veil-Server-Time-Signature"), nonce};
        if (!m_serviceKey.isEmpty()) {
            if (auto observed = observeServerTime(m_serviceKey); !observed.ok())
                qCInfo(lcSync) << "server time not taken:" << observed.error().code;
        }
    }
    return interpret(path, status,
                     {status, received, {}, reply->header(QNetworkRequest::ContentTypeHeader).toByteArray()});
}

Result<HttpResult> ServiceClient::interpret(const QString &path, int status, HttpResult result)
{
    if (status >= 300 && status < 400)
        return makeError(QStringLiteral("redirect_refused"),
                         QStringLiteral("the service answered %1 (a redirect) to %2; Veil talks to the "
                                        "service's own address only and follows no redirect")
                             .arg(status)
                             .arg(path.left(80)));
    if (status >= 500)
        return makeError(QStringLiteral("server_error"),
                         QStringLiteral("the service answered %1").arg(status));
    const bool media = path.startsWith(QLatin1String("/v1/media/"));
    if (result.contentType.startsWith("application/json") || (status < 300 && !media)) {
        QJsonParseError parsed{};
        const QJsonDocument document = QJsonDocument::fromJson(result.body, &parsed);
        if (parsed.error != QJsonParseError::NoError || !document.isObject()) {
            if (status < 300)
                return makeError(QStringLiteral("response_not_json"),
                                 QStringLiteral("the service's answer to %1 is not a JSON object (%2)")
                                     .arg(path.left(80), parsed.error != QJsonParseError::NoError
                                                             ? parsed.errorString()
                                                             : QStringLiteral("not an object")));
        } else {
            result.json = document.object();
        }
    }
    if (status >= 400) {
        const QJsonObject error = result.json.value(QStringLiteral("error")).toObject();
        const QString code = error.value(QStringLiteral("code")).toString();
        return makeError(
            code.isEmpty() ? QStringLiteral("http_%1").arg(status) : code.left(64),
            error.value(QStringLiteral("message")).toString(QStringLiteral("HTTP %1").arg(status)).left(500));
    }
    return result;
}

} // namespace veil::sync
