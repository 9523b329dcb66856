#include "Workstation.h"

#include "Language.h"
#include "SyncWorker.h"
#include "common/Log.h"
#include "link/PolicyCache.h"
#include "media/MediaCatalog.h"
#include "protocol/PolicyRules.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJSEngine>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSettings>
#include <algorithm>

namespace veil::gui {

namespace {

Workstation *s_instance = nullptr;

} // namespace

Workstation::Workstation(Workspace &workspace, sync::SyncEngine &engine, bool demo, QObject *parent)
    : QObject(parent), m_workspace(workspace), m_engine(engine), m_queue(workspace), m_demo(demo),
      m_reveal(workspace.auditLog()), m_policy(engine, m_settings),
      m_decisions(workspace, m_queue, m_policy, m_reveal), m_desk(engine, workspace, m_reveal),
      m_items(workspace, m_queue, [&engine]() -> std::optional<QJsonObject> {
          auto policy = engine.cachedPolicy();
          return policy.ok() ? std::optional<QJsonObject>(policy.value()) : std::nullopt;
      })
{
    connect(&m_syncStatus, &SyncStatus::syncRequested, this, &Workstation::sync);
    connect(&m_items, &ReviewItems::leaseRenewalDue, this, [this](const QString &itemId) {
        if (m_worker)
            QMetaObject::invokeMethod(m_worker, "renewLease", Qt::QueuedConnection, Q_ARG(QString, itemId));
    });
    connect(&m_items, &ReviewItems::queueChanged, this, &Workstation::queueChanged);
    const auto push = [this] {
        if (m_worker)
            QMetaObject::invokeMethod(m_worker, "push", Qt::QueuedConnection);
    };
    connect(&m_decisions, &DecisionController::pushDue, this, push);
    connect(&m_items, &ReviewItems::pushDue, this, push);
    connect(&m_decisions, &DecisionController::releaseDue, this,
            [this](const QString &itemId, const QString &reason) {
                if (m_worker)
                    QMetaObject::invokeMethod(m_worker, "release", Qt::QueuedConnection,
                                              Q_ARG(QString, itemId), Q_ARG(QString, reason));
            });
    // After every decision, skip or undo: the outbox's count, and the queue moves on.
    connect(&m_decisions, &DecisionController::queueChanged, this, [this] {
        refreshState();
        emit queueChanged();
        // After a decision, not after a sync (a service with nothing to give is not asked again), and not
        // offline (the minute's tick tries then).
        if (m_syncStatus.isOnline())
            refillIfLow();
    });
    if (auto link = m_engine.link(); link.ok()) {
        m_reviewer = link->reviewer;
        m_role = link->role;
    }
    // The undo grace period is the reviewer's setting; the queue holds verdicts that long.
    connect(&m_settings, &WorkSettings::changed, this,
            [this] { m_queue.setUndoGraceMs(qint64(m_settings.undoSeconds()) * 1000); });
    applyTeamSettings();
    // Offline, the policy last fetched still lets the reviewer decide; the worker refreshes it.
    if (auto policy = m_engine.cachedPolicy(); policy.ok())
        applyPolicy(policy.value());
    if (auto peer = m_workspace.openPeer(); peer.ok()) {
        // Without the face model, faces stay unknown and the clear view blurred whole.
        auto faces = media::FaceDetector::load();
        if (!faces.ok())
            qCWarning(lcMedia) << "no face detection:" << faces.error().message;
        m_renderer =
            std::make_shared<MediaRenderer>(std::move(peer).value(), m_engine.ingestor().mediaSettings(),
                                            faces.ok() ? faces.value() : nullptr);
    }
    // Reference items left by a session that ended without closing them are shredded now.
    if (auto dropped = m_engine.feed().dropAllReferences(); dropped.ok() && dropped.value() > 0)
        qCInfo(lcVault) << "shredded" << dropped.value() << "reference item(s) left open";
    refreshState();
    startWorker();
}

Workstation::~Workstation()
{
    m_reveal.end(QStringLiteral("quit"));
    stopWorker();
}

void Workstation::startWorker()
{
    auto peer = m_workspace.openPeer();
    if (!peer.ok()) {
        m_syncStatus.setLastError(tr("Cannot sync: %1").arg(peer.error().plain()));
        return;
    }
    m_worker = new SyncWorker(std::move(peer).value(), m_engine.ingestor().mediaSettings());
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SyncWorker::progress, this,
            [this](int done, int total) { m_syncStatus.setProgress(m_syncStatus.isSyncing(), done, total); });
    connect(m_worker, &SyncWorker::policyFetched, this, &Workstation::applyPolicy);
    connect(m_worker, &SyncWorker::syncFinished, this, &Workstation::onSyncFinished);
    connect(m_worker, &SyncWorker::pushFinished, this, [this] {
        refreshState();
        emit pushFinished();
    });
    connect(m_worker, &SyncWorker::leaseRenewed, this, &Workstation::leaseRenewed);
    m_desk.attach(m_worker);
    connect(m_worker, &SyncWorker::expiringRenewed, this, [this](int renewed) {
        if (renewed > 0)
            emit queueChanged(); // the rows' lease times moved
        emit expiringLeasesRenewed(renewed);
    });
    // Items waiting their turn keep their leases for as long as the session lasts.
    m_leaseTimer.setInterval(60 * 1000);
    connect(&m_leaseTimer, &QTimer::timeout, this, &Workstation::renewExpiringLeases);
    connect(&m_leaseTimer, &QTimer::timeout, this, &Workstation::refillIfLow); // items filed since arrive
    m_leaseTimer.start();
    connect(m_worker, &SyncWorker::released, this, [this](const QString &itemId, const QString &error) {
        if (!error.isEmpty())
            m_syncStatus.setLastError(
                tr("%1 is off your queue; the service gets it back when it answers (%2).")
                    .arg(itemId, error));
        refreshState();
    });
    m_thread.setObjectName(QStringLiteral("veil-sync"));
    m_thread.start();
}

void Workstation::stopWorker()
{
    if (!m_worker)
        return;
    m_leaseTimer.stop();
    disconnect(m_worker, nullptr, this, nullptr);
    m_desk.attach(nullptr);
    m_thread.quit();
    // The service may live on this thread (the demo, tests): keep serving it until the worker is done.
    while (!m_thread.wait(10))
        QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
    m_worker = nullptr;
}

void Workstation::setInstance(Workstation *instance)
{
    s_instance = instance;
}

Workstation *Workstation::create(QQmlEngine *, QJSEngine *)
{
    // Owned by main.cpp, which outlives the engine: QML must not delete it.
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

// The team's settings (fetched with the policy) handed to WorkSettings, which adds the reviewer's own
// choices; the undo grace period follows it into the queue.
void Workstation::applyTeamSettings()
{
    auto json = link::cachedTeamSettings(m_workspace.database());
    auto team =
        json.ok() ? team::TeamSettings::fromJson(json.value()) : Result<team::TeamSettings>(json.error());
    m_settings.apply(team.ok() ? team.value() : team::TeamSettings());
}

void Workstation::applyPolicy(const QJsonObject &policy)
{
    applyTeamSettings(); // fetched with the policy
    m_policy.apply(policy);
}

void Workstation::refreshState()
{
    outbox::Outbox outbox(m_workspace.database());
    // A read that fails (the worker holds the database a moment) keeps what was shown.
    int pending = m_syncStatus.outboxPending();
    if (auto counts = outbox.counts(); counts.ok())
        pending = counts->pending;
    QList<UnsettledVerdict> unsettledList = m_syncStatus.unsettledVerdicts();
    if (auto unsettled = outbox.unsettled(); unsettled.ok()) {
        unsettledList.clear();
        for (const outbox::OutboxEntry &entry : unsettled.value()) {
            const bool rejected = entry.state == QLatin1String("rejected");
            unsettledList.append(
                {entry.verdict.itemId, entry.verdict.verdictId, rejected, entry.lastError,
                 rejected ? tr("The service refused this verdict. If the item comes back, decide it again; "
                               "otherwise ask a supervisor.")
                          : tr("The item was decided elsewhere or your lease ran out. A supervisor sees "
                               "both decisions.")});
        }
    }
    QString lastSync = m_syncStatus.lastSync();
    bool online = m_syncStatus.isOnline();
    if (auto outcome = link::LinkStore(m_workspace.database()).lastOutcome(); outcome.ok()) {
        const qint64 at = outcome->lastSyncAtMs;
        lastSync = at > 0
                       ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(at).time(), QLocale::ShortFormat)
                       : QString();
        const QString error = outcome->lastError;
        online = at > 0 && error.isEmpty();
        if (!error.isEmpty())
            m_syncStatus.setLastError(
                QStringLiteral("Offline: %1. Decisions are kept and sent when the service answers.")
                    .arg(error));
        else if (m_syncStatus.lastError().startsWith(QLatin1String("Offline")))
            m_syncStatus.setLastError({});
    }
    m_syncStatus.setState(online, pending, lastSync, unsettledList);
}

void Workstation::sync()
{
    if (m_syncStatus.isSyncing() || !m_worker)
        return;
    m_syncStatus.setProgress(true, 0, 0);
    QMetaObject::invokeMethod(m_worker, "syncRound", Qt::QueuedConnection, Q_ARG(bool, true),
                              Q_ARG(int, m_settings.claimSize()));
}

bool Workstation::refillIfLow()
{
    const int below = m_settings.refillBelow();
    if (below <= 0 || m_syncStatus.isSyncing() || !m_worker)
        return false;
    auto counts = m_queue.counts({}, QDateTime::currentMSecsSinceEpoch());
    if (!counts.ok() || counts->open >= below)
        return false;
    // The policy is not fetched again: that is the reviewer's sync (and the start's).
    m_syncStatus.setProgress(true, 0, 0);
    QMetaObject::invokeMethod(m_worker, "syncRound", Qt::QueuedConnection, Q_ARG(bool, false),
                              Q_ARG(int, m_settings.claimSize()));
    return true;
}

void Workstation::onSyncFinished(const QString &error, int ingested, int rejected, int conflicted,
                                 const QString &clockWarning)
{
    m_syncStatus.setProgress(false, m_syncStatus.done(), m_syncStatus.total());
    if (!clockWarning.isEmpty())
        m_syncStatus.setLastError(tr("The service's clock was not taken (%1). Decisions are dated by this "
                                     "computer's clock.")
                                      .arg(clockWarning));
    if (rejected + conflicted > 0)
        m_syncStatus.setLastError(
            tr("%1 verdict(s) rejected and %2 in conflict: see the outbox").arg(rejected).arg(conflicted));
    refreshState();
    if (ingested > 0 || error.isEmpty())
        emit queueChanged();
    emit syncFinished(error);
}

void Workstation::renewExpiringLeases()
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker] { worker->renewExpiring(5 * 60 * 1000); }, Qt::QueuedConnection);
}

Result<QImage> Workstation::rendition(const QString &itemId, const QString &sha256,
                                      const media::RenditionOptions &options)
{
    if (!m_renderer)
        return makeError(QStringLiteral("locked"), QStringLiteral("the workspace is locked"));
    return m_renderer->render(itemId, sha256, options);
}

QString Workstation::verifyAudit()
{
    if (!m_workspace.deviceKey())
        return tr("Unlock the workspace to verify its audit log.");
    auto report = audit::AuditLog::verify(m_workspace.database(), m_workspace.deviceKey()->publicKey());
    if (!report.ok())
        return tr("The audit log could not be read: %1").arg(report.error().plain());
    if (!report->intact)
        return tr("The audit log is broken at entry %1: %2").arg(report->firstBadSeq).arg(report->problem);
    return tr("The audit log is intact: %n entries, %1 signed checkpoint(s).", "", int(report->entries))
        .arg(report->checkpoints);
}

} // namespace veil::gui
