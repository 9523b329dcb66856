// Each queued item's SLA clock, kept with the item (in queue_items, through QueueStore; sla_reports is this
// class's own table): when it started, its target and its warning and due
// times (from the policy's SlaClock where it covers the item), pauses where the policy allows them, the
// service's claim history, and breaches swept into the BreachLog once each. Times are on the service's
// clock (ReviewQueue::serviceNowMs).
#pragma once

#include "audit/AuditLog.h"
#include "queue/QueueStore.h"
#include "sla/BreachLog.h"
#include "sla/SlaClock.h"

namespace veil::queue {

class SlaLedger
{
public:
    SlaLedger(store::Database &db, audit::AuditLog &audit) : m_db(db), m_items(db), m_audit(audit) {}

    // The clock of the policy last fetched from the service. Errors "policy_unknown", "bad_policy".
    Result<sla::SlaClock> clock();

    // The item's clock: the policy's target when one covers it, else the service's due time.
    static sla::ClockStamp stamp(const sla::SlaClock *clock, const QString &queue, const QString &category,
                                 int priority, qint64 startedAtMs, qint64 serviceDueAtMs);

    // Records the clock and claim history of a newly queued item (inside the caller's transaction).
    Result<void> start(const QString &itemId, const sla::ClockStamp &stamp, const sla::ClaimHistory &claims);
    // The item was claimed again (after a skip or an expired lease): its claim history moves on.
    Result<void> claimed(const QString &itemId, const sla::ClaimHistory &claims);

    // Pauses and resumptions are queued for the service (sla_reports; SyncEngine::pushSlaReports).
    // Stops the clock, audited ("sla.pause"). Errors: "item_not_open", "pause_not_allowed" (audited as
    // "sla.pause_denied"), "invalid_reason", "already_paused".
    Result<void> pause(const QString &itemId, const QString &reason, qint64 nowMs);
    // Starts it again: the warning and due times move by the time it stood still ("sla.resume").
    // Error "not_paused".
    Result<void> resume(const QString &itemId, qint64 nowMs);

    // Records a breach for every open, running clock past its due time; returns how many were new.
    Result<int> sweep(qint64 nowMs);

    // The pauses and resumptions waiting to be reported, in the order they happened; and one reported
    // (taken or refused for good) off the list.
    struct Report
    {
        qint64 id = 0;
        QString itemId;
        QString action; // pause | resume
        QString reason;
        qint64 atMs = 0;
    };
    Result<QList<Report>> pendingReports();
    Result<void> reported(qint64 reportId);

private:
    Result<void> queueReport(const QString &itemId, const QString &action, const QString &reason,
                             qint64 atMs);

    store::Database &m_db;
    QueueStore m_items;
    audit::AuditLog &m_audit;
};

} // namespace veil::queue
