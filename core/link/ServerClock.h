// The service's clock as this workstation may use it. SLA accounting and a verdict's decided_at are in
// the service's time, so the offset matters; but the service is untrusted input. A time moves the offset
// only when it is well formed, signed by the service's pinned key over a nonce this workstation chose
// (so a replayed or forged header is useless), and within a bound of the local clock. Otherwise the last
// good offset stays and the reason is kept as a warning for the UI and the CLI.
#pragma once

#include "common/Result.h"

#include <QByteArray>

#include <optional>

namespace veil::link {

class ServerClock
{
public:
    static constexpr qint64 DefaultMaxSkewMs = qint64(24) * 3600 * 1000;

    explicit ServerClock(qint64 offsetMs = 0, qint64 maxSkewMs = DefaultMaxSkewMs);

    // The bytes the service signs for a response to a request that carried `nonce`.
    static QByteArray signedMessage(QByteArrayView nonce, qint64 serverTimeMs);
    // Digits only, no sign or spaces, a time between 2000 and 2100. Error "server_time_malformed".
    static Result<qint64> parseTime(QByteArrayView header);

    // One response's X-Veil-Server-Time-Ms and X-Veil-Server-Time-Signature for the request's nonce.
    // Errors (the offset unchanged, the error kept as warning()): "server_time_malformed",
    // "server_time_unsigned", "server_time_bad_signature", "server_time_out_of_bounds".
    Result<void> observe(QByteArrayView time, QByteArrayView signature, QByteArrayView nonce,
                         QByteArrayView servicePublicKey, qint64 localNowMs);

    qint64 offsetMs() const { return m_offsetMs; }
    qint64 maxSkewMs() const { return m_maxSkewMs; }
    // Why the last response's time was not taken; empty after one that was.
    const std::optional<Error> &warning() const { return m_warning; }

private:
    qint64 m_offsetMs;
    qint64 m_maxSkewMs;
    std::optional<Error> m_warning;
};

} // namespace veil::link
