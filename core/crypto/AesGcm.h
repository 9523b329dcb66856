// AES-256-GCM through OpenSSL EVP. Two layers: the raw primitive (explicit nonce, for test vectors)
// and the sealed envelope every stored secret uses: version(1) | nonce(12) | ciphertext | tag(16).
#pragma once

#include "common/Result.h"
#include "crypto/SecureBuffer.h"

namespace veil::crypto::aesgcm {

inline constexpr int KeySize = 32;
inline constexpr int NonceSize = 12;
inline constexpr int TagSize = 16;
inline constexpr char EnvelopeVersion = 1;
inline constexpr int EnvelopeOverhead = 1 + NonceSize + TagSize;

// Returns ciphertext || tag. Error "crypto_input" for a bad key or nonce length.
Result<QByteArray> encrypt(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                           QByteArrayView plaintext);
// Takes ciphertext || tag. Error "auth_failed" when the tag does not verify (tampering, wrong key or AAD).
Result<QByteArray> decrypt(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                           QByteArrayView ciphertextAndTag);

// Seals with a fresh random 96-bit nonce. Random nonces are safe here: each data key seals few messages.
QByteArray seal(const SecureBuffer &key, QByteArrayView aad, QByteArrayView plaintext);
Result<QByteArray> open(const SecureBuffer &key, QByteArrayView aad, QByteArrayView envelope);
// As open(), for plaintexts that are themselves keys: the result is wiped when dropped.
Result<SecureBuffer> openSecret(const SecureBuffer &key, QByteArrayView aad, QByteArrayView envelope);

} // namespace veil::crypto::aesgcm
