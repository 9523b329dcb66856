// What this workstation owes its service, sent in order: due verdicts from the outbox (each outcome applied
// to the verdict it answers, only for the batch just sent), the SLA pauses and resumptions made here, and
// the signed head of the audit chain with its links (AuditCheckpoint.cpp).
#pragma once

#include "outbox/Backoff.h"
#include "sync/ServiceSession.h"
#include "sync/SyncReport.h"

namespace veil::sync {

class OutboxPusher
{
public:
    explicit OutboxPusher(ServiceSession &session) : m_session(session) {}

    // Retry pacing for verdicts that could not be delivered (default: 1 s base, 5 min cap, jittered).
    void setBackoff(outbox::Backoff backoff) { m_backoff = std::move(backoff); }
    // Due verdicts in batches of pushBatch, until none is due.
    Result<SyncReport> push(int pushBatch = 200);
    // Reports the SLA pauses and resumptions made here to the service, oldest first (SlaReports.cpp). One
    // the service refuses (the lease moved on, the policy changed) is dropped with a warning; a network
    // failure keeps the rest for the next sync. Returns how many the service took.
    Result<int> pushSlaReports();
    // Sends the signed head of the audit chain with its links since the head the service accepted last.
    // After a long offline stretch the links go in steps of at most maxLinks (the service's limit), each
    // step ending in a signed checkpoint of its own, so no history is too long to witness. Errors from the
    // service: "audit_rollback", "audit_fork", "bad_checkpoint".
    Result<void> sendCheckpoint(int maxLinks = 50000);

private:
    Result<SyncReport> pushBatchOnce(int pushBatch);

    ServiceSession &m_session;
    outbox::Backoff m_backoff;
    bool m_pushing = false;
    bool m_pushAgain = false;
};

} // namespace veil::sync
