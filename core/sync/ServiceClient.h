// HTTP client for the /v1 protocol. Every byte the service sends is untrusted input. Certificate
// verification stays on (Qt's default) and plain HTTP is refused except on loopback; an optional pin on
// the service certificate's public-key SHA-256; redirects are never followed; no compression is accepted
// (no decompression bombs); the size cap is enforced as bytes arrive; an idle timeout, a total deadline
// per request, a deadline for a whole round and a minimum transfer rate; no disk cache; a truncated body
// or malformed JSON is an error, never an empty answer. Blocking calls run a local event loop, which suits
// veil-cli and tests; the GUI calls it from its sync worker.
#pragma once

#include "common/Result.h"
#include "link/ServerClock.h"

#include <QDeadlineTimer>
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
        // Once the answer's headers are in, at least this many bytes per second over each window, or the
        // request is given up as too slow (a service dripping bytes cannot hold a round for minutes).
        qint64 minBytesPerSecond = 2048;
        int rateWindowMs = 10000;
        qint64 maxClockSkewMs = link::ServerClock::DefaultMaxSkewMs;
        QByteArray pinnedPublicKeySha256; // raw 32 bytes; empty: no pin
    };

    ServiceClient(QUrl base, QByteArray token, Options options);
    explicit ServiceClient(QUrl base, QByteArray token = {})
        : ServiceClient(std::move(base), std::move(token), Options())
    {}

    // Errors, each with its own code:
    //  before any answer: "insecure_url", "network" (refused, reset), "tls_untrusted" (certificate not
    //  trusted), "pin_mismatch" (not the pinned key: fatal), "round_deadline" (the round's time is up);
    //  during the answer: "response_timeout", "response_too_slow", "response_truncated" (the connection
    //  ended or failed mid-body), "response_too_large", "response_undecodable" (a Content-Encoding),
    //  "response_not_json" (malformed, too deep or not an object); by status: "redirect_refused" (3xx),
    //  "server_error" (5xx), or the service's own JSON error code for other 4xx answers.
    Result<HttpResult> get(const QString &path);
    Result<HttpResult> post(const QString &path, const QJsonObject &body);

    void setToken(QByteArray token) { m_token = std::move(token); }
    // The service's signing key: from then on, signed server times move the clock (ServerClock).
    void setServicePublicKey(QByteArray key) { m_serviceKey = std::move(key); }
    // The last response's time, checked against `key` (at enrolment the key arrives in that response).
    Result<void> observeServerTime(const QByteArray &key);
    // Starts from the offset measured before (kept in the workspace).
    void setClockOffset(qint64 offsetMs) { m_clock = link::ServerClock(offsetMs, m_options.maxClockSkewMs); }
    const link::ServerClock &clock() const { return m_clock; }
    // Server time minus local time, as last measured from a signed, in-bounds response.
    qint64 clockOffsetMs() const { return m_clock.offsetMs(); }
    // Every request ends by then, whatever its own deadline; none starts after it. Forever by default.
    void setRoundDeadline(QDeadlineTimer deadline) { m_roundDeadline = deadline; }

    // Worth trying again later: the network or the service had a bad moment.
    static bool isRetryable(const Error &error);
    // The bytes did not arrive whole (network, deadline, rate, truncation, 5xx): not the item's fault.
    static bool isTransportFailure(const Error &error);

private:
    struct LastTime
    {
        QByteArray time, signature, nonce;
    };

    Result<HttpResult> send(const QString &path, const QByteArray *body);
    Result<HttpResult> interpret(const QString &path, int status, HttpResult result);

    QUrl m_base;
    QByteArray m_token;
    Options m_options;
    QNetworkAccessManager m_nam;
    QByteArray m_serviceKey;
    link::ServerClock m_clock;
    LastTime m_lastTime;
    QDeadlineTimer m_roundDeadline = QDeadlineTimer::Forever;
};

} // namespace veil::sync
