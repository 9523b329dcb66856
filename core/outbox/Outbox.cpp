#include "outbox/Outbox.h"

#include <QDateTime>

namespace veil::outbox {

namespace {

constexpr const char *selectColumns = "SELECT verdict_id, item_id, body, signature, key_id, state, attempts, "
                                      "next_attempt_at, last_error FROM outbox ";

OutboxEntry readEntry(const store::Statement &stmt)
{
    OutboxEntry entry;
    entry.verdict =
        protocol::SignedVerdict{stmt.text(0), stmt.text(1), stmt.blob(2), stmt.blob(3), stmt.text(4)};
    entry.state = stmt.text(5);
    entry.attempts = int(stmt.int64(6));
    entry.nextAttemptAtMs = stmt.int64(7);
    entry.lastError = stmt.isNull(8) ? QString() : stmt.text(8);
    return entry;
}

} // namespace

Result<void> Outbox::record(const protocol::SignedVerdict &verdict, audit::AuditLog &audit,
                            const QString &decision, qint64 holdUntilMs)
{
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    auto stmt = m_db.prepare("INSERT INTO outbox(verdict_id, item_id, body, signature, key_id, created_at, "
                             "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    VEIL_TRY(stmt);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    stmt->bind(1, verdict.verdictId).bind(2, verdict.itemId).bind(3, QString::fromUtf8(verdict.body));
    stmt->bindBlob(4, verdict.signature).bind(5, verdict.keyId).bind(6, now).bind(7, qMax(now, holdUntilMs));
    VEIL_TRY(stmt->run());
    VEIL_TRY(
        audit.append(QStringLiteral("verdict.sign"), verdict.verdictId,
                     {{QStringLiteral("item_id"), verdict.itemId}, {QStringLiteral("decision"), decision}}));
    return tx->commit();
}

Result<void> Outbox::withdraw(const QString &verdictId, audit::AuditLog &audit, qint64 nowMs)
{
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    auto current = find(verdictId);
    VEIL_TRY(current);
    // Only a verdict never attempted and still held: one the worker may be sending cannot be taken back.
    if (current->state != QLatin1String("pending") || current->attempts > 0 ||
        current->nextAttemptAtMs <= nowMs)
        return makeError(
            QStringLiteral("grace_over"),
            QStringLiteral("verdict %1 is past its undo grace period; correct it instead").arg(verdictId));
    auto stmt = m_db.prepare("UPDATE outbox SET state = 'withdrawn' WHERE verdict_id = ? AND state = "
                             "'pending' AND attempts = 0 AND next_attempt_at > ?");
    VEIL_TRY(stmt);
    stmt->bind(1, verdictId).bind(2, nowMs);
    VEIL_TRY(stmt->run());
    if (m_db.changes() != 1)
        return makeError(QStringLiteral("grace_over"),
                         QStringLiteral("verdict %1 is past its undo grace period").arg(verdictId));
    VEIL_TRY(audit.append(QStringLiteral("verdict.withdraw"), verdictId,
                          {{QStringLiteral("item_id"), current->verdict.itemId}}));
    return tx->commit();
}

Result<std::optional<OutboxEntry>> Outbox::latestFor(const QString &itemId)
{
    auto stmt =
        m_db.prepare(QByteArray(selectColumns) +
                     "WHERE item_id = ? AND state != 'withdrawn' ORDER BY created_at DESC, rowid DESC "
                     "LIMIT 1");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return std::optional<OutboxEntry>();
    return std::optional<OutboxEntry>(readEntry(stmt.value()));
}

Result<void> Outbox::setAside(const QString &verdictId, audit::AuditLog &audit, const QString &reason)
{
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    auto stmt =
        m_db.prepare("UPDATE outbox SET state = 'superseded', last_error = ? WHERE verdict_id = ? AND "
                     "state IN ('pending', 'rejected', 'conflicted')");
    VEIL_TRY(stmt);
    stmt->bind(1, reason).bind(2, verdictId);
    VEIL_TRY(stmt->run());
    if (m_db.changes() != 1)
        return makeError(QStringLiteral("verdict_settled"),
                         QStringLiteral("verdict %1 was taken by the service already").arg(verdictId));
    VEIL_TRY(
        audit.append(QStringLiteral("verdict.set_aside"), verdictId, {{QStringLiteral("reason"), reason}}));
    return tx->commit();
}

Result<void> Outbox::releaseHeld(qint64 nowMs)
{
    auto stmt = m_db.prepare("UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' AND attempts = 0 "
                             "AND next_attempt_at > ?");
    VEIL_TRY(stmt);
    stmt->bind(1, nowMs).bind(2, nowMs);
    return stmt->run();
}

Result<QList<OutboxEntry>> Outbox::due(qint64 nowMs, int limit)
{
    const QByteArray sql =
        QByteArray(selectColumns) +
        "WHERE state = 'pending' AND next_attempt_at <= ? AND NOT EXISTS (SELECT 1 FROM outbox p WHERE "
        "p.item_id = outbox.item_id AND p.state = 'pending' AND p.created_at < outbox.created_at) "
        "ORDER BY created_at, verdict_id LIMIT ?";
    auto stmt = m_db.prepare(sql.constData());
    VEIL_TRY(stmt);
    stmt->bind(1, nowMs).bind(2, limit);
    QList<OutboxEntry> entries;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return entries;
        entries.append(readEntry(stmt.value()));
    }
}

Result<QList<OutboxEntry>> Outbox::claimDue(qint64 nowMs, int limit)
{
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    auto entries = due(nowMs, limit);
    VEIL_TRY(entries);
    VEIL_TRY(tx->commit());
    return entries;
}

Result<OutboxEntry> Outbox::find(const QString &verdictId)
{
    const QByteArray sql = QByteArray(selectColumns) + "WHERE verdict_id = ?";
    auto stmt = m_db.prepare(sql.constData());
    VEIL_TRY(stmt);
    stmt->bind(1, verdictId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("verdict_unknown"),
                         QStringLiteral("no verdict %1 in the outbox").arg(verdictId));
    return readEntry(stmt.value());
}

Result<QList<OutboxEntry>> Outbox::unsettled(int limit)
{
    const QByteArray sql =
        QByteArray(selectColumns) +
        "WHERE state IN ('rejected', 'conflicted') ORDER BY created_at DESC, verdict_id LIMIT ?";
    auto stmt = m_db.prepare(sql.constData());
    VEIL_TRY(stmt);
    stmt->bind(1, limit);
    QList<OutboxEntry> entries;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return entries;
        entries.append(readEntry(stmt.value()));
    }
}

Result<void> Outbox::setState(const QString &verdictId, const char *state, const QString &error)
{
    auto stmt = m_db.prepare(
        "UPDATE outbox SET state = ?, last_error = ? WHERE verdict_id = ? AND state = 'pending'");
    VEIL_TRY(stmt);
    stmt->bind(1, QString::fromLatin1(state)).bind(3, verdictId);
    if (error.isEmpty())
        stmt->bindNull(2);
    else
        stmt->bind(2, error);
    VEIL_TRY(stmt->run());
    if (m_db.changes() == 0)
        return makeError(QStringLiteral("verdict_not_pending"),
                         QStringLiteral("verdict %1 is not pending in the outbox").arg(verdictId));
    return success();
}

Result<void> Outbox::markAccepted(const QString &verdictId, bool duplicate)
{
    VEIL_TRY(setState(verdictId, duplicate ? "duplicate" : "accepted", {}));
    // A correction in force: the verdict it supersedes is no longer this workstation's decision (exports,
    // retention and statements of reasons skip it).
    auto stmt =
        m_db.prepare("UPDATE outbox SET state = 'superseded' WHERE verdict_id = (SELECT "
                     "json_extract(body, '$.supersedes') FROM outbox WHERE verdict_id = ?) AND state IN "
                     "('accepted', 'duplicate')");
    VEIL_TRY(stmt);
    stmt->bind(1, verdictId);
    return stmt->run();
}

Result<void> Outbox::markRejected(const QString &verdictId, const QString &code, const QString &reason)
{
    return setState(verdictId, "rejected", code + QStringLiteral(": ") + reason);
}

Result<void> Outbox::markConflicted(const QString &verdictId, const QString &reason)
{
    return setState(verdictId, "conflicted", reason);
}

Result<void> Outbox::markRetry(const QString &verdictId, qint64 nowMs, const QString &error)
{
    auto current = find(verdictId);
    VEIL_TRY(current);
    if (current->state != QLatin1String("pending"))
        return makeError(QStringLiteral("verdict_not_pending"),
                         QStringLiteral("verdict %1 is not pending in the outbox").arg(verdictId));
    const int attempts = current->attempts + 1;
    auto stmt = m_db.prepare(
        "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE verdict_id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, attempts).bind(2, nowMs + m_backoff.delayMs(attempts)).bind(3, error).bind(4, verdictId);
    return stmt->run();
}

Result<OutboxCounts> Outbox::counts()
{
    auto stmt = m_db.prepare("SELECT state, count(*) FROM outbox GROUP BY state");
    VEIL_TRY(stmt);
    OutboxCounts counts;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return counts;
        const QString state = stmt->text(0);
        const int n = int(stmt->int64(1));
        if (state == QLatin1String("pending"))
            counts.pending = n;
        else if (state == QLatin1String("accepted"))
            counts.accepted = n;
        else if (state == QLatin1String("duplicate"))
            counts.duplicate = n;
        else if (state == QLatin1String("rejected"))
            counts.rejected = n;
        else if (state == QLatin1String("conflicted"))
            counts.conflicted = n;
    }
}

Result<int> Outbox::exportJsonLines(QIODevice &out)
{
    const QByteArray sql = QByteArray(selectColumns) + "ORDER BY created_at, verdict_id";
    auto stmt = m_db.prepare(sql.constData());
    VEIL_TRY(stmt);
    int written = 0;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return written;
        const QByteArray line = readEntry(stmt.value()).verdict.toExportLine() + '\n';
        if (out.write(line) != line.size())
            return makeError(QStringLiteral("io_error"), QStringLiteral("cannot write the export"));
        ++written;
    }
}

} // namespace veil::outbox
