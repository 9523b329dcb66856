#include "vault/EvidenceStore.h"

#include "crypto/Random.h"
#include "crypto/Sha256.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace veil::vault {

namespace {
const QString blobField = QStringLiteral("evidence");
const QString metaField = QStringLiteral("evidence-meta");

Error unknown(const QString &id)
{
    return makeError(QStringLiteral("evidence_unknown"), QStringLiteral("no evidence with id %1").arg(id));
}
} // namespace

Result<EvidenceInfo> EvidenceStore::import(QByteArrayView bytes, const QString &name)
{
    EvidenceInfo info{crypto::randomId(), name, bytes.size(), crypto::sha256Hex(bytes)};
    const QJsonObject meta{{QStringLiteral("name"), info.name},
                           {QStringLiteral("size"), double(info.size)},
                           {QStringLiteral("sha256"), info.sha256}};
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    VEIL_TRY(m_vault.createItem(info.id));
    auto sealedMeta =
        m_vault.sealField(info.id, metaField, QJsonDocument(meta).toJson(QJsonDocument::Compact));
    VEIL_TRY(sealedMeta);
    auto blobId = m_vault.storeBlob(info.id, blobField, bytes);
    VEIL_TRY(blobId);
    auto stmt =
        m_db.prepare("INSERT INTO evidence(id, blob_id, sealed_meta, created_at) VALUES (?, ?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(1, info.id).bind(2, blobId.value()).bindBlob(3, sealedMeta.value());
    stmt->bind(4, QDateTime::currentMSecsSinceEpoch());
    VEIL_TRY(stmt->run());
    VEIL_TRY(tx->commit());
    return info;
}

Result<EvidenceInfo> EvidenceStore::info(const QString &id)
{
    auto stmt = m_db.prepare("SELECT sealed_meta FROM evidence WHERE id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, id);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return unknown(id);
    auto plain = m_vault.openField(id, metaField, stmt->blob(0));
    VEIL_TRY(plain);
    const QJsonObject meta = QJsonDocument::fromJson(plain.value()).object();
    return EvidenceInfo{id, meta.value(QStringLiteral("name")).toString(),
                        qint64(meta.value(QStringLiteral("size")).toDouble()),
                        meta.value(QStringLiteral("sha256")).toString()};
}

Result<QByteArray> EvidenceStore::read(const QString &id)
{
    auto meta = info(id);
    VEIL_TRY(meta);
    auto stmt = m_db.prepare("SELECT blob_id FROM evidence WHERE id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, id);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value() || stmt->isNull(0))
        return unknown(id);
    auto bytes = m_vault.loadBlob(id, blobField, stmt->text(0));
    VEIL_TRY(bytes);
    if (crypto::sha256Hex(bytes.value()) != meta->sha256)
        return makeError(QStringLiteral("evidence_mismatch"),
                         QStringLiteral("evidence %1 does not match the hash recorded at import").arg(id));
    return bytes;
}

Result<void> EvidenceStore::shred(const QString &id)
{
    if (!m_vault.hasItem(id))
        return unknown(id);
    if (m_vault.isShredded(id))
        return makeError(QStringLiteral("item_shredded"),
                         QStringLiteral("evidence %1 was already shredded").arg(id));
    // The key goes first: once it is destroyed the evidence is unrecoverable whatever happens next.
    VEIL_TRY(m_vault.shredItem(id));
    auto stmt = m_db.prepare("UPDATE evidence SET blob_id = NULL, sealed_meta = NULL WHERE id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, id);
    return stmt->run();
}

} // namespace veil::vault
