// ServiceStore's verdicts: accepted ones (and corrections, which supersede one in force), the verdict feed
// supervisors pull, and conflicts kept for them.
#include "servicestore/ServiceStore.h"

#include "store/Database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::service {

namespace {

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

Result<void> ServiceStore::insertVerdict(const QString &verdictId, const QString &itemId,
                                         const QByteArray &body, const QByteArray &signature,
                                         const QString &keyId, const QString &reviewer)
{
    // The verdict id's unique constraint decides, not an earlier read: of two instances storing one verdict
    // at once, the second is told the id is taken ("verdict_exists") and its transaction stores nothing.
    auto insert =
        m_db->prepare("INSERT INTO verdicts(verdict_id, item_id, body, signature, key_id, reviewer, "
                      "accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(verdict_id) DO NOTHING");
    VEIL_TRY(insert);
    insert->bind(1, verdictId).bind(2, itemId).bind(3, QString::fromUtf8(body)).bindBlob(4, signature);
    insert->bind(5, keyId).bind(6, reviewer).bind(7, now());
    VEIL_TRY(insert->run());
    if (m_db->changes() == 0)
        return makeError(QStringLiteral("verdict_exists"),
                         QStringLiteral("a verdict %1 was stored already").arg(verdictId.left(64)));
    return success();
}

std::optional<StoredVerdict> ServiceStore::verdict(const QString &verdictId)
{
    auto stmt = m_db->prepare("SELECT seq, verdict_id, body, signature, key_id, reviewer, "
                              "COALESCE(superseded_by, '') FROM verdicts WHERE verdict_id = ?");
    stmt->bind(1, verdictId);
    auto row = stmt->step();
    if (!row.ok() || !row.value())
        return std::nullopt;
    return StoredVerdict{
        stmt->int64(0), stmt->text(1), stmt->blob(2), stmt->blob(3), stmt->text(4), {}, {}, {},
        stmt->text(5),  stmt->text(6)};
}

Result<void> ServiceStore::acceptVerdict(const QString &verdictId, const QString &itemId,
                                         const QByteArray &body, const QByteArray &signature,
                                         const QString &keyId, const QString &reviewer,
                                         const QString &leaseId)
{
    auto tx = store::Transaction::begin(*m_db);
    VEIL_TRY(tx);
    auto decided = m_db->prepare(
        "UPDATE items SET state = 'decided', lease_id = NULL, lease_device = NULL, lease_expires_at = NULL, "
        "decided_at = ?1 WHERE item_id = ?2 AND state = 'queued' AND (?3 = '' OR lease_id = ?3)");
    VEIL_TRY(decided);
    decided->bind(1, now()).bind(2, itemId).bind(3, leaseId);
    VEIL_TRY(decided->run());
    const bool nowDecided = m_db->changes() > 0;
    if (!nowDecided && !leaseId.isEmpty())
        return makeError(QStringLiteral("lease_lost"),
                         QStringLiteral("the item is no longer queued under this lease"));
    VEIL_TRY(insertVerdict(verdictId, itemId, body, signature, keyId, reviewer));
    // Counted once, when the item goes from queued to decided (the summary's histogram).
    if (nowDecided)
        VEIL_TRY(countDecision(itemId));
    return tx->commit();
}

Result<void> ServiceStore::acceptCorrection(const QString &verdictId, const QString &supersedes,
                                            const QString &itemId, const QByteArray &body,
                                            const QByteArray &signature, const QString &keyId,
                                            const QString &reviewer)
{
    auto tx = store::Transaction::begin(*m_db);
    VEIL_TRY(tx);
    // Only a verdict still in force on this item is replaced; the item's state and decision time stay.
    auto replace = m_db->prepare("UPDATE verdicts SET superseded_by = ? WHERE verdict_id = ? AND item_id = ? "
                                 "AND superseded_by IS NULL");
    VEIL_TRY(replace);
    replace->bind(1, verdictId).bind(2, supersedes).bind(3, itemId);
    VEIL_TRY(replace->run());
    if (m_db->changes() == 0)
        return makeError(QStringLiteral("already_superseded"),
                         QStringLiteral("%1 is not a verdict in force on %2").arg(supersedes, itemId));
    VEIL_TRY(insertVerdict(verdictId, itemId, body, signature, keyId, reviewer));
    return tx->commit();
}

Result<QList<StoredVerdict>> ServiceStore::feed(qint64 afterSeq, int limit)
{
    auto stmt = m_db->prepare(
        "SELECT v.seq, v.verdict_id, v.body, v.signature, v.key_id, i.payload, i.signature, d.public_key, "
        "v.reviewer, COALESCE(v.superseded_by, '') FROM verdicts v JOIN items i ON i.item_id = v.item_id "
        "LEFT JOIN devices d ON d.key_id = v.key_id "
        "WHERE v.seq > ? ORDER BY v.seq LIMIT ?");
    VEIL_TRY(stmt);
    stmt->bind(1, afterSeq).bind(2, limit);
    QList<StoredVerdict> verdicts;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return verdicts;
        verdicts.append(StoredVerdict{stmt->int64(0), stmt->text(1), stmt->blob(2), stmt->blob(3),
                                      stmt->text(4), stmt->blob(5), stmt->blob(6), stmt->blob(7),
                                      stmt->text(8), stmt->text(9)});
    }
}

Result<void> ServiceStore::forEachVerdict(const std::function<bool(const StoredVerdict &)> &callback)
{
    qint64 after = 0;
    for (;;) {
        auto page = feed(after, 1000);
        VEIL_TRY(page);
        if (page->isEmpty())
            return success();
        for (const StoredVerdict &v : page.value())
            if (!callback(v))
                return success();
        after = page->last().seq;
    }
}

Result<void> ServiceStore::recordConflict(const QString &verdictId, const QString &itemId,
                                          const QByteArray &body, const QByteArray &signature,
                                          const QString &keyId, const QString &reviewer, const QString &code)
{
    auto stmt = m_db->prepare(
        "INSERT OR IGNORE INTO conflicts(verdict_id, item_id, body, signature, key_id, reviewer, "
        "code, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(1, verdictId).bind(2, itemId).bind(3, QString::fromUtf8(body)).bindBlob(4, signature);
    stmt->bind(5, keyId).bind(6, reviewer).bind(7, code).bind(8, now());
    return stmt->run();
}

Result<QList<QJsonObject>> ServiceStore::conflicts(qint64 afterSeq, int limit)
{
    auto stmt = m_db->prepare(
        "SELECT seq, verdict_id, item_id, reviewer, code, at, body FROM conflicts WHERE seq > ? "
        "ORDER BY seq LIMIT ?");
    VEIL_TRY(stmt);
    stmt->bind(1, afterSeq).bind(2, limit);
    QList<QJsonObject> rows;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return rows;
        rows.append(QJsonObject{{QStringLiteral("seq"), double(stmt->int64(0))},
                                {QStringLiteral("verdict_id"), stmt->text(1)},
                                {QStringLiteral("item_id"), stmt->text(2)},
                                {QStringLiteral("reviewer"), stmt->text(3)},
                                {QStringLiteral("code"), stmt->text(4)},
                                {QStringLiteral("at_ms"), double(stmt->int64(5))},
                                {QStringLiteral("verdict"), stmt->text(6)}});
    }
}

bool ServiceStore::isAppealed(const QString &verdictId)
{
    auto stmt = m_db->prepare("SELECT 1 FROM items WHERE queue = 'appeals' AND appeal_of = ?");
    if (!stmt.ok())
        return true; // unknown: refuse the correction rather than bypass an appeal
    stmt->bind(1, verdictId);
    auto row = stmt->step();
    return !row.ok() || row.value();
}

} // namespace veil::service
