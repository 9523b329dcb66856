#include "PolicyModel.h"

#include "Language.h"
#include "protocol/Escalation.h"
#include "protocol/PolicyRules.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace veil::gui {

namespace {

// A title as a reviewer may see it: one line of at most 80 characters that no Text takes for rich text (a
// service's "<img src=image://veil/…/revealed>" would otherwise show unblurred media).
QString readable(QString text)
{
    for (QChar &c : text) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
            c == QChar::ParagraphSeparator)
            c = QLatin1Char(' ');
        else if (c == QLatin1Char('<'))
            c = QChar(0x2039); // ‹
    }
    text = text.simplified();
    return text.size() > 80 ? text.left(79) + QChar(0x2026) : text;
}

// A decision type's or label's title in the reviewer's language, where the policy has one ("titles").
QString localTitle(const QJsonObject &entry)
{
    const QString local =
        entry.value(QStringLiteral("titles")).toObject().value(Language::current()).toString();
    return readable(local.isEmpty() ? entry.value(QStringLiteral("title")).toString() : local);
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
    m_appealTemplates.clear();
    m_skipKey = 0;
    int key = 0;
    for (const QJsonValue &d : policy.value(QStringLiteral("decision_types")).toArray()) {
        const QJsonObject o = d.toObject();
        ++key;
        if (o.value(QStringLiteral("name")).toString() == QLatin1String("skip")) {
            m_skipKey = key; // skipping is its own action (S, or its number), not a verdict
            continue;
        }
        DecisionType type;
        type.name = o.value(QStringLiteral("name")).toString();
        type.title = localTitle(o);
        type.key = key;
        type.takesLabels = protocol::decisionTakesLabels(policy, type.name);
        type.requiresLabel = o.value(QStringLiteral("requires_label")).toBool();
        m_decisionTypes.append(type);
    }
    for (const QJsonValue &l : policy.value(QStringLiteral("labels")).toArray())
        m_labels.append({l.toObject().value(QStringLiteral("name")).toString(), localTitle(l.toObject())});
    for (const QJsonValue &t : policy.value(QStringLiteral("appeal_message_templates")).toArray()) {
        const QJsonObject o = t.toObject();
        m_appealTemplates.append({o.value(QStringLiteral("name")).toString(),
                                  o.value(QStringLiteral("outcome")).toString(),
                                  readable(o.value(QStringLiteral("title")).toString()),
                                  o.value(QStringLiteral("text")).toString()});
    }
    m_titles = policy.value(QStringLiteral("titles")).toObject();
    // What a filter can offer: the policy's categories (those it maps to labels and those it titles), and the
    // protocol's sources with an appeal's and any other the policy titles (titles are optional). Names only
    // as the service writes them: anything else is not offered.
    static const QRegularExpression plainName(QStringLiteral("^[a-z0-9_]{1,64}$"));
    m_names.clear();
    QStringList categories = policy.value(QStringLiteral("category_labels")).toObject().keys();
    categories += m_titles.value(QStringLiteral("category")).toObject().keys();
    m_names.insert(QStringLiteral("category"), categories);
    m_names.insert(QStringLiteral("source"), protocol::escalationSources() +
                                                 QStringList{QStringLiteral("appeal")} +
                                                 m_titles.value(QStringLiteral("source")).toObject().keys());
    for (QStringList &names : m_names) {
        names.removeIf([](const QString &name) { return !plainName.match(name).hasMatch(); });
        names.removeDuplicates();
    }
    m_slaPauseReasons.clear();
    for (const QJsonValue &r : policy.value(QStringLiteral("sla_pause_reasons")).toArray())
        m_slaPauseReasons << r.toString();
    emit changed();
}

QString PolicyModel::policyBlockedReason(const QString &decision, const QStringList &labels) const
{
    if (decision.isEmpty())
        return tr("Choose a decision (1-%1).").arg(m_decisionTypes.size());
    const DecisionType type = decisionType(decision);
    if (type.requiresLabel && labels.isEmpty())
        return tr("This decision needs at least one policy label (L).");
    if (!type.name.isEmpty() && !type.takesLabels && !labels.isEmpty())
        return tr("%1 carries no violation label: clear the labels.").arg(type.title);
    return {};
}

QString PolicyModel::blockedReason(const QString &decision, const QStringList &labels,
                                   const QString &rationale) const
{
    if (const QString blocked = policyBlockedReason(decision, labels); !blocked.isEmpty())
        return blocked;
    // The team's rules, as the service will enforce them.
    if (m_settings.team().requireLabel && decisionType(decision).takesLabels && labels.isEmpty())
        return tr("Your team asks for a policy label on this decision (L).");
    if (m_settings.team().requireRationale && rationale.trimmed().isEmpty())
        return tr("Your team asks for a rationale on every decision (R).");
    return {};
}

DecisionType PolicyModel::decisionType(const QString &name) const
{
    for (const DecisionType &type : m_decisionTypes) {
        if (type.name == name)
            return type;
    }
    return {};
}

DecisionType PolicyModel::decisionForKey(int key) const
{
    for (const DecisionType &type : m_decisionTypes) {
        if (type.key == key)
            return type;
    }
    return {};
}

PolicyLabel PolicyModel::labelForKey(int digit) const
{
    return digit >= 1 && digit <= m_labels.size() ? m_labels.at(digit - 1) : PolicyLabel{};
}

QString PolicyModel::decisionTitle(const QString &name) const
{
    const DecisionType type = decisionType(name);
    return type.name.isEmpty() ? readable(name) : type.title;
}

QString PolicyModel::labelTitle(const QString &name) const
{
    for (const PolicyLabel &label : m_labels) {
        if (label.name == name)
            return label.title;
    }
    return readable(name);
}

QString PolicyModel::title(const QString &kind, const QString &name) const
{
    if (kind == QLatin1String("decision"))
        return decisionTitle(name);
    if (kind == QLatin1String("label")) {
        QStringList titles;
        for (const QString &part : name.split(QLatin1Char(','), Qt::SkipEmptyParts))
            titles << labelTitle(part.trimmed());
        return titles.join(QStringLiteral(", "));
    }
    if (kind == QLatin1String("outcome")) {
        if (name == QLatin1String("uphold"))
            return tr("Upheld", "an appeal's outcome");
        if (name == QLatin1String("overturn"))
            return tr("Overturned", "an appeal's outcome");
        if (name == QLatin1String("modify"))
            return tr("Modified", "an appeal's outcome");
        return readable(name);
    }
    const QJsonObject byLanguage = m_titles.value(kind).toObject().value(name).toObject();
    QString text = byLanguage.value(Language::current()).toString();
    if (text.trimmed().isEmpty())
        text = byLanguage.value(QStringLiteral("en")).toString();
    if (!text.trimmed().isEmpty())
        return readable(text);
    if (kind == QLatin1String("category"))
        return labelTitle(name); // the policy's categories are its labels' names
    return readable(name);       // a name is service text too
}

QString PolicyTitles::of(const QString &kind, const QString &name) const
{
    return m_policy.title(kind, name);
}

QVariantList PolicyTitles::choices(const QString &kind, const QStringList &names,
                                   const QString &anyText) const
{
    return m_policy.choices(kind, names, anyText);
}

QVariantList PolicyModel::choices(const QString &kind, const QStringList &names, const QString &anyText) const
{
    QStringList all = names;
    if (all.isEmpty() && kind == QLatin1String("decision"))
        for (const DecisionType &type : m_decisionTypes)
            all << type.name;
    if (all.isEmpty() && kind == QLatin1String("label"))
        for (const PolicyLabel &label : m_labels)
            all << label.name;
    // All a filter can offer, by title in the language now in use (the name breaks a tie).
    QList<std::pair<QString, QString>> entries; // title, name
    const bool everyKnown = all.isEmpty() && m_names.contains(kind);
    for (const QString &name : everyKnown ? m_names.value(kind) : std::as_const(all))
        entries.append({title(kind, name), name});
    if (everyKnown)
        std::sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) {
            const int order = a.first.localeAwareCompare(b.first);
            return order != 0 ? order < 0 : a.second < b.second;
        });
    QVariantList list;
    if (!anyText.isEmpty())
        list.append(QVariantMap{{QStringLiteral("value"), QString()}, {QStringLiteral("text"), anyText}});
    for (const auto &[text, name] : std::as_const(entries))
        list.append(QVariantMap{{QStringLiteral("value"), name}, {QStringLiteral("text"), text}});
    return list;
}

QList<MessageTemplate> PolicyModel::appealTemplatesFor(const QString &outcome) const
{
    QList<MessageTemplate> choices{{{}, {}, tr("Message template…"), {}}};
    for (const MessageTemplate &entry : m_appealTemplates) {
        if (outcome.isEmpty() || entry.outcome == outcome)
            choices.append(entry);
    }
    return choices;
}

} // namespace veil::gui
