#include "audit/AuditLog.h"

#include "common/Log.h"
#include "crypto/Ed25519.h"
#include "crypto/Sha256.h"
#include "json/CanonicalJson.h"

#include <QDateTime>
#include <QJsonDocument>

namespace veil::audit {

namespace {

VerifyReport broken(qint64 seq, QString problem, qint64 entries)
{
    VerifyReport report;
    report.entries = entries;
    report.firstBadSeq = seq;
    report.problem = std::move(problem);
    return report;
}

} // namespace

QJsonObject AuditEntry::hashedFields() const
{
    return QJsonObject{{QStringLiteral("seq"), double(seq)},    {QStringLiteral("time_ms"), double(timeMs)},
                       {QStringLiteral("actor"), actor},        {QStringLiteral("action"), action},
                       {QStringLiteral("object_id"), objectId}, {QStringLiteral("details"), details},
                       {QStringLiteral("prev_hash"), prevHash}};
}

AuditLog::AuditLog(store::Database &db, const keys::DeviceKey *signer, QString actor, int checkpointEvery)
    : m_db(db), m_signer(signer), m_actor(std::move(actor)), m_checkpointEvery(qMax(1, checkpointEvery))
{}

QJsonObject AuditLog::checkpointPayload(qint64 seq, const QString &entryHash, qint64 timeMs,
                                        const QString &keyId)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("veil.audit.checkpoint.v1")},
                       {QStringLiteral("seq"), double(seq)},
                       {QStringLiteral("entry_hash"), entryHash},
                       {QStringLiteral("time_ms"), double(timeMs)},
                       {QStringLiteral("key_id"), keyId}};
}

Result<SignedCheckpoint> AuditLog::signHead()
{
    // The head as read now, signed by its seq: an entry another connection appends meanwhile does not
    // leave this call looking for a checkpoint that was never made.
    auto last = head();
    VEIL_TRY(last);
    if (last->seq == 0)
        return makeError(QStringLiteral("empty_log"), QStringLiteral("the audit log has no entries to sign"));
    return signAt(last->seq);
}

Result<SignedCheckpoint> AuditLog::signAt(qint64 seq)
{
    if (!m_signer)
        return makeError(QStringLiteral("no_signer"),
                         QStringLiteral("checkpoints need the unlocked device key"));
    auto entry = m_db.prepare("SELECT entry_hash FROM audit_log WHERE seq = ?");
    VEIL_TRY(entry);
    entry->bind(1, seq);
    auto row = entry->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("entry_unknown"), QStringLiteral("no audit entry %1").arg(seq));
    const QString entryHash = entry->text(0);
    entry->reset();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QJsonObject payload = checkpointPayload(seq, entryHash, now, m_signer->keyId());
    auto signature = m_signer->signCanonical(payload);
    VEIL_TRY(signature);
    auto stmt =
        m_db.prepare("INSERT OR REPLACE INTO audit_checkpoint(seq, entry_hash, time_ms, key_id, signature) "
                     "VALUES (?, ?, ?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(1, seq).bind(2, entryHash).bind(3, now).bind(4, m_signer->keyId());
    stmt->bindBlob(5, signature.value());
    VEIL_TRY(stmt->run());
    return SignedCheckpoint{payload, signature.value(), seq, entryHash};
}

Result<QList<ChainLink>> AuditLog::links(qint64 fromSeq, int max)
{
    auto stmt =
        m_db.prepare("SELECT seq, prev_hash, entry_hash FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?");
    VEIL_TRY(stmt);
    stmt->bind(1, fromSeq).bind(2, qint64(max));
    QList<ChainLink> links;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return links;
        links.append({stmt->int64(0), stmt->text(1), stmt->text(2)});
    }
}

QString AuditLog::genesisHash()
{
    return QString(64, QLatin1Char('0'));
}

Result<QString> AuditLog::hashEntry(const AuditEntry &entry)
{
    auto canonical = json::canonicalize(entry.hashedFields());
    VEIL_TRY(canonical);
    return crypto::sha256Hex(canonical.value());
}

Result<AuditEntry> AuditLog::head()
{
    auto stmt = m_db.prepare("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    VEIL_TRY(stmt);
    auto row = stmt->step();
    VEIL_TRY(row);
    AuditEntry entry;
    entry.entryHash = genesisHash();
    if (row.value()) {
        entry.seq = stmt->int64(0);
        entry.entryHash = stmt->text(1);
    }
    return entry;
}

Result<AuditEntry> AuditLog::append(const QString &action, const QString &objectId,
                                    const QJsonObject &details)
{
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    auto last = head();
    VEIL_TRY(last);
    AuditEntry entry{last->seq + 1,   QDateTime::currentMSecsSinceEpoch(),
                     m_actor,         action,
                     objectId,        details,
                     last->entryHash, {}};
    auto hash = hashEntry(entry);
    VEIL_TRY(hash);
    entry.entryHash = hash.value();
    auto detailsJson = json::canonicalize(details);
    VEIL_TRY(detailsJson);
    auto stmt =
        m_db.prepare("INSERT INTO audit_log(seq, time_ms, actor, action, object_id, details, prev_hash, "
                     "entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(1, entry.seq).bind(2, entry.timeMs).bind(3, entry.actor).bind(4, entry.action);
    stmt->bind(5, entry.objectId).bind(6, QString::fromUtf8(detailsJson.value())).bind(7, entry.prevHash);
    stmt->bind(8, entry.entryHash);
    VEIL_TRY(stmt->run());
    if (m_signer && entry.seq % m_checkpointEvery == 0)
        VEIL_TRY(checkpoint());
    VEIL_TRY(tx->commit());
    return entry;
}

Result<void> AuditLog::checkpoint()
{
    if (!m_signer)
        return makeError(QStringLiteral("no_signer"),
                         QStringLiteral("checkpoints need the unlocked device key"));
    auto last = head();
    VEIL_TRY(last);
    if (last->seq == 0)
        return success();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto signature =
        m_signer->signCanonical(checkpointPayload(last->seq, last->entryHash, now, m_signer->keyId()));
    VEIL_TRY(signature);
    auto stmt =
        m_db.prepare("INSERT OR REPLACE INTO audit_checkpoint(seq, entry_hash, time_ms, key_id, signature) "
                     "VALUES (?, ?, ?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(1, last->seq).bind(2, last->entryHash).bind(3, now).bind(4, m_signer->keyId());
    stmt->bindBlob(5, signature.value());
    return stmt->run();
}

Result<VerifyReport> AuditLog::verify(store::Database &db, QByteArrayView devicePublicKey)
{
    auto rows = db.prepare("SELECT seq, time_ms, actor, action, object_id, details, prev_hash, entry_hash "
                           "FROM audit_log ORDER BY seq");
    VEIL_TRY(rows);
    QHash<qint64, QString> hashes; // seq -> stored entry hash, for the checkpoint pass
    QString prev = genesisHash();
    qint64 expected = 1;
    for (auto row = rows->step();; row = rows->step()) {
        VEIL_TRY(row);
        if (!row.value())
            break;
        AuditEntry entry;
        entry.seq = rows->int64(0);
        entry.timeMs = rows->int64(1);
        entry.actor = rows->text(2);
        entry.action = rows->text(3);
        entry.objectId = rows->text(4);
        const QJsonDocument details = QJsonDocument::fromJson(rows->text(5).toUtf8());
        entry.details = details.object();
        entry.prevHash = rows->text(6);
        entry.entryHash = rows->text(7);
        const qint64 count = expected - 1;
        if (entry.seq != expected)
            return broken(expected,
                          QStringLiteral("entry #%1 is missing (deleted or renumbered)").arg(expected),
                          count);
        if (entry.prevHash != prev)
            return broken(
                entry.seq,
                QStringLiteral("entry #%1 does not follow entry #%2 (inserted, deleted or reordered)")
                    .arg(entry.seq)
                    .arg(entry.seq - 1),
                count);
        auto recomputed = hashEntry(entry);
        if (!details.isObject() || !recomputed.ok() || recomputed.value() != entry.entryHash)
            return broken(entry.seq,
                          QStringLiteral("entry #%1 was altered (its hash does not match)").arg(entry.seq),
                          count);
        hashes.insert(entry.seq, entry.entryHash);
        prev = entry.entryHash;
        ++expected;
    }
    const qint64 entries = expected - 1;

    auto checkpoints =
        db.prepare("SELECT seq, entry_hash, time_ms, key_id, signature FROM audit_checkpoint ORDER BY seq");
    VEIL_TRY(checkpoints);
    qint64 checkpointCount = 0;
    const QString keyId = crypto::ed25519::keyId(devicePublicKey);
    for (auto row = checkpoints->step();; row = checkpoints->step()) {
        VEIL_TRY(row);
        if (!row.value())
            break;
        const qint64 seq = checkpoints->int64(0);
        const QString hash = checkpoints->text(1);
        const QJsonObject payload = checkpointPayload(seq, hash, checkpoints->int64(2), checkpoints->text(3));
        if (checkpoints->text(3) != keyId ||
            !keys::verifyCanonical(devicePublicKey, payload, checkpoints->blob(4)))
            return broken(seq, QStringLiteral("the checkpoint at entry #%1 has a bad signature").arg(seq),
                          entries);
        if (seq > entries)
            return broken(
                entries + 1,
                QStringLiteral("the log was truncated: a signed checkpoint covers entry #%1 but the log "
                               "ends at #%2")
                    .arg(seq)
                    .arg(entries),
                entries);
        if (hashes.value(seq) != hash)
            return broken(seq,
                          QStringLiteral("entries up to #%1 were rewritten: they no longer match the signed "
                                         "checkpoint")
                              .arg(seq),
                          entries);
        ++checkpointCount;
    }
    VerifyReport report;
    report.intact = true;
    report.entries = entries;
    report.checkpoints = checkpointCount;
    return report;
}

} // namespace veil::audit
