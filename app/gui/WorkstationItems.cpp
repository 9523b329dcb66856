// The review view's side of an open item: what is shown beside the media (details, the appealed verdict)
// and its SLA clock (pause and resume where the policy allows); verifying the audit log.
#include "Workstation.h"

#include "protocol/PolicyRules.h"

#include "SyncWorker.h"

#include "dsa/StatementBuilder.h"
#include "protocol/Verdict.h"
#include "queue/SlaLedger.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::gui {

namespace {

QString plain(const Error &error)
{
    return error.message.isEmpty() ? error.code : error.message;
}

QVariantMap slaDetails(const queue::QueueItem &item)
{
    return {{QStringLiteral("startedAt"), double(item.slaStartedAtMs)},
            {QStringLiteral("warnAt"), double(item.warnAtMs)},
            {QStringLiteral("dueAt"), double(item.dueAtMs)},
            {QStringLiteral("paused"), item.slaPausedAtMs > 0},
            {QStringLiteral("firstClaimedAt"), double(item.firstClaimedAtMs)},
            {QStringLiteral("claims"), item.claims}};
}

// The contested verdict as the service sent it (signed canonical JSON): what the appeal handler weighs.
QVariantMap originalVerdict(const QJsonObject &appeal)
{
    const QJsonObject verdict =
        QJsonDocument::fromJson(appeal.value(QStringLiteral("original_verdict")).toString().toUtf8())
            .object();
    return {{QStringLiteral("verdictId"), verdict.value(QStringLiteral("verdict_id")).toString()},
            {QStringLiteral("itemId"), appeal.value(QStringLiteral("original_item_id")).toString()},
            {QStringLiteral("decision"), verdict.value(QStringLiteral("decision")).toString()},
            {QStringLiteral("labels"), protocol::verdictLabels(verdict)},
            {QStringLiteral("rationale"), verdict.value(QStringLiteral("rationale")).toString()},
            {QStringLiteral("reviewer"), appeal.value(QStringLiteral("original_reviewer")).toString()},
            {QStringLiteral("decidedAt"), verdict.value(QStringLiteral("decided_at")).toString()},
            {QStringLiteral("notifiedAt"), appeal.value(QStringLiteral("notified_at_ms")).toDouble()}};
}

// "DECISION_GROUND_INCOMPATIBLE_CONTENT" -> "incompatible content": the database's value, readable.
QString readable(const QString &value, const char *prefix)
{
    QString text = value.startsWith(QLatin1String(prefix)) ? value.mid(int(qstrlen(prefix))) : value;
    return text.replace(QLatin1Char('_'), QLatin1Char(' ')).toLower();
}

// The statement of reasons the user was given for the contested decision, as the policy's DSA mapping
// builds it: what restriction, on what ground, in which category, and the explanation. Empty "ground"
// with a "note" when there is none to show.
QVariantMap statementOfReasons(const QJsonObject &policy, const QJsonObject &appeal)
{
    const QJsonObject verdict =
        QJsonDocument::fromJson(appeal.value(QStringLiteral("original_verdict")).toString().toUtf8())
            .object();
    auto builder = dsa::StatementBuilder::fromPolicy(policy);
    auto statement = builder.ok() ? builder->build({verdict, {}, 0}) : Result<QJsonObject>(builder.error());
    if (!statement.ok())
        return {{QStringLiteral("note"),
                 statement.error().code == QLatin1String("not_a_restriction")
                     ? Workstation::tr("The decision restricted nothing: no statement "
                                       "of reasons was due.")
                     : Workstation::tr("No statement of reasons: %1").arg(plain(statement.error()))}};
    const QJsonObject &sor = statement.value();
    const bool illegal = sor.value(QStringLiteral("decision_ground")).toString() ==
                         QLatin1String("DECISION_GROUND_ILLEGAL_CONTENT");
    QStringList visibility;
    for (const QJsonValue &v : sor.value(QStringLiteral("decision_visibility")).toArray())
        visibility << readable(v.toString(), "DECISION_VISIBILITY_");
    return {{QStringLiteral("ground"),
             readable(sor.value(QStringLiteral("decision_ground")).toString(), "DECISION_GROUND_")},
            {QStringLiteral("groundText"), sor.value(illegal ? QStringLiteral("illegal_content_legal_ground")
                                                             : QStringLiteral("incompatible_content_ground"))
                                               .toString()},
            {QStringLiteral("explanation"),
             sor.value(illegal ? QStringLiteral("illegal_content_explanation")
                               : QStringLiteral("incompatible_content_explanation"))
                 .toString()},
            {QStringLiteral("category"),
             readable(sor.value(QStringLiteral("category")).toString(), "STATEMENT_CATEGORY_")},
            {QStringLiteral("visibility"), visibility.join(QStringLiteral(", "))},
            {QStringLiteral("facts"), sor.value(QStringLiteral("decision_facts")).toString()}};
}

} // namespace

QVariantMap Workstation::itemDetails(const QString &itemId)
{
    QVariantMap details;
    auto item = m_queue.item(itemId);
    if (!item.ok())
        return details;
    details.insert(QStringLiteral("itemId"), item->itemId);
    details.insert(QStringLiteral("queue"), item->queue);
    details.insert(QStringLiteral("source"), item->source);
    details.insert(QStringLiteral("category"), item->category);
    details.insert(QStringLiteral("modelVersion"), item->modelVersion);
    details.insert(QStringLiteral("scores"), item->scores.toVariantMap());
    details.insert(QStringLiteral("hashMatches"), item->hashMatches);
    details.insert(QStringLiteral("appealOf"), item->appealOf);
    // Reopened to correct a delivered verdict: the one the next verdict supersedes.
    details.insert(QStringLiteral("supersedes"), item->supersedes);
    // Needs deciding again (its verdict could not be delivered on its lease): the earlier choice.
    details.insert(QStringLiteral("earlierDecision"), item->earlierDecision.toVariantMap());
    if (auto policy = m_engine.cachedPolicy(); policy.ok())
        details.insert(QStringLiteral("suggestedLabel"),
                       protocol::suggestedLabel(policy.value(), item->category, item->scores));
    if (auto texts = m_queue.openTexts(itemId); texts.ok()) {
        details.insert(QStringLiteral("prompt"), texts->prompt);
        if (!texts->statement.isEmpty())
            details.insert(QStringLiteral("statement"), texts->statement);
    }
    QStringList members;
    if (!item->clusterId.isEmpty()) {
        if (auto open = m_queue.clusterMembers(item->clusterId); open.ok())
            members = open.value();
    }
    details.insert(QStringLiteral("clusterMembers"), members);
    details.insert(QStringLiteral("sla"), slaDetails(item.value()));
    if (!item->appealOf.isEmpty()) {
        const QJsonObject appeal = m_queue.appealRecord(itemId);
        QVariantMap original = originalVerdict(appeal);
        if (auto policy = m_engine.cachedPolicy(); policy.ok())
            original.insert(QStringLiteral("statement"), statementOfReasons(policy.value(), appeal));
        details.insert(QStringLiteral("original"), original);
    }
    return details;
}

QString Workstation::pauseClock(const QString &itemId, const QString &reason)
{
    queue::SlaLedger ledger(m_workspace.database(), m_workspace.auditLog());
    auto paused = ledger.pause(itemId, reason, m_queue.serviceNowMs());
    if (!paused.ok())
        return plain(paused.error());
    emit queueChanged();
    if (m_worker) // the service's clock of the item follows
        QMetaObject::invokeMethod(m_worker, "push", Qt::QueuedConnection);
    return {};
}

QString Workstation::resumeClock(const QString &itemId)
{
    queue::SlaLedger ledger(m_workspace.database(), m_workspace.auditLog());
    auto resumed = ledger.resume(itemId, m_queue.serviceNowMs());
    if (!resumed.ok())
        return plain(resumed.error());
    emit queueChanged();
    if (m_worker) // the service's clock of the item follows
        QMetaObject::invokeMethod(m_worker, "push", Qt::QueuedConnection);
    return {};
}

QString Workstation::verifyAudit()
{
    if (!m_workspace.deviceKey())
        return tr("Unlock the workspace to verify its audit log.");
    auto report = audit::AuditLog::verify(m_workspace.database(), m_workspace.deviceKey()->publicKey());
    if (!report.ok())
        return tr("The audit log could not be read: %1").arg(plain(report.error()));
    if (!report->intact)
        return tr("The audit log is broken at entry %1: %2").arg(report->firstBadSeq).arg(report->problem);
    return tr("The audit log is intact: %n entries, %1 signed checkpoint(s).", "", int(report->entries))
        .arg(report->checkpoints);
}

} // namespace veil::gui
