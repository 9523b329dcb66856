#include "vault/Vault.h"

#include "common/Log.h"
#include "crypto/AesGcm.h"
#include "crypto/Random.h"

#include <QDateTime>
#include <QJsonDocument>

namespace veil::vault {

namespace {

namespace aes = crypto::aesgcm;

// Associated data: binds what a ciphertext is to where it may be opened. "v1" is the format version.
QByteArray vaultKeyAad()
{
    return QByteArrayLiteral("veil/v1/vault-key");
}
QByteArray itemKeyAad(const QString &itemId)
{
    return "veil/v1/item-key/" + itemId.toUtf8();
}
QByteArray fieldAad(const QString &itemId, const QString &field)
{
    return "veil/v1/field/" + itemId.toUtf8() + '/' + field.toUtf8();
}
QByteArray blobAad(const QString &itemId, const QString &field, const QString &blobId)
{
    return "veil/v1/blob/" + itemId.toUtf8() + '/' + field.toUtf8() + '/' + blobId.toUtf8();
}
QByteArray secretAad(const QString &name)
{
    return "veil/v1/secret/" + name.toUtf8();
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

Result<QByteArray> readMeta(store::Database &db, const char *name)
{
    auto stmt = db.prepare("SELECT value FROM vault_meta WHERE name = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, QString::fromLatin1(name));
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("vault_missing"),
                         QStringLiteral("no vault here: run 'veil-cli vault init'"));
    return stmt->blob(0);
}

Result<void> writeMeta(store::Database &db, const char *name, QByteArrayView value)
{
    auto stmt = db.prepare("INSERT OR REPLACE INTO vault_meta(name, value) VALUES (?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(1, QString::fromLatin1(name)).bindBlob(2, value);
    return stmt->run();
}

Result<void> storeWrappedVaultKey(store::Database &db, const crypto::SecureBuffer &vaultKey,
                                  QByteArrayView passphrase, crypto::ScryptParams params)
{
    if (params.salt.isEmpty())
        params.salt = crypto::randomBytes(16);
    if (!params.meetsMinimum())
        return makeError(
            QStringLiteral("kdf_params"),
            QStringLiteral("scrypt parameters below Veil's minimum (N >= 2^15, r >= 8, p >= 1)"));
    auto master = crypto::deriveScrypt(passphrase, params);
    VEIL_TRY(master);
    const QByteArray wrapped = aes::seal(master.value(), vaultKeyAad(), vaultKey.view());
    VEIL_TRY(writeMeta(db, "kdf", QJsonDocument(params.toJson()).toJson(QJsonDocument::Compact)));
    return writeMeta(db, "wrapped_vault_key", wrapped);
}

} // namespace

Vault::Vault(store::Database &db, BlobStore blobs, crypto::SecureBuffer vaultKey)
    : m_db(db), m_blobs(std::move(blobs)), m_vaultKey(std::move(vaultKey))
{}

std::unique_ptr<Vault> Vault::attach(store::Database &db) const
{
    return std::unique_ptr<Vault>(new Vault(db, m_blobs, crypto::SecureBuffer(m_vaultKey.view())));
}

bool Vault::exists(store::Database &db)
{
    return readMeta(db, "wrapped_vault_key").ok();
}

Result<std::unique_ptr<Vault>> Vault::create(store::Database &db, const QString &blobDir,
                                             QByteArrayView passphrase, crypto::ScryptParams params)
{
    if (exists(db))
        return makeError(QStringLiteral("vault_exists"), QStringLiteral("a vault already exists here"));
    if (passphrase.isEmpty())
        return makeError(QStringLiteral("empty_passphrase"),
                         QStringLiteral("the passphrase must not be empty"));
    BlobStore blobs(blobDir);
    VEIL_TRY(blobs.ensureDirectory());
    crypto::SecureBuffer vaultKey = crypto::randomSecret(aes::KeySize);
    auto tx = store::Transaction::begin(db);
    VEIL_TRY(tx);
    VEIL_TRY(storeWrappedVaultKey(db, vaultKey, passphrase, std::move(params)));
    VEIL_TRY(writeMeta(db, "format", QByteArrayLiteral("1")));
    VEIL_TRY(tx->commit());
    qCInfo(lcVault) << "vault created";
    return std::unique_ptr<Vault>(new Vault(db, std::move(blobs), std::move(vaultKey)));
}

Result<std::unique_ptr<Vault>> Vault::unlock(store::Database &db, const QString &blobDir,
                                             QByteArrayView passphrase)
{
    auto kdfJson = readMeta(db, "kdf");
    VEIL_TRY(kdfJson);
    auto wrapped = readMeta(db, "wrapped_vault_key");
    VEIL_TRY(wrapped);
    const QJsonDocument doc = QJsonDocument::fromJson(kdfJson.value());
    auto params = crypto::ScryptParams::fromJson(doc.object());
    if (!doc.isObject() || !params.ok())
        return makeError(QStringLiteral("vault_corrupt"),
                         QStringLiteral("the vault's KDF parameters are unreadable"));
    auto master = crypto::deriveScrypt(passphrase, params.value());
    VEIL_TRY(master);
    auto vaultKey = aes::openSecret(master.value(), vaultKeyAad(), wrapped.value());
    if (!vaultKey.ok() || vaultKey->size() != std::size_t(aes::KeySize)) {
        qCWarning(lcVault) << "unlock refused: wrong passphrase";
        return makeError(QStringLiteral("wrong_passphrase"), QStringLiteral("wrong passphrase"));
    }
    BlobStore blobs(blobDir);
    VEIL_TRY(blobs.ensureDirectory());
    blobs.cleanup();
    return std::unique_ptr<Vault>(new Vault(db, std::move(blobs), std::move(vaultKey.value())));
}

Result<void> Vault::changePassphrase(QByteArrayView newPassphrase, crypto::ScryptParams params)
{
    if (newPassphrase.isEmpty())
        return makeError(QStringLiteral("empty_passphrase"),
                         QStringLiteral("the passphrase must not be empty"));
    params.salt = crypto::randomBytes(16);
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    VEIL_TRY(storeWrappedVaultKey(m_db, m_vaultKey, newPassphrase, std::move(params)));
    return tx->commit();
}

crypto::ScryptParams Vault::kdfParams() const
{
    auto json = readMeta(m_db, "kdf");
    if (!json.ok())
        return {};
    auto params = crypto::ScryptParams::fromJson(QJsonDocument::fromJson(json.value()).object());
    return params.ok() ? params.value() : crypto::ScryptParams{};
}

Result<void> Vault::createItem(const QString &itemId)
{
    if (itemId.isEmpty() || itemId.size() > 128)
        return makeError(QStringLiteral("invalid_id"), QStringLiteral("item ids are 1-128 characters"));
    if (hasItem(itemId))
        return makeError(QStringLiteral("item_exists"), QStringLiteral("item %1 already exists").arg(itemId));
    // A key kept from an earlier creation of this id that rolled back (an ingest retried) is not this one.
    dropSealKey(itemId);
    crypto::SecureBuffer dataKey = crypto::randomSecret(aes::KeySize);
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    auto item = m_db.prepare("INSERT INTO items(id, created_at) VALUES (?, ?)");
    VEIL_TRY(item);
    item->bind(1, itemId).bind(2, nowMs());
    VEIL_TRY(item->run());
    auto key = m_db.prepare("INSERT INTO item_keys(item_id, wrapped_key) VALUES (?, ?)");
    VEIL_TRY(key);
    key->bind(1, itemId).bindBlob(2, aes::seal(m_vaultKey, itemKeyAad(itemId), dataKey.view()));
    VEIL_TRY(key->run());
    return tx->commit();
}

bool Vault::hasItem(const QString &itemId) const
{
    auto stmt = m_db.prepare("SELECT 1 FROM items WHERE id = ?");
    if (!stmt.ok())
        return false;
    stmt->bind(1, itemId);
    auto row = stmt->step();
    return row.ok() && row.value();
}

bool Vault::isShredded(const QString &itemId) const
{
    auto stmt = m_db.prepare("SELECT shredded_at IS NOT NULL FROM items WHERE id = ?");
    if (!stmt.ok())
        return false;
    stmt->bind(1, itemId);
    auto row = stmt->step();
    return row.ok() && row.value() && stmt->int64(0) == 1;
}

Result<crypto::SecureBuffer> Vault::itemKey(const QString &itemId) const
{
    auto stmt = m_db.prepare("SELECT wrapped_key FROM item_keys WHERE item_id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value()) {
        if (isShredded(itemId))
            return makeError(QStringLiteral("item_shredded"),
                             QStringLiteral("item %1 was crypto-shredded; its evidence is gone").arg(itemId));
        return makeError(QStringLiteral("item_unknown"),
                         QStringLiteral("no item %1 in this vault").arg(itemId));
    }
    return aes::openSecret(m_vaultKey, itemKeyAad(itemId), stmt->blob(0));
}

void Vault::dropSealKey(const QString &itemId)
{
    std::erase_if(m_sealKeys, [&](const SealKey &kept) { return kept.itemId == itemId; });
}

Result<const crypto::SecureBuffer *> Vault::sealKey(const QString &itemId)
{
    for (const SealKey &kept : m_sealKeys) {
        if (kept.itemId == itemId)
            return &kept.key;
    }
    auto key = itemKey(itemId);
    VEIL_TRY(key);
    if (m_sealKeys.size() == SealKeysKept)
        m_sealKeys.erase(m_sealKeys.begin());
    m_sealKeys.push_back({itemId, std::move(key).value()});
    return &m_sealKeys.back().key;
}

Result<QByteArray> Vault::sealField(const QString &itemId, const QString &field, QByteArrayView plaintext)
{
    auto key = sealKey(itemId);
    VEIL_TRY(key);
    return aes::seal(*key.value(), fieldAad(itemId, field), plaintext);
}

Result<QByteArray> Vault::openField(const QString &itemId, const QString &field, QByteArrayView sealed)
{
    auto key = itemKey(itemId);
    VEIL_TRY(key);
    return aes::open(key.value(), fieldAad(itemId, field), sealed);
}

Result<QString> Vault::storeBlob(const QString &itemId, const QString &field, QByteArrayView plaintext)
{
    if (plaintext.size() > MaxBlobBytes - aes::EnvelopeOverhead)
        return makeError(QStringLiteral("blob_too_large"), QStringLiteral("evidence over 1 GiB is refused"));
    auto key = itemKey(itemId);
    VEIL_TRY(key);
    const QString blobId = crypto::randomId();
    const QByteArray sealed = aes::seal(key.value(), blobAad(itemId, field, blobId), plaintext);
    VEIL_TRY(m_blobs.write(blobId, sealed));
    auto stmt =
        m_db.prepare("INSERT INTO blobs(id, item_id, field, sealed_size, created_at) VALUES (?, ?, ?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(1, blobId).bind(2, itemId).bind(3, field).bind(4, qint64(sealed.size())).bind(5, nowMs());
    if (auto inserted = stmt->run(); !inserted.ok()) {
        (void)m_blobs.remove(blobId);
        return inserted.error();
    }
    return blobId;
}

Result<QByteArray> Vault::loadBlob(const QString &itemId, const QString &field, const QString &blobId)
{
    auto key = itemKey(itemId);
    VEIL_TRY(key);
    auto sealed = m_blobs.read(blobId, MaxBlobBytes);
    VEIL_TRY(sealed);
    auto plain = aes::open(key.value(), blobAad(itemId, field, blobId), sealed.value());
    if (!plain.ok())
        qCWarning(lcVault) << "blob failed authentication:" << blobId << plain.error().code;
    return plain;
}

Result<void> Vault::shredItem(const QString &itemId)
{
    dropSealKey(itemId);
    if (!hasItem(itemId))
        return makeError(QStringLiteral("item_unknown"),
                         QStringLiteral("no item %1 in this vault").arg(itemId));
    QStringList blobIds;
    {
        auto tx = store::Transaction::begin(m_db);
        VEIL_TRY(tx);
        auto list = m_db.prepare("SELECT id FROM blobs WHERE item_id = ?");
        VEIL_TRY(list);
        list->bind(1, itemId);
        for (auto row = list->step(); row.ok() && row.value(); row = list->step())
            blobIds << list->text(0);
        auto delKey = m_db.prepare("DELETE FROM item_keys WHERE item_id = ?");
        VEIL_TRY(delKey);
        delKey->bind(1, itemId);
        VEIL_TRY(delKey->run());
        auto delBlobs = m_db.prepare("DELETE FROM blobs WHERE item_id = ?");
        VEIL_TRY(delBlobs);
        delBlobs->bind(1, itemId);
        VEIL_TRY(delBlobs->run());
        // What was derived from the evidence goes with it: perceptual hash, face boxes, matches.
        if (m_shredHook)
            VEIL_TRY(m_shredHook(itemId));
        auto mark = m_db.prepare("UPDATE items SET shredded_at = ? WHERE id = ?");
        VEIL_TRY(mark);
        mark->bind(1, nowMs()).bind(2, itemId);
        VEIL_TRY(mark->run());
        VEIL_TRY(tx->commit());
    }
    // secure_delete zeroed the key's page in the main file; the WAL still holds older page images
    // until it is checkpointed and truncated.
    VEIL_TRY(m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    for (const QString &blobId : std::as_const(blobIds))
        VEIL_TRY(m_blobs.remove(blobId));
    qCInfo(lcVault) << "item crypto-shredded:" << itemId << "blobs removed:" << blobIds.size();
    return success();
}

QByteArray Vault::sealSecret(const QString &name, const crypto::SecureBuffer &secret) const
{
    return aes::seal(m_vaultKey, secretAad(name), secret.view());
}

Result<crypto::SecureBuffer> Vault::openSecret(const QString &name, QByteArrayView sealed) const
{
    return aes::openSecret(m_vaultKey, secretAad(name), sealed);
}

} // namespace veil::vault
