// The supervisor's desk as QML sees it (Workstation.desk): the desk's numbers from the service, the team's
// decision log and its DSA exports, and reference items — a decided item or a blind QA sample, looked at
// blurred like any evidence and shredded when closed. Network work runs on the workstation's worker
// thread (attach); what comes back arrives as signals on this thread.
#pragma once

#include "DeskSummary.h"
#include "ItemDetails.h"
#include "RevealGuard.h"
#include "dsa/SorBatches.h"
#include "export/DecisionLog.h"
#include "sync/SyncEngine.h"

#include <QObject>
#include <QPointer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

class SyncWorker;

class SupervisorDesk : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("the Workstation makes it: Workstation.desk")

    // The desk's numbers as the service last gave them (agreement, SLA, alerts), and why the last refresh
    // failed ("" if it did not).
    Q_PROPERTY(veil::gui::DeskSummary summary READ summary NOTIFY changed FINAL)
    Q_PROPERTY(QString error READ error NOTIFY changed FINAL)

public:
    SupervisorDesk(sync::SyncEngine &engine, Workspace &workspace, RevealGuard &reveal,
                   QObject *parent = nullptr);

    // The worker that does the desk's network work (nullptr: none, e.g. after quit).
    void attach(SyncWorker *worker);

    DeskSummary summary() const { return m_summary; }
    QString error() const { return m_error; }

    // Asks the worker for the desk's numbers; changed when they are in.
    Q_INVOKABLE void refresh();
    // The top of a chart's count axis for the largest bar: four even steps of 1, 2 or 5 × 10^k (ticks 0, 20,
    // 40, 60, 80 for 72 — not 72, 54, 36, 18).
    Q_INVOKABLE static int chartCeiling(int largest);
    // A look at an item decided elsewhere: its media is fetched and sealed into the vault on the worker
    // (referenceOpened gives the vault id the image provider takes), and shredded by closeReference.
    // openQaSample does the same for the next blind QA sample (itemId "" in referenceOpened: none is
    // waiting); submitQaReview sends the re-review and shreds the sample.
    Q_INVOKABLE void openRecord(const QString &itemId);
    Q_INVOKABLE void openQaSample();
    Q_INVOKABLE void closeReference(const QString &vaultId);
    // A reference item's facts in the keys ItemFacts.qml reads (category, source, modelVersion, scores,
    // prompt); {} when unknown.
    Q_INVOKABLE veil::gui::ItemDetails referenceDetails(const QString &vaultId);
    Q_INVOKABLE void submitQaReview(const QString &itemId, const QString &vaultId, const QString &decision,
                                    const QStringList &labels);

    // The team's decisions as pulled from the service's feed with each sync, and their DSA statements of
    // reasons (through the cached policy's mapping).
    Result<QList<exports::DecisionRecord>> teamDecisions(const exports::DecisionFilter &filter);
    Result<dsa::StatementExport> writeStatements(const QList<exports::DecisionRecord> &records,
                                                 const QString &dir);

signals:
    void changed();
    void referenceOpened(const QString &purpose, const QString &itemId, const QString &vaultId,
                         const QString &error);
    void qaReviewSubmitted(const QString &itemId, const QString &error);

private:
    sync::SyncEngine &m_engine;
    Workspace &m_workspace;
    RevealGuard &m_reveal;
    QPointer<SyncWorker> m_worker;
    DeskSummary m_summary;
    QString m_error;
};

} // namespace veil::gui
