#include "Policy.h"

#include <QJsonArray>

namespace veil::service {

namespace {

QJsonObject decision(const char *name, const char *title, bool needsLabel)
{
    return QJsonObject{{QStringLiteral("name"), QLatin1String(name)},
                       {QStringLiteral("title"), QLatin1String(title)},
                       {QStringLiteral("requires_label"), needsLabel}};
}

QJsonObject label(const char *name, const char *title)
{
    return QJsonObject{{QStringLiteral("name"), QLatin1String(name)},
                       {QStringLiteral("title"), QLatin1String(title)}};
}

QJsonObject sla(const char *queue, const char *category, int priority, int hours)
{
    return QJsonObject{{QStringLiteral("queue"), QLatin1String(queue)},
                       {QStringLiteral("category"), QLatin1String(category)},
                       {QStringLiteral("priority"), priority},
                       {QStringLiteral("target_seconds"), hours * 3600}};
}

bool containsName(const QJsonArray &list, const QString &name)
{
    for (const QJsonValue &entry : list) {
        if (entry.toObject().value(QStringLiteral("name")).toString() == name)
            return true;
    }
    return false;
}

} // namespace

QJsonObject defaultPolicy()
{
    const QJsonArray decisions{decision("no_violation", "No violation", false),
                               decision("remove", "Remove", true),
                               decision("remove_and_report", "Remove and report", true),
                               decision("age_restrict", "Age-restrict", true),
                               decision("escalate", "Escalate to specialist", false),
                               decision("skip", "Skip", false)};
    const QJsonArray labels{label("sexual_minor", "Sexual content involving a minor"),
                            label("sexual_adult_nonconsensual", "Non-consensual sexual imagery of adults"),
                            label("likeness_real_person", "Likeness of a real person"),
                            label("violence_gore", "Violence or gore"),
                            label("hate_symbol", "Hate symbol"),
                            label("self_harm", "Self-harm"),
                            label("copyright_style", "Copyright or style imitation"),
                            label("other", "Other")};
    // "*" matches any category; the most specific target wins. Hours.
    const QJsonArray slas{sla("escalations", "sexual_minor", 0, 1), sla("escalations", "*", 1, 4),
                          sla("escalations", "*", 0, 24), sla("appeals", "*", 0, 24 * 7)};
    return QJsonObject{
        {QStringLiteral("version"), 1},
        {QStringLiteral("decision_types"), decisions},
        {QStringLiteral("labels"), labels},
        {QStringLiteral("skip_reasons"),
         QJsonArray{QStringLiteral("wellness"), QStringLiteral("language"), QStringLiteral("conflict")}},
        {QStringLiteral("sla_targets"), slas},
        {QStringLiteral("sla_warning_fraction"), 0.75},
        // Escalation clocks may wait on a specialist or on legal; appeal clocks (DSA Art. 20) never pause.
        {QStringLiteral("sla_pausable"),
         QJsonArray{QJsonObject{{QStringLiteral("queue"), QStringLiteral("escalations")},
                                {QStringLiteral("category"), QStringLiteral("*")}}}},
        {QStringLiteral("sla_pause_reasons"),
         QJsonArray{QStringLiteral("specialist_escalation"), QStringLiteral("legal_review")}},
        {QStringLiteral("retention"),
         QJsonObject{{QStringLiteral("default_days"), 30},
                     {QStringLiteral("reported_days"), 365},
                     {QStringLiteral("legal_hold_categories"), QJsonArray{QStringLiteral("sexual_minor")}}}},
    };
}

bool policyHasDecision(const QJsonObject &policy, const QString &name)
{
    return containsName(policy.value(QStringLiteral("decision_types")).toArray(), name);
}

bool policyHasLabel(const QJsonObject &policy, const QString &name)
{
    return containsName(policy.value(QStringLiteral("labels")).toArray(), name);
}

bool decisionNeedsLabel(const QJsonObject &policy, const QString &name)
{
    for (const QJsonValue &entry : policy.value(QStringLiteral("decision_types")).toArray()) {
        const QJsonObject object = entry.toObject();
        if (object.value(QStringLiteral("name")).toString() == name)
            return object.value(QStringLiteral("requires_label")).toBool();
    }
    return false;
}

bool policyHasSkipReason(const QJsonObject &policy, const QString &reason)
{
    return policy.value(QStringLiteral("skip_reasons")).toArray().contains(QJsonValue(reason));
}

} // namespace veil::service
