#include "queue/Retention.h"

#include "queue/QueueStore.h"

#include <QJsonArray>

namespace veil::queue {

namespace {

constexpr qint64 DayMs = 24LL * 3600 * 1000;

} // namespace

Result<RetentionRules> RetentionRules::fromPolicy(const QJsonObject &policy)
{
    RetentionRules rules;
    const QJsonValue section = policy.value(QStringLiteral("retention"));
    if (section.isUndefined())
        return rules;
    // Strict: a mistyped legal hold must not read as "none" and let held evidence be shredded.
    if (!section.isObject())
        return makeError(QStringLiteral("bad_policy"), QStringLiteral("retention must be an object"));
    const QJsonObject r = section.toObject();
    const auto days = [&](const char *key, int &out) -> Result<void> {
        const QJsonValue v = r.value(QLatin1String(key));
        if (v.isUndefined())
            return success();
        if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() > 36500 || v.toDouble() != double(v.toInt()))
            return makeError(
                QStringLiteral("bad_policy"),
                QStringLiteral("retention.%1 must be a whole number of days").arg(QLatin1String(key)));
        out = v.toInt();
        return success();
    };
    VEIL_TRY(days("default_days", rules.defaultDays));
    VEIL_TRY(days("reported_days", rules.reportedDays));
    const QJsonValue held = r.value(QStringLiteral("legal_hold_categories"));
    if (!held.isUndefined() && !held.isArray())
        return makeError(QStringLiteral("bad_policy"),
                         QStringLiteral("retention.legal_hold_categories must be a list of categories"));
    for (const QJsonValue &category : held.toArray()) {
        if (!category.isString() || category.toString().isEmpty())
            return makeError(QStringLiteral("bad_policy"),
                             QStringLiteral("retention.legal_hold_categories must be a list of categories"));
        rules.legalHoldCategories << category.toString();
    }
    return rules;
}

Result<int> Retention::sweep(const RetentionRules &rules, qint64 nowMs)
{
    auto held = QueueStore(m_workspace.database()).retainedItems();
    VEIL_TRY(held);
    struct Due
    {
        QString itemId;
        int days;
    };
    QList<Due> due;
    for (const RetainedItem &item : std::as_const(held.value())) {
        if (rules.legalHoldCategories.contains(item.category))
            continue;
        const int days =
            item.lastDecision == QLatin1String("remove_and_report") ? rules.reportedDays : rules.defaultDays;
        if (item.sinceMs + qint64(days) * DayMs <= nowMs)
            due.append({item.itemId, days});
    }
    for (const Due &d : std::as_const(due)) {
        VEIL_TRY(m_workspace.vault()->shredItem(d.itemId));
        VEIL_TRY(m_workspace.auditLog().append(QStringLiteral("evidence.retention"), d.itemId,
                                               {{QStringLiteral("days"), d.days}}));
    }
    return int(due.size());
}

} // namespace veil::queue
