// One workstation's conversation with its moderation service, put together from its parts over one
// ServiceSession: enrollment, then sync rounds — SLA reports and due verdicts out (OutboxPusher), skips
// given back and new items leased (LeaseClient), each verified and ingested into the vault (Ingestor),
// the team's decisions pulled for supervisors (FeedPuller), breaches and retention swept, and the audit
// chain witnessed. Bad items are quarantined with a reason; the rest of the batch goes on. What runs
// outside a round (lease renewal, a reference look, a checkpoint alone) is asked of the part itself.
#pragma once

#include "sync/FeedPuller.h"
#include "sync/Ingestor.h"
#include "sync/LeaseClient.h"
#include "sync/OutboxPusher.h"
#include "sync/ServiceSession.h"
#include "sync/SyncReport.h"

namespace veil::sync {

class SyncEngine
{
public:
    // The workspace must be unlocked.
    SyncEngine(Workspace &workspace, ServiceClient::Options clientOptions = {});

    ServiceSession &session() { return m_session; }
    LeaseClient &leases() { return m_leases; }
    Ingestor &ingestor() { return m_ingestor; }
    OutboxPusher &pusher() { return m_pusher; }
    FeedPuller &feed() { return m_feed; }

    // A sync round ends by then: media still downloading is given up and its item given back, the rest
    // proceeds (default 5 minutes).
    void setRoundDeadlineMs(int ms) { m_roundDeadlineMs = ms; }

    Result<link::ServiceLink> enroll(const QUrl &service, const QByteArray &token);
    Result<link::ServiceLink> link();
    // Pushes due verdicts, then claims up to claimMax items and ingests them.
    Result<SyncReport> syncOnce(int claimMax = 50, int pushBatch = 200);
    // Only the push half (used after deciding, and by tests of outbox delivery).
    Result<SyncReport> push(int pushBatch = 200) { return m_pusher.push(pushBatch); }

    // The service's policy document (decision types, labels, SLA targets) and the team's settings; kept in
    // the workspace.
    Result<QJsonObject> fetchPolicy();
    // The policy as last fetched, for offline work. Error "policy_unknown" before the first fetch.
    Result<QJsonObject> cachedPolicy();

private:
    Workspace &m_workspace;
    ServiceSession m_session;
    LeaseClient m_leases{m_session};
    Ingestor m_ingestor{m_session, m_leases};
    OutboxPusher m_pusher{m_session};
    FeedPuller m_feed{m_session, m_ingestor};
    int m_roundDeadlineMs = 5 * 60 * 1000;
};

} // namespace veil::sync
