// QueueStore's writes from sync and the clock: a new item, what is held when the service leases an item
// again, lease renewal and release, retention's candidates, and each item's SLA columns.
#include "queue/QueueStore.h"

#include <QJsonDocument>

namespace veil::queue {

namespace {

// Leases worth keeping: open items, and items decided here whose verdict has not reached the service yet
// (held for undo, or offline): without the lease, that verdict would be refused when it arrives.
#define VEIL_LEASE_KEPT                                                                                      \
    "(state = 'open' OR (state = 'decided' AND EXISTS (SELECT 1 FROM outbox o WHERE o.item_id = "            \
    "queue_items.item_id AND o.state = 'pending')))"

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

Error notOpen(const QString &itemId)
{
    return makeError(QStringLiteral("item_not_open"),
                     QStringLiteral("no open item %1 in the local queue").arg(itemId));
}

} // namespace

Result<void> QueueStore::insert(const NewQueueItem &item)
{
    auto stmt = m_db.prepare(
        "INSERT INTO queue_items(item_id, lease_id, lease_expires_at, source, category, priority, due_at_ms, "
        "scores, model_version, sealed_prompt, sealed_account, payload_signature, ingested_at, queue, "
        "appeal, sealed_statement) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(1, item.itemId).bind(2, item.leaseId).bind(3, item.leaseExpiresAtMs).bind(4, item.source);
    stmt->bind(5, item.category).bind(6, item.priority).bind(7, item.dueAtMs);
    stmt->bind(8, compact(item.scores)).bind(9, item.modelVersion);
    stmt->bindBlob(10, item.sealedPrompt).bindBlob(11, item.sealedAccount);
    stmt->bindBlob(12, item.payloadSignature).bind(13, item.ingestedAtMs).bind(14, item.queue);
    if (item.appeal.isEmpty())
        stmt->bindNull(15);
    else
        stmt->bind(15, compact(item.appeal));
    stmt->bindBlob(16, item.sealedStatement);
    VEIL_TRY(stmt->run());
    auto file = m_db.prepare(
        "INSERT INTO queue_media(item_id, ord, sha256, mime, size, blob_id) VALUES (?, ?, ?, ?, ?, ?)");
    VEIL_TRY(file);
    for (int i = 0; i < item.media.size(); ++i) {
        const StoredMedia &m = item.media.at(i);
        file->bind(1, item.itemId).bind(2, qint64(i)).bind(3, m.sha256).bind(4, m.mime);
        file->bind(5, m.size).bind(6, m.blobId);
        VEIL_TRY(file->run());
        file->reset();
    }
    return {};
}

Result<std::optional<HeldItem>> QueueStore::held(const QString &itemId)
{
    auto row = m_db.queryRow("SELECT state, lease_id, lease_expires_at, skip_reason IS NOT NULL "
                             "FROM queue_items WHERE item_id = ?",
                             itemId);
    VEIL_TRY(row);
    if (!row.value())
        return std::optional<HeldItem>();
    const store::Statement &stmt = *row.value();
    HeldItem held{stmt.text(0), stmt.text(1), stmt.int64(2), {}, stmt.int64(3) != 0};
    auto media = this->media(itemId);
    VEIL_TRY(media);
    for (const StoredMedia &file : std::as_const(media.value()))
        held.media << file.sha256;
    return std::optional<HeldItem>(held);
}

Result<void> QueueStore::takeLeaseAgain(const QString &itemId, const QString &heldState,
                                        const QString &leaseId, qint64 expiresAtMs,
                                        const QString &earlierDecision)
{
    // A skip given back already is over; one still waiting to be given back stays.
    const char *sql =
        heldState == QLatin1String("decided")
            ? "UPDATE queue_items SET lease_id = ?, lease_expires_at = ?, state = 'open', decided_at = NULL, "
              "earlier_decision = ? WHERE item_id = ?"
        : heldState == QLatin1String("open")
            ? "UPDATE queue_items SET lease_id = ?, lease_expires_at = ?, earlier_decision = "
              "COALESCE(?, earlier_decision) WHERE item_id = ?"
            : "UPDATE queue_items SET lease_id = ?, lease_expires_at = ?, state = 'open', skip_reason = "
              "NULL, "
              "earlier_decision = ? WHERE item_id = ?";
    auto update = m_db.prepare(sql);
    VEIL_TRY(update);
    update->bind(1, leaseId).bind(2, expiresAtMs).bind(4, itemId);
    if (earlierDecision.isEmpty())
        update->bindNull(3);
    else
        update->bind(3, earlierDecision);
    return update->run();
}

Result<QString> QueueStore::keptLease(const QString &itemId)
{
    auto stmt = m_db.queryOne(
        notOpen(itemId), "SELECT lease_id FROM queue_items WHERE item_id = ? AND " VEIL_LEASE_KEPT, itemId);
    VEIL_TRY(stmt);
    return stmt->text(0);
}

Result<QStringList> QueueStore::expiringLeases(qint64 fromMs, qint64 toMs)
{
    auto stmt =
        m_db.prepare("SELECT item_id FROM queue_items WHERE " VEIL_LEASE_KEPT " AND skip_reason IS NULL "
                     "AND lease_expires_at > ? AND lease_expires_at <= ? ORDER BY lease_expires_at");
    VEIL_TRY(stmt);
    stmt->bind(1, fromMs).bind(2, toMs);
    QStringList items;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return items;
        items << stmt->text(0);
    }
}

Result<void> QueueStore::setLeaseExpiry(const QString &itemId, qint64 expiresAtMs)
{
    return m_db.run("UPDATE queue_items SET lease_expires_at = ? WHERE item_id = ?", expiresAtMs, itemId);
}

Result<QList<QPair<QString, QString>>> QueueStore::pendingSkips()
{
    auto stmt = m_db.prepare(
        "SELECT item_id, skip_reason FROM queue_items WHERE state = 'open' AND skip_reason IS NOT NULL");
    VEIL_TRY(stmt);
    QList<QPair<QString, QString>> skipped;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return skipped;
        skipped.append({stmt->text(0), stmt->text(1)});
    }
}

Result<void> QueueStore::markReleased(const QString &itemId)
{
    return m_db.run("UPDATE queue_items SET state = 'released' WHERE item_id = ?", itemId);
}

Result<QList<RetainedItem>> QueueStore::retainedItems()
{
    // Decided items age from their decision, given-back ones from when they arrived; the decision is the
    // last verdict signed here on the item. Only items whose data key still exists (not shredded).
    auto stmt =
        m_db.prepare("SELECT q.item_id, q.category, COALESCE(q.decided_at, q.ingested_at), "
                     "(SELECT json_extract(o.body, '$.decision') FROM outbox o WHERE o.item_id = q.item_id "
                     " AND o.state NOT IN ('withdrawn', 'superseded', 'rejected') ORDER BY o.created_at "
                     "DESC, o.rowid DESC LIMIT 1) "
                     "FROM queue_items q JOIN item_keys k ON k.item_id = q.item_id WHERE q.state IN "
                     "('decided', 'released')");
    VEIL_TRY(stmt);
    QList<RetainedItem> items;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return items;
        items.append(
            {stmt->text(0), stmt->text(1), stmt->int64(2), stmt->isNull(3) ? QString() : stmt->text(3)});
    }
}

Result<void> QueueStore::stampClock(const QString &itemId, const sla::ClockStamp &stamp,
                                    const sla::ClaimHistory &claims)
{
    auto stmt = m_db.prepare("UPDATE queue_items SET sla_started_at = ?, sla_target_ms = ?, warn_at_ms = ?, "
                             "due_at_ms = ?, first_claimed_at = ?, last_claimed_at = ?, claims = ? "
                             "WHERE item_id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, stamp.startedAtMs);
    if (stamp.targetMs > 0)
        stmt->bind(2, stamp.targetMs);
    else
        stmt->bindNull(2);
    stmt->bind(3, stamp.warnAtMs).bind(4, stamp.dueAtMs);
    stmt->bind(5, claims.firstClaimedAtMs).bind(6, claims.lastClaimedAtMs).bind(7, qint64(claims.claims));
    stmt->bind(8, itemId);
    return stmt->run();
}

Result<void> QueueStore::recordClaims(const QString &itemId, const sla::ClaimHistory &claims)
{
    return m_db.run("UPDATE queue_items SET first_claimed_at = COALESCE(first_claimed_at, ?), "
                    "last_claimed_at = ?, claims = MAX(claims, ?) WHERE item_id = ?",
                    claims.firstClaimedAtMs, claims.lastClaimedAtMs, qint64(claims.claims), itemId);
}

Result<QueueStore::OpenClock> QueueStore::openClock(const QString &itemId)
{
    auto stmt = m_db.queryOne(notOpen(itemId),
                              "SELECT queue, category, COALESCE(sla_paused_at, 0) FROM queue_items "
                              "WHERE item_id = ? AND state = 'open'",
                              itemId);
    VEIL_TRY(stmt);
    return OpenClock{stmt->text(0), stmt->text(1), stmt->int64(2)};
}

Result<void> QueueStore::pauseClock(const QString &itemId, qint64 atMs)
{
    return m_db.run("UPDATE queue_items SET sla_paused_at = ? WHERE item_id = ?", atMs, itemId);
}

Result<void> QueueStore::resumeClock(const QString &itemId, qint64 stoodMs)
{
    return m_db.run("UPDATE queue_items SET sla_paused_at = NULL, sla_paused_ms = sla_paused_ms + ?, "
                    "due_at_ms = due_at_ms + ?, warn_at_ms = warn_at_ms + ? WHERE item_id = ?",
                    stoodMs, stoodMs, stoodMs, itemId);
}

Result<QList<LateItem>> QueueStore::lateItems(qint64 nowMs)
{
    auto stmt = m_db.prepare("SELECT q.item_id, q.queue, COALESCE(q.sla_target_ms, 0), q.due_at_ms, "
                             "COALESCE(q.sla_started_at, 0) FROM queue_items q WHERE q.state = 'open' "
                             "AND q.sla_paused_at IS NULL AND q.due_at_ms < ? "
                             "AND NOT EXISTS (SELECT 1 FROM sla_breaches b WHERE b.item_id = q.item_id)");
    VEIL_TRY(stmt);
    stmt->bind(1, nowMs);
    QList<LateItem> late;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return late;
        late.append({stmt->text(0), stmt->text(1), stmt->int64(2), stmt->int64(3), stmt->int64(4)});
    }
}

} // namespace veil::queue
