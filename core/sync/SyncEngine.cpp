#include "sync/SyncEngine.h"

#include "common/Log.h"
#include "link/PolicyCache.h"
#include "queue/Retention.h"
#include "queue/SlaLedger.h"

#include <QDateTime>
#include <QScopeGuard>

namespace veil::sync {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

SyncEngine::SyncEngine(Workspace &workspace, ServiceClient::Options clientOptions)
    : m_workspace(workspace), m_session(workspace, std::move(clientOptions))
{}

Result<link::ServiceLink> SyncEngine::enroll(const QUrl &service, const QByteArray &token)
{
    return m_session.enroll(service, token);
}

Result<link::ServiceLink> SyncEngine::link()
{
    return link::LinkStore(m_workspace.database()).load();
}

Result<SyncReport> SyncEngine::syncOnce(int claimMax, int pushBatch)
{
    VEIL_TRY(m_session.connect());
    SyncReport report;
    // The whole round has a deadline: a service that drips bytes holds it for minutes no longer.
    m_session.startRound(m_roundDeadlineMs);
    const auto endRound = qScopeGuard([this] { m_session.endRound(); });
    // Verdicts first: an offline backlog drains before new work arrives. A push failure does not stop
    // leasing: the verdicts wait in the outbox, and the reviewer keeps working.
    // SLA pauses first: the service takes them only while the item is still leased here, so before the
    // verdict that decides it or the release that gives it back.
    if (auto reported = m_pusher.pushSlaReports(); !reported.ok())
        qCWarning(lcSync) << "SLA pauses not reported yet:" << reported.error().code;
    if (auto pushed = m_pusher.push(pushBatch); pushed.ok())
        report = pushed.value();
    report.released = m_leases.releaseSkipped();
    // Supervisors keep the team's decisions for the decision log; a feed failure does not stop the round.
    if (auto pulled = m_feed.pullFeed(); pulled.ok())
        report.feed = pulled.value();
    else
        qCWarning(lcSync) << "verdict feed not pulled:" << pulled.error().code;
    auto leases = m_leases.claim(claimMax);
    if (!leases.ok()) {
        m_session.recordOutcome(leases.error().message);
        return leases.error();
    }
    report.leased = int(leases->size());
    // Each item's clock comes from the policy as last fetched; without one, the service's due times stand.
    auto slaClock = queue::SlaLedger(m_workspace.database(), m_workspace.auditLog()).clock();
    m_ingestor.setSlaClock(slaClock.ok() ? std::optional<sla::SlaClock>(std::move(slaClock).value())
                                         : std::nullopt);
    VEIL_TRY(m_ingestor.ingestLeases(leases.value(), report));
    // The deadline bounds the downloads; the round's small closing requests (the audit checkpoint) go on.
    m_session.liftDeadline();
    // Clocks that ran out while nobody was looking are recorded now, once each.
    if (auto swept =
            queue::SlaLedger(m_workspace.database(), m_workspace.auditLog()).sweep(m_session.serviceNowMs());
        swept.ok())
        report.breached = swept.value();
    // Evidence of items off the queue is kept only as long as the policy's retention says.
    if (auto policy = cachedPolicy(); policy.ok()) {
        auto rules = queue::RetentionRules::fromPolicy(policy.value());
        auto shredded = rules.ok() ? queue::Retention(m_workspace).sweep(rules.value(), nowMs())
                                   : Result<int>(rules.error());
        if (shredded.ok())
            report.shredded = shredded.value();
        else
            qCWarning(lcSync) << "retention sweep failed:" << shredded.error().code;
    }
    // Last, so the checkpoint covers this round's own entries. A refusal is said, not hidden: the service
    // holds an audit alert for supervisors either way.
    if (auto witnessed = m_pusher.sendCheckpoint(); !witnessed.ok()) {
        report.auditError = witnessed.error().code;
        qCWarning(lcSync) << "audit checkpoint refused:" << witnessed.error().code;
        m_session.recordOutcome(witnessed.error().message);
        return report;
    }
    if (m_session.client().clock().warning())
        report.clockWarning = m_session.client().clock().warning()->message;
    m_session.recordOutcome({});
    return report;
}

Result<QJsonObject> SyncEngine::fetchPolicy()
{
    VEIL_TRY(m_session.connect());
    auto reply = m_session.client().get(QStringLiteral("/v1/policy"));
    VEIL_TRY(reply);
    if (!reply->json.value(QStringLiteral("decision_types")).isArray())
        return makeError(QStringLiteral("bad_policy"),
                         QStringLiteral("the service's policy has no decision types"));
    VEIL_TRY(link::storePolicy(m_workspace.database(), reply->json));
    // The team's settings travel with the policy; a service without them leaves the defaults.
    if (auto team = m_session.client().get(QStringLiteral("/v1/team/settings")); team.ok())
        VEIL_TRY(link::storeTeamSettings(m_workspace.database(), team->json));
    return reply->json;
}

Result<QJsonObject> SyncEngine::cachedPolicy()
{
    return link::cachedPolicy(m_workspace.database());
}

} // namespace veil::sync
