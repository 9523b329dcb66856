// Ed25519 signing keys through OpenSSL. Keys are raw 32-byte values; the private seed lives in a
// SecureBuffer so it is wiped after use.
#pragma once

#include "common/Result.h"
#include "crypto/SecureBuffer.h"

#include <QString>

#include <openssl/types.h>

#include <memory>

namespace veil::crypto::ed25519 {

inline constexpr int PublicKeySize = 32;
inline constexpr int SeedSize = 32;
inline constexpr int SignatureSize = 64;

struct KeyPair
{
    SecureBuffer seed;    // private key (RFC 8032 seed)
    QByteArray publicKey; // raw 32 bytes
};

// A parsed private key. Parsing a seed derives the public point, which costs as much as a signature,
// so code that signs often keeps one of these instead of calling sign(seed, ...).
class SigningKey
{
public:
    static Result<SigningKey> fromSeed(const SecureBuffer &seed);
    Result<QByteArray> sign(QByteArrayView message) const;
    const QByteArray &publicKey() const { return m_publicKey; }

private:
    std::shared_ptr<EVP_PKEY> m_key; // OpenSSL wipes the private key when it is freed
    QByteArray m_publicKey;
};

// A parsed public key, for verifying many signatures by the same signer.
class VerifyingKey
{
public:
    static Result<VerifyingKey> fromRaw(QByteArrayView publicKey);
    bool verify(QByteArrayView message, QByteArrayView signature) const;

private:
    std::shared_ptr<EVP_PKEY> m_key;
};

Result<KeyPair> generate();
Result<QByteArray> publicKeyFromSeed(const SecureBuffer &seed);
Result<QByteArray> sign(const SecureBuffer &seed, QByteArrayView message);
// False for any malformed key or signature as well as a signature that does not verify.
bool verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature);

// SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----").
Result<QByteArray> publicKeyPem(QByteArrayView publicKey);
// First 16 hex characters of SHA-256 over the raw public key.
QString keyId(QByteArrayView publicKey);

} // namespace veil::crypto::ed25519
