#include "crypto/Scrypt.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>

namespace veil::crypto {

QJsonObject ScryptParams::toJson() const
{
    return QJsonObject{{QStringLiteral("kdf"), QStringLiteral("scrypt")},
                       {QStringLiteral("n"), double(n)},
                       {QStringLiteral("r"), double(r)},
                       {QStringLiteral("p"), double(p)},
                       {QStringLiteral("salt"), QString::fromLatin1(salt.toBase64())}};
}

Result<ScryptParams> ScryptParams::fromJson(const QJsonObject &json)
{
    ScryptParams params;
    if (json.value(QStringLiteral("kdf")).toString() != QLatin1String("scrypt"))
        return makeError(QStringLiteral("kdf_params"), QStringLiteral("unsupported key derivation function"));
    params.n = std::uint64_t(json.value(QStringLiteral("n")).toDouble());
    params.r = std::uint32_t(json.value(QStringLiteral("r")).toInt());
    params.p = std::uint32_t(json.value(QStringLiteral("p")).toInt());
    params.salt = QByteArray::fromBase64(json.value(QStringLiteral("salt")).toString().toLatin1());
    return params;
}

Result<SecureBuffer> deriveScrypt(QByteArrayView passphrase, const ScryptParams &params)
{
    const bool powerOfTwo = params.n > 1 && (params.n & (params.n - 1)) == 0;
    if (!powerOfTwo || params.n > (std::uint64_t(1) << 22) || params.r < 1 || params.r > 32 || params.p < 1 ||
        params.p > 16 || params.salt.isEmpty())
        return makeError(QStringLiteral("kdf_params"),
                         QStringLiteral("scrypt parameters are malformed or out of range"));

    std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr),
                                                          EVP_KDF_free);
    std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr,
                                                                  EVP_KDF_CTX_free);
    if (!ctx)
        return makeError(QStringLiteral("kdf_failed"), QStringLiteral("scrypt is not available in OpenSSL"));

    std::uint64_t n = params.n;
    std::uint32_t r = params.r;
    std::uint32_t p = params.p;
    // 128 * N * r * p bytes, plus headroom: OpenSSL refuses to run above maxmem.
    std::uint64_t maxmem = 128 * n * r * p + (std::uint64_t(16) << 20);
    OSSL_PARAM ossl[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, const_cast<char *>(passphrase.data()),
                                          std::size_t(passphrase.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char *>(params.salt.data()),
                                          std::size_t(params.salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    SecureBuffer key(32);
    if (EVP_KDF_derive(ctx.get(), key.data(), key.size(), ossl) != 1)
        return makeError(QStringLiteral("kdf_failed"), QStringLiteral("scrypt derivation failed"));
    return key;
}

} // namespace veil::crypto
