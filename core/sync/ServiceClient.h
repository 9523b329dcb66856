// HTTP client for the /v1 protocol. Certificate verification stays on (Qt's default) and plain HTTP is
// refused except on loopback; an optional pin on the service certificate's public-key SHA-256; an idle
// timeout and a total deadline per request; a cap on response size; no disk cache. Blocking calls run
// a local event loop, which suits veil-cli and tests; the GUI calls it from its sync worker.
#pragma once

#include "common/Result.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrl>

namespace veil::sync {

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QByteArray contentType;
};

class ServiceClient
{
public:
    struct Options
    {
        int idleTimeoutMs = 15000;
        int deadlineMs = 60000;
        qint64 maxResponseBytes = qint64(64) << 20;
        QByteArray pinnedPublicKeySha256; // raw 32 bytes; empty: no pin
    };

    ServiceClient(QUrl base, QByteArray token, Options options);
    explicit ServiceClient(QUrl base, QByteArray token = {})
        : ServiceClient(std::move(base), std::move(token), Options())
    {}

    // Errors: "insecure_url", "network" (refused, reset, timed out: worth retrying), "server_error" (5xx:
    // worth retrying), "response_too_large", or the service's own JSON error code for other 4xx answers.
    Result<HttpResult> get(const QString &path);
    Result<HttpResult> post(const QString &path, const QJsonObject &body);

    void setToken(QByteArray token) { m_token = std::move(token); }
    // Server time minus local time, from the last response's X-Veil-Server-Time-Ms.
    qint64 clockOffsetMs() const { return m_clockOffsetMs; }

    static bool isRetryable(const Error &error);

private:
    Result<HttpResult> send(const QString &path, const QByteArray *body);

    QUrl m_base;
    QByteArray m_token;
    Options m_options;
    QNetworkAccessManager m_nam;
    qint64 m_clockOffsetMs = 0;
};

} // namespace veil::sync
