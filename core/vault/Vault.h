// Encryption at rest. A random vault key is wrapped by a master key derived from the reviewer's
// passphrase (scrypt); each item gets its own random data key wrapped by the vault key, so destroying
// that one wrapped key crypto-shreds the item. Every ciphertext's associated data binds the item id,
// the field name and the format version, so sealed values cannot be swapped between items or fields.
#pragma once

#include "crypto/Scrypt.h"
#include "crypto/SecureBuffer.h"
#include "store/Database.h"
#include "vault/BlobStore.h"

#include <functional>
#include <memory>

namespace veil::vault {

class Vault
{
public:
    static bool exists(store::Database &db);
    // Errors: "vault_exists", "kdf_params", database errors.
    static Result<std::unique_ptr<Vault>> create(store::Database &db, const QString &blobDir,
                                                 QByteArrayView passphrase, crypto::ScryptParams params = {});
    // Errors: "vault_missing", "wrong_passphrase", "vault_corrupt", database errors.
    static Result<std::unique_ptr<Vault>> unlock(store::Database &db, const QString &blobDir,
                                                 QByteArrayView passphrase);

    // The same unlocked vault over another connection to its database (a worker thread's own).
    std::unique_ptr<Vault> attach(store::Database &db) const;

    // Re-wraps the vault key under a new passphrase and/or stronger KDF parameters; data keys are untouched.
    Result<void> changePassphrase(QByteArrayView newPassphrase, crypto::ScryptParams params = {});
    crypto::ScryptParams kdfParams() const;

    // Creates an item and its random data key. Error "item_exists".
    Result<void> createItem(const QString &itemId);
    bool hasItem(const QString &itemId) const;
    bool isShredded(const QString &itemId) const;

    Result<QByteArray> sealField(const QString &itemId, const QString &field, QByteArrayView plaintext);
    // Error "auth_failed" for tampered data or the wrong item/field; "item_shredded" after shredding.
    Result<QByteArray> openField(const QString &itemId, const QString &field, QByteArrayView sealed);

    // Seals plaintext into a new blob file; returns its random id.
    Result<QString> storeBlob(const QString &itemId, const QString &field, QByteArrayView plaintext);
    Result<QByteArray> loadBlob(const QString &itemId, const QString &field, const QString &blobId);

    // Crypto-shredding: destroys the item's data key (overwritten in the database file) and removes its
    // blobs. What other tables derived from the evidence goes in the same transaction, through the hook
    // (the workspace sets media::MediaCatalog::forget: the vault does not own those tables).
    Result<void> shredItem(const QString &itemId);
    using ShredHook = std::function<Result<void>(const QString &itemId)>;
    void setShredHook(ShredHook hook) { m_shredHook = std::move(hook); }

    // Vault-level secrets (the device signing key): sealed directly by the vault key.
    QByteArray sealSecret(const QString &name, const crypto::SecureBuffer &secret) const;
    Result<crypto::SecureBuffer> openSecret(const QString &name, QByteArrayView sealed) const;

    static constexpr qint64 MaxBlobBytes = qint64(1) << 30;

private:
    Vault(store::Database &db, BlobStore blobs, crypto::SecureBuffer vaultKey);
    Result<crypto::SecureBuffer> itemKey(const QString &itemId) const;
    // The data key to seal with: the last few items' unwrapped keys kept (ingest seals several fields of
    // one item in a row; the read and unwrap were ~40 % of sealing 64 KiB). Sealing only: opening always
    // reads the key, so a shred by another connection is seen by every read. A seal racing such a shred
    // makes bytes nobody can open — shredded as well. Not transactional: createItem drops a key kept for
    // its id (a creation that rolled back), shredItem the shredded item's. Items are created and shredded
    // through the vault that seals them (the sync worker's); one thread uses a Vault at a time.
    Result<const crypto::SecureBuffer *> sealKey(const QString &itemId);
    void dropSealKey(const QString &itemId);

    store::Database &m_db;
    BlobStore m_blobs;
    crypto::SecureBuffer m_vaultKey;
    ShredHook m_shredHook;
    struct SealKey
    {
        QString itemId;
        crypto::SecureBuffer key;
    };
    std::vector<SealKey> m_sealKeys; // newest last; at most SealKeysKept
    static constexpr std::size_t SealKeysKept = 8;
};

} // namespace veil::vault
