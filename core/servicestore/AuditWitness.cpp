#include "servicestore/AuditWitness.h"

#include "crypto/Ed25519.h"
#include "json/CanonicalJson.h"

namespace veil::service {

namespace {

Error bad(const QString &why)
{
    return makeError(QStringLiteral("bad_checkpoint"), why);
}

} // namespace

std::optional<AuditHead> AuditWitness::lastSeen(const QString &deviceId)
{
    auto stmt = m_store.database().prepare("SELECT seq, entry_hash FROM audit_heads WHERE device_id = ?");
    if (!stmt.ok())
        return std::nullopt;
    stmt->bind(1, deviceId);
    auto row = stmt->step();
    if (!row.ok() || !row.value())
        return std::nullopt;
    return AuditHead{stmt->int64(0), stmt->text(1)};
}

Error AuditWitness::alert(const Device &device, const QString &code, const QString &message, qint64 nowMs)
{
    auto stmt = m_store.database().prepare(
        "INSERT INTO audit_alerts(device_id, reviewer, code, message, at) VALUES (?, ?, ?, ?, ?)");
    if (stmt.ok()) {
        stmt->bind(1, device.deviceId).bind(2, device.reviewer).bind(3, code).bind(4, message).bind(5, nowMs);
        (void)stmt->run();
    }
    return makeError(code, message);
}

Result<AuditHead> AuditWitness::witness(const Device &device, const QJsonObject &payload,
                                        const QByteArray &signature, const QList<audit::ChainLink> &links,
                                        qint64 nowMs)
{
    const qint64 seq = qint64(payload.value(QStringLiteral("seq")).toDouble());
    const QString hash = payload.value(QStringLiteral("entry_hash")).toString();
    const QJsonObject expected = audit::AuditLog::checkpointPayload(
        seq, hash, qint64(payload.value(QStringLiteral("time_ms")).toDouble()),
        payload.value(QStringLiteral("key_id")).toString());
    if (payload != expected || seq < 1 || hash.size() != 64)
        return bad(QStringLiteral("the checkpoint is not a veil.audit.checkpoint.v1"));
    if (payload.value(QStringLiteral("key_id")).toString() != device.keyId)
        return bad(QStringLiteral("the checkpoint is signed by another key than this device's"));
    auto canonical = json::canonicalize(payload);
    VEIL_TRY(canonical);
    if (!crypto::ed25519::verify(device.publicKey, canonical.value(), signature))
        return bad(QStringLiteral("the checkpoint's signature does not verify"));
    // The links must run unbroken to the signed head.
    if (links.isEmpty() || links.last().seq != seq || links.last().entryHash != hash)
        return bad(QStringLiteral("the chain's links do not end at the signed head"));
    for (qsizetype i = 1; i < links.size(); ++i) {
        if (links[i].seq != links[i - 1].seq + 1 || links[i].prevHash != links[i - 1].entryHash)
            return bad(QStringLiteral("the chain's links break at seq %1").arg(links[i].seq));
    }
    if (const auto seen = lastSeen(device.deviceId)) {
        if (seq < seen->seq)
            return alert(
                device, QStringLiteral("audit_rollback"),
                QStringLiteral("the audit chain ends at entry %1, but entry %2 was seen before: it was "
                               "rolled back or truncated")
                    .arg(seq)
                    .arg(seen->seq),
                nowMs);
        const auto at = std::find_if(links.cbegin(), links.cend(),
                                     [&](const audit::ChainLink &link) { return link.seq == seen->seq; });
        if (at == links.cend())
            return bad(QStringLiteral("the links must start at entry %1, the last one seen").arg(seen->seq));
        if (at->entryHash != seen->entryHash)
            return alert(
                device, QStringLiteral("audit_fork"),
                QStringLiteral("entry %1 is not the one seen before: the chain was rewritten from there")
                    .arg(seen->seq),
                nowMs);
    }
    auto stmt = m_store.database().prepare(
        "INSERT INTO audit_heads(device_id, seq, entry_hash, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(device_id) DO UPDATE SET seq = excluded.seq, entry_hash = excluded.entry_hash, at = "
        "excluded.at");
    VEIL_TRY(stmt);
    stmt->bind(1, device.deviceId).bind(2, seq).bind(3, hash).bind(4, nowMs);
    VEIL_TRY(stmt->run());
    return AuditHead{seq, hash};
}

Result<QList<AuditAlert>> AuditWitness::alerts()
{
    auto stmt = m_store.database().prepare(
        "SELECT device_id, reviewer, code, message, at FROM audit_alerts ORDER BY seq");
    VEIL_TRY(stmt);
    QList<AuditAlert> alerts;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return alerts;
        alerts.append({stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3), stmt->int64(4)});
    }
}

} // namespace veil::service
