#include "crypto/AesGcm.h"

#include "crypto/Random.h"

#include <openssl/evp.h>

#include <cstring>
#include <memory>

namespace veil::crypto::aesgcm {

namespace {

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

Error inputError(const char *what)
{
    return makeError(QStringLiteral("crypto_input"), QString::fromLatin1(what));
}

// Core of decryption into caller-owned memory, so key material can land in a SecureBuffer directly.
bool decryptInto(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad, QByteArrayView ciphertext,
                 QByteArrayView tag, unsigned char *out)
{
    CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int len = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(nonce.size()), nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1)
        return false;
    if (!aad.isEmpty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) != 1)
        return false;
    if (!ciphertext.isEmpty() &&
        EVP_DecryptUpdate(ctx.get(), out, &len, bytes(ciphertext), int(ciphertext.size())) != 1)
        return false;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, TagSize, const_cast<char *>(tag.data())) != 1)
        return false;
    unsigned char finalBlock[16];
    return EVP_DecryptFinal_ex(ctx.get(), finalBlock, &len) == 1;
}

Result<void> checkSizes(QByteArrayView key, QByteArrayView nonce)
{
    if (key.size() != KeySize)
        return inputError("AES-256-GCM needs a 32-byte key");
    // OpenSSL's GCM takes IVs of 1 to 128 bytes; Veil itself only ever uses 12.
    if (nonce.isEmpty() || nonce.size() > 128)
        return inputError("AES-GCM nonce must be 1 to 128 bytes");
    return success();
}

} // namespace

namespace {
// Writes ciphertext || tag to out (plaintext.size() + TagSize bytes), so seal() can encrypt straight
// into its envelope instead of copying megabytes of ciphertext a second time.
bool encryptInto(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad, QByteArrayView plaintext,
                 unsigned char *out)
{
    CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int len = 0;
    bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(nonce.size()), nullptr) == 1 &&
              EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) == 1;
    if (ok && !aad.isEmpty())
        ok = EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) == 1;
    if (ok && !plaintext.isEmpty())
        ok = EVP_EncryptUpdate(ctx.get(), out, &len, bytes(plaintext), int(plaintext.size())) == 1;
    unsigned char finalBlock[16];
    return ok && EVP_EncryptFinal_ex(ctx.get(), finalBlock, &len) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, TagSize, out + plaintext.size()) == 1;
}

constexpr qsizetype MaxPlaintext = qsizetype(1) << 30;
} // namespace

Result<QByteArray> encrypt(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                           QByteArrayView plaintext)
{
    VEIL_TRY(checkSizes(key, nonce));
    if (plaintext.size() > MaxPlaintext)
        return inputError("plaintext over 1 GiB");
    QByteArray out(plaintext.size() + TagSize, Qt::Uninitialized);
    if (!encryptInto(key, nonce, aad, plaintext, reinterpret_cast<unsigned char *>(out.data())))
        return makeError(QStringLiteral("crypto_failed"), QStringLiteral("AES-256-GCM encryption failed"));
    return out;
}

Result<QByteArray> decrypt(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                           QByteArrayView ciphertextAndTag)
{
    VEIL_TRY(checkSizes(key, nonce));
    if (ciphertextAndTag.size() < TagSize)
        return makeError(QStringLiteral("auth_failed"), QStringLiteral("ciphertext shorter than its tag"));
    const qsizetype ctSize = ciphertextAndTag.size() - TagSize;
    QByteArray out(ctSize, Qt::Uninitialized);
    if (!decryptInto(key, nonce, aad, ciphertextAndTag.first(ctSize), ciphertextAndTag.sliced(ctSize),
                     reinterpret_cast<unsigned char *>(out.data())))
        return makeError(QStringLiteral("auth_failed"), QStringLiteral("authentication tag does not verify"));
    return out;
}

QByteArray seal(const SecureBuffer &key, QByteArrayView aad, QByteArrayView plaintext)
{
    // Callers pass fixed-size vault keys and bounded plaintexts; only a broken OpenSSL fails here, and
    // then the result is an envelope that never opens rather than one that opens to the wrong bytes.
    Q_ASSERT(key.size() == std::size_t(KeySize) && plaintext.size() <= MaxPlaintext);
    QByteArray envelope(EnvelopeOverhead + plaintext.size(), Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(envelope.data());
    out[0] = EnvelopeVersion;
    static_assert(NonceSize == 12);
    randomNonce(out + 1);
    const QByteArrayView nonce(out + 1, NonceSize);
    if (!encryptInto(key.view(), nonce, aad, plaintext, out + 1 + NonceSize))
        envelope.fill('\0');
    return envelope;
}

namespace {
Result<void> checkEnvelope(const SecureBuffer &key, QByteArrayView envelope)
{
    if (key.size() != std::size_t(KeySize))
        return inputError("AES-256-GCM needs a 32-byte key");
    if (envelope.size() < EnvelopeOverhead)
        return makeError(QStringLiteral("auth_failed"), QStringLiteral("sealed data is truncated"));
    if (envelope.at(0) != EnvelopeVersion)
        return makeError(QStringLiteral("format_version"),
                         QStringLiteral("unknown sealed-data format version"));
    return success();
}
} // namespace

Result<QByteArray> open(const SecureBuffer &key, QByteArrayView aad, QByteArrayView envelope)
{
    VEIL_TRY(checkEnvelope(key, envelope));
    return decrypt(key.view(), envelope.sliced(1, NonceSize), aad, envelope.sliced(1 + NonceSize));
}

Result<SecureBuffer> openSecret(const SecureBuffer &key, QByteArrayView aad, QByteArrayView envelope)
{
    VEIL_TRY(checkEnvelope(key, envelope));
    const QByteArrayView body = envelope.sliced(1 + NonceSize);
    const qsizetype ctSize = body.size() - TagSize;
    SecureBuffer out{std::size_t(ctSize)};
    if (!decryptInto(key.view(), envelope.sliced(1, NonceSize), aad, body.first(ctSize), body.sliced(ctSize),
                     out.data()))
        return makeError(QStringLiteral("auth_failed"), QStringLiteral("authentication tag does not verify"));
    return out;
}

} // namespace veil::crypto::aesgcm
