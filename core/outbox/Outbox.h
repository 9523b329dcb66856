// Signed verdicts waiting for the service. A verdict, its audit entry and its outbox row commit in one
// SQLite transaction, so an acknowledged decision is never lost and never half-recorded. Rows leave
// "pending" only on the service's word: accepted, duplicate (already there: same effect), rejected
// (with the reason) or conflicted (lease lost / decided elsewhere; kept and shown to supervisors).
#pragma once

#include "audit/AuditLog.h"
#include "outbox/Backoff.h"
#include "protocol/Verdict.h"
#include "store/Database.h"

#include <QIODevice>

#include <optional>

namespace veil::outbox {

struct OutboxEntry
{
    protocol::SignedVerdict verdict;
    QString state;
    int attempts = 0;
    qint64 nextAttemptAtMs = 0;
    QString lastError;
};

struct OutboxCounts
{
    int pending = 0;
    int accepted = 0;
    int duplicate = 0;
    int rejected = 0;
    int conflicted = 0;
};

class Outbox
{
public:
    Outbox(store::Database &db, Backoff backoff = Backoff()) : m_db(db), m_backoff(std::move(backoff)) {}

    // Stores the verdict and appends "verdict.sign" to the audit log, atomically. Error "db_constraint"
    // for a verdict id that is already there. holdUntilMs: the end of the reviewer's undo grace period;
    // the verdict is not due (never sent) before it.
    Result<void> record(const protocol::SignedVerdict &verdict, audit::AuditLog &audit,
                        const QString &decision, qint64 holdUntilMs = 0);

    // Takes back a verdict inside its grace period: never sent, kept as 'withdrawn', and "verdict.withdraw"
    // appended to the audit log (the signing entry stays: nothing leaves the chain). Errors
    // "verdict_unknown", "grace_over" (sent, or due to be: correct it by a superseding verdict instead).
    Result<void> withdraw(const QString &verdictId, audit::AuditLog &audit, qint64 nowMs);
    // Ends every grace period now (the reviewer quits): held verdicts become due at once.
    Result<void> releaseHeld(qint64 nowMs);

    // Pending verdicts whose retry time has come, oldest first; never a verdict while an older one on the
    // same item is pending (a correction goes after the verdict it corrects).
    Result<QList<OutboxEntry>> due(qint64 nowMs, int limit);
    // The same, read under the write lock, for sending: a withdrawal (also a write) is either committed
    // before, and the verdict is not read, or comes after, when the grace period is over and it is refused.
    Result<QList<OutboxEntry>> claimDue(qint64 nowMs, int limit);
    Result<OutboxEntry> find(const QString &verdictId);

    Result<void> markAccepted(const QString &verdictId, bool duplicate);
    Result<void> markRejected(const QString &verdictId, const QString &code, const QString &reason);
    Result<void> markConflicted(const QString &verdictId, const QString &reason);
    // A transient failure (network, 5xx): schedule the next attempt with backoff.
    Result<void> markRetry(const QString &verdictId, qint64 nowMs, const QString &error);

    // The item's newest verdict that still counts (not withdrawn); nullopt when there is none.
    Result<std::optional<OutboxEntry>> latestFor(const QString &itemId);
    // A verdict that can no longer be delivered as signed (its lease ended and the item was leased here
    // again): kept as 'superseded', never sent, "verdict.set_aside" in the audit log. Only from pending,
    // rejected or conflicted; error "verdict_settled" for one the service took.
    Result<void> setAside(const QString &verdictId, audit::AuditLog &audit, const QString &reason);

    Result<OutboxCounts> counts();
    // Verdicts the service did not take (rejected or conflicted), newest first: what the reviewer must see.
    Result<QList<OutboxEntry>> unsettled(int limit = 100);
    // Every stored verdict as JSON Lines (see SignedVerdict::toExportLine), oldest first.
    Result<int> exportJsonLines(QIODevice &out);

private:
    Result<void> setState(const QString &verdictId, const char *state, const QString &error);

    store::Database &m_db;
    Backoff m_backoff;
};

} // namespace veil::outbox
