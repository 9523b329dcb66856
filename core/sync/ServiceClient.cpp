#include "sync/ServiceClient.h"

#include "common/Log.h"
#include "crypto/Sha256.h"

#include <QDateTime>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkReply>
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

} // namespace

ServiceClient::ServiceClient(QUrl base, QByteArray token, Options options)
    : m_base(std::move(base)), m_token(std::move(token)), m_options(std::move(options))
{
    m_nam.setCache(nullptr);
    // Never followed: a redirect would carry the bearer token to another address, past the "https or
    // loopback" rule checked on the service's own URL.
    m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

bool ServiceClient::isRetryable(const Error &error)
{
    return error.code == QLatin1String("network") || error.code == QLatin1String("server_error");
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

Result<HttpResult> ServiceClient::send(const QString &path, const QByteArray *body)
{
    const QUrl url = m_base.resolved(QUrl(path));
    if (url.scheme() != QLatin1String("https") && !(url.scheme() == QLatin1String("http") && isLoopback(url)))
        return makeError(
            QStringLiteral("insecure_url"),
            QStringLiteral("%1: plain HTTP is allowed only on loopback; use https").arg(url.host()));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(m_options.idleTimeoutMs);
    QNetworkReply *reply = body ? m_nam.post(request, *body) : m_nam.get(request);

    QString failure;
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, reply, [&] {
        failure = QStringLiteral("deadline");
        reply->abort();
    });
    QObject::connect(reply, &QNetworkReply::downloadProgress, reply, [&](qint64 received, qint64) {
        if (received > m_options.maxResponseBytes) {
            failure = QStringLiteral("too_large");
            reply->abort();
        }
    });
    if (!m_options.pinnedPublicKeySha256.isEmpty()) {
        // A pinned key is trusted on its own (a self-signed service certificate): certificate errors are
        // ignored only when the presented key is exactly the pinned one.
        QObject::connect(reply, &QNetworkReply::sslErrors, reply, [&](const QList<QSslError> &errors) {
            const QByteArray der = reply->sslConfiguration().peerCertificate().publicKey().toDer();
            if (crypto::sha256(der) == m_options.pinnedPublicKeySha256)
                reply->ignoreSslErrors(errors);
        });
        QObject::connect(reply, &QNetworkReply::encrypted, reply, [&] {
            const QByteArray der = reply->sslConfiguration().peerCertificate().publicKey().toDer();
            if (crypto::sha256(der) != m_options.pinnedPublicKeySha256) {
                failure = QStringLiteral("pin");
                reply->abort();
            }
        });
    }
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    deadline.start(m_options.deadlineMs);
    loop.exec();
    reply->deleteLater();

    if (failure == QLatin1String("too_large"))
        return makeError(QStringLiteral("response_too_large"),
                         QStringLiteral("the service's answer is too large"));
    if (failure == QLatin1String("pin"))
        return makeError(QStringLiteral("pin_mismatch"),
                         QStringLiteral("the service's certificate key is not the pinned one"));
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300 && status < 400 && failure.isEmpty())
        return makeError(QStringLiteral("redirect_refused"),
                         QStringLiteral("the service answered %1 (a redirect) to %2; Veil talks to the "
                                        "service's own address only and follows no redirect")
                             .arg(status)
                             .arg(path));
    if (status == 0 || !failure.isEmpty()) {
        qCInfo(lcSync) << "request failed:" << path << reply->error();
        return makeError(QStringLiteral("network"), failure.isEmpty()
                                                        ? reply->errorString()
                                                        : QStringLiteral("no answer before the deadline"));
    }
    const QByteArray serverTime = reply->rawHeader("X-Veil-Server-Time-Ms");
    if (!serverTime.isEmpty())
        m_clockOffsetMs = serverTime.toLongLong() - QDateTime::currentMSecsSinceEpoch();
    HttpResult result{
        status, reply->readAll(), {}, reply->header(QNetworkRequest::ContentTypeHeader).toByteArray()};
    if (result.body.size() > m_options.maxResponseBytes)
        return makeError(QStringLiteral("response_too_large"),
                         QStringLiteral("the service's answer is too large"));
    if (result.contentType.startsWith("application/json"))
        result.json = QJsonDocument::fromJson(result.body).object();
    if (status >= 500)
        return makeError(QStringLiteral("server_error"),
                         QStringLiteral("the service answered %1").arg(status));
    if (status >= 400) {
        const QJsonObject error = result.json.value(QStringLiteral("error")).toObject();
        const QString code = error.value(QStringLiteral("code")).toString();
        return makeError(
            code.isEmpty() ? QStringLiteral("http_%1").arg(status) : code,
            error.value(QStringLiteral("message")).toString(QStringLiteral("HTTP %1").arg(status)));
    }
    return result;
}

} // namespace veil::sync
