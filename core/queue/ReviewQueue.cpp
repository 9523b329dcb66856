#include "queue/ReviewQueue.h"

#include "crypto/Sha256.h"
#include "link/LinkStore.h"
#include "link/PolicyCache.h"
#include "link/ServerClock.h"
#include "protocol/PolicyRules.h"
#include "protocol/Verdict.h"
#include "sla/SlaLedger.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::queue {

namespace {

// SQL takes the number as text; the static_assert keeps it the one sla::FallbackWarningMs.
#define VEIL_FALLBACK_WARNING_MS "3600000"
static_assert(sla::FallbackWarningMs == 3600000);

constexpr const char *columns =
    "SELECT q.item_id, q.queue, q.lease_id, q.lease_expires_at, q.source, q.category, q.priority, "
    "q.due_at_ms, q.scores, q.model_version, q.media, "
    "CASE WHEN q.state = 'open' AND q.skip_reason IS NOT NULL THEN 'skipping' ELSE q.state END, q.appeal, "
    "c.cluster_id, "
    "(SELECT COUNT(*) FROM clusters c2 JOIN queue_items q2 ON q2.item_id = c2.item_id "
    " WHERE c2.cluster_id = c.cluster_id AND q2.state = 'open' AND q2.skip_reason IS NULL), "
    "(SELECT group_concat(l.label || ':' || m.distance, ',') FROM hash_matches m "
    " JOIN hash_lists l ON l.id = m.list_id WHERE m.item_id = q.item_id), "
    "COALESCE(q.warn_at_ms, q.due_at_ms - " VEIL_FALLBACK_WARNING_MS
    "), q.sla_paused_at, COALESCE(q.sla_started_at, 0), "
    "COALESCE(q.first_claimed_at, 0), q.claims, q.supersedes, q.earlier_decision "
    "FROM queue_items q LEFT JOIN clusters c ON c.item_id = q.item_id ";

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
    for (const QJsonValue &media : QJsonDocument::fromJson(stmt.text(10).toUtf8()).array())
        item.mediaSha256 << media.toObject().value(QStringLiteral("sha256")).toString();
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

protocol::Decision decisionFor(const QString &itemId, const QString &decision, const QStringList &labels,
                               const QString &rationale, const QString &frontEnd)
{
    protocol::Decision d;
    d.itemId = itemId;
    d.decision = decision;
    d.labels = labels;
    d.rationale = rationale;
    d.frontEnd = frontEnd;
    return d;
}

} // namespace

qint64 ReviewQueue::serviceNowMs()
{
    return QDateTime::currentMSecsSinceEpoch() + link::LinkStore(m_workspace.database()).clockOffsetMs();
}

Result<QList<QueueItem>> ReviewQueue::openItems(int limit)
{
    QueueQuery query;
    query.limit = limit;
    return openItems(query);
}

namespace {

// The WHERE clause of a query and its bound values, in order.
QPair<QByteArray, QStringList> whereClause(const QueueQuery &query)
{
    QByteArray where = "WHERE q.state = 'open' AND q.skip_reason IS NULL";
    QStringList values;
    if (!query.category.isEmpty()) {
        where += " AND q.category = ?";
        values << query.category;
    }
    if (!query.source.isEmpty()) {
        where += " AND q.source = ?";
        values << query.source;
    }
    if (!query.clusterId.isEmpty()) {
        where += " AND c.cluster_id = ?";
        values << query.clusterId;
    }
    if (query.hashMatchOnly)
        where += " AND EXISTS (SELECT 1 FROM hash_matches hm WHERE hm.item_id = q.item_id)";
    return {where, values};
}

} // namespace

Result<QList<QueueItem>> ReviewQueue::openItems(const QueueQuery &query)
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
    const QByteArray sql = QByteArray(columns) + where + order + " LIMIT ? OFFSET ?";
    auto stmt = m_workspace.database().prepare(sql.constData());
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
        if (!row.value())
            return items;
        items.append(readItem(stmt.value()));
    }
}

Result<QueueCounts> ReviewQueue::counts(const QueueQuery &query, qint64 nowMs)
{
    const auto [where, values] = whereClause(query);
    // The join is only needed to filter by cluster; without it the count is an index walk.
    const QByteArray from = query.clusterId.isEmpty()
                                ? "FROM queue_items q "
                                : "FROM queue_items q LEFT JOIN clusters c ON c.item_id = q.item_id ";
    // sla::stateAt's rule, restated in SQL to count a whole queue in one query: each item's own warning
    // time (its policy target's fraction); a paused clock is neither warning nor breached.
    const QByteArray sql = "SELECT COUNT(*), COALESCE(SUM(q.sla_paused_at IS NULL AND q.due_at_ms >= ? AND "
                           "COALESCE(q.warn_at_ms, q.due_at_ms - " VEIL_FALLBACK_WARNING_MS ") <= ?), 0), "
                           "COALESCE(SUM(q.sla_paused_at IS NULL AND q.due_at_ms < ?), 0) " +
                           from + where;
    auto stmt = m_workspace.database().prepare(sql.constData());
    VEIL_TRY(stmt);
    stmt->bind(1, nowMs).bind(2, nowMs).bind(3, nowMs);
    int i = 4;
    for (const QString &value : values)
        stmt->bind(i++, value);
    auto row = stmt->step();
    VEIL_TRY(row);
    return QueueCounts{int(stmt->int64(0)), int(stmt->int64(1)), int(stmt->int64(2))};
}

Result<QueueItem> ReviewQueue::item(const QString &itemId)
{
    const QByteArray sql = QByteArray(columns) + "WHERE q.item_id = ?";
    auto stmt = m_workspace.database().prepare(sql.constData());
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("item_unknown"),
                         QStringLiteral("no item %1 in the local queue").arg(itemId));
    return readItem(stmt.value());
}

Result<protocol::SignedVerdict> ReviewQueue::decide(const QString &itemId, const QString &decision,
                                                    const QStringList &labels, const QString &rationale,
                                                    const QString &frontEnd)
{
    return record(decisionFor(itemId, decision, labels, rationale, frontEnd));
}

Result<protocol::SignedVerdict> ReviewQueue::decideAppeal(const QString &itemId, const QString &outcome,
                                                          const QString &decision, const QStringList &labels,
                                                          const QString &rationale, const QString &frontEnd,
                                                          const QString &internalNote)
{
    protocol::Decision d = decisionFor(itemId, decision, labels, rationale, frontEnd);
    d.outcome = outcome;
    d.internalNote = internalNote;
    return record(d);
}

Result<protocol::SignedVerdict> ReviewQueue::record(protocol::Decision d)
{
    if (!m_workspace.isUnlocked())
        return makeError(QStringLiteral("locked"), QStringLiteral("unlock the vault first"));
    auto link = link::LinkStore(m_workspace.database()).load();
    VEIL_TRY(link);
    const qint64 offset = link->clockOffsetMs;
    const QString role = link->role;
    const qint64 enrolledAt = link->enrolledAtMs;
    d.reviewer = link->reviewer;
    auto current = item(d.itemId);
    VEIL_TRY(current);
    if (current->state != QLatin1String("open"))
        return makeError(QStringLiteral("item_not_open"),
                         QStringLiteral("item %1 is already %2").arg(d.itemId, current->state));
    const bool appeal = current->queue == QLatin1String("appeals");
    // The role the service gave this workstation decides which queue it may decide, here as at the
    // service; a refusal is audited.
    const QString needed = appeal ? QStringLiteral("appeals") : QStringLiteral("moderator");
    if (role != needed && role != QLatin1String("supervisor")) {
        VEIL_TRY(m_workspace.auditLog().append(
            QStringLiteral("role.denied"), d.itemId,
            {{QStringLiteral("role"), role}, {QStringLiteral("queue"), current->queue}}));
        return makeError(
            QStringLiteral("forbidden"),
            QStringLiteral("the %1 role cannot decide items of the %2 queue").arg(role, current->queue));
    }
    if (appeal && d.outcome.isEmpty())
        return makeError(
            QStringLiteral("invalid_decision"),
            QStringLiteral("%1 is an appeal: give an outcome (uphold, overturn or modify)").arg(d.itemId));
    if (!appeal && !d.outcome.isEmpty())
        return makeError(QStringLiteral("invalid_decision"),
                         QStringLiteral("%1 is not an appeal").arg(d.itemId));
    // Four-eyes, enforced here and again at the service: nobody decides the appeal of their own decision.
    if (appeal && current->originalReviewer == d.reviewer)
        return makeError(
            QStringLiteral("four_eyes"),
            QStringLiteral("%1 contests your own decision; another handler must decide it").arg(d.itemId));
    // Coherent whatever the front end did: the policy says which decisions carry labels and which need
    // them. Without a policy yet (never synced) the service's check stands alone.
    if (auto policy = link::cachedPolicy(m_workspace.database()); policy.ok())
        VEIL_TRY(protocol::checkDecisionLabels(policy.value(), d.decision, d.labels));
    d.queue = current->queue;
    d.leaseId = current->leaseId;
    if (d.clusterId.isEmpty())
        d.supersedes = current->supersedes;
    d.evidenceSha256 = current->mediaSha256;
    d.appealOf = current->appealOf;
    if (appeal) {
        // The item as read above carries the contested verdict: no second read of the row.
        const QByteArray original = current->originalVerdict.toUtf8();
        d.appealOfSha256 = crypto::sha256Hex(original);
        VEIL_TRY(protocol::checkOutcome(d.outcome, d.decision, d.labels,
                                        QJsonDocument::fromJson(original).object()));
    }
    // Decision time in the service's clock, so SLA accounting does not depend on this machine's clock.
    // Never signed outside [enrolment, local now + the skew bound], whatever the service's clock said.
    const qint64 decidedAt = QDateTime::currentMSecsSinceEpoch() + offset;
    if (std::abs(offset) > link::ServerClock::DefaultMaxSkewMs || decidedAt < enrolledAt)
        return makeError(QStringLiteral("clock_out_of_bounds"),
                         QStringLiteral("this computer's clock and the service's disagree too far to date a "
                                        "decision; check the clock, then sync"));
    auto verdict = protocol::signVerdict(d, *m_workspace.deviceKey(), decidedAt);
    VEIL_TRY(verdict);

    auto tx = store::Transaction::begin(m_workspace.database());
    VEIL_TRY(tx);
    outbox::Outbox outbox(m_workspace.database());
    VEIL_TRY(outbox.record(verdict.value(), m_workspace.auditLog(), appeal ? d.outcome : d.decision,
                           m_undoGraceMs > 0 ? QDateTime::currentMSecsSinceEpoch() + m_undoGraceMs : 0));
    auto mark = m_workspace.database().prepare("UPDATE queue_items SET state = 'decided', decided_at = ?, "
                                               "earlier_decision = NULL WHERE item_id = ?");
    VEIL_TRY(mark);
    mark->bind(1, decidedAt).bind(2, d.itemId);
    VEIL_TRY(mark->run());
    VEIL_TRY(tx->commit());
    return verdict;
}

Result<QList<protocol::SignedVerdict>>
ReviewQueue::decideMany(const QStringList &itemIds, const QString &decision, const QStringList &labels,
                        const QString &rationale, const QString &frontEnd)
{
    auto tx = store::Transaction::begin(m_workspace.database());
    VEIL_TRY(tx);
    QList<protocol::SignedVerdict> verdicts;
    verdicts.reserve(itemIds.size());
    for (const QString &itemId : itemIds) {
        auto verdict = decide(itemId, decision, labels, rationale, frontEnd);
        if (!verdict.ok())
            return makeError(verdict.error().code, itemId + QStringLiteral(": ") + verdict.error().message);
        verdicts.append(std::move(verdict).value());
    }
    VEIL_TRY(tx->commit());
    return verdicts;
}

Result<void> ReviewQueue::skip(const QString &itemId, const QString &reason)
{
    if (!skipReasons().contains(reason))
        return makeError(
            QStringLiteral("invalid_reason"),
            QStringLiteral("a skip's reason is one of: %1").arg(skipReasons().join(QStringLiteral(", "))));
    auto stmt = m_workspace.database().prepare("UPDATE queue_items SET skip_reason = ? WHERE item_id = ? AND "
                                               "state = 'open' AND skip_reason IS NULL");
    VEIL_TRY(stmt);
    stmt->bind(1, reason).bind(2, itemId);
    VEIL_TRY(stmt->run());
    if (m_workspace.database().changes() == 0)
        return makeError(QStringLiteral("item_not_open"), QStringLiteral("item %1 is not open").arg(itemId));
    return success();
}

Result<QStringList> ReviewQueue::clusterMembers(const QString &clusterId)
{
    auto stmt = m_workspace.database().prepare(
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

Result<QList<protocol::SignedVerdict>>
ReviewQueue::decideCluster(const QString &representative, const QString &decision, const QStringList &labels,
                           const QString &rationale, const QString &frontEnd)
{
    auto seen = item(representative);
    VEIL_TRY(seen);
    if (seen->clusterId.isEmpty())
        return makeError(QStringLiteral("no_cluster"),
                         QStringLiteral("%1 is not in a near-duplicate cluster").arg(representative));
    auto members = clusterMembers(seen->clusterId);
    VEIL_TRY(members);
    if (!members->contains(representative))
        return makeError(QStringLiteral("item_not_open"),
                         QStringLiteral("item %1 is already %2").arg(representative, seen->state));
    if (members->size() < 2)
        return makeError(QStringLiteral("no_cluster"),
                         QStringLiteral("%1 has no open near-duplicates").arg(representative));
    auto tx = store::Transaction::begin(m_workspace.database());
    VEIL_TRY(tx);
    QList<protocol::SignedVerdict> verdicts;
    for (const QString &itemId : std::as_const(members.value())) {
        protocol::Decision d = decisionFor(itemId, decision, labels, rationale, frontEnd);
        d.clusterId = seen->clusterId;
        d.representative = representative;
        d.clusterSize = int(members->size());
        auto verdict = record(d);
        if (!verdict.ok())
            return makeError(verdict.error().code, itemId + QStringLiteral(": ") + verdict.error().message);
        verdicts.append(std::move(verdict).value());
    }
    VEIL_TRY(tx->commit());
    return verdicts;
}

} // namespace veil::queue
