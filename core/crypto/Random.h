#pragma once

#include "crypto/SecureBuffer.h"

#include <QString>

namespace veil::crypto {

// Cryptographically secure random bytes from OpenSSL's DRBG. Aborts only if the DRBG itself fails,
// which leaves no safe way to continue.
QByteArray randomBytes(qsizetype count);
SecureBuffer randomSecret(std::size_t count);
// A random 128-bit identifier as 32 lowercase hex characters (names of blobs, evidence ids).
QString randomId();

} // namespace veil::crypto
