// base64url without padding (RFC 4648 section 5): how keys and signatures travel in the protocol.
#pragma once

#include <QByteArray>
#include <QString>

namespace veil {

inline QString toBase64Url(const QByteArray &bytes)
{
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// Empty for anything that is not strict base64url.
inline QByteArray fromBase64Url(const QString &text)
{
    auto decoded = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    return decoded ? *decoded : QByteArray();
}

} // namespace veil
