// One workstation's conversation with its moderation service: enrollment (device key registered, the
// service's signing key pinned), then sync rounds — push due verdicts, lease new items, verify and
// ingest them into the vault. Bad items are quarantined with a reason; the rest of the batch goes on.
#pragma once

#include "link/LinkStore.h"
#include "media/MediaCatalog.h"
#include "outbox/Outbox.h"
#include "protocol/Escalation.h"
#include "queue/SlaLedger.h"
#include "sla/SlaClock.h"
#include "sync/ServiceClient.h"
#include "workspace/Workspace.h"

#include <functional>
#include <memory>
#include <optional>

namespace veil::sync {

struct SyncReport
{
    int pushed = 0;
    int accepted = 0;
    int duplicate = 0;
    int rejected = 0;
    int conflicted = 0;
    int retrying = 0;
    int unsolicited = 0; // results for verdicts not in the batch sent: ignored
    int leased = 0;
    int ingested = 0;
    int quarantined = 0;
    int released = 0;       // skipped items given back to the service
    int returned = 0;       // leased items given back because their bytes did not arrive whole (or in time)
    int leaseConflicts = 0; // leases refused (run out, older than the one held, other media): recorded
    int breached = 0;       // SLA breaches newly recorded
    int feed = 0;           // supervisors: the team's decisions newly pulled from the verdict feed
    int shredded = 0;       // items whose evidence retention ran out this round
    QString auditError;     // the service refused this round's audit checkpoint: why ("" when accepted)
    QString clockWarning;   // the service's time was not taken (unsigned, malformed, out of bounds): why
};

class SyncEngine
{
public:
    // The workspace must be unlocked.
    SyncEngine(Workspace &workspace, ServiceClient::Options clientOptions = {});

    // Retry pacing for verdicts that could not be delivered (default: 1 s base, 5 min cap, jittered).
    void setBackoff(outbox::Backoff backoff) { m_backoff = std::move(backoff); }
    // Decode limits, cluster and hash-list radii for ingest (defaults: MediaSettings{}).
    void setMediaSettings(const media::MediaSettings &settings);
    const media::MediaSettings &mediaSettings() const { return m_mediaSettings; }
    // The media facts of ingested items (faces, clusters, hash-list matches).
    media::MediaCatalog &mediaCatalog();
    // Called after each leased item of a sync round is ingested or quarantined (done of total).
    using Progress = std::function<void(int done, int total)>;
    void setProgress(Progress progress) { m_progress = std::move(progress); }
    // A sync round ends by then: media still downloading is given up and its item given back, the rest
    // proceeds (default 5 minutes).
    void setRoundDeadlineMs(int ms) { m_roundDeadlineMs = ms; }

    Result<link::ServiceLink> enroll(const QUrl &service, const QByteArray &token);
    Result<link::ServiceLink> link();
    // Pushes due verdicts, then claims up to claimMax items and ingests them.
    Result<SyncReport> syncOnce(int claimMax = 50, int pushBatch = 200);
    // Only the push half (used after deciding, and by tests of outbox delivery).
    Result<SyncReport> push(int pushBatch = 200);
    // Reports the SLA pauses and resumptions made here to the service, oldest first (SlaReports.cpp). One
    // the service refuses (the lease moved on, the policy changed) is dropped with a warning; a network
    // failure keeps the rest for the next sync. Returns how many the service took. Also run by syncOnce.
    Result<int> pushSlaReports();

    // The service's policy document (decision types, labels, SLA targets); kept in the workspace.
    Result<QJsonObject> fetchPolicy();
    // The policy as last fetched, for offline work. Error "policy_unknown" before the first fetch.
    Result<QJsonObject> cachedPolicy();

    // Keeps the lease of an item the reviewer has open; returns the new expiry (Unix ms, service clock).
    Result<qint64> renewLease(const QString &itemId);
    // Renews every lease on this queue that runs out within `withinMs` (service clock) and has not run out
    // yet, so items waiting their turn are not lost to the queue mid-session. Returns how many were renewed;
    // one the service refuses (taken back already) is left as it is.
    Result<int> renewExpiring(qint64 withinMs);
    // A GET on the service for this workstation's reviewer (supervisors' dashboards). The JSON answer.
    Result<QJsonObject> serviceGet(const QString &path);
    // A POST on the service for this workstation's reviewer (QA re-reviews). The JSON answer.
    Result<QJsonObject> servicePost(const QString &path, const QJsonObject &body);
    // Sends the signed head of the audit chain with its links since the head the service accepted last
    // (SyncCheckpoint.cpp). After a long offline stretch the links go in steps of at most maxLinks (the
    // service's limit), each step ending in a signed checkpoint of its own, so no history is too long to
    // witness. Errors from the service: "audit_rollback", "audit_fork", "bad_checkpoint".
    Result<void> sendCheckpoint(int maxLinks = 50000);
    // Gives a skipped item back to the service's queue and drops it (and its evidence) from this one.
    Result<void> releaseItem(const QString &itemId, const QString &reason);

    // Supervisors (SyncFeed.cpp): the team's accepted verdicts since the last pull, each checked (the
    // item's service signature, the verdict's device signature) and kept for the decision log
    // (exports::DecisionLog::Source::Team). A bad entry is quarantined and the rest go on. Returns how many
    // were added; 0 for other roles. Also run by syncOnce.
    Result<int> pullFeed(int pageSize = 500);
    // Fetches, checks and seals the media of an item decided elsewhere into the vault under a new id, for a
    // supervisor to look at (blurred, like any evidence): a decision from the pulled feed, or a QA sample as
    // GET /v1/qa/next gives it ({item_id, payload, payload_signature}). Returns that vault id, which the
    // renderer takes as an item id. Audited as reference.open.
    Result<QString> openRecord(const QString &itemId);
    Result<QString> openQaSample(const QJsonObject &sample);
    // What is known of a reference item besides its media, for the view: {category, and for a QA sample
    // source, model_version, scores and the prompt (unsealed for display, never logged)}.
    Result<QJsonObject> referenceFacts(const QString &vaultId);
    // Shreds a reference item's evidence (audited as reference.shred); all of them, e.g. at start-up.
    Result<void> dropReference(const QString &vaultId);
    Result<int> dropAllReferences();

private:
    static constexpr qint64 CommitEveryMs = 200;
    static constexpr qint64 FlushBytes = qint64(32) << 20;

    Result<void> connect();
    Result<QString> leaseOf(const QString &itemId);
    // One leased item, checked and downloaded without a transaction, then stored in a short one.
    struct PreparedItem
    {
        QJsonObject lease;
        QString leaseId;
        qint64 expiresAtMs = 0;
        protocol::Escalation escalation;
        QString queue = QStringLiteral("escalations");
        QJsonObject appealInfo;
        QString statement;
        qint64 notifiedAtMs = 0;
        bool reLease = false; // held here already: nothing downloaded
        QList<QPair<protocol::MediaRef, QByteArray>> files;
        QList<media::MediaFacts> facts;
        qint64 bytes = 0;
    };
    Result<PreparedItem> prepareItem(const QJsonObject &lease);
    // True when the item is on the reviewer's queue afterwards (SyncReLease.cpp for a re-lease).
    Result<bool> storeItem(const PreparedItem &item, SyncReport &report);
    Result<bool> storeReLease(const PreparedItem &item, SyncReport &report);
    Result<SyncReport> pushBatchOnce(int pushBatch);
    Result<QJsonArray> claim(int max);
    Result<void> ingestLeases(const QJsonArray &leases, SyncReport &report);
    void giveBack(const QJsonObject &lease, const QString &reason);
    static sla::ClaimHistory claimHistory(const QJsonObject &lease);
    void quarantine(const QString &itemId, const Error &reason);
    void releaseSkipped(SyncReport &report);
    void recordSyncOutcome(const QString &error);
    // Fetches media by hash and checks it (size, SHA-256, declared type, hostile-safe decode); the facts of
    // each file go to `facts` when given.
    Result<QList<QPair<protocol::MediaRef, QByteArray>>> fetchMedia(const QList<protocol::MediaRef> &media,
                                                                    QList<media::MediaFacts> *facts);
    Result<void> storeFeedEntry(qint64 seq, const QJsonObject &entry);
    Result<QString> storeReference(const QString &itemId, const QString &purpose, const QString &category,
                                   const QList<protocol::MediaRef> &media);

    Workspace &m_workspace;
    ServiceClient::Options m_clientOptions;
    outbox::Backoff m_backoff;
    std::unique_ptr<ServiceClient> m_client;
    link::ServiceLink m_link;
    media::MediaSettings m_mediaSettings;
    std::unique_ptr<media::MediaCatalog> m_media;
    Progress m_progress;
    std::optional<sla::SlaClock> m_slaClock; // the cached policy's, during a sync round
    int m_roundDeadlineMs = 5 * 60 * 1000;
    bool m_pushing = false;
    bool m_pushAgain = false;
    QDeadlineTimer m_roundDeadline = QDeadlineTimer::Forever;
};

} // namespace veil::sync
