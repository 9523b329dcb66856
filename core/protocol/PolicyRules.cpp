#include "protocol/PolicyRules.h"

#include <QJsonArray>

namespace veil::protocol {

namespace {

QJsonObject decisionType(const QJsonObject &policy, const QString &name)
{
    for (const QJsonValue &entry : policy.value(QStringLiteral("decision_types")).toArray()) {
        const QJsonObject type = entry.toObject();
        if (type.value(QStringLiteral("name")).toString() == name)
            return type;
    }
    return {};
}

bool hasLabel(const QJsonObject &policy, const QString &name)
{
    for (const QJsonValue &entry : policy.value(QStringLiteral("labels")).toArray()) {
        if (entry.toObject().value(QStringLiteral("name")).toString() == name)
            return true;
    }
    return false;
}

Error invalid(const QString &message)
{
    return makeError(QStringLiteral("invalid_decision"), message);
}

} // namespace

bool decisionRequiresLabel(const QJsonObject &policy, const QString &decision)
{
    return decisionType(policy, decision).value(QStringLiteral("requires_label")).toBool();
}

bool decisionTakesLabels(const QJsonObject &policy, const QString &decision)
{
    const QJsonObject type = decisionType(policy, decision);
    const QJsonValue takes = type.value(QStringLiteral("takes_labels"));
    return takes.isBool() ? takes.toBool() : type.value(QStringLiteral("requires_label")).toBool();
}

Result<void> checkDecisionLabels(const QJsonObject &policy, const QString &decision,
                                 const QStringList &labels)
{
    if (decisionType(policy, decision).isEmpty())
        return invalid(QStringLiteral("%1 is not a decision type of the policy").arg(decision));
    for (const QString &label : labels) {
        if (!hasLabel(policy, label))
            return invalid(QStringLiteral("%1 is not a label of the policy").arg(label));
    }
    if (!labels.isEmpty() && !decisionTakesLabels(policy, decision))
        return invalid(QStringLiteral("%1 restricts nothing and carries no violation label (%2)")
                           .arg(decision, labels.join(QStringLiteral(", "))));
    if (labels.isEmpty() && decisionRequiresLabel(policy, decision))
        return invalid(QStringLiteral("%1 needs at least one policy label").arg(decision));
    return success();
}

QString suggestedLabel(const QJsonObject &policy, const QString &category, const QJsonObject &scores)
{
    const QJsonValue mapped = policy.value(QStringLiteral("category_labels")).toObject().value(category);
    const QString fromCategory = mapped.isArray() ? mapped.toArray().first().toString() : mapped.toString();
    if (!fromCategory.isEmpty() && hasLabel(policy, fromCategory))
        return fromCategory;
    if (hasLabel(policy, category))
        return category;
    const QJsonObject scoreLabels = policy.value(QStringLiteral("score_labels")).toObject();
    const double threshold = policy.value(QStringLiteral("score_label_threshold")).toDouble(0.8);
    QString best;
    double bestScore = threshold;
    for (auto it = scores.begin(); it != scores.end(); ++it) {
        const QString label = scoreLabels.value(it.key()).toString();
        if (!label.isEmpty() && hasLabel(policy, label) && it.value().toDouble() >= bestScore) {
            best = label;
            bestScore = it.value().toDouble();
        }
    }
    return best;
}

} // namespace veil::protocol
