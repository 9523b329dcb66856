// Checks an operator's policy document before the service serves it: a workstation, the SLA engine and the
// DSA export each rely on its parts, and a mistake found at start-up costs nothing, one found mid-shift
// costs reviewers their work.
#include "Policy.h"

#include "dsa/SorTable.h"
#include "dsa/StatementBuilder.h"
#include "queue/Retention.h"
#include "sla/SlaClock.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace veil::service {

namespace {

Error bad(const QString &why)
{
    return makeError(QStringLiteral("bad_policy"), why);
}

// A non-empty list of {name, title} with unique names; the names.
Result<QStringList> namedList(const QJsonObject &policy, const char *key, int max)
{
    const QJsonValue value = policy.value(QLatin1String(key));
    if (!value.isArray() || value.toArray().isEmpty())
        return bad(QStringLiteral("%1 must be a non-empty list").arg(QLatin1String(key)));
    if (value.toArray().size() > max)
        return bad(QStringLiteral("%1 has more than %2 entries").arg(QLatin1String(key)).arg(max));
    QStringList names;
    for (const QJsonValue &entry : value.toArray()) {
        const QString name = entry.toObject().value(QStringLiteral("name")).toString();
        if (name.isEmpty() || entry.toObject().value(QStringLiteral("title")).toString().isEmpty())
            return bad(QStringLiteral("every entry of %1 needs a name and a title").arg(QLatin1String(key)));
        if (names.contains(name))
            return bad(QStringLiteral("%1 names %2 twice").arg(QLatin1String(key), name));
        names << name;
    }
    return names;
}

// What decision types may carry (protocol::checkDecisionLabels) and the labels suggested for an item
// (protocol::suggestedLabel): coherent, and naming only labels the policy has.
Result<void> checkLabelRules(const QJsonObject &policy, const QStringList &labels)
{
    for (const QJsonValue &entry : policy.value(QStringLiteral("decision_types")).toArray()) {
        const QJsonObject type = entry.toObject();
        const QString name = type.value(QStringLiteral("name")).toString();
        const QJsonValue required = type.value(QStringLiteral("requires_label"));
        const QJsonValue takes = type.value(QStringLiteral("takes_labels"));
        if (!required.isUndefined() && !required.isBool())
            return bad(QStringLiteral("decision type %1: requires_label must be true or false").arg(name));
        if (!takes.isUndefined() && !takes.isBool())
            return bad(QStringLiteral("decision type %1: takes_labels must be true or false").arg(name));
        if (required.toBool() && takes.isBool() && !takes.toBool())
            return bad(
                QStringLiteral("decision type %1 requires a label but takes_labels is false").arg(name));
    }
    const auto known = [&labels](const QJsonValue &value, const QString &where) -> Result<void> {
        if (!value.isString() || !labels.contains(value.toString()))
            return bad(QStringLiteral("%1 names %2, which is not a label of the policy")
                           .arg(where, value.isString() ? value.toString() : QStringLiteral("a non-string")));
        return success();
    };
    const QJsonValue byCategory = policy.value(QStringLiteral("category_labels"));
    if (!byCategory.isUndefined() && !byCategory.isObject())
        return bad(QStringLiteral("category_labels must map categories to labels"));
    const QJsonObject categories = byCategory.toObject();
    for (auto it = categories.begin(); it != categories.end(); ++it) {
        const QString where = QStringLiteral("category_labels.%1").arg(it.key());
        if (it.value().isArray()) {
            if (it.value().toArray().isEmpty())
                return bad(QStringLiteral("%1 is an empty list").arg(where));
            for (const QJsonValue &label : it.value().toArray())
                VEIL_TRY(known(label, where));
        } else {
            VEIL_TRY(known(it.value(), where));
        }
    }
    const QJsonValue byScore = policy.value(QStringLiteral("score_labels"));
    if (!byScore.isUndefined() && !byScore.isObject())
        return bad(QStringLiteral("score_labels must map classifier scores to labels"));
    const QJsonObject scores = byScore.toObject();
    for (auto it = scores.begin(); it != scores.end(); ++it)
        VEIL_TRY(known(it.value(), QStringLiteral("score_labels.%1").arg(it.key())));
    const QJsonValue threshold = policy.value(QStringLiteral("score_label_threshold"));
    if (!threshold.isUndefined() &&
        (!threshold.isDouble() || threshold.toDouble() < 0 || threshold.toDouble() > 1))
        return bad(QStringLiteral("score_label_threshold must be a number from 0 to 1"));
    return success();
}

// "titles": kind -> name -> language -> a line of text; only the kinds the workstation shows.
Result<void> checkTitles(const QJsonObject &policy)
{
    const QJsonValue titles = policy.value(QStringLiteral("titles"));
    if (titles.isUndefined())
        return success();
    if (!titles.isObject())
        return bad(QStringLiteral("titles must map kinds to names to languages to titles"));
    const QStringList kinds{QStringLiteral("category"), QStringLiteral("source"), QStringLiteral("score"),
                            QStringLiteral("sla_pause_reason"), QStringLiteral("queue")};
    const QJsonObject byKind = titles.toObject();
    for (auto kind = byKind.begin(); kind != byKind.end(); ++kind) {
        if (!kinds.contains(kind.key()))
            return bad(QStringLiteral("titles.%1: not a kind the workstation shows (%2)")
                           .arg(kind.key(), kinds.join(QStringLiteral(", "))));
        if (!kind.value().isObject())
            return bad(QStringLiteral("titles.%1 must map names to titles").arg(kind.key()));
        const QJsonObject byName = kind.value().toObject();
        for (auto name = byName.begin(); name != byName.end(); ++name) {
            const QString where = QStringLiteral("titles.%1.%2").arg(kind.key(), name.key());
            if (!name.value().isObject() || name.value().toObject().isEmpty())
                return bad(QStringLiteral("%1 must map languages to titles").arg(where));
            const QJsonObject byLanguage = name.value().toObject();
            for (auto language = byLanguage.begin(); language != byLanguage.end(); ++language) {
                const QString text = language.value().toString();
                if (!language.value().isString() || text.trimmed().isEmpty() || text.size() > 80)
                    return bad(QStringLiteral("%1.%2 must be a title of 1 to 80 characters")
                                   .arg(where, language.key()));
            }
        }
    }
    return success();
}

} // namespace

Result<void> checkPolicy(const QJsonObject &policy)
{
    // The workstation gives decision types the number keys 1-9 (skip takes one of them).
    auto decisions = namedList(policy, "decision_types", 8);
    VEIL_TRY(decisions);
    auto labels = namedList(policy, "labels", 64);
    VEIL_TRY(labels);
    VEIL_TRY(checkLabelRules(policy, labels.value()));
    const QJsonValue skips = policy.value(QStringLiteral("skip_reasons"));
    if (!skips.isArray() || skips.toArray().isEmpty())
        return bad(QStringLiteral("skip_reasons must be a non-empty list"));
    VEIL_TRY(checkTitles(policy));
    if (auto clock = sla::SlaClock::fromPolicy(policy); !clock.ok())
        return bad(clock.error().message);
    auto builder = dsa::StatementBuilder::fromPolicy(policy);
    if (!builder.ok())
        return bad(builder.error().message);
    // Every restricting decision with every label must give a statement of reasons the Transparency
    // Database takes, or a decision made in good faith could not be reported.
    auto table = dsa::SorTable::builtIn();
    VEIL_TRY(table);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QJsonObject restricting =
        policy.value(QStringLiteral("dsa")).toObject().value(QStringLiteral("decisions")).toObject();
    for (auto decision = restricting.constBegin(); decision != restricting.constEnd(); ++decision) {
        if (!decisions->contains(decision.key()))
            return bad(
                QStringLiteral("dsa.decisions names %1, which is not a decision type").arg(decision.key()));
        for (const QString &label : labels.value()) {
            const QJsonObject verdict{{QStringLiteral("item_id"), QStringLiteral("policy-check")},
                                      {QStringLiteral("queue"), QStringLiteral("escalations")},
                                      {QStringLiteral("decision"), decision.key()},
                                      {QStringLiteral("labels"), QJsonArray{label}},
                                      {QStringLiteral("decided_at"), now}};
            auto statement =
                builder->build({verdict, QStringLiteral("user_report"), QDateTime::currentMSecsSinceEpoch()});
            if (!statement.ok())
                return bad(QStringLiteral("dsa: %1 with label %2: %3")
                               .arg(decision.key(), label, statement.error().message));
            const auto problems = table->validate(statement.value());
            if (!problems.isEmpty())
                return bad(QStringLiteral("dsa: %1 with label %2: %3 %4 (table %5)")
                               .arg(decision.key(), label, problems.first().field, problems.first().message,
                                    table->version()));
        }
    }
    const QJsonValue window = policy.value(QStringLiteral("appeal_window_days"));
    if (!window.isDouble() || window.toDouble() < 184)
        return bad(
            QStringLiteral("appeal_window_days must be at least 184: DSA Art. 20 asks for six months"));
    if (auto retention = queue::RetentionRules::fromPolicy(policy); !retention.ok())
        return bad(retention.error().message);
    const QJsonValue rate = policy.value(QStringLiteral("qa_sample_rate"));
    if (!rate.isDouble() || rate.toDouble() < 0 || rate.toDouble() > 1)
        return bad(QStringLiteral("qa_sample_rate must be a number from 0 to 1"));
    return success();
}

Result<QJsonObject> loadPolicy(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("io_error"), QStringLiteral("cannot read %1").arg(path));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.read(4 << 20), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return bad(QStringLiteral("%1 is not a JSON object: %2").arg(path, parseError.errorString()));
    VEIL_TRY(checkPolicy(document.object()));
    return document.object();
}

} // namespace veil::service
