#include "link/ServerClock.h"

#include "common/Base64Url.h"
#include "crypto/Ed25519.h"

namespace veil::link {

namespace {

constexpr qint64 Year2000Ms = 946684800000LL;
constexpr qint64 Year2100Ms = 4102444800000LL;

} // namespace

ServerClock::ServerClock(qint64 offsetMs, qint64 maxSkewMs)
    : m_offsetMs(std::abs(offsetMs) <= maxSkewMs ? offsetMs : 0), m_maxSkewMs(maxSkewMs)
{}

QByteArray ServerClock::signedMessage(QByteArrayView nonce, qint64 serverTimeMs)
{
    return QByteArrayLiteral("veil-server-time/v1\n") + nonce.toByteArray() + '\n' +
           QByteArray::number(serverTimeMs);
}

Result<qint64> ServerClock::parseTime(QByteArrayView header)
{
    // toLongLong() would read "soon" as 0 and " -1" as -1: every byte is checked instead.
    const auto malformed = [&] {
        return makeError(QStringLiteral("server_time_malformed"),
                         QStringLiteral("the service's time is not a number of milliseconds"));
    };
    if (header.isEmpty() || header.size() > 15)
        return malformed();
    qint64 value = 0;
    for (char c : header) {
        if (c < '0' || c > '9')
            return malformed();
        value = value * 10 + (c - '0');
    }
    if (value < Year2000Ms || value > Year2100Ms)
        return makeError(QStringLiteral("server_time_out_of_bounds"),
                         QStringLiteral("the service's time is not between 2000 and 2100"));
    return value;
}

Result<void> ServerClock::observe(QByteArrayView time, QByteArrayView signature, QByteArrayView nonce,
                                  QByteArrayView servicePublicKey, qint64 localNowMs)
{
    const auto refuse = [this](Error error) -> Result<void> {
        m_warning = error;
        return error;
    };
    auto serverTime = parseTime(time);
    if (!serverTime.ok())
        return refuse(serverTime.error());
    if (signature.isEmpty() || nonce.isEmpty())
        return refuse(makeError(QStringLiteral("server_time_unsigned"),
                                QStringLiteral("the service's time is not signed; the clock keeps its "
                                               "last measured offset")));
    if (!crypto::ed25519::verify(servicePublicKey, signedMessage(nonce, serverTime.value()),
                                 fromBase64Url(QString::fromLatin1(signature.toByteArray()))))
        return refuse(makeError(QStringLiteral("server_time_bad_signature"),
                                QStringLiteral("the service's time signature does not verify")));
    const qint64 offset = serverTime.value() - localNowMs;
    if (std::abs(offset) > m_maxSkewMs)
        return refuse(makeError(
            QStringLiteral("server_time_out_of_bounds"),
            QStringLiteral("the service's clock is %1 h away from this computer's (at most %2 h is taken); "
                           "check both clocks")
                .arg(double(offset) / 3600000.0, 0, 'f', 1)
                .arg(double(m_maxSkewMs) / 3600000.0, 0, 'f', 0)));
    m_offsetMs = offset;
    m_warning.reset();
    return success();
}

} // namespace veil::link
