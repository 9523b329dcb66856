// The workstation as QML sees it: one reviewer's session over a workspace and its service link. Built and
// wired in main.cpp (dependencies passed in), reached from QML as the singleton `Workstation`. It turns
// core's Result values into plain properties and short error strings a person can read.
#pragma once

#include "media/Renditions.h"
#include "queue/ReviewQueue.h"
#include "sync/SyncEngine.h"

#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace veil::gui {

class Workstation : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    Q_PROPERTY(bool demo READ isDemo CONSTANT)
    Q_PROPERTY(QString reviewer READ reviewer NOTIFY linkChanged)
    Q_PROPERTY(QString role READ role NOTIFY linkChanged)
    Q_PROPERTY(bool online READ isOnline NOTIFY syncStateChanged)
    Q_PROPERTY(int outboxPending READ outboxPending NOTIFY syncStateChanged)
    Q_PROPERTY(QString lastSync READ lastSync NOTIFY syncStateChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY syncStateChanged)
    Q_PROPERTY(QVariantList unsettledVerdicts READ unsettledVerdicts NOTIFY syncStateChanged)
    Q_PROPERTY(int exposureSeconds READ exposureSeconds NOTIFY exposureChanged)
    Q_PROPERTY(
        int breakBudgetSeconds READ breakBudgetSeconds WRITE setBreakBudgetSeconds NOTIFY settingsChanged)
    Q_PROPERTY(int revealSeconds READ revealSeconds WRITE setRevealSeconds NOTIFY settingsChanged)
    Q_PROPERTY(int blurStrength READ blurStrength WRITE setBlurStrength NOTIFY settingsChanged)
    Q_PROPERTY(QVariantList decisionTypes READ decisionTypes NOTIFY policyChanged)
    Q_PROPERTY(QVariantList labels READ labels NOTIFY policyChanged)

public:
    Workstation(Workspace &workspace, sync::SyncEngine &engine, bool demo, QObject *parent = nullptr);

    // The QML singleton is the instance main.cpp made (QML never constructs one).
    static void setInstance(Workstation *instance);
    static Workstation *create(QQmlEngine *, QJSEngine *);

    bool isDemo() const { return m_demo; }
    QString reviewer() const { return m_reviewer; }
    QString role() const { return m_role; }
    bool isOnline() const { return m_online; }
    int outboxPending() const { return m_outboxPending; }
    QString lastSync() const { return m_lastSync; }
    QString lastError() const { return m_lastError; }
    // Verdicts the service rejected or found in conflict, each with what happened in plain words:
    // {itemId, verdictId, state, reason, advice}. Kept, never dropped.
    QVariantList unsettledVerdicts() const { return m_unsettled; }
    int exposureSeconds() const { return int(m_exposureMs / 1000); }
    // Reviewer settings, kept in QSettings: the break budget (default 20 min), how long a timed reveal lasts
    // (default 10 s), and the blur / pixelation strength (1 light, 2 default, 3 strong).
    int breakBudgetSeconds() const { return m_breakBudgetSeconds; }
    void setBreakBudgetSeconds(int seconds);
    int revealSeconds() const { return m_revealSeconds; }
    void setRevealSeconds(int seconds);
    int blurStrength() const { return m_blurStrength; }
    void setBlurStrength(int strength);
    QVariantList decisionTypes() const { return m_decisionTypes; }
    QVariantList labels() const { return m_labels; }

    queue::ReviewQueue &reviewQueue() { return m_queue; }

    // Each returns "" on success, else one line saying why.
    Q_INVOKABLE QString sync();
    Q_INVOKABLE QString decide(const QString &itemId, const QString &decision, const QStringList &labels,
                               const QString &rationale);
    // An appeal: outcome uphold | overturn | modify, with the decision the item ends with.
    Q_INVOKABLE QString decideAppeal(const QString &itemId, const QString &outcome, const QString &decision,
                                     const QStringList &labels, const QString &rationale);
    Q_INVOKABLE QString decideCluster(const QString &itemId, const QString &decision,
                                      const QStringList &labels, const QString &rationale);
    Q_INVOKABLE QString skip(const QString &itemId, const QString &reason);
    Q_INVOKABLE QString renewLease(const QString &itemId);
    // What the review view shows beside the media: prompt (unsealed for display, never logged), model
    // version, source, scores, hash-list matches, appeal statement, and the cluster's open members.
    Q_INVOKABLE QVariantMap itemDetails(const QString &itemId);
    // Why a decision cannot be submitted yet, or "" when it can.
    Q_INVOKABLE QString blockedReason(const QString &decision, const QStringList &labels) const;

    // Every reveal of clear media is an audit entry with its duration, and counts towards exposure.
    Q_INVOKABLE void revealStarted(const QString &itemId);
    Q_INVOKABLE void revealEnded(const QString &itemId);

    // A rendition of an item's media for the image provider ("" sha: its first file).
    Result<QImage> rendition(const QString &itemId, const QString &sha256,
                             const media::RenditionOptions &options);

signals:
    void linkChanged();
    void syncStateChanged();
    void exposureChanged();
    void policyChanged();
    void queueChanged();
    void settingsChanged();

private:
    void refreshState();
    void loadPolicy();

    Workspace &m_workspace;
    sync::SyncEngine &m_engine;
    queue::ReviewQueue m_queue;
    bool m_demo = false;
    QString m_reviewer;
    QString m_role;
    bool m_online = false;
    int m_outboxPending = 0;
    QString m_lastSync;
    QString m_lastError;
    QVariantList m_unsettled;
    qint64 m_exposureMs = 0;
    QString m_revealedItem;
    QElapsedTimer m_revealClock;
    QVariantList m_decisionTypes;
    QVariantList m_labels;
    QStringList m_labelRequired; // decision types that need at least one label
    int m_breakBudgetSeconds = 20 * 60;
    int m_revealSeconds = 10;
    int m_blurStrength = 2;
};

} // namespace veil::gui
