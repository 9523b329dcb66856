#include "TlsIdentity.h"

#include "crypto/Sha256.h"

#include <QFile>
#include <QSslKey>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <memory>

namespace veil::service {

namespace {

Error tlsError(const QString &what)
{
    return makeError(QStringLiteral("tls_setup"), what);
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(len));
}

Result<void> createIdentity(const QString &certPath, const QString &keyPath)
{
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    if (!key || !cert)
        return tlsError(QStringLiteral("cannot generate a TLS key"));
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    std::unique_ptr<BIGNUM, decltype(&BN_free)> serialNumber(BN_bin2bn(serial, sizeof serial, nullptr),
                                                             BN_free);
    X509_set_version(cert.get(), 2);
    BN_to_ASN1_INTEGER(serialNumber.get(), X509_get_serialNumber(cert.get()));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 5L * 365 * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("veil-service"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    X509_EXTENSION *san =
        X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    if (!san || X509_add_ext(cert.get(), san, -1) != 1 ||
        X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
        X509_EXTENSION_free(san);
        return tlsError(QStringLiteral("cannot sign the TLS certificate"));
    }
    X509_EXTENSION_free(san);
    std::unique_ptr<BIO, decltype(&BIO_free)> certBio(BIO_new(BIO_s_mem()), BIO_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(BIO_new(BIO_s_mem()), BIO_free);
    if (PEM_write_bio_X509(certBio.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return tlsError(QStringLiteral("cannot encode the TLS identity"));
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return tlsError(QStringLiteral("cannot write %1").arg(keyPath));
    keyFile.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    keyFile.write(bioBytes(keyBio.get()));
    QFile certFile(certPath);
    if (!certFile.open(QIODevice::WriteOnly))
        return tlsError(QStringLiteral("cannot write %1").arg(certPath));
    certFile.write(bioBytes(certBio.get()));
    return success();
}

} // namespace

QByteArray publicKeyPin(const QSslCertificate &certificate)
{
    return crypto::sha256(certificate.publicKey().toDer());
}

Result<TlsIdentity> loadOrCreateTlsIdentity(const QString &dataDir)
{
    const QString certPath = dataDir + QStringLiteral("/tls-cert.pem");
    const QString keyPath = dataDir + QStringLiteral("/tls-key.pem");
    if (!QFile::exists(certPath) || !QFile::exists(keyPath))
        VEIL_TRY(createIdentity(certPath, keyPath));
    QFile certFile(certPath);
    QFile keyFile(keyPath);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return tlsError(QStringLiteral("cannot read the TLS identity in %1").arg(dataDir));
    const QSslCertificate certificate(&certFile, QSsl::Pem);
    const QSslKey key(&keyFile, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (certificate.isNull() || key.isNull())
        return tlsError(QStringLiteral("the TLS identity in %1 is unreadable").arg(dataDir));
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return TlsIdentity{configuration, publicKeyPin(certificate)};
}

} // namespace veil::service
