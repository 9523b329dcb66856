// The owner of queue_items, the local queue's table: every read and write of it is a method here, so what
// "open", "kept" or "decided" means is written once. Reads that need another table's rows to answer (an
// item's cluster and hash matches, a verdict waiting in the outbox, an item's data key) join them here; no
// other class writes this table or prepares SQL on it. Returns typed values, never rows.
#pragma once

#include "protocol/DecisionRecord.h"
#include "sla/SlaClock.h"
#include "store/Database.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace veil::queue {

struct QueueItem
{
    QString itemId;
    QString queue;
    QString leaseId;
    qint64 leaseExpiresAtMs = 0;
    QString source;
    QString category;
    int priority = 0;
    qint64 dueAtMs = 0;
    QJsonObject scores;
    QString modelVersion;
    QStringList mediaSha256;
    QString state;
    QString appealOf;         // appeals only: the contested verdict
    QString originalReviewer; // appeals only: who made it
    QString originalVerdict;  // appeals only: the contested verdict's canonical JSON (hashed when signing)
    QString clusterId;        // near-duplicate cluster (the leader's item id); empty: not hashable
    int clusterOpen = 0;      // open items in the cluster, this one included
    QStringList hashMatches;  // "label:distance" per matching hash list
    // The SLA clock (service time): warning from warnAtMs, breach after dueAtMs; paused: 0 or since when.
    qint64 warnAtMs = 0;
    qint64 slaPausedAtMs = 0;
    qint64 slaStartedAtMs = 0;
    qint64 firstClaimedAtMs = 0; // the service's first claim of the item, by anyone
    int claims = 0;              // how often it was claimed (skips and expired leases included)
    QString supersedes;          // reopened to correct a delivered verdict: that verdict's id
    // Needs deciding again (the verdict could not be delivered on its lease): the earlier choice, as
    // {decision, labels, outcome}; empty otherwise.
    QJsonObject earlierDecision;

    sla::SlaState slaStateAt(qint64 serviceNowMs) const
    {
        return sla::stateAt(warnAtMs, dueAtMs, slaPausedAtMs, serviceNowMs);
    }
};

// Which open items, in what order, which page: what the queue view asks for.
struct QueueQuery
{
    QString sortBy = QStringLiteral("due"); // "due" (default) or "priority"
    QString category;                       // empty: any
    QString source;                         // empty: any
    QString clusterId;                      // empty: any
    bool hashMatchOnly = false;
    // One row per near-duplicate family: of a family's open members that match the filters, only the first
    // in the query's order (its head) is listed; items without a family as ever. Ignored with clusterId.
    bool groupFamilies = false;
    int limit = 1000;
    int offset = 0;
    // Keyset paging: the page after this item (in the query's order), found by an index seek however deep
    // the page is; offset is then ignored.
    struct After
    {
        qint64 dueAtMs = 0;
        int priority = 0;
        QString itemId;
    };
    std::optional<After> after;
};

struct QueueCounts
{
    int open = 0;
    int dueSoon = 0; // clock in warning
    int breached = 0;
    int rows = 0; // rows the query lists: `open`, or with groupFamilies one per family
};

// One media file of a queue item, as sealed in the vault (queue_media).
struct StoredMedia
{
    QString sha256;
    QString mime;
    qint64 size = 0;
    QString blobId;
};

// An item as ingest stores it (sealed fields already sealed by the vault).
struct NewQueueItem
{
    QString itemId;
    QString queue;
    QString leaseId;
    qint64 leaseExpiresAtMs = 0;
    QString source;
    QString category;
    int priority = 0;
    qint64 dueAtMs = 0;
    QJsonObject scores;
    QString modelVersion;
    QList<StoredMedia> media; // in the escalation's order
    QByteArray sealedPrompt;
    QByteArray sealedAccount;
    QByteArray sealedStatement;
    QByteArray payloadSignature;
    qint64 ingestedAtMs = 0;
    QJsonObject appeal; // appeals: what the item contests; empty for escalations
};

// What this workstation holds of an item the service leases again.
struct HeldItem
{
    QString state;
    QString leaseId;
    qint64 leaseExpiresAtMs = 0;
    QStringList media;
    bool skipping = false; // open, but skipped and not yet given back
};

// A decided or given-back item whose evidence is still held: what retention needs to age it.
struct RetainedItem
{
    QString itemId;
    QString category;
    qint64 sinceMs = 0;   // decided at, or ingested at for an item given back
    QString lastDecision; // of the last verdict in force signed here; empty if none
};

// An open, running clock past its due time and not yet in the breach log.
struct LateItem
{
    QString itemId;
    QString queue;
    qint64 targetMs = 0;
    qint64 dueAtMs = 0;
    qint64 startedAtMs = 0;
};

class QueueStore
{
public:
    explicit QueueStore(store::Database &db) : m_db(db) {}

    // --- The queue view and the decision (QueueStore.cpp) ---
    Result<QList<QueueItem>> openItems(const QueueQuery &query);
    // See ReviewQueue::counts.
    Result<QueueCounts> counts(const QueueQuery &query, qint64 nowMs);
    // Error "item_unknown".
    Result<QueueItem> item(const QString &itemId);
    // What signing a verdict on the item needs of it, and nothing a view shows (no cluster count, no hash
    // list matches): read once per verdict. Error "item_unknown".
    struct DecisionFacts
    {
        QString state; // as QueueItem::state ("skipping" for an open item being given back)
        QString queue;
        QString leaseId;
        QString supersedes;
        QString appealOf;
        QString originalReviewer;
        QString originalVerdict;
        QStringList mediaSha256; // in the item's order
    };
    Result<DecisionFacts> decisionFacts(const QString &itemId);
    // The open members of a cluster not waiting for a correction, most urgent first.
    Result<QStringList> clusterMembers(const QString &clusterId);
    struct SealedTexts
    {
        QByteArray prompt;
        std::optional<QByteArray> statement;
    };
    // Error "item_unknown".
    Result<SealedTexts> sealedTexts(const QString &itemId);
    // The appeal record as stored at ingest; empty for escalations and unknown items.
    QJsonObject appealRecord(const QString &itemId);
    // The media files of a queue item, in order. Error "item_unknown".
    Result<QList<StoredMedia>> media(const QString &itemId);

    // The verdicts signed here, oldest first (signed in the same millisecond: in signing order), with their
    // outbox state and their items' facts; an item no longer queued gives empty facts.
    Result<QList<protocol::DecisionRecord>> signedDecisions();

    // --- Writes of the decision, skip, undo and correction (QueueStore.cpp) ---
    Result<void> markDecided(const QString &itemId, qint64 decidedAtMs);
    // false: the item is not open (or is skipped already).
    Result<bool> markSkipped(const QString &itemId, const QString &reason);
    // An item whose verdict was withdrawn inside its grace period.
    Result<void> reopenWithdrawn(const QString &itemId);
    // Reopens a decided item so that its next verdict supersedes verdictId, only if that verdict is the
    // item's latest in the outbox; false otherwise.
    Result<bool> reopenToSupersede(const QString &itemId, const QString &verdictId);

    // --- Ingest, leases and clocks (QueueStoreLeases.cpp) ---
    Result<void> insert(const NewQueueItem &item);
    // What is held of an item; nullopt when it is not queued here.
    Result<std::optional<HeldItem>> held(const QString &itemId);
    // Takes a new lease on a held item: a decided or given-back item opens again (earlierDecision: the
    // choice to show again, compact JSON or empty); an open one keeps its state and earlier choice.
    Result<void> takeLeaseAgain(const QString &itemId, const QString &heldState, const QString &leaseId,
                                qint64 expiresAtMs, const QString &earlierDecision);
    // The lease of an item whose lease is worth keeping: open, or decided with its verdict still pending in
    // the outbox (without the lease that verdict would be refused). Error "item_not_open".
    Result<QString> keptLease(const QString &itemId);
    // Items with a kept lease, not skipped, expiring in (fromMs, toMs], soonest first.
    Result<QStringList> expiringLeases(qint64 fromMs, qint64 toMs);
    Result<void> setLeaseExpiry(const QString &itemId, qint64 expiresAtMs);
    // Skipped open items waiting to be given back: (item id, reason).
    Result<QList<QPair<QString, QString>>> pendingSkips();
    Result<void> markReleased(const QString &itemId);
    Result<QList<RetainedItem>> retainedItems();

    Result<void> stampClock(const QString &itemId, const sla::ClockStamp &stamp,
                            const sla::ClaimHistory &claims);
    Result<void> recordClaims(const QString &itemId, const sla::ClaimHistory &claims);
    struct OpenClock
    {
        QString queue;
        QString category;
        qint64 pausedAtMs = 0; // 0: running
    };
    // Error "item_not_open".
    Result<OpenClock> openClock(const QString &itemId);
    Result<void> pauseClock(const QString &itemId, qint64 atMs);
    // Starts a paused clock again; its warning and due times move by the time it stood still.
    Result<void> resumeClock(const QString &itemId, qint64 stoodMs);
    Result<QList<LateItem>> lateItems(qint64 nowMs);

private:
    // Each item's clusterOpen: the open size of its family, one query for a page's families.
    Result<void> countFamilies(QList<QueueItem> &items);

    store::Database &m_db;
};

} // namespace veil::queue
