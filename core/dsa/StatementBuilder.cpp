#include "dsa/StatementBuilder.h"

#include <QDateTime>

namespace veil::dsa {

namespace {

QString day(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).date().toString(Qt::ISODate);
}

} // namespace

Result<StatementBuilder> StatementBuilder::fromPolicy(const QJsonObject &policy)
{
    const QJsonObject dsa = policy.value(QStringLiteral("dsa")).toObject();
    const auto bad = [](const QString &what) {
        return makeError(QStringLiteral("bad_policy"),
                         QStringLiteral("the policy's dsa section %1").arg(what));
    };
    if (dsa.isEmpty())
        return bad(QStringLiteral("is missing: no statements of reasons can be made"));
    StatementBuilder builder;
    const QJsonObject decisions = dsa.value(QStringLiteral("decisions")).toObject();
    const QJsonObject labels = dsa.value(QStringLiteral("labels")).toObject();
    if (decisions.isEmpty() || labels.isEmpty())
        return bad(QStringLiteral("needs decisions and labels"));
    for (auto it = decisions.begin(); it != decisions.end(); ++it)
        builder.m_decisions.insert(it.key(), it.value().toObject());
    for (auto it = labels.begin(); it != labels.end(); ++it)
        builder.m_labels.insert(it.key(), it.value().toObject());
    builder.m_sources = dsa.value(QStringLiteral("sources")).toObject();
    builder.m_territorialScope = dsa.value(QStringLiteral("territorial_scope")).toArray();
    return builder;
}

Result<QJsonObject> StatementBuilder::build(const DecisionFacts &facts) const
{
    const QJsonObject &v = facts.verdict;
    const QString decision = v.value(QStringLiteral("decision")).toString();
    const QString itemId = v.value(QStringLiteral("item_id")).toString();
    if (v.value(QStringLiteral("queue")).toString() != QLatin1String("escalations") ||
        !m_decisions.contains(decision))
        return makeError(
            QStringLiteral("not_a_restriction"),
            QStringLiteral("%1: %2 restricts nothing; no statement of reasons").arg(itemId, decision));
    const QJsonArray labels = v.value(QStringLiteral("labels")).toArray();
    if (labels.isEmpty())
        return makeError(QStringLiteral("unmapped_label"),
                         QStringLiteral("%1: a restriction without a label has no DSA category").arg(itemId));
    for (const QJsonValue &label : labels)
        if (!m_labels.contains(label.toString()))
            return makeError(QStringLiteral("unmapped_label"),
                             QStringLiteral("%1: label %2 has no DSA mapping in the policy")
                                 .arg(itemId, label.toString()));

    // The gravest label decides ground and category (illegal content over a terms breach; verdicts keep
    // labels sorted, so order says nothing); the others add categories and keywords.
    QJsonObject main = m_labels.value(labels.first().toString());
    for (const QJsonValue &label : labels) {
        if (m_labels.value(label.toString()).value(QStringLiteral("ground")).toString() ==
            QLatin1String("illegal")) {
            main = m_labels.value(label.toString());
            break;
        }
    }
    const QString rationale = v.value(QStringLiteral("rationale")).toString().trimmed();
    const QString explanation =
        rationale.isEmpty() ? main.value(QStringLiteral("explanation")).toString() : rationale;
    QJsonObject s = m_decisions.value(decision);
    if (main.value(QStringLiteral("ground")).toString() == QLatin1String("illegal")) {
        s.insert(QStringLiteral("decision_ground"), QStringLiteral("DECISION_GROUND_ILLEGAL_CONTENT"));
        s.insert(QStringLiteral("illegal_content_legal_ground"), main.value(QStringLiteral("legal_ground")));
        s.insert(QStringLiteral("illegal_content_explanation"), explanation);
    } else {
        s.insert(QStringLiteral("decision_ground"), QStringLiteral("DECISION_GROUND_INCOMPATIBLE_CONTENT"));
        s.insert(QStringLiteral("incompatible_content_ground"), main.value(QStringLiteral("terms_ground")));
        s.insert(QStringLiteral("incompatible_content_explanation"), explanation);
    }
    s.insert(QStringLiteral("category"), main.value(QStringLiteral("category")));
    QJsonArray additions, keywords;
    for (const QJsonValue &label : labels) {
        const QJsonObject mapping = m_labels.value(label.toString());
        const QJsonValue category = mapping.value(QStringLiteral("category"));
        if (category != main.value(QStringLiteral("category")) && !additions.contains(category))
            additions.append(category);
        for (const QJsonValue &keyword : mapping.value(QStringLiteral("keywords")).toArray())
            if (!keywords.contains(keyword))
                keywords.append(keyword);
        if (mapping.contains(QStringLiteral("keyword_other")))
            s.insert(QStringLiteral("category_specification_other"),
                     mapping.value(QStringLiteral("keyword_other")));
    }
    if (!additions.isEmpty())
        s.insert(QStringLiteral("category_addition"), additions);
    if (!keywords.isEmpty())
        s.insert(QStringLiteral("category_specification"), keywords);
    // Generated images: the content is synthetic media, and an image.
    s.insert(QStringLiteral("content_type"), QJsonArray{QStringLiteral("CONTENT_TYPE_IMAGE"),
                                                        QStringLiteral("CONTENT_TYPE_SYNTHETIC_MEDIA")});
    s.insert(QStringLiteral("content_date"), day(facts.contentDateMs));
    const qint64 decidedAt =
        QDateTime::fromString(v.value(QStringLiteral("decided_at")).toString(), Qt::ISODateWithMs)
            .toMSecsSinceEpoch();
    s.insert(QStringLiteral("application_date"), day(decidedAt));
    s.insert(QStringLiteral("decision_facts"), explanation);
    s.insert(QStringLiteral("territorial_scope"), m_territorialScope);
    s.insert(QStringLiteral("source_type"), m_sources.contains(facts.source)
                                                ? m_sources.value(facts.source)
                                                : m_sources.value(QStringLiteral("*")));
    // Found by automation unless a user reported it; decided by a human, always (Veil has no auto-decide).
    s.insert(QStringLiteral("automated_detection"),
             facts.source == QLatin1String("user_report") ? QStringLiteral("No") : QStringLiteral("Yes"));
    s.insert(QStringLiteral("automated_decision"), QStringLiteral("AUTOMATED_DECISION_NOT_AUTOMATED"));
    s.insert(QStringLiteral("puid"), itemId);
    return s;
}

} // namespace veil::dsa
