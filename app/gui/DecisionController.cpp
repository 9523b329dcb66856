#include "DecisionController.h"

#include "outbox/Outbox.h"
#include "protocol/PolicyRules.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::gui {

namespace {

QString frontEnd()
{
    return QStringLiteral("veil/") + QCoreApplication::applicationVersion();
}

} // namespace

DecisionController::DecisionController(Workspace &workspace, queue::ReviewQueue &queue,
                                       const PolicyModel &policy, RevealGuard &reveal, QObject *parent)
    : QObject(parent), m_workspace(workspace), m_queue(queue), m_policy(policy), m_reveal(reveal)
{
    // When the last act's grace period is over its verdicts are due: push them, and Ctrl+Z now corrects.
    m_graceTimer.setSingleShot(true);
    connect(&m_graceTimer, &QTimer::timeout, this, [this] {
        emit pushDue();
        emit lastActChanged();
    });
}

QString DecisionController::decide(const QString &itemId, const QString &decision, const QStringList &labels,
                                   const QString &rationale)
{
    if (const QString blocked = m_policy.blockedReason(decision, labels, rationale); !blocked.isEmpty())
        return blocked;
    auto verdict = m_queue.decide(itemId, decision, labels, rationale, frontEnd());
    if (!verdict.ok())
        return verdictsRecorded(&verdict.error());
    return verdictsRecorded(nullptr, {verdict.value()}, decision, labels);
}

// What follows every decision: the error in plain words, or a signed checkpoint, the queue refreshed and
// the outbox handed to the worker (offline, it keeps the verdicts).
QString DecisionController::verdictsRecorded(const Error *error,
                                             const QList<protocol::SignedVerdict> &verdicts,
                                             const QString &decision, const QStringList &labels)
{
    if (error)
        return error->plain();
    (void)m_workspace.auditLog().checkpoint();
    // The act Ctrl+Z takes back: held in the outbox for the grace period, pushed when it is over.
    QStringList verdictIds, itemIds;
    for (const protocol::SignedVerdict &verdict : verdicts) {
        verdictIds << verdict.verdictId;
        itemIds << verdict.itemId;
    }
    if (itemIds.contains(m_reveal.itemId()))
        m_reveal.end(QStringLiteral("item_changed")); // decided: whatever the view does, it blurs
    const qint64 graceMs = m_queue.undoGraceMs();
    m_lastAct = verdictIds.isEmpty() ? SignedAct()
                                     : SignedAct{verdictIds, itemIds, decision, labels,
                                                 double(QDateTime::currentMSecsSinceEpoch() + graceMs)};
    emit lastActChanged();
    if (graceMs > 0)
        m_graceTimer.start(int(graceMs) + 50);
    else
        emit pushDue();
    emit queueChanged();
    return {};
}

UndoResult DecisionController::undoLast()
{
    const auto answer = [](const QString &itemId, const QString &mode, const QString &error) {
        return UndoResult{itemId, mode, error};
    };
    const QStringList verdictIds = m_lastAct.verdictIds;
    if (verdictIds.isEmpty())
        return answer({}, {}, tr("Nothing to undo."));
    m_reveal.end(QStringLiteral("item_changed"));
    const bool inGrace = QDateTime::currentMSecsSinceEpoch() < qint64(m_lastAct.until);
    if (inGrace) {
        auto items = m_queue.withdraw(verdictIds);
        if (items.ok()) {
            m_lastAct = {};
            m_graceTimer.stop();
            emit lastActChanged();
            emit queueChanged();
            // The reviewer looked at the first item; a cluster's other members are open again too.
            return answer(items->value(0), QStringLiteral("withdrawn"), {});
        }
        if (items.error().code != QLatin1String("grace_over"))
            return answer({}, {}, items.error().plain());
    }
    // Delivered (or due): a correction supersedes it. One item at a time, the one the reviewer saw.
    auto reopened = m_queue.reopenForCorrection(verdictIds.first());
    if (!reopened.ok())
        return answer({}, {}, reopened.error().plain());
    m_lastAct = {};
    emit lastActChanged();
    emit queueChanged();
    return answer(reopened.value(), QStringLiteral("correcting"), {});
}

void DecisionController::endGracePeriods()
{
    outbox::Outbox outbox(m_workspace.database());
    (void)outbox.releaseHeld(QDateTime::currentMSecsSinceEpoch());
    m_graceTimer.stop();
    m_lastAct = {};
    emit lastActChanged();
}

QString DecisionController::appealBlockedReason(const QString &itemId, const QString &outcome,
                                                const QString &decision, const QStringList &labels,
                                                const QString &message)
{
    if (outcome != QLatin1String("uphold") && outcome != QLatin1String("overturn") &&
        outcome != QLatin1String("modify"))
        return tr("Choose an outcome for the appeal: uphold, overturn or modify.");
    if (const QString blocked = m_policy.policyBlockedReason(decision, labels); !blocked.isEmpty())
        return blocked;
    // As soon as it is chosen, not after Enter: an overturn to the same decision, an uphold that changes it.
    const QJsonObject original =
        QJsonDocument::fromJson(
            m_queue.appealRecord(itemId).value(QStringLiteral("original_verdict")).toString().toUtf8())
            .object();
    if (!original.isEmpty()) {
        if (auto fits = protocol::checkOutcome(outcome, decision, labels, original); !fits.ok())
            return fits.error().message;
    }
    if (message.trimmed().isEmpty())
        return tr("Write the message to the user (R), or start from a template.");
    if (const QStringList open = protocol::unfilledPlaceholders(message); !open.isEmpty())
        return tr("Fill in %1 in the message to the user.").arg(open.join(QStringLiteral(", ")));
    return {};
}

QString DecisionController::decideAppeal(const QString &itemId, const QString &outcome,
                                         const QString &decision, const QStringList &labels,
                                         const QString &message, const QString &internalNote)
{
    if (const QString blocked = appealBlockedReason(itemId, outcome, decision, labels, message);
        !blocked.isEmpty())
        return blocked;
    auto verdict = m_queue.decideAppeal(itemId, outcome, decision, labels, message, frontEnd(), internalNote);
    if (!verdict.ok())
        return verdictsRecorded(&verdict.error());
    return verdictsRecorded(nullptr, {verdict.value()}, decision, labels);
}

QString DecisionController::decideCluster(const QString &itemId, const QString &decision,
                                          const QStringList &labels, const QString &rationale,
                                          const QStringList &members)
{
    if (const QString blocked = m_policy.blockedReason(decision, labels, rationale); !blocked.isEmpty())
        return blocked;
    if (members.isEmpty())
        return tr("Nothing to sign: no member of the cluster was confirmed.");
    auto verdicts = m_queue.decideCluster(itemId, decision, labels, rationale, frontEnd(), members);
    if (!verdicts.ok())
        return verdictsRecorded(&verdicts.error());
    return verdictsRecorded(nullptr, verdicts.value(), decision, labels);
}

QString DecisionController::skip(const QString &itemId, const QString &reason)
{
    if (auto skipped = m_queue.skip(itemId, reason); !skipped.ok())
        return skipped.error().plain();
    emit releaseDue(itemId, reason);
    emit queueChanged();
    return {};
}

} // namespace veil::gui
