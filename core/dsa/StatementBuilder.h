// A DSA statement of reasons (Art. 17, in the Transparency Database's field names) for one signed
// verdict that restricts content: the decision's visibility restriction, the ground (illegal or
// incompatible with the terms) and category from the verdict's labels, through the policy's "dsa"
// mapping — data, like the allowed-value table, so a changed table or policy needs no new build.
#pragma once

#include "common/Result.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

namespace veil::dsa {

// What the statement is built from besides the verdict.
struct DecisionFacts
{
    QJsonObject verdict;      // the signed verdict's JSON (veil.verdict.v1)
    QString source;           // the escalation's source (user_report, prompt_filter, ...)
    qint64 contentDateMs = 0; // when the content was created
};

class StatementBuilder
{
public:
    // From the policy's "dsa" section. Error "bad_policy" naming the missing part.
    static Result<StatementBuilder> fromPolicy(const QJsonObject &policy);

    // Error "not_a_restriction" for decisions that restrict nothing (no violation, escalate, appeals),
    // "unmapped_label" when a label has no DSA mapping.
    Result<QJsonObject> build(const DecisionFacts &facts) const;

private:
    QHash<QString, QJsonObject> m_decisions; // decision type -> restriction fields
    QHash<QString, QJsonObject> m_labels;    // label -> ground, category, keywords, explanation
    QJsonObject m_sources;                   // escalation source -> source_type ("*": any other)
    QJsonArray m_territorialScope;
};

} // namespace veil::dsa
