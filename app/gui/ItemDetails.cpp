// Builds an item's details for the review view from the queue (and the cached policy for what needs it).
#include "ItemDetails.h"

#include "dsa/StatementBuilder.h"
#include "protocol/PolicyRules.h"
#include "protocol/Verdict.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::gui {

namespace {

SlaClockView slaClock(const queue::QueueItem &item)
{
    SlaClockView clock;
    clock.known = true;
    clock.startedAt = double(item.slaStartedAtMs);
    clock.warnAt = double(item.warnAtMs);
    clock.dueAt = double(item.dueAtMs);
    clock.paused = item.slaPausedAtMs > 0;
    clock.firstClaimedAt = double(item.firstClaimedAtMs);
    clock.claims = item.claims;
    return clock;
}

QJsonObject contestedVerdict(const QJsonObject &appeal)
{
    return QJsonDocument::fromJson(appeal.value(QStringLiteral("original_verdict")).toString().toUtf8())
        .object();
}

OriginalVerdict originalVerdict(const QJsonObject &appeal)
{
    const QJsonObject verdict = contestedVerdict(appeal);
    OriginalVerdict original;
    original.known = true;
    original.verdictId = verdict.value(QStringLiteral("verdict_id")).toString();
    original.itemId = appeal.value(QStringLiteral("original_item_id")).toString();
    original.decision = verdict.value(QStringLiteral("decision")).toString();
    original.labels = protocol::verdictLabels(verdict);
    original.rationale = verdict.value(QStringLiteral("rationale")).toString();
    original.reviewer = appeal.value(QStringLiteral("original_reviewer")).toString();
    original.decidedAt = verdict.value(QStringLiteral("decided_at")).toString();
    original.notifiedAt = appeal.value(QStringLiteral("notified_at_ms")).toDouble();
    return original;
}

// "DECISION_GROUND_INCOMPATIBLE_CONTENT" -> "incompatible content": the database's value, readable.
QString readable(const QString &value, const char *prefix)
{
    QString text = value.startsWith(QLatin1String(prefix)) ? value.mid(int(qstrlen(prefix))) : value;
    return text.replace(QLatin1Char('_'), QLatin1Char(' ')).toLower();
}

// The statement of reasons the user was given for the contested decision, as the policy's DSA mapping
// builds it: what restriction, on what ground, in which category, and the explanation.
StatementOfReasons statementOfReasons(const QJsonObject &policy, const QJsonObject &appeal)
{
    StatementOfReasons reasons;
    auto builder = dsa::StatementBuilder::fromPolicy(policy);
    auto statement = builder.ok() ? builder->build({contestedVerdict(appeal), {}, 0})
                                  : Result<QJsonObject>(builder.error());
    if (!statement.ok()) {
        reasons.note =
            statement.error().code == QLatin1String("not_a_restriction")
                ? QCoreApplication::translate("veil::gui::ReviewItems",
                                              "The decision restricted nothing: no statement "
                                              "of reasons was due.")
                : QCoreApplication::translate("veil::gui::ReviewItems", "No statement of reasons: %1")
                      .arg(statement.error().plain());
        return reasons;
    }
    const QJsonObject &sor = statement.value();
    const bool illegal = sor.value(QStringLiteral("decision_ground")).toString() ==
                         QLatin1String("DECISION_GROUND_ILLEGAL_CONTENT");
    QStringList visibility;
    for (const QJsonValue &v : sor.value(QStringLiteral("decision_visibility")).toArray())
        visibility << readable(v.toString(), "DECISION_VISIBILITY_");
    reasons.ground = readable(sor.value(QStringLiteral("decision_ground")).toString(), "DECISION_GROUND_");
    reasons.groundText = sor.value(illegal ? QStringLiteral("illegal_content_legal_ground")
                                           : QStringLiteral("incompatible_content_ground"))
                             .toString();
    reasons.explanation = sor.value(illegal ? QStringLiteral("illegal_content_explanation")
                                            : QStringLiteral("incompatible_content_explanation"))
                              .toString();
    reasons.category = readable(sor.value(QStringLiteral("category")).toString(), "STATEMENT_CATEGORY_");
    reasons.visibility = visibility.join(QStringLiteral(", "));
    reasons.facts = sor.value(QStringLiteral("decision_facts")).toString();
    return reasons;
}

EarlierChoice earlierChoice(const QJsonObject &earlier)
{
    EarlierChoice choice;
    choice.decision = earlier.value(QStringLiteral("decision")).toString();
    for (const QJsonValue &label : earlier.value(QStringLiteral("labels")).toArray())
        choice.labels << label.toString();
    choice.outcome = earlier.value(QStringLiteral("outcome")).toString();
    return choice;
}

} // namespace

QList<ClassifierScore> classifierScores(const QJsonObject &scores)
{
    QList<ClassifierScore> list;
    for (auto it = scores.begin(); it != scores.end(); ++it)
        list.append({it.key(), it.value().toDouble()});
    return list;
}

ItemDetails readItemDetails(queue::ReviewQueue &queue, const std::optional<QJsonObject> &policy,
                            const QString &itemId)
{
    ItemDetails details;
    auto item = queue.item(itemId);
    if (!item.ok())
        return details;
    details.itemId = item->itemId;
    details.queue = item->queue;
    details.source = item->source;
    details.category = item->category;
    details.modelVersion = item->modelVersion;
    details.scores = classifierScores(item->scores);
    details.hashMatches = item->hashMatches;
    details.appealOf = item->appealOf;
    details.supersedes = item->supersedes;
    details.earlier = earlierChoice(item->earlierDecision);
    if (policy)
        details.suggestedLabel = protocol::suggestedLabel(*policy, item->category, item->scores);
    if (auto texts = queue.openTexts(itemId); texts.ok()) {
        details.prompt = texts->prompt;
        details.statement = texts->statement;
    }
    if (!item->clusterId.isEmpty()) {
        if (auto open = queue.clusterMembers(item->clusterId); open.ok())
            details.clusterMembers = open.value();
    }
    details.sla = slaClock(item.value());
    if (!item->appealOf.isEmpty()) {
        const QJsonObject appeal = queue.appealRecord(itemId);
        details.original = originalVerdict(appeal);
        if (policy)
            details.original.statement = statementOfReasons(*policy, appeal);
    }
    return details;
}

} // namespace veil::gui
