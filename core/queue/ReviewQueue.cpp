#include "queue/ReviewQueue.h"

#include "crypto/Sha256.h"
#include "link/LinkStore.h"
#include "link/PolicyCache.h"
#include "link/ServerClock.h"
#include "protocol/PolicyRules.h"
#include "protocol/Verdict.h"
#include "queue/SlaLedger.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::queue {

namespace {

protocol::Decision decisionFor(const QString &itemId, const QString &decision, const QStringList &labels,
                               const QString &rationale, const QString &frontEnd)
{
    protocol::Decision d;
    d.itemId = itemId;
    d.decision = decision;
    d.labels = labels;
    d.rationale = rationale;
    d.frontEnd = frontEnd;
    return d;
}

} // namespace

qint64 ReviewQueue::serviceNowMs()
{
    return QDateTime::currentMSecsSinceEpoch() + link::LinkStore(m_workspace.database()).clockOffsetMs();
}

Result<QList<QueueItem>> ReviewQueue::openItems(int limit)
{
    QueueQuery query;
    query.limit = limit;
    return openItems(query);
}

Result<QList<QueueItem>> ReviewQueue::openItems(const QueueQuery &query)
{
    return store().openItems(query);
}

Result<QueueCounts> ReviewQueue::counts(const QueueQuery &query, qint64 nowMs)
{
    return store().counts(query, nowMs);
}

Result<QueueItem> ReviewQueue::item(const QString &itemId)
{
    return store().item(itemId);
}

Result<protocol::SignedVerdict> ReviewQueue::decide(const QString &itemId, const QString &decision,
                                                    const QStringList &labels, const QString &rationale,
                                                    const QString &frontEnd)
{
    return record(decisionFor(itemId, decision, labels, rationale, frontEnd));
}

Result<protocol::SignedVerdict> ReviewQueue::decideAppeal(const QString &itemId, const QString &outcome,
                                                          const QString &decision, const QStringList &labels,
                                                          const QString &rationale, const QString &frontEnd,
                                                          const QString &internalNote)
{
    protocol::Decision d = decisionFor(itemId, decision, labels, rationale, frontEnd);
    d.outcome = outcome;
    d.internalNote = internalNote;
    return record(d);
}

Result<ReviewQueue::SigningContext> ReviewQueue::signingContext()
{
    if (!m_workspace.isUnlocked())
        return makeError(QStringLiteral("locked"), QStringLiteral("unlock the vault first"));
    auto link = link::LinkStore(m_workspace.database()).load();
    VEIL_TRY(link);
    SigningContext context{link->clockOffsetMs, link->role, link->enrolledAtMs, link->reviewer, std::nullopt};
    // Coherent whatever the front end did: the policy says which decisions carry labels and which need
    // them. Without a policy yet (never synced) the service's check stands alone.
    if (auto policy = link::cachedPolicy(m_workspace.database()); policy.ok())
        context.policy = std::move(policy).value();
    return context;
}

Result<protocol::SignedVerdict> ReviewQueue::record(protocol::Decision d)
{
    auto context = signingContext();
    VEIL_TRY(context);
    return record(std::move(d), context.value());
}

Result<protocol::SignedVerdict> ReviewQueue::record(protocol::Decision d, const SigningContext &context)
{
    const qint64 offset = context.clockOffsetMs;
    const QString &role = context.role;
    const qint64 enrolledAt = context.enrolledAtMs;
    d.reviewer = context.reviewer;
    // Only what signing needs: the full queue row (cluster count, hash matches) is for views.
    auto current = store().decisionFacts(d.itemId);
    VEIL_TRY(current);
    if (current->state != QLatin1String("open"))
        return makeError(QStringLiteral("item_not_open"),
                         QStringLiteral("item %1 is already %2").arg(d.itemId, current->state));
    const bool appeal = current->queue == QLatin1String("appeals");
    // The role the service gave this workstation decides which queue it may decide, here as at the
    // service; a refusal is audited.
    const QString needed = appeal ? QStringLiteral("appeals") : QStringLiteral("moderator");
    if (role != needed && role != QLatin1String("supervisor")) {
        VEIL_TRY(m_workspace.auditLog().append(
            QStringLiteral("role.denied"), d.itemId,
            {{QStringLiteral("role"), role}, {QStringLiteral("queue"), current->queue}}));
        return makeError(
            QStringLiteral("forbidden"),
            QStringLiteral("the %1 role cannot decide items of the %2 queue").arg(role, current->queue));
    }
    if (appeal && d.outcome.isEmpty())
        return makeError(
            QStringLiteral("invalid_decision"),
            QStringLiteral("%1 is an appeal: give an outcome (uphold, overturn or modify)").arg(d.itemId));
    if (!appeal && !d.outcome.isEmpty())
        return makeError(QStringLiteral("invalid_decision"),
                         QStringLiteral("%1 is not an appeal").arg(d.itemId));
    // Four-eyes, enforced here and again at the service: nobody decides the appeal of their own decision.
    if (appeal && current->originalReviewer == d.reviewer)
        return makeError(
            QStringLiteral("four_eyes"),
            QStringLiteral("%1 contests your own decision; another handler must decide it").arg(d.itemId));
    if (context.policy)
        VEIL_TRY(protocol::checkDecisionLabels(*context.policy, d.decision, d.labels));
    d.queue = current->queue;
    d.leaseId = current->leaseId;
    if (d.clusterId.isEmpty())
        d.supersedes = current->supersedes;
    d.evidenceSha256 = current->mediaSha256;
    d.appealOf = current->appealOf;
    if (appeal) {
        // The item as read above carries the contested verdict: no second read of the row.
        const QByteArray original = current->originalVerdict.toUtf8();
        d.appealOfSha256 = crypto::sha256Hex(original);
        VEIL_TRY(protocol::checkOutcome(d.outcome, d.decision, d.labels,
                                        QJsonDocument::fromJson(original).object()));
    }
    // Decision time in the service's clock, so SLA accounting does not depend on this machine's clock.
    // Never signed outside [enrolment, local now + the skew bound], whatever the service's clock said.
    // Two measurements of the offset differ by the answers' delivery times: a decision in the first seconds
    // after enrolment (a test, a loaded machine) can date a little before it. Dated at enrolment then; still
    // never before it.
    constexpr qint64 OffsetJitterMs = 5000;
    qint64 decidedAt = QDateTime::currentMSecsSinceEpoch() + offset;
    if (std::abs(offset) > link::ServerClock::DefaultMaxSkewMs || decidedAt < enrolledAt - OffsetJitterMs)
        return makeError(QStringLiteral("clock_out_of_bounds"),
                         QStringLiteral("this computer's clock and the service's disagree too far to date a "
                                        "decision; check the clock, then sync"));
    decidedAt = std::max(decidedAt, enrolledAt);
    auto verdict = protocol::signVerdict(d, *m_workspace.deviceKey(), decidedAt);
    VEIL_TRY(verdict);

    auto tx = store::Transaction::begin(m_workspace.database());
    VEIL_TRY(tx);
    outbox::Outbox outbox(m_workspace.database());
    VEIL_TRY(outbox.record(verdict.value(), m_workspace.auditLog(), appeal ? d.outcome : d.decision,
                           m_undoGraceMs > 0 ? QDateTime::currentMSecsSinceEpoch() + m_undoGraceMs : 0));
    VEIL_TRY(store().markDecided(d.itemId, decidedAt));
    VEIL_TRY(tx->commit());
    return verdict;
}

Result<QList<protocol::SignedVerdict>>
ReviewQueue::decideMany(const QStringList &itemIds, const QString &decision, const QStringList &labels,
                        const QString &rationale, const QString &frontEnd)
{
    // One human act: the link and the policy are read once for all its verdicts.
    auto tx = store::Transaction::begin(m_workspace.database());
    VEIL_TRY(tx);
    auto context =
        signingContext(); // under the writers' lock: a role or policy the worker just stored counts
    VEIL_TRY(context);
    QList<protocol::SignedVerdict> verdicts;
    verdicts.reserve(itemIds.size());
    for (const QString &itemId : itemIds) {
        auto verdict = record(decisionFor(itemId, decision, labels, rationale, frontEnd), context.value());
        if (!verdict.ok())
            return makeError(verdict.error().code, itemId + QStringLiteral(": ") + verdict.error().message);
        verdicts.append(std::move(verdict).value());
    }
    VEIL_TRY(tx->commit());
    return verdicts;
}

Result<void> ReviewQueue::skip(const QString &itemId, const QString &reason)
{
    if (!skipReasons().contains(reason))
        return makeError(
            QStringLiteral("invalid_reason"),
            QStringLiteral("a skip's reason is one of: %1").arg(skipReasons().join(QStringLiteral(", "))));
    auto skipped = store().markSkipped(itemId, reason);
    VEIL_TRY(skipped);
    if (!skipped.value())
        return makeError(QStringLiteral("item_not_open"), QStringLiteral("item %1 is not open").arg(itemId));
    return success();
}

Result<QStringList> ReviewQueue::clusterMembers(const QString &clusterId)
{
    return store().clusterMembers(clusterId);
}

Result<QList<protocol::SignedVerdict>>
ReviewQueue::decideCluster(const QString &representative, const QString &decision, const QStringList &labels,
                           const QString &rationale, const QString &frontEnd, const QStringList &confirmed)
{
    auto seen = item(representative);
    VEIL_TRY(seen);
    if (seen->clusterId.isEmpty())
        return makeError(QStringLiteral("no_cluster"),
                         QStringLiteral("%1 is not in a near-duplicate cluster").arg(representative));
    auto members = clusterMembers(seen->clusterId);
    VEIL_TRY(members);
    if (!members->contains(representative))
        return makeError(QStringLiteral("item_not_open"),
                         QStringLiteral("item %1 is already %2").arg(representative, seen->state));
    if (members->size() < 2)
        return makeError(QStringLiteral("no_cluster"),
                         QStringLiteral("%1 has no open near-duplicates").arg(representative));
    QStringList signing = members.value();
    if (!confirmed.isEmpty()) {
        if (!confirmed.contains(representative))
            return makeError(
                QStringLiteral("invalid_argument"),
                QStringLiteral("the item looked at (%1) must be among those signed").arg(representative));
        for (const QString &itemId : confirmed) {
            if (!members->contains(itemId))
                return makeError(
                    QStringLiteral("cluster_changed"),
                    QStringLiteral("%1 is no longer open in this cluster: look at it again").arg(itemId));
        }
        signing = confirmed;
        signing.removeDuplicates();
    }
    auto tx = store::Transaction::begin(m_workspace.database());
    VEIL_TRY(tx);
    auto context =
        signingContext(); // under the writers' lock: a role or policy the worker just stored counts
    VEIL_TRY(context);
    QList<protocol::SignedVerdict> verdicts;
    verdicts.reserve(signing.size());
    for (const QString &itemId : std::as_const(signing)) {
        protocol::Decision d = decisionFor(itemId, decision, labels, rationale, frontEnd);
        d.clusterId = seen->clusterId;
        d.representative = representative;
        d.clusterSize = int(signing.size());
        auto verdict = record(d, context.value());
        if (!verdict.ok())
            return makeError(verdict.error().code, itemId + QStringLiteral(": ") + verdict.error().message);
        verdicts.append(std::move(verdict).value());
    }
    VEIL_TRY(tx->commit());
    return verdicts;
}

} // namespace veil::queue
