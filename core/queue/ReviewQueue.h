// The local review queue: leased items waiting for a decision, most urgent first, and the act of
// deciding one — a signed verdict, its audit entry, its outbox row and the item's state, in one commit.
#pragma once

#include "outbox/Outbox.h"
#include "queue/QueueStore.h"
#include "workspace/Workspace.h"

#include <optional>

namespace veil::queue {

class ReviewQueue
{
public:
    explicit ReviewQueue(Workspace &workspace) : m_workspace(workspace) {}

    // The reviewer's undo grace period: each verdict signed from now on is held in the outbox (never sent)
    // for this long, and can be withdrawn meanwhile. 0 (the default, veil-cli): sent at the next push.
    void setUndoGraceMs(qint64 ms) { m_undoGraceMs = ms; }
    qint64 undoGraceMs() const { return m_undoGraceMs; }

    // "Now" in the service's clock (local time plus the offset measured at the last sync), for SLA clocks.
    qint64 serviceNowMs();

    // Open items by due time, then priority (higher first).
    Result<QList<QueueItem>> openItems(int limit = 1000);
    // One page of open items matching the query, in its order.
    Result<QList<QueueItem>> openItems(const QueueQuery &query);
    // How many open items match (the query's paging is ignored), how many of their clocks are in warning and
    // how many breached at nowMs (service time); paused clocks count as neither.
    Result<QueueCounts> counts(const QueueQuery &query, qint64 nowMs);
    Result<QueueItem> item(const QString &itemId);
    // An appeal item's record of what it contests (appeal_of, original_item_id, original_reviewer,
    // original_verdict as canonical JSON, notified_at_ms); empty for escalations and unknown items.
    QJsonObject appealRecord(const QString &itemId);

    // What the review view shows of an item besides its media, unsealed for display (never logged)
    // (QueueEvidence.cpp). Error "item_unknown".
    struct ItemTexts
    {
        QString prompt;
        QString statement; // appeals: the user's statement; empty otherwise
    };
    Result<ItemTexts> openTexts(const QString &itemId);
    // Where one media file of an item is sealed: a queue item by its item id, a reference item (a
    // supervisor's look at someone else's decision) by its vault id. sha256 "": the item's first file.
    // Errors "item_unknown", "media_unknown".
    struct MediaFile
    {
        QString sha256;
        QString blobId;
    };
    Result<MediaFile> mediaFile(const QString &itemId, const QString &sha256);

    // Errors: "item_unknown", "item_not_open", "not_enrolled", "invalid_decision" and signing/storage errors.
    Result<protocol::SignedVerdict> decide(const QString &itemId, const QString &decision,
                                           const QStringList &labels, const QString &rationale,
                                           const QString &frontEnd);

    // An appeal: outcome uphold | overturn | modify, with the decision and labels the item ends with, the
    // reasoned message to the user (rationale: required, no template placeholder left) and an internal
    // note. The verdict names the contested verdict by id and SHA-256. Error "four_eyes" when the contested
    // verdict is this reviewer's own.
    Result<protocol::SignedVerdict> decideAppeal(const QString &itemId, const QString &outcome,
                                                 const QString &decision, const QStringList &labels,
                                                 const QString &rationale, const QString &frontEnd,
                                                 const QString &internalNote = {});

    // The same decision for several items (a near-duplicate cluster) in one commit: one signed verdict per
    // item, all recorded or none. Stops at the first item that cannot be decided, naming it.
    Result<QList<protocol::SignedVerdict>> decideMany(const QStringList &itemIds, const QString &decision,
                                                      const QStringList &labels, const QString &rationale,
                                                      const QString &frontEnd);

    // The open items of a near-duplicate cluster, most urgent first.
    Result<QStringList> clusterMembers(const QString &clusterId);

    // Takes an open item off this queue at once; SyncEngine gives it back to the service (releaseItem)
    // now or, offline, at the next sync. Errors: "invalid_reason", "item_not_open".
    Result<void> skip(const QString &itemId, const QString &reason);
    static QStringList skipReasons()
    {
        return {QStringLiteral("wellness"), QStringLiteral("language"), QStringLiteral("conflict")};
    }

    // One decision for the cluster of the item the reviewer looked at (the representative): one signed
    // verdict per member, each naming the cluster, the representative and the count, in one commit.
    // `confirmed` lists the members the reviewer saw and kept (the family grid, outliers dropped; the
    // representative among them): exactly those are signed, and if any is no longer an open member of the
    // cluster nothing is ("cluster_changed") — a member that arrived meanwhile is never signed unseen. Empty:
    // every open member (veil-cli, whose reviewer listed them). Error "no_cluster" when the representative
    // has no open near-duplicates.
    Result<QList<protocol::SignedVerdict>> decideCluster(const QString &representative,
                                                         const QString &decision, const QStringList &labels,
                                                         const QString &rationale, const QString &frontEnd,
                                                         const QStringList &confirmed = {});

    // Undo: takes back verdicts signed here inside their grace period, all or none. Each item is open
    // again under the lease it had; the outbox keeps each verdict as 'withdrawn' and the audit log has both
    // the signing and the withdrawal. Errors "grace_over", "verdict_unknown".
    Result<QStringList> withdraw(const QStringList &verdictIds);

    // A delivered (or due) verdict of this workstation's, to be corrected: its item is open again, and the
    // next verdict on it supersedes this one (the service accepts it from the same reviewer or a supervisor,
    // without a lease). Audited as "verdict.reopen". Errors "verdict_unknown", "not_correctable" (withdrawn,
    // rejected, or already superseded here).
    Result<QString> reopenForCorrection(const QString &verdictId);

private:
    // What every verdict of one act is signed under: read once per act, not once per verdict.
    struct SigningContext
    {
        qint64 clockOffsetMs = 0;
        QString role;
        qint64 enrolledAtMs = 0;
        QString reviewer;
        std::optional<QJsonObject> policy; // none fetched yet: the service's label check stands alone
    };
    Result<SigningContext> signingContext();
    Result<protocol::SignedVerdict> record(protocol::Decision decision);
    Result<protocol::SignedVerdict> record(protocol::Decision decision, const SigningContext &context);
    // The table's owner on the workspace's database as it is now (it may be reopened).
    QueueStore store() { return QueueStore(m_workspace.database()); }

    Workspace &m_workspace;
    qint64 m_undoGraceMs = 0;
};

} // namespace veil::queue
