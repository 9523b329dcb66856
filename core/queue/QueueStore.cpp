#include "queue/QueueStore.h"

#include <QJsonDocument>
#include <QSet>

namespace veil::queue {

namespace {

// SQL takes the number as text; the static_assert keeps it the one sla::FallbackWarningMs.
#define VEIL_FALLBACK_WARNING_MS "3600000"
static_assert(sla::FallbackWarningMs == 3600000);

constexpr const char *columns =
    "SELECT q.item_id, q.queue, q.lease_id, q.lease_expires_at, q.source, q.category, q.priority, "
    "q.due_at_ms, q.scores, q.model_version, "
    // The hashes come from queue_media's primary key in (item, ord) order.
    "(SELECT group_concat(m.sha256, ',') FROM queue_media m WHERE m.item_id = q.item_id), "
    "CASE WHEN q.state = 'open' AND q.skip_reason IS NOT NULL THEN 'skipping' ELSE q.state END, q.appeal, "
    "c.cluster_id, "
    // The family's open size: counted here for one item; a page counts its families once each instead
    // (countFamilies), not once per row (a flood's page is hundreds of rows of a few families).
    "%CLUSTER_OPEN%, "
    "(SELECT group_concat(l.label || ':' || m.distance, ',') FROM hash_matches m "
    " JOIN hash_lists l ON l.id = m.list_id WHERE m.item_id = q.item_id), "
    "COALESCE(q.warn_at_ms, q.due_at_ms - " VEIL_FALLBACK_WARNING_MS
    "), q.sla_paused_at, COALESCE(q.sla_started_at, 0), "
    "COALESCE(q.first_claimed_at, 0), q.claims, q.supersedes, q.earlier_decision "
    "FROM queue_items q LEFT JOIN clusters c ON c.item_id = q.item_id ";

constexpr const char *clusterOpenOfRow =
    "(SELECT COUNT(*) FROM clusters c2 JOIN queue_items q2 ON q2.item_id = c2.item_id "
    " WHERE c2.cluster_id = c.cluster_id AND q2.state = 'open' AND q2.skip_reason IS NULL)";

// The columns readItem reads; clusterOpen counted per row or left for countFamilies.
QByteArray selectColumns(bool countPerRow)
{
    return QByteArray(columns).replace("%CLUSTER_OPEN%", countPerRow ? clusterOpenOfRow : "0");
}

QueueItem readItem(const store::Statement &stmt)
{
    QueueItem item;
    item.itemId = stmt.text(0);
    item.queue = stmt.text(1);
    item.leaseId = stmt.text(2);
    item.leaseExpiresAtMs = stmt.int64(3);
    item.source = stmt.text(4);
    item.category = stmt.text(5);
    item.priority = int(stmt.int64(6));
    item.dueAtMs = stmt.int64(7);
    item.scores = QJsonDocument::fromJson(stmt.text(8).toUtf8()).object();
    item.modelVersion = stmt.text(9);
    item.state = stmt.text(11);
    if (!stmt.isNull(10))
        item.mediaSha256 = stmt.text(10).split(QLatin1Char(','));
    if (!stmt.isNull(12)) {
        const QJsonObject appeal = QJsonDocument::fromJson(stmt.text(12).toUtf8()).object();
        item.appealOf = appeal.value(QStringLiteral("appeal_of")).toString();
        item.originalReviewer = appeal.value(QStringLiteral("original_reviewer")).toString();
        // Kept as text: hashed once, when a verdict on the appeal is signed, not for every row of a page.
        item.originalVerdict = appeal.value(QStringLiteral("original_verdict")).toString();
    }
    if (!stmt.isNull(13)) {
        item.clusterId = stmt.text(13);
        item.clusterOpen = int(stmt.int64(14));
    }
    if (!stmt.isNull(15))
        item.hashMatches = stmt.text(15).split(QLatin1Char(','));
    item.warnAtMs = stmt.int64(16);
    item.slaPausedAtMs = stmt.isNull(17) ? 0 : stmt.int64(17);
    item.slaStartedAtMs = stmt.int64(18);
    item.firstClaimedAtMs = stmt.int64(19);
    item.claims = int(stmt.int64(20));
    if (!stmt.isNull(22))
        item.earlierDecision = QJsonDocument::fromJson(stmt.text(22).toUtf8()).object();
    item.supersedes = stmt.isNull(21) ? QString() : stmt.text(21);
    return item;
}

// The filters of a query on the items aliased `q` (their bound values in order), as " AND ..." terms.
QPair<QByteArray, QStringList> filterTerms(const QueueQuery &query, const char *q)
{
    QByteArray terms;
    QStringList values;
    const QByteArray alias(q);
    if (!query.category.isEmpty()) {
        terms += " AND " + alias + ".category = ?";
        values << query.category;
    }
    if (!query.source.isEmpty()) {
        terms += " AND " + alias + ".source = ?";
        values << query.source;
    }
    if (query.hashMatchOnly)
        terms += " AND EXISTS (SELECT 1 FROM hash_matches hm WHERE hm.item_id = " + alias + ".item_id)";
    return {terms, values};
}

bool grouped(const QueueQuery &query)
{
    return query.groupFamilies && query.clusterId.isEmpty();
}

// (CROSS JOIN keeps the family's members the outer loop: left to itself the planner walks every earlier
// open item by the due-time index looking for one of the family, O(queue) per row.)
// True for the row that stands for its family: no other open member matching the filters comes before it
// in the query's order (the same order as ORDER BY, so keyset paging walks heads as it walks items).
QPair<QByteArray, QStringList> familyHead(const QueueQuery &query)
{
    const bool byPriority = query.sortBy == QLatin1String("priority");
    auto [terms, values] = filterTerms(query, "h");
    const QByteArray before =
        byPriority ? "(-h.priority, h.due_at_ms, h.item_id) < (-q.priority, q.due_at_ms, q.item_id)"
                   : "(h.due_at_ms, -h.priority, h.item_id) < (q.due_at_ms, -q.priority, q.item_id)";
    return {"(c.cluster_id IS NULL OR NOT EXISTS (SELECT 1 FROM clusters hc CROSS JOIN queue_items h ON "
            "h.item_id = "
            "hc.item_id WHERE hc.cluster_id = c.cluster_id AND h.state = 'open' AND h.skip_reason IS NULL" +
                terms + " AND " + before + "))",
            values};
}

// The WHERE clause of a query and its bound values, in order.
QPair<QByteArray, QStringList> whereClause(const QueueQuery &query)
{
    auto [terms, values] = filterTerms(query, "q");
    QByteArray where = "WHERE q.state = 'open' AND q.skip_reason IS NULL" + terms;
    if (!query.clusterId.isEmpty()) {
        where += " AND c.cluster_id = ?";
        values << query.clusterId;
    }
    if (grouped(query)) {
        const auto [head, headValues] = familyHead(query);
        where += " AND " + head;
        values << headValues;
    }
    return {where, values};
}

Error noItem(const QString &itemId)
{
    return makeError(QStringLiteral("item_unknown"), QStringLiteral("no item %1").arg(itemId));
}

} // namespace

Result<QList<QueueItem>> QueueStore::openItems(const QueueQuery &query)
{
    auto [where, values] = whereClause(query);
    // Keyset bounds, bound as integers after the filter values: (due, priority, item) in the query's order.
    const bool byPriority = query.sortBy == QLatin1String("priority");
    const QByteArray order = byPriority ? " ORDER BY q.priority DESC, q.due_at_ms, q.item_id"
                                        : " ORDER BY q.due_at_ms, q.priority DESC, q.item_id";
    if (query.after) {
        // The first term bounds an index range; the rest breaks ties in the same order as ORDER BY.
        where += byPriority ? " AND q.priority <= ? AND (q.priority < ? OR q.due_at_ms > ? OR "
                              "(q.due_at_ms = ? AND q.item_id > ?))"
                            : " AND q.due_at_ms >= ? AND (q.due_at_ms > ? OR q.priority < ? OR "
                              "(q.priority = ? AND q.item_id > ?))";
    }
    const QByteArray sql = selectColumns(false) + where + order + " LIMIT ? OFFSET ?";
    auto stmt = m_db.prepare(sql.constData());
    VEIL_TRY(stmt);
    int i = 1;
    for (const QString &value : values)
        stmt->bind(i++, value);
    if (query.after) {
        const qint64 due = query.after->dueAtMs, priority = query.after->priority;
        const qint64 first = byPriority ? priority : due, second = byPriority ? due : priority;
        stmt->bind(i, first).bind(i + 1, first).bind(i + 2, second).bind(i + 3, second);
        stmt->bind(i + 4, query.after->itemId);
        i += 5;
    }
    stmt->bind(i, query.limit);
    stmt->bind(i + 1, query.after ? 0 : query.offset);
    QList<QueueItem> items;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value()) {
            VEIL_TRY(countFamilies(items));
            return items;
        }
        items.append(readItem(stmt.value()));
    }
}

Result<void> QueueStore::countFamilies(QList<QueueItem> &items)
{
    QStringList families;
    QSet<QString> listed;
    for (const QueueItem &item : std::as_const(items)) {
        if (!item.clusterId.isEmpty() && !listed.contains(item.clusterId)) {
            listed.insert(item.clusterId);
            families << item.clusterId;
        }
    }
    QHash<QString, int> open;
    constexpr qsizetype Chunk = 200;
    for (qsizetype from = 0; from < families.size(); from += Chunk) {
        const QStringList chunk = families.mid(from, Chunk);
        QByteArray marks = "?";
        for (qsizetype i = 1; i < chunk.size(); ++i)
            marks += ",?";
        const QByteArray sql =
            "SELECT c.cluster_id, COUNT(*) FROM clusters c JOIN queue_items q ON q.item_id = "
            "c.item_id WHERE c.cluster_id IN (" +
            marks + ") AND q.state = 'open' AND q.skip_reason IS NULL GROUP BY c.cluster_id";
        auto stmt = m_db.prepare(sql.constData());
        VEIL_TRY(stmt);
        for (int i = 0; i < chunk.size(); ++i)
            stmt->bind(i + 1, chunk.at(i));
        for (;;) {
            auto row = stmt->step();
            VEIL_TRY(row);
            if (!row.value())
                break;
            open.insert(stmt->text(0), int(stmt->int64(1)));
        }
    }
    for (QueueItem &item : items)
        if (!item.clusterId.isEmpty())
            item.clusterOpen = open.value(item.clusterId);
    return {};
}

Result<QueueCounts> QueueStore::counts(const QueueQuery &query, qint64 nowMs)
{
    // Items are counted whether or not they head their family; the rows are the heads: each family with a
    // matching open item has exactly one (the first of them), so rows are the loners plus the families.
    QueueQuery items = query;
    items.groupFamilies = false;
    const auto [where, values] = whereClause(items);
    const QByteArray rows =
        grouped(query) ? "SUM(c.cluster_id IS NULL) + COUNT(DISTINCT c.cluster_id)" : "COUNT(*)";
    // The join is only needed for families; without it the count is an index walk.
    const QByteArray from = query.clusterId.isEmpty() && !grouped(query)
                                ? "FROM queue_items q "
                                : "FROM queue_items q LEFT JOIN clusters c ON c.item_id = q.item_id ";
    // sla::stateAt's rule, restated in SQL to count a whole queue in one query: each item's own warning
    // time (its policy target's fraction); a paused clock is neither warning nor breached.
    const QByteArray sql = "SELECT COUNT(*), COALESCE(SUM(q.sla_paused_at IS NULL AND q.due_at_ms >= ? AND "
                           "COALESCE(q.warn_at_ms, q.due_at_ms - " VEIL_FALLBACK_WARNING_MS ") <= ?), 0), "
                           "COALESCE(SUM(q.sla_paused_at IS NULL AND q.due_at_ms < ?), 0), "
                           "COALESCE(" +
                           rows + ", 0) " + from + where;
    auto stmt = m_db.prepare(sql.constData());
    VEIL_TRY(stmt);
    stmt->bind(1, nowMs).bind(2, nowMs).bind(3, nowMs);
    int i = 4;
    for (const QString &value : values)
        stmt->bind(i++, value);
    auto row = stmt->step();
    VEIL_TRY(row);
    return QueueCounts{int(stmt->int64(0)), int(stmt->int64(1)), int(stmt->int64(2)), int(stmt->int64(3))};
}

Result<QueueItem> QueueStore::item(const QString &itemId)
{
    const QByteArray sql = selectColumns(true) + "WHERE q.item_id = ?";
    auto stmt = m_db.prepare(sql.constData());
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("item_unknown"),
                         QStringLiteral("no item %1 in the local queue").arg(itemId));
    QueueItem item = readItem(stmt.value());
    // A verdict names the evidence in this list's order: read it by ord, not by group_concat's order,
    // which SQLite does not promise.
    auto media = this->media(itemId);
    VEIL_TRY(media);
    item.mediaSha256.clear();
    for (const StoredMedia &file : std::as_const(media.value()))
        item.mediaSha256 << file.sha256;
    return item;
}

Result<QueueStore::DecisionFacts> QueueStore::decisionFacts(const QString &itemId)
{
    auto row =
        m_db.queryOne(noItem(itemId),
                      "SELECT CASE WHEN state = 'open' AND skip_reason IS NOT NULL THEN 'skipping' ELSE "
                      "state END, queue, lease_id, supersedes, appeal FROM queue_items WHERE item_id = ?",
                      itemId);
    VEIL_TRY(row);
    DecisionFacts facts{row->text(0), row->text(1), row->text(2), row->text(3), {}, {}, {}, {}};
    if (!row->isNull(4)) {
        const QJsonObject appeal = QJsonDocument::fromJson(row->text(4).toUtf8()).object();
        facts.appealOf = appeal.value(QStringLiteral("appeal_of")).toString();
        facts.originalReviewer = appeal.value(QStringLiteral("original_reviewer")).toString();
        facts.originalVerdict = appeal.value(QStringLiteral("original_verdict")).toString();
    }
    auto stmt = m_db.prepare("SELECT sha256 FROM queue_media WHERE item_id = ? ORDER BY ord");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    for (;;) {
        auto media = stmt->step();
        VEIL_TRY(media);
        if (!media.value())
            return facts;
        facts.mediaSha256 << stmt->text(0);
    }
}

Result<QStringList> QueueStore::clusterMembers(const QString &clusterId)
{
    auto stmt = m_db.prepare(
        "SELECT q.item_id FROM clusters c JOIN queue_items q ON q.item_id = c.item_id WHERE c.cluster_id = ? "
        "AND q.state = 'open' AND q.skip_reason IS NULL AND q.supersedes IS NULL "
        "ORDER BY q.due_at_ms, q.priority DESC, q.item_id");
    VEIL_TRY(stmt);
    stmt->bind(1, clusterId);
    QStringList members;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return members;
        members << stmt->text(0);
    }
}

Result<QueueStore::SealedTexts> QueueStore::sealedTexts(const QString &itemId)
{
    auto stmt = m_db.queryOne(
        noItem(itemId), "SELECT sealed_prompt, sealed_statement FROM queue_items WHERE item_id = ?", itemId);
    VEIL_TRY(stmt);
    SealedTexts texts;
    texts.prompt = stmt->blob(0);
    if (!stmt->isNull(1))
        texts.statement = stmt->blob(1);
    return texts;
}

QJsonObject QueueStore::appealRecord(const QString &itemId)
{
    auto row = m_db.queryRow("SELECT appeal FROM queue_items WHERE item_id = ?", itemId);
    if (!row.ok() || !row.value() || row.value()->isNull(0))
        return {};
    return QJsonDocument::fromJson(row.value()->text(0).toUtf8()).object();
}

Result<QList<StoredMedia>> QueueStore::media(const QString &itemId)
{
    auto known = m_db.queryOne(noItem(itemId), "SELECT 1 FROM queue_items WHERE item_id = ?", itemId);
    VEIL_TRY(known);
    auto stmt =
        m_db.prepare("SELECT sha256, mime, size, blob_id FROM queue_media WHERE item_id = ? ORDER BY ord");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    QList<StoredMedia> media;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return media;
        media.append({stmt->text(0), stmt->text(1), stmt->int64(2), stmt->text(3)});
    }
}

Result<QList<protocol::DecisionRecord>> QueueStore::signedDecisions()
{
    auto stmt =
        m_db.prepare("SELECT o.body, o.state, COALESCE(q.category, ''), COALESCE(q.source, ''), "
                     "COALESCE(q.sla_started_at, q.ingested_at, 0), COALESCE(q.decided_at, o.created_at), "
                     "o.item_id FROM outbox o LEFT JOIN queue_items q ON q.item_id = o.item_id "
                     "ORDER BY o.created_at, o.rowid");
    VEIL_TRY(stmt);
    QList<protocol::DecisionRecord> records;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return records;
        protocol::DecisionRecord r;
        r.verdict = QJsonDocument::fromJson(stmt->text(0).toUtf8()).object();
        r.state = stmt->text(1);
        r.category = stmt->text(2);
        r.source = stmt->text(3);
        r.contentDateMs = stmt->int64(4);
        r.decidedAtMs = stmt->int64(5);
        r.itemId = stmt->text(6);
        records.append(r);
    }
}

Result<void> QueueStore::markDecided(const QString &itemId, qint64 decidedAtMs)
{
    return m_db.run("UPDATE queue_items SET state = 'decided', decided_at = ?, earlier_decision = NULL "
                    "WHERE item_id = ?",
                    decidedAtMs, itemId);
}

Result<bool> QueueStore::markSkipped(const QString &itemId, const QString &reason)
{
    VEIL_TRY(m_db.run("UPDATE queue_items SET skip_reason = ? WHERE item_id = ? AND state = 'open' AND "
                      "skip_reason IS NULL",
                      reason, itemId));
    return m_db.changes() > 0;
}

Result<void> QueueStore::reopenWithdrawn(const QString &itemId)
{
    return m_db.run("UPDATE queue_items SET state = 'open', decided_at = NULL WHERE item_id = ? AND "
                    "state = 'decided'",
                    itemId);
}

Result<bool> QueueStore::reopenToSupersede(const QString &itemId, const QString &verdictId)
{
    // Only the item's latest verdict: a correction of a correction supersedes the newest one.
    VEIL_TRY(m_db.run(
        "UPDATE queue_items SET state = 'open', decided_at = NULL, skip_reason = NULL, supersedes = ? "
        "WHERE item_id = ? AND state = 'decided' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.item_id = ? "
        "AND o.state != 'withdrawn' AND o.created_at > (SELECT created_at FROM outbox WHERE verdict_id = ?))",
        verdictId, itemId, itemId, verdictId));
    return m_db.changes() == 1;
}

} // namespace veil::queue
