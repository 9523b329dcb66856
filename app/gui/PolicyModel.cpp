#include "PolicyModel.h"

#include "Language.h"
#include "protocol/PolicyRules.h"

#include <QJsonArray>

#include <algorithm>

namespace veil::gui {

namespace {

// A decision type's or label's title in the reviewer's language, where the policy has one ("titles").
QString localTitle(const QJsonObject &entry)
{
    const QString local =
        entry.value(QStringLiteral("titles")).toObject().value(Language::current()).toString();
    return local.isEmpty() ? entry.value(QStringLiteral("title")).toString() : local;
}

} // namespace

PolicyModel::PolicyModel(sync::SyncEngine &engine, const WorkSettings &settings, QObject *parent)
    : QObject(parent), m_engine(engine), m_settings(settings)
{}

void PolicyModel::relocalize()
{
    if (auto policy = m_engine.cachedPolicy(); policy.ok())
        apply(policy.value());
}

void PolicyModel::apply(const QJsonObject &policy)
{
    m_decisionTypes.clear();
    m_labels.clear();
    m_labelRequired.clear();
    m_skipKey = 0;
    int key = 0;
    for (const QJsonValue &d : policy.value(QStringLiteral("decision_types")).toArray()) {
        const QJsonObject o = d.toObject();
        ++key;
        if (o.value(QStringLiteral("name")).toString() == QLatin1String("skip")) {
            m_skipKey = key; // skipping is its own action (S, or its number), not a verdict
            continue;
        }
        QVariantMap type = o.toVariantMap();
        type.insert(QStringLiteral("key"), key);
        type.insert(QStringLiteral("takesLabels"),
                    protocol::decisionTakesLabels(policy, o.value(QStringLiteral("name")).toString()));
        type.insert(QStringLiteral("title"), localTitle(o));
        m_decisionTypes.append(type);
        if (o.value(QStringLiteral("requires_label")).toBool())
            m_labelRequired << o.value(QStringLiteral("name")).toString();
    }
    for (const QJsonValue &l : policy.value(QStringLiteral("labels")).toArray()) {
        QVariantMap label = l.toObject().toVariantMap();
        label.insert(QStringLiteral("title"), localTitle(l.toObject()));
        m_labels.append(label);
    }
    m_appealTemplates = policy.value(QStringLiteral("appeal_message_templates")).toArray().toVariantList();
    m_slaPauseReasons.clear();
    for (const QJsonValue &r : policy.value(QStringLiteral("sla_pause_reasons")).toArray())
        m_slaPauseReasons << r.toString();
    emit changed();
}

QString PolicyModel::policyBlockedReason(const QString &decision, const QStringList &labels) const
{
    if (decision.isEmpty())
        return tr("Choose a decision (1-%1).").arg(m_decisionTypes.size());
    if (m_labelRequired.contains(decision) && labels.isEmpty())
        return tr("This decision needs at least one policy label (L).");
    for (const QVariant &type : m_decisionTypes) {
        const QVariantMap t = type.toMap();
        if (t.value(QStringLiteral("name")).toString() == decision &&
            !t.value(QStringLiteral("takesLabels")).toBool() && !labels.isEmpty())
            return tr("%1 carries no violation label: clear the labels.")
                .arg(t.value(QStringLiteral("title")).toString());
    }
    return {};
}

QString PolicyModel::blockedReason(const QString &decision, const QStringList &labels,
                                   const QString &rationale) const
{
    if (const QString blocked = policyBlockedReason(decision, labels); !blocked.isEmpty())
        return blocked;
    // The team's rules, as the service will enforce them.
    const bool takesLabels =
        std::any_of(m_decisionTypes.cbegin(), m_decisionTypes.cend(), [&](const QVariant &t) {
            return t.toMap().value(QStringLiteral("name")).toString() == decision &&
                   t.toMap().value(QStringLiteral("takesLabels")).toBool();
        });
    if (m_settings.team().requireLabel && takesLabels && labels.isEmpty())
        return tr("Your team asks for a policy label on this decision (L).");
    if (m_settings.team().requireRationale && rationale.trimmed().isEmpty())
        return tr("Your team asks for a rationale on every decision (R).");
    return {};
}

QVariantList PolicyModel::appealTemplatesFor(const QString &outcome) const
{
    QVariantList choices{
        QVariantMap{{QStringLiteral("title"), tr("Message template…")}, {QStringLiteral("text"), QString()}}};
    for (const QVariant &entry : m_appealTemplates) {
        const QVariantMap t = entry.toMap();
        if (outcome.isEmpty() || t.value(QStringLiteral("outcome")).toString() == outcome)
            choices.append(t);
    }
    return choices;
}

} // namespace veil::gui
