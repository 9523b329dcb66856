#include "protocol/Uuid7.h"

#include "crypto/Random.h"

#include <QDateTime>
#include <QRegularExpression>

namespace veil::protocol {

QString newUuid7(qint64 unixMs)
{
    QByteArray bytes = crypto::randomBytes(16);
    for (int i = 0; i < 6; ++i)
        bytes[i] = char((quint64(unixMs) >> (8 * (5 - i))) & 0xff);
    bytes[6] = char((bytes[6] & 0x0f) | 0x70); // version 7
    bytes[8] = char((bytes[8] & 0x3f) | 0x80); // RFC 9562 variant
    const QString hex = QString::fromLatin1(bytes.toHex());
    return hex.mid(0, 8) + QLatin1Char('-') + hex.mid(8, 4) + QLatin1Char('-') + hex.mid(12, 4) +
           QLatin1Char('-') + hex.mid(16, 4) + QLatin1Char('-') + hex.mid(20);
}

QString newUuid7()
{
    return newUuid7(QDateTime::currentMSecsSinceEpoch());
}

bool isUuid7(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    return pattern.match(text).hasMatch();
}

} // namespace veil::protocol
