#include "Policy.h"

#include <QJsonArray>

namespace veil::service {

namespace {

// "titles" holds the title in other languages, by language code: the workstation shows the reviewer's.
// A decision that restricts the content names its violation (takes and requires a label); one that
// restricts nothing (no violation, escalate, skip) carries none (protocol::checkDecisionLabels).
QJsonObject decision(const char *name, const char *title, bool restricts, const char *german)
{
    return QJsonObject{
        {QStringLiteral("name"), QLatin1String(name)},
        {QStringLiteral("title"), QLatin1String(title)},
        {QStringLiteral("titles"), QJsonObject{{QStringLiteral("de"), QString::fromUtf8(german)}}},
        {QStringLiteral("requires_label"), restricts},
        {QStringLiteral("takes_labels"), restricts}};
}

QJsonObject label(const char *name, const char *title, const char *german)
{
    return QJsonObject{
        {QStringLiteral("name"), QLatin1String(name)},
        {QStringLiteral("title"), QLatin1String(title)},
        {QStringLiteral("titles"), QJsonObject{{QStringLiteral("de"), QString::fromUtf8(german)}}}};
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

QJsonObject sorLabel(const char *ground, const char *legalOrTermsGround, const char *category,
                     const QStringList &keywords, const char *explanation)
{
    const bool illegal = QLatin1String(ground) == QLatin1String("illegal");
    return QJsonObject{{QStringLiteral("ground"), QLatin1String(ground)},
                       {illegal ? QStringLiteral("legal_ground") : QStringLiteral("terms_ground"),
                        QLatin1String(legalOrTermsGround)},
                       {QStringLiteral("category"), QLatin1String(category)},
                       {QStringLiteral("keywords"), QJsonArray::fromStringList(keywords)},
                       {QStringLiteral("explanation"), QLatin1String(explanation)}};
}

// How verdicts become DSA statements of reasons (dsa::StatementBuilder): which decisions restrict what,
// and each label's ground, category and keywords, in the Transparency Database's values (checked against
// its allowed-value table at export, and in tests).
QJsonObject dsaMapping()
{
    const QJsonArray removed{QStringLiteral("DECISION_VISIBILITY_CONTENT_REMOVED")};
    const QJsonObject decisions{
        {QStringLiteral("remove"), QJsonObject{{QStringLiteral("decision_visibility"), removed}}},
        {QStringLiteral("remove_and_report"), QJsonObject{{QStringLiteral("decision_visibility"), removed}}},
        {QStringLiteral("age_restrict"),
         QJsonObject{{QStringLiteral("decision_visibility"),
                      QJsonArray{QStringLiteral("DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED")}}}}};
    QJsonObject other = sorLabel("incompatible", "Terms of service: prohibited synthetic content",
                                 "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", {QStringLiteral("KEYWORD_OTHER")},
                                 "The generated image breaks the terms of service.");
    other.insert(QStringLiteral("keyword_other"), QStringLiteral("prohibited synthetic image"));
    const QJsonObject labels{
        {QStringLiteral("sexual_minor"),
         sorLabel("illegal", "Directive 2011/93/EU, Art. 5 (child sexual abuse material)",
                  "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
                  {QStringLiteral("KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE")},
                  "The generated image depicts a minor in a sexual context.")},
        {QStringLiteral("sexual_adult_nonconsensual"),
         sorLabel("illegal",
                  "Directive (EU) 2024/1385, Art. 5 (non-consensual intimate or manipulated material)",
                  "STATEMENT_CATEGORY_CYBER_VIOLENCE",
                  {QStringLiteral("KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE")},
                  "The generated image is intimate imagery of a real adult made without consent.")},
        {QStringLiteral("likeness_real_person"),
         sorLabel("incompatible", "Terms of service: synthetic likeness of real people",
                  "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS", {},
                  "The generated image imitates a real person's likeness.")},
        {QStringLiteral("violence_gore"),
         sorLabel("incompatible", "Terms of service: graphic violence", "STATEMENT_CATEGORY_VIOLENCE", {},
                  "The generated image depicts graphic violence.")},
        {QStringLiteral("hate_symbol"),
         sorLabel("incompatible", "Terms of service: hateful content",
                  "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", {QStringLiteral("KEYWORD_HATE_SPEECH")},
                  "The generated image shows a hate symbol.")},
        {QStringLiteral("self_harm"),
         sorLabel("incompatible", "Terms of service: self-harm", "STATEMENT_CATEGORY_SELF_HARM",
                  {QStringLiteral("KEYWORD_SELF_MUTILATION")}, "The generated image depicts self-harm.")},
        {QStringLiteral("copyright_style"),
         sorLabel("incompatible", "Terms of service: intellectual property",
                  "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
                  {QStringLiteral("KEYWORD_COPYRIGHT_INFRINGEMENT")},
                  "The generated image copies protected work.")},
        {QStringLiteral("other"), other}};
    QJsonArray eea;
    for (const char *code :
         {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
          "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO"})
        eea.append(QLatin1String(code));
    return QJsonObject{{QStringLiteral("decisions"), decisions},
                       {QStringLiteral("labels"), labels},
                       {QStringLiteral("sources"),
                        QJsonObject{{QStringLiteral("user_report"), QStringLiteral("SOURCE_ARTICLE_16")},
                                    {QStringLiteral("*"), QStringLiteral("SOURCE_VOLUNTARY")}}},
                       {QStringLiteral("territorial_scope"), eea}};
}

// The reasoned message to the user, per outcome; every {placeholder} must be filled before the verdict
// can be signed ({decision_date} is filled from the decision under appeal).
QJsonArray appealTemplates()
{
    const auto entry = [](const char *name, const char *outcome, const char *title, const char *text) {
        return QJsonObject{{QStringLiteral("name"), QLatin1String(name)},
                           {QStringLiteral("outcome"), QLatin1String(outcome)},
                           {QStringLiteral("title"), QLatin1String(title)},
                           {QStringLiteral("text"), QLatin1String(text)}};
    };
    return QJsonArray{
        entry("uphold", "uphold", "Decision stands",
              "We reviewed your appeal against our decision of {decision_date}. A second reviewer found that "
              "the image breaks our rules on {rule}: {reason} The decision stands."),
        entry("overturn", "overturn", "Decision reversed",
              "We reviewed your appeal against our decision of {decision_date} and found that the image does "
              "not break our rules: {reason} We have reversed the decision."),
        entry("modify", "modify", "Decision changed",
              "We reviewed your appeal against our decision of {decision_date} and changed it to "
              "{new_decision}: "
              "{reason}")};
}

} // namespace

QJsonObject defaultPolicy()
{
    const QJsonArray decisions{
        decision("no_violation", "No violation", false, "Kein Verstoß"),
        decision("remove", "Remove", true, "Entfernen"),
        decision("remove_and_report", "Remove and report", true, "Entfernen und melden"),
        decision("age_restrict", "Age-restrict", true, "Altersbeschränkung"),
        decision("escalate", "Escalate to specialist", false, "An Fachstelle eskalieren"),
        decision("skip", "Skip", false, "Überspringen")};
    const QJsonArray labels{
        label("sexual_minor", "Sexual content involving a minor", "Sexuelle Inhalte mit Minderjährigen"),
        label("sexual_adult_nonconsensual", "Non-consensual sexual imagery of adults",
              "Nicht einvernehmliche sexuelle Darstellungen Erwachsener"),
        label("likeness_real_person", "Likeness of a real person", "Abbild einer realen Person"),
        label("violence_gore", "Violence or gore", "Gewalt oder drastische Verletzungen"),
        label("hate_symbol", "Hate symbol", "Hasssymbol"),
        label("self_harm", "Self-harm", "Selbstverletzung"),
        label("copyright_style", "Copyright or style imitation", "Urheberrecht oder Stilimitation"),
        label("other", "Other", "Sonstiges")};
    // The label a reviewer most likely means, suggested (never applied unseen; protocol::suggestedLabel):
    // by the escalation's category (each category the automation uses names the label of the same name),
    // else by the highest classifier score at or over the threshold.
    QJsonObject categoryLabels;
    for (const char *category : {"violence_gore", "hate_symbol", "likeness_real_person",
                                 "sexual_adult_nonconsensual", "self_harm", "copyright_style"})
        categoryLabels.insert(QLatin1String(category), QJsonArray{QLatin1String(category)});
    const QJsonObject scoreLabels{{QStringLiteral("nsfw"), QStringLiteral("sexual_adult_nonconsensual")},
                                  {QStringLiteral("violence"), QStringLiteral("violence_gore")},
                                  {QStringLiteral("hate"), QStringLiteral("hate_symbol")},
                                  {QStringLiteral("likeness"), QStringLiteral("likeness_real_person")}};
    // "*" matches any category; the most specific target wins. Hours.
    const QJsonArray slas{sla("escalations", "sexual_minor", 0, 1), sla("escalations", "*", 1, 4),
                          sla("escalations", "*", 0, 24), sla("appeals", "*", 0, 24 * 7)};
    return QJsonObject{
        {QStringLiteral("version"), 1},
        {QStringLiteral("decision_types"), decisions},
        {QStringLiteral("labels"), labels},
        {QStringLiteral("category_labels"), categoryLabels},
        {QStringLiteral("score_labels"), scoreLabels},
        {QStringLiteral("score_label_threshold"), 0.8},
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
        {QStringLiteral("dsa"), dsaMapping()},
        // DSA Art. 20: appeals for at least six months after the decision.
        {QStringLiteral("appeal_window_days"), 184},
        // QA: one in ten of each reviewer's decisions is re-reviewed blind by a supervisor.
        {QStringLiteral("qa_sample_rate"), 0.1},
        {QStringLiteral("appeal_message_templates"), appealTemplates()},
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

bool policyHasSkipReason(const QJsonObject &policy, const QString &reason)
{
    return policy.value(QStringLiteral("skip_reasons")).toArray().contains(QJsonValue(reason));
}

} // namespace veil::service
