#include "crypto/Ed25519.h"

#include "crypto/Sha256.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

namespace veil::crypto::ed25519 {

namespace {

using PKey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

PKey privateKey(const SecureBuffer &seed)
{
    if (seed.size() != std::size_t(SeedSize))
        return PKey(nullptr, EVP_PKEY_free);
    return PKey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()),
                EVP_PKEY_free);
}

PKey publicKeyObject(QByteArrayView publicKey)
{
    if (publicKey.size() != PublicKeySize)
        return PKey(nullptr, EVP_PKEY_free);
    return PKey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(publicKey), PublicKeySize),
                EVP_PKEY_free);
}

Error keyError()
{
    return makeError(QStringLiteral("crypto_key"), QStringLiteral("malformed Ed25519 key"));
}

} // namespace

Result<KeyPair> generate()
{
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), EVP_PKEY_CTX_free);
    EVP_PKEY *raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
        return makeError(QStringLiteral("crypto_failed"), QStringLiteral("Ed25519 key generation failed"));
    PKey key(raw, EVP_PKEY_free);
    KeyPair pair{SecureBuffer(std::size_t(SeedSize)), QByteArray(PublicKeySize, Qt::Uninitialized)};
    std::size_t seedLen = SeedSize;
    std::size_t pubLen = PublicKeySize;
    if (EVP_PKEY_get_raw_private_key(key.get(), pair.seed.data(), &seedLen) != 1 ||
        EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char *>(pair.publicKey.data()),
                                    &pubLen) != 1)
        return makeError(QStringLiteral("crypto_failed"), QStringLiteral("Ed25519 key export failed"));
    return pair;
}

Result<QByteArray> publicKeyFromSeed(const SecureBuffer &seed)
{
    PKey key = privateKey(seed);
    QByteArray pub(PublicKeySize, Qt::Uninitialized);
    std::size_t len = PublicKeySize;
    if (!key ||
        EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char *>(pub.data()), &len) != 1)
        return keyError();
    return pub;
}

Result<SigningKey> SigningKey::fromSeed(const SecureBuffer &seed)
{
    PKey key = privateKey(seed);
    if (!key)
        return keyError();
    SigningKey signer;
    signer.m_publicKey = QByteArray(PublicKeySize, Qt::Uninitialized);
    std::size_t len = PublicKeySize;
    if (EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char *>(signer.m_publicKey.data()),
                                    &len) != 1)
        return keyError();
    signer.m_key = std::shared_ptr<EVP_PKEY>(key.release(), EVP_PKEY_free);
    return signer;
}

Result<QByteArray> SigningKey::sign(QByteArrayView message) const
{
    MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    QByteArray signature(SignatureSize, Qt::Uninitialized);
    std::size_t len = SignatureSize;
    if (!m_key || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &len, bytes(message),
                       std::size_t(message.size())) != 1)
        return makeError(QStringLiteral("crypto_failed"), QStringLiteral("Ed25519 signing failed"));
    return signature;
}

Result<VerifyingKey> VerifyingKey::fromRaw(QByteArrayView publicKey)
{
    PKey key = publicKeyObject(publicKey);
    if (!key)
        return keyError();
    VerifyingKey verifier;
    verifier.m_key = std::shared_ptr<EVP_PKEY>(key.release(), EVP_PKEY_free);
    return verifier;
}

bool VerifyingKey::verify(QByteArrayView message, QByteArrayView signature) const
{
    if (!m_key || signature.size() != SignatureSize)
        return false;
    MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get()) == 1 &&
           EVP_DigestVerify(ctx.get(), bytes(signature), SignatureSize, bytes(message),
                            std::size_t(message.size())) == 1;
}

Result<QByteArray> sign(const SecureBuffer &seed, QByteArrayView message)
{
    auto signer = SigningKey::fromSeed(seed);
    VEIL_TRY(signer);
    return signer->sign(message);
}

bool verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature)
{
    auto verifier = VerifyingKey::fromRaw(publicKey);
    return verifier.ok() && verifier->verify(message, signature);
}

Result<QByteArray> publicKeyPem(QByteArrayView publicKey)
{
    PKey key = publicKeyObject(publicKey);
    if (!key)
        return keyError();
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1)
        return makeError(QStringLiteral("crypto_failed"), QStringLiteral("PEM export failed"));
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(len));
}

QString keyId(QByteArrayView publicKey)
{
    return sha256Hex(publicKey).left(16);
}

} // namespace veil::crypto::ed25519
