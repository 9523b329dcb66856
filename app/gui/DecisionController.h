// The act of deciding as QML sees it (Workstation.decisions): a verdict signed here and now (single, appeal,
// cluster), a skip, and Ctrl+Z — withdrawn inside the reviewer's grace period, reopened for a correction
// after it. What blocks a decision comes from the PolicyModel; delivery is the worker's (pushDue,
// releaseDue), and the queue is told to move on (queueChanged).
#pragma once

#include "PolicyModel.h"
#include "RevealGuard.h"
#include "queue/ReviewQueue.h"

#include <QObject>
#include <QTimer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

// The last act of deciding, which Ctrl+Z takes back while `until` (Unix ms) has not passed.
struct SignedAct
{
    Q_GADGET
    QML_VALUE_TYPE(signedAct)
    Q_PROPERTY(QStringList verdictIds MEMBER verdictIds FINAL)
    Q_PROPERTY(QStringList itemIds MEMBER itemIds FINAL)
    Q_PROPERTY(QString decision MEMBER decision FINAL)
    Q_PROPERTY(QStringList labels MEMBER labels FINAL)
    Q_PROPERTY(double until MEMBER until FINAL)
public:
    QStringList verdictIds; // empty: nothing to take back
    QStringList itemIds;
    QString decision;
    QStringList labels;
    double until = 0;

    friend bool operator==(const SignedAct &, const SignedAct &) = default;
};

// What Ctrl+Z did: the item to open, and how ("withdrawn" | "correcting"); or why nothing was done.
struct UndoResult
{
    Q_GADGET
    QML_VALUE_TYPE(undoResult)
    Q_PROPERTY(QString itemId MEMBER itemId FINAL)
    Q_PROPERTY(QString mode MEMBER mode FINAL)
    Q_PROPERTY(QString error MEMBER error FINAL)
public:
    QString itemId;
    QString mode;
    QString error;

    friend bool operator==(const UndoResult &, const UndoResult &) = default;
};

class DecisionController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("the Workstation makes it: Workstation.decisions")

    // The last act of deciding that Ctrl+Z takes back; no verdict ids when none (the grace period is
    // settings.undoSeconds; 0: verdicts go at once, no undo).
    Q_PROPERTY(veil::gui::SignedAct lastAct READ lastAct NOTIFY lastActChanged FINAL)

public:
    DecisionController(Workspace &workspace, queue::ReviewQueue &queue, const PolicyModel &policy,
                       RevealGuard &reveal, QObject *parent = nullptr);

    SignedAct lastAct() const { return m_lastAct; }

    // Each returns "" on success, else one line saying why. Verdicts are recorded here and now; the
    // worker delivers them.
    Q_INVOKABLE QString decide(const QString &itemId, const QString &decision, const QStringList &labels,
                               const QString &rationale);
    // An appeal: outcome uphold | overturn | modify, the decision the item ends with, the message to the
    // user (every template placeholder filled) and an internal note.
    Q_INVOKABLE QString decideAppeal(const QString &itemId, const QString &outcome, const QString &decision,
                                     const QStringList &labels, const QString &message,
                                     const QString &internalNote = {});
    // Why an appeal decision cannot be submitted yet, or "": the outcome is checked against the decision
    // under appeal as soon as it is chosen.
    Q_INVOKABLE QString appealBlockedReason(const QString &itemId, const QString &outcome,
                                            const QString &decision, const QStringList &labels,
                                            const QString &message);
    // One decision for the members the reviewer saw and kept in the family grid (ReviewQueue::decideCluster:
    // exactly those are signed). An empty list signs nothing (never "all of them").
    Q_INVOKABLE QString decideCluster(const QString &itemId, const QString &decision,
                                      const QStringList &labels, const QString &rationale,
                                      const QStringList &members);
    // Off this queue at once; given back to the service by the worker (or at the next sync, offline).
    Q_INVOKABLE QString skip(const QString &itemId, const QString &reason);
    // Ctrl+Z. Inside the grace period the last act's verdicts are withdrawn (never sent) and its items are
    // open again; after it, the item the reviewer decided opens again for a correction, whose verdict
    // supersedes the delivered one.
    Q_INVOKABLE veil::gui::UndoResult undoLast();
    // The reviewer quits: every grace period ends, so the last push takes the held verdicts too.
    void endGracePeriods();

signals:
    void lastActChanged();
    void queueChanged();
    // Verdicts are due at the service (at once, or when the grace period is over).
    void pushDue();
    void releaseDue(const QString &itemId, const QString &reason);

private:
    QString verdictsRecorded(const Error *error, const QList<protocol::SignedVerdict> &verdicts = {},
                             const QString &decision = {}, const QStringList &labels = {});

    Workspace &m_workspace;
    queue::ReviewQueue &m_queue;
    const PolicyModel &m_policy;
    RevealGuard &m_reveal;
    SignedAct m_lastAct;
    QTimer m_graceTimer; // pushes held verdicts when their grace period is over
};

} // namespace veil::gui
