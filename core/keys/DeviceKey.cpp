#include "keys/DeviceKey.h"

#include "crypto/Ed25519.h"
#include "json/CanonicalJson.h"

#include <QDateTime>

namespace veil::keys {

namespace {
const QString secretName = QStringLiteral("device-ed25519-seed");
}

Result<DeviceKey> DeviceKey::create(store::Database &db, const vault::Vault &vault)
{
    if (storedPublicKey(db).ok())
        return makeError(QStringLiteral("device_key_exists"),
                         QStringLiteral("this device already has a key"));
    auto pair = crypto::ed25519::generate();
    VEIL_TRY(pair);
    auto stmt =
        db.prepare("INSERT INTO device_key(id, public_key, sealed_seed, created_at) VALUES (1, ?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bindBlob(1, pair->publicKey).bindBlob(2, vault.sealSecret(secretName, pair->seed));
    stmt->bind(3, QDateTime::currentMSecsSinceEpoch());
    VEIL_TRY(stmt->run());
    auto signer = crypto::ed25519::SigningKey::fromSeed(pair->seed);
    VEIL_TRY(signer);
    return DeviceKey(std::move(signer.value()));
}

Result<DeviceKey> DeviceKey::load(store::Database &db, const vault::Vault &vault)
{
    auto stmt = db.prepare("SELECT public_key, sealed_seed FROM device_key WHERE id = 1");
    VEIL_TRY(stmt);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("device_key_missing"),
                         QStringLiteral("this device has no signing key"));
    auto seed = vault.openSecret(secretName, stmt->blob(1));
    VEIL_TRY(seed);
    auto signer = crypto::ed25519::SigningKey::fromSeed(seed.value());
    VEIL_TRY(signer);
    // A swapped public key would make every signature unverifiable, or worse, verifiable by someone else.
    if (signer->publicKey() != stmt->blob(0))
        return makeError(QStringLiteral("device_key_mismatch"),
                         QStringLiteral("the stored public key does not belong to the sealed private key"));
    return DeviceKey(std::move(signer.value()));
}

Result<QByteArray> DeviceKey::storedPublicKey(store::Database &db)
{
    auto stmt = db.prepare("SELECT public_key FROM device_key WHERE id = 1");
    VEIL_TRY(stmt);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("device_key_missing"),
                         QStringLiteral("this device has no signing key"));
    return stmt->blob(0);
}

QString DeviceKey::keyId() const
{
    return crypto::ed25519::keyId(publicKey());
}

Result<QByteArray> DeviceKey::publicKeyPem() const
{
    return crypto::ed25519::publicKeyPem(publicKey());
}

Result<QByteArray> DeviceKey::sign(QByteArrayView message) const
{
    return m_signer.sign(message);
}

Result<QByteArray> DeviceKey::signCanonical(const QJsonObject &object) const
{
    auto canonical = json::canonicalize(object);
    VEIL_TRY(canonical);
    return sign(canonical.value());
}

bool verifyCanonical(QByteArrayView publicKey, const QJsonObject &object, QByteArrayView signature)
{
    auto canonical = json::canonicalize(object);
    return canonical.ok() && crypto::ed25519::verify(publicKey, canonical.value(), signature);
}

} // namespace veil::keys
