#include "link/FeedStore.h"

#include <QJsonDocument>

namespace veil::link {

namespace {

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

} // namespace

Result<void> FeedStore::addEntry(const FeedEntry &e)
{
    return m_db.run(
        "INSERT OR IGNORE INTO decision_feed(seq, verdict_id, item_id, queue, reviewer, decision, "
        "category, source, created_at_ms, decided_at_ms, verdict, media) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        e.seq, e.verdictId, e.itemId, e.queue, e.reviewer, e.decision, e.category, e.source, e.createdAtMs,
        e.decidedAtMs, QString::fromUtf8(e.verdict), compact(e.media));
}

Result<QList<protocol::DecisionRecord>> FeedStore::records()
{
    auto stmt = m_db.prepare("SELECT verdict, category, source, created_at_ms, decided_at_ms, item_id "
                             "FROM decision_feed ORDER BY decided_at_ms, seq");
    VEIL_TRY(stmt);
    QList<protocol::DecisionRecord> records;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return records;
        protocol::DecisionRecord r;
        r.verdict = QJsonDocument::fromJson(stmt->text(0).toUtf8()).object();
        r.state = QStringLiteral("accepted");
        r.category = stmt->text(1);
        r.source = stmt->text(2);
        r.contentDateMs = stmt->int64(3);
        r.decidedAtMs = stmt->int64(4);
        r.itemId = stmt->text(5);
        records.append(r);
    }
}

Result<QPair<QString, QJsonArray>> FeedStore::latestOn(const QString &itemId)
{
    auto stmt = m_db.queryOne(
        makeError(QStringLiteral("item_unknown"), QStringLiteral("no decision on item %1").arg(itemId)),
        "SELECT category, media FROM decision_feed WHERE item_id = ? ORDER BY seq DESC LIMIT 1", itemId);
    VEIL_TRY(stmt);
    return qMakePair(stmt->text(0), QJsonDocument::fromJson(stmt->text(1).toUtf8()).array());
}

Result<void> FeedStore::addReference(const ReferenceItem &item, qint64 fetchedAtMs)
{
    return m_db.run("INSERT INTO reference_items(vault_id, item_id, purpose, category, media, fetched_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    item.vaultId, item.itemId, item.purpose, item.category, compact(item.media), fetchedAtMs);
}

Result<void> FeedStore::setReferenceFacts(const QString &vaultId, const QByteArray &sealedPrompt,
                                          const QJsonObject &facts)
{
    return m_db.run("UPDATE reference_items SET sealed_prompt = ?, facts = ? WHERE vault_id = ?",
                    sealedPrompt, QString::fromUtf8(QJsonDocument(facts).toJson(QJsonDocument::Compact)),
                    vaultId);
}

Result<ReferenceItem> FeedStore::reference(const QString &vaultId)
{
    auto stmt = m_db.queryOne(
        makeError(QStringLiteral("item_unknown"), QStringLiteral("no reference item %1").arg(vaultId)),
        "SELECT item_id, purpose, category, media, COALESCE(facts, '{}'), sealed_prompt FROM reference_items "
        "WHERE vault_id = ?",
        vaultId);
    VEIL_TRY(stmt);
    ReferenceItem item;
    item.vaultId = vaultId;
    item.itemId = stmt->text(0);
    item.purpose = stmt->text(1);
    item.category = stmt->text(2);
    item.media = QJsonDocument::fromJson(stmt->text(3).toUtf8()).array();
    item.facts = QJsonDocument::fromJson(stmt->text(4).toUtf8()).object();
    if (!stmt->isNull(5))
        item.sealedPrompt = stmt->blob(5);
    return item;
}

Result<void> FeedStore::removeReference(const QString &vaultId)
{
    return m_db.run("DELETE FROM reference_items WHERE vault_id = ?", vaultId);
}

Result<QStringList> FeedStore::referenceIds()
{
    auto stmt = m_db.prepare("SELECT vault_id FROM reference_items");
    VEIL_TRY(stmt);
    QStringList ids;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return ids;
        ids << stmt->text(0);
    }
}

} // namespace veil::link
