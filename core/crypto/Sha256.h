#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace veil::crypto {

// Raw 32-byte SHA-256 digest.
QByteArray sha256(QByteArrayView data);
// Lowercase hex SHA-256 digest (64 characters).
QString sha256Hex(QByteArrayView data);

} // namespace veil::crypto
