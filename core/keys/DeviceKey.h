// The workstation's Ed25519 identity. The private seed is sealed in the vault and held in memory only
// while the vault is unlocked; the public key is stored in the clear so anyone can verify.
#pragma once

#include "crypto/Ed25519.h"
#include "store/Database.h"
#include "vault/Vault.h"

#include <QJsonObject>

namespace veil::keys {

class DeviceKey
{
public:
    // Error "device_key_exists" if one was made already.
    static Result<DeviceKey> create(store::Database &db, const vault::Vault &vault);
    static Result<DeviceKey> load(store::Database &db, const vault::Vault &vault);
    // The stored public key, readable without the passphrase. Error "device_key_missing".
    static Result<QByteArray> storedPublicKey(store::Database &db);

    const QByteArray &publicKey() const { return m_signer.publicKey(); }
    const crypto::ed25519::SigningKey &signingKey() const { return m_signer; }
    QString keyId() const;
    Result<QByteArray> publicKeyPem() const;

    Result<QByteArray> sign(QByteArrayView message) const;
    // Signs the RFC 8785 canonical form of the object.
    Result<QByteArray> signCanonical(const QJsonObject &object) const;

private:
    explicit DeviceKey(crypto::ed25519::SigningKey signer) : m_signer(std::move(signer)) {}

    crypto::ed25519::SigningKey m_signer;
};

// Verifies an Ed25519 signature over the canonical form of the object.
bool verifyCanonical(QByteArrayView publicKey, const QJsonObject &object, QByteArrayView signature);

} // namespace veil::keys
