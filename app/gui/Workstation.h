// The workstation as QML sees it: one reviewer's session over a workspace and its service link. Built and
// wired in main.cpp (dependencies passed in), reached from QML as the singleton `Workstation`. It turns
// core's Result values into plain properties and short error strings a person can read.
#pragma once

#include "DecisionController.h"
#include "MediaRenderer.h"
#include "PolicyModel.h"
#include "RevealGuard.h"
#include "ReviewItems.h"
#include "SupervisorDesk.h"
#include "SyncStatus.h"
#include "WorkSettings.h"
#include "media/Renditions.h"
#include "queue/ReviewQueue.h"
#include "sync/SyncEngine.h"
#include "team/TeamSettings.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace veil::gui {

class SyncWorker;

class Workstation : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    Q_PROPERTY(bool demo READ isDemo CONSTANT FINAL)
    // The version from the CMake project (one place: --version prints the same), and the Qt it runs on:
    // the About box.
    Q_PROPERTY(QString version READ version CONSTANT FINAL)
    Q_PROPERTY(QString qtVersion READ qtVersion CONSTANT FINAL)
    Q_PROPERTY(QString reviewer READ reviewer NOTIFY linkChanged FINAL)
    Q_PROPERTY(QString role READ role NOTIFY linkChanged FINAL)
    // Online or not, the outbox, the last sync and problem, a round's progress; and asking for a round.
    Q_PROPERTY(veil::gui::SyncStatus *syncStatus READ syncStatus CONSTANT FINAL)
    // Which media is revealed now (one item at most), and the only way to reveal it.
    Q_PROPERTY(veil::gui::RevealGuard *reveal READ reveal CONSTANT FINAL)
    // Deciding, skipping and Ctrl+Z.
    Q_PROPERTY(veil::gui::DecisionController *decisions READ decisions CONSTANT FINAL)
    // The settings the reviewer works under: the team's, and their own where the team allows.
    Q_PROPERTY(veil::gui::WorkSettings *settings READ settings CONSTANT FINAL)
    // Supervisors: the desk's numbers, the team's decision log, reference items and QA re-review.
    Q_PROPERTY(veil::gui::SupervisorDesk *desk READ desk CONSTANT FINAL)
    // The policy as the decision bar reads it, and what blocks a decision.
    Q_PROPERTY(veil::gui::PolicyModel *policy READ policy CONSTANT FINAL)
    Q_PROPERTY(veil::gui::ReviewItems *items READ items CONSTANT FINAL)

public:
    // The engine serves what must happen on this thread (policy offline, face facts, the last push at
    // quit); network work during the session runs on a worker thread over Workspace::openPeer.
    Workstation(Workspace &workspace, sync::SyncEngine &engine, bool demo, QObject *parent = nullptr);
    ~Workstation() override;

    // The QML singleton is the instance main.cpp made (QML never constructs one).
    static void setInstance(Workstation *instance);
    static Workstation *create(QQmlEngine *, QJSEngine *);

    bool isDemo() const { return m_demo; }
    static QString version() { return QStringLiteral(VEIL_VERSION); }
    static QString qtVersion() { return QString::fromLatin1(qVersion()); }
    QString reviewer() const { return m_reviewer; }
    QString role() const { return m_role; }
    SyncStatus *syncStatus() { return &m_syncStatus; }
    // Shorthands for C++ (tests, main.cpp).
    bool isSyncing() const { return m_syncStatus.isSyncing(); }
    bool isOnline() const { return m_syncStatus.isOnline(); }
    int outboxPending() const { return m_syncStatus.outboxPending(); }
    QString lastError() const { return m_syncStatus.lastError(); }
    QList<UnsettledVerdict> unsettledVerdicts() const { return m_syncStatus.unsettledVerdicts(); }
    WorkSettings *settings() { return &m_settings; }
    SupervisorDesk *desk() { return &m_desk; }
    PolicyModel *policy() { return &m_policy; }

    queue::ReviewQueue &reviewQueue() { return m_queue; }

    // Starts a sync round on the worker (push, give back skips, claim, ingest); syncFinished tells how it
    // went. A round already running is not started twice. QML: syncStatus.requestSync().
    void sync();
    // Waits for the worker's current and queued work and stops it; network work after this is refused.
    // Used at quit, before the last push on this thread.
    void stopWorker();

    // Auto-refill: starts a sync round (claiming settings().claimSize()) when fewer than
    // settings().refillBelow() items are open here; checked after each decision and every minute. False when
    // no round was started (refill off, a round running, enough open).
    bool refillIfLow();

    // Renews the leases of queued items about to run out (worker); runs every minute by itself.
    void renewExpiringLeases();
    // The review view's side of the items: details beside the media, the open item's lease and its clock.
    ReviewItems *items() { return &m_items; }
    // Verifies this workstation's audit chain (as `veil-cli audit verify`): one line saying what was found.
    Q_INVOKABLE QString verifyAudit();
    // Every reveal of clear media is audited (start before the first clear pixel, end with its duration)
    // and counts towards exposure.
    RevealGuard *reveal() { return &m_reveal; }

    DecisionController *decisions() { return &m_decisions; }

    // A rendition of an item's media ("" sha: its first file); the renderer serves any thread.
    Result<QImage> rendition(const QString &itemId, const QString &sha256,
                             const media::RenditionOptions &options);
    std::shared_ptr<MediaRenderer> renderer() const { return m_renderer; }

signals:
    void linkChanged();
    void queueChanged();
    void syncFinished(const QString &error);
    void leaseRenewed(const QString &itemId, const QString &error);
    void expiringLeasesRenewed(int renewed);
    void pushFinished();

private:
    void refreshState();
    void applyPolicy(const QJsonObject &policy);
    void applyTeamSettings();
    void startWorker();
    void onSyncFinished(const QString &error, int ingested, int rejected, int conflicted,
                        const QString &clockWarning);

    Workspace &m_workspace;
    sync::SyncEngine &m_engine;
    queue::ReviewQueue m_queue;
    bool m_demo = false;
    QString m_reviewer;
    QString m_role;
    std::shared_ptr<MediaRenderer> m_renderer;
    QThread m_thread;
    QTimer m_leaseTimer;
    SyncWorker *m_worker = nullptr; // lives in m_thread
    SyncStatus m_syncStatus;
    RevealGuard m_reveal;
    WorkSettings m_settings;
    PolicyModel m_policy;
    DecisionController m_decisions;
    SupervisorDesk m_desk;
    ReviewItems m_items;
};

} // namespace veil::gui
