// The workstation's network work, off the GUI thread: sync rounds (with progress), verdict pushes, lease
// renewals and releases run here one at a time, in the order asked, over a connection of the worker's own
// to the workspace (Workspace::openPeer). The reviewer keeps scrolling and deciding while items arrive.
#pragma once

#include "DeskSummary.h"
#include "sync/SyncEngine.h"

#include <QJsonObject>
#include <QObject>
#include <QVariantMap>

#include <memory>

namespace veil::gui {

class SyncWorker : public QObject
{
    Q_OBJECT

public:
    // peer: this worker's own connection to the workspace. The engine (and its network access) is made
    // on first use, in the worker's thread.
    SyncWorker(std::unique_ptr<Workspace> peer, media::MediaSettings media);
    ~SyncWorker() override;

public slots:
    // claimSize: how many items to claim at most (within the service's limit, 100 for veil-service).
    void syncRound(bool withPolicy, int claimSize);
    void push();
    void renewLease(const QString &itemId);
    void renewExpiring(qint64 withinMs);
    void release(const QString &itemId, const QString &reason);
    // The supervisor desk's numbers: QA agreement, SLA summary, audit alerts.
    void fetchDesk();
    // Supervisors' reference items (SyncEngine::openRecord / openQaSample): a decided item's media, or the
    // next blind QA sample's, sealed into the vault for a look; closeReference shreds it again. A QA
    // re-review is sent, then its reference shredded.
    void openRecord(const QString &itemId);
    void openQaSample();
    void closeReference(const QString &vaultId);
    void submitQaReview(const QString &itemId, const QString &vaultId, const QString &decision,
                        const QStringList &labels);

signals:
    void progress(int done, int total);
    // error is "" on success; rejected + conflicted count verdicts the service refused this round.
    // clockWarning: why the service's time was not taken this round ("" when it was).
    void syncFinished(const QString &error, int ingested, int rejected, int conflicted,
                      const QString &clockWarning);
    void policyFetched(const QJsonObject &policy);
    void pushFinished(const QString &error);
    void leaseRenewed(const QString &itemId, const QString &error);
    void expiringRenewed(int renewed);
    void released(const QString &itemId, const QString &error);
    void deskFetched(const veil::gui::DeskSummary &desk, const QString &error);
    // purpose "record" or "qa"; itemId "" with no error: no QA sample is waiting.
    void referenceOpened(const QString &purpose, const QString &itemId, const QString &vaultId,
                         const QString &error);
    void qaReviewSubmitted(const QString &itemId, const QString &error);

private:
    sync::SyncEngine &engine();

    std::unique_ptr<Workspace> m_workspace;
    media::MediaSettings m_media;
    std::unique_ptr<sync::SyncEngine> m_engine;
};

} // namespace veil::gui
