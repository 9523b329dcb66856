// SyncEngine's ingest half: one leased item checked (service signature, payload, media hashes, safe
// decode), sealed into the vault and queued with its SLA clock, or quarantined with the reason.
#include "sync/SyncEngine.h"

#include "common/Base64Url.h"
#include "common/Log.h"
#include "crypto/Ed25519.h"
#include "crypto/Sha256.h"
#include "protocol/Escalation.h"
#include "sla/SlaLedger.h"
#include "json/CanonicalJson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::sync {

namespace {

Error invalidPayload(const QString &why)
{
    return makeError(QStringLiteral("invalid_payload"), why);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// The service's claim history of the item, as sent with the lease; a service that does not send it: this
// claim is the first.
sla::ClaimHistory claimHistory(const QJsonObject &lease)
{
    const qint64 now = nowMs();
    const auto ms = [&](const char *key) {
        const QJsonValue v = lease.value(QLatin1String(key));
        return v.isDouble() && v.toDouble() > 0 ? qint64(v.toDouble()) : now;
    };
    return {ms("first_claimed_at_ms"), ms("last_claimed_at_ms"),
            std::max(1, lease.value(QStringLiteral("claims")).toInt(1))};
}

} // namespace

Result<void> SyncEngine::ingest(const QJsonObject &lease, SyncReport &report)
{
    auto ingested = ingestChecked(lease);
    if (ingested.ok()) {
        report.ingested++;
        return success();
    }
    if (ServiceClient::isRetryable(ingested.error())) {
        // The network, not the item: give the lease back (best effort) so the item is offered again
        // at the next claim instead of waiting out its lease.
        const QString leaseId = lease.value(QStringLiteral("lease_id")).toString();
        (void)m_client->post(QStringLiteral("/v1/leases/%1/release").arg(leaseId),
                             {{QStringLiteral("device_id"), m_link.deviceId}});
        return ingested;
    }
    quarantine(lease.value(QStringLiteral("item_id")).toString().left(128), ingested.error());
    report.quarantined++;
    return ingested;
}

void SyncEngine::quarantine(const QString &itemId, const Error &reason)
{
    qCWarning(lcSync) << "quarantined item" << itemId << reason.code;
    auto stmt = m_workspace.database().prepare(
        "INSERT INTO quarantine(item_id, reason_code, reason, at) VALUES (?, ?, ?, ?)");
    if (!stmt.ok())
        return;
    stmt->bind(1, itemId).bind(2, reason.code).bind(3, reason.message.left(500)).bind(4, nowMs());
    (void)stmt->run();
    (void)m_workspace.auditLog().append(QStringLiteral("item.quarantine"), itemId,
                                        {{QStringLiteral("reason"), reason.code}});
}

Result<QList<QPair<protocol::MediaRef, QByteArray>>>
SyncEngine::fetchMedia(const QList<protocol::MediaRef> &media, QList<media::MediaFacts> *facts)
{
    QList<QPair<protocol::MediaRef, QByteArray>> files;
    for (const protocol::MediaRef &ref : media) {
        auto fetched = m_client->get(QStringLiteral("/v1/media/") + ref.sha256);
        VEIL_TRY(fetched);
        if (fetched->body.size() > protocol::MaxMediaBytes)
            return makeError(QStringLiteral("media_too_large"), QStringLiteral("media over the size limit"));
        if (crypto::sha256Hex(fetched->body) != ref.sha256)
            return makeError(QStringLiteral("media_hash_mismatch"),
                             QStringLiteral("media bytes do not match their SHA-256"));
        // Hostile-safe decode before anything is stored: a file that fails it quarantines the item.
        auto analysed = mediaCatalog().analyse(fetched->body, ref.sha256);
        VEIL_TRY(analysed);
        if (ref.mime != QLatin1String("image/") + media::formatName(analysed->header.format))
            return makeError(QStringLiteral("media_type_mismatch"),
                             QStringLiteral("declared %1, but the bytes are %2")
                                 .arg(ref.mime.left(40), media::formatName(analysed->header.format)));
        if (facts)
            facts->append(std::move(analysed).value());
        files.append({ref, fetched->body});
    }
    return files;
}

Result<void> SyncEngine::ingestChecked(const QJsonObject &lease)
{
    const QJsonObject payload = lease.value(QStringLiteral("payload")).toObject();
    auto canonical = json::canonicalize(payload);
    if (!canonical.ok() ||
        !crypto::ed25519::verify(m_link.servicePublicKey, canonical.value(),
                                 fromBase64Url(lease.value(QStringLiteral("payload_signature")).toString())))
        return makeError(QStringLiteral("bad_service_signature"),
                         QStringLiteral("the payload's service signature does not verify"));
    // Escalations and appeals land in the same local queue; appeals keep what the appeal handler needs
    // (the contested verdict, who made it) and seal the user's statement.
    protocol::Escalation escalation;
    QString queue = QStringLiteral("escalations");
    QJsonObject appealInfo;
    QString statement;
    qint64 notifiedAt = 0;
    if (payload.value(QStringLiteral("type")) == QStringLiteral("veil.appeal.v1")) {
        auto appeal = protocol::parseAppeal(payload);
        VEIL_TRY(appeal);
        queue = QStringLiteral("appeals");
        escalation.itemId = appeal->itemId;
        escalation.source = QStringLiteral("appeal");
        escalation.category = appeal->category;
        escalation.priority = appeal->priority;
        escalation.dueAtMs = appeal->dueAtMs;
        escalation.media = appeal->media;
        statement = appeal->statement;
        notifiedAt = appeal->notifiedAtMs;
        appealInfo = {{QStringLiteral("appeal_of"), appeal->appealOf},
                      {QStringLiteral("original_item_id"), appeal->originalItemId},
                      {QStringLiteral("original_reviewer"), appeal->originalReviewer},
                      {QStringLiteral("original_verdict"), appeal->originalVerdict},
                      {QStringLiteral("notified_at_ms"), double(appeal->notifiedAtMs)}};
    } else {
        auto parsed = protocol::parseEscalation(payload);
        VEIL_TRY(parsed);
        escalation = parsed.value();
    }
    if (lease.value(QStringLiteral("item_id")).toString() != escalation.itemId)
        return invalidPayload(QStringLiteral("the lease and its payload disagree"));
    const QString leaseId = lease.value(QStringLiteral("lease_id")).toString();
    if (leaseId.isEmpty() || leaseId.size() > 64)
        return invalidPayload(QStringLiteral("the lease has no valid lease_id"));
    const qint64 expiresAt = qint64(lease.value(QStringLiteral("expires_at_ms")).toDouble());

    sla::SlaLedger ledger(m_workspace.database(), m_workspace.auditLog());
    // Re-leased item already here: refresh the lease and the claim history, keep the sealed evidence.
    if (m_workspace.vault()->hasItem(escalation.itemId)) {
        auto update =
            m_workspace.database().prepare("UPDATE queue_items SET lease_id = ?, lease_expires_at = ?, state "
                                           "= 'open' WHERE item_id = ? AND state != 'decided'");
        VEIL_TRY(update);
        update->bind(1, leaseId).bind(2, expiresAt).bind(3, escalation.itemId);
        VEIL_TRY(update->run());
        return ledger.claimed(escalation.itemId, claimHistory(lease));
    }

    QList<media::MediaFacts> facts;
    auto fetched = fetchMedia(escalation.media, &facts);
    VEIL_TRY(fetched);
    const auto &files = fetched.value();

    vault::Vault &vault = *m_workspace.vault();
    auto tx = store::Transaction::begin(m_workspace.database());
    VEIL_TRY(tx);
    VEIL_TRY(vault.createItem(escalation.itemId));
    QJsonArray stored;
    for (const auto &[ref, bytes] : files) {
        auto blobId = vault.storeBlob(escalation.itemId, QStringLiteral("media:") + ref.sha256, bytes);
        VEIL_TRY(blobId);
        stored.append(QJsonObject{{QStringLiteral("sha256"), ref.sha256},
                                  {QStringLiteral("mime"), ref.mime},
                                  {QStringLiteral("size"), double(bytes.size())},
                                  {QStringLiteral("blob_id"), blobId.value()}});
    }
    auto sealedPrompt =
        vault.sealField(escalation.itemId, QStringLiteral("prompt"), escalation.prompt.toUtf8());
    VEIL_TRY(sealedPrompt);
    auto sealedAccount =
        vault.sealField(escalation.itemId, QStringLiteral("account"), escalation.account.toUtf8());
    VEIL_TRY(sealedAccount);
    auto sealedStatement =
        vault.sealField(escalation.itemId, QStringLiteral("statement"), statement.toUtf8());
    VEIL_TRY(sealedStatement);
    auto stmt = m_workspace.database().prepare(
        "INSERT INTO queue_items(item_id, lease_id, lease_expires_at, source, category, priority, due_at_ms, "
        "scores, model_version, media, sealed_prompt, sealed_account, payload_signature, ingested_at, queue, "
        "appeal, "
        "sealed_statement) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(15, queue).bindBlob(17, sealedStatement.value());
    if (appealInfo.isEmpty())
        stmt->bindNull(16);
    else
        stmt->bind(16, QString::fromUtf8(QJsonDocument(appealInfo).toJson(QJsonDocument::Compact)));
    stmt->bind(1, escalation.itemId).bind(2, leaseId).bind(3, expiresAt).bind(4, escalation.source);
    stmt->bind(5, escalation.category).bind(6, escalation.priority).bind(7, escalation.dueAtMs);
    stmt->bind(8, QString::fromUtf8(QJsonDocument(escalation.scores).toJson(QJsonDocument::Compact)));
    stmt->bind(9, escalation.modelVersion);
    stmt->bind(10, QString::fromUtf8(QJsonDocument(stored).toJson(QJsonDocument::Compact)));
    stmt->bindBlob(11, sealedPrompt.value()).bindBlob(12, sealedAccount.value());
    stmt->bindBlob(13, fromBase64Url(lease.value(QStringLiteral("payload_signature")).toString()))
        .bind(14, nowMs());
    VEIL_TRY(stmt->run());
    // The clock starts when the item was created, or for an appeal when the user was notified.
    const qint64 startedAt = queue == QLatin1String("appeals") ? notifiedAt : escalation.createdAtMs;
    VEIL_TRY(
        ledger.start(escalation.itemId,
                     sla::SlaLedger::stamp(m_slaClock ? &*m_slaClock : nullptr, queue, escalation.category,
                                           escalation.priority, startedAt, escalation.dueAtMs),
                     claimHistory(lease)));
    VEIL_TRY(mediaCatalog().record(escalation.itemId, facts));
    VEIL_TRY(m_workspace.auditLog().append(QStringLiteral("item.ingest"), escalation.itemId,
                                           {{QStringLiteral("media"), int(files.size())}}));
    return tx->commit();
}

} // namespace veil::sync
