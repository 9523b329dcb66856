// Each queued item's SLA clock, kept with the item: when it started, its target and its warning and due
// times (from the policy's SlaClock where it covers the item), pauses where the policy allows them, the
// service's claim history, and breaches swept into the BreachLog once each. Times are on the service's
// clock (ReviewQueue::serviceNowMs).
#pragma once

#include "audit/AuditLog.h"
#include "sla/BreachLog.h"
#include "sla/SlaClock.h"
#include "store/Database.h"

namespace veil::sla {

struct ClockStamp
{
    qint64 startedAtMs = 0;
    qint64 targetMs = 0; // 0: no policy target, the service's due time stands
    qint64 warnAtMs = 0;
    qint64 dueAtMs = 0;
};

// What the service reports with a lease: when anyone first and last claimed the item, and how often
// (skips and expired leases count), so time to decision and re-claims are measurable.
struct ClaimHistory
{
    qint64 firstClaimedAtMs = 0;
    qint64 lastClaimedAtMs = 0;
    int claims = 0;
};

inline constexpr qint64 FallbackWarningMs = 3600 * 1000; // without a policy target: an hour before due

class SlaLedger
{
public:
    SlaLedger(store::Database &db, audit::AuditLog &audit) : m_db(db), m_audit(audit) {}

    // The clock of the policy last fetched from the service. Errors "policy_unknown", "bad_policy".
    Result<SlaClock> clock();

    // The item's clock: the policy's target when one covers it, else the service's due time.
    static ClockStamp stamp(const SlaClock *clock, const QString &queue, const QString &category,
                            int priority, qint64 startedAtMs, qint64 serviceDueAtMs);

    // Records the clock and claim history of a newly queued item (inside the caller's transaction).
    Result<void> start(const QString &itemId, const ClockStamp &stamp, const ClaimHistory &claims);
    // The item was claimed again (after a skip or an expired lease): its claim history moves on.
    Result<void> claimed(const QString &itemId, const ClaimHistory &claims);

    // Pauses and resumptions are queued for the service (sla_reports; SyncEngine::pushSlaReports).
    // Stops the clock, audited ("sla.pause"). Errors: "item_not_open", "pause_not_allowed" (audited as
    // "sla.pause_denied"), "invalid_reason", "already_paused".
    Result<void> pause(const QString &itemId, const QString &reason, qint64 nowMs);
    // Starts it again: the warning and due times move by the time it stood still ("sla.resume").
    // Error "not_paused".
    Result<void> resume(const QString &itemId, qint64 nowMs);

    // Records a breach for every open, running clock past its due time; returns how many were new.
    Result<int> sweep(qint64 nowMs);

private:
    Result<void> queueReport(const QString &itemId, const QString &action, const QString &reason,
                             qint64 atMs);

    store::Database &m_db;
    audit::AuditLog &m_audit;
};

} // namespace veil::sla
