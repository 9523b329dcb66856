#pragma once

#include "crypto/SecureBuffer.h"

#include <QString>

namespace veil::crypto {

// Cryptographically secure random bytes from OpenSSL's DRBG. Aborts only if the DRBG itself fails,
// which leaves no safe way to continue.
QByteArray randomBytes(qsizetype count);
SecureBuffer randomSecret(std::size_t count);
// A fresh random AES-GCM nonce (12 bytes) into out. Drawn from a per-thread pool that OpenSSL's DRBG
// refills 4 KiB at a time: a 12-byte RAND_bytes call cost ~2 us (locks, fork check), a tenth of sealing
// 64 KiB. Nonces are public, so pooling them exposes nothing; each is handed out once.
void randomNonce(unsigned char *out);
// A random 128-bit identifier as 32 lowercase hex characters (names of blobs, evidence ids).
QString randomId();

} // namespace veil::crypto
