#include "team/TeamSettings.h"

#include <QJsonArray>

namespace veil::team {

namespace {

const QStringList personal{QStringLiteral("blur_strength"), QStringLiteral("grayscale"),
                           QStringLiteral("break_budget_seconds"), QStringLiteral("reveal_seconds")};

Error bad(const QString &why)
{
    return makeError(QStringLiteral("bad_settings"), QStringLiteral("team settings: %1").arg(why));
}

} // namespace

Result<TeamSettings> TeamSettings::fromJson(const QJsonObject &json)
{
    TeamSettings s;
    const QJsonObject d = json.value(QStringLiteral("defaults")).toObject();
    static const QStringList known =
        personal + QStringList{QStringLiteral("require_label"), QStringLiteral("require_rationale")};
    for (const QString &key : d.keys())
        if (!known.contains(key))
            return bad(QStringLiteral("%1 is not a setting").arg(key.left(40)));
    const auto number = [&](const char *key, int low, int high, int &into) -> Result<void> {
        const QJsonValue v = d.value(QLatin1String(key));
        if (v.isUndefined())
            return success();
        if (!v.isDouble() || v.toDouble() != double(v.toInt()) || v.toInt() < low || v.toInt() > high)
            return bad(QStringLiteral("%1 must be a whole number from %2 to %3")
                           .arg(QLatin1String(key))
                           .arg(low)
                           .arg(high));
        into = v.toInt();
        return success();
    };
    const auto flag = [&](const char *key, bool &into) -> Result<void> {
        const QJsonValue v = d.value(QLatin1String(key));
        if (v.isUndefined())
            return success();
        if (!v.isBool())
            return bad(QStringLiteral("%1 must be true or false").arg(QLatin1String(key)));
        into = v.toBool();
        return success();
    };
    VEIL_TRY(number("blur_strength", 1, 3, s.blurStrength));
    VEIL_TRY(number("break_budget_seconds", 60, 8 * 3600, s.breakBudgetSeconds));
    VEIL_TRY(number("reveal_seconds", 1, 120, s.revealSeconds));
    VEIL_TRY(flag("grayscale", s.grayscale));
    VEIL_TRY(flag("require_label", s.requireLabel));
    VEIL_TRY(flag("require_rationale", s.requireRationale));
    if (json.contains(QStringLiteral("overridable"))) {
        if (!json.value(QStringLiteral("overridable")).isArray())
            return bad(QStringLiteral("overridable must be a list"));
        s.overridable.clear();
        for (const QJsonValue &v : json.value(QStringLiteral("overridable")).toArray()) {
            // The rules bind everyone: only the personal comfort settings can be left to the reviewer.
            if (!personal.contains(v.toString()))
                return bad(QStringLiteral("%1 cannot be left to reviewers").arg(v.toString().left(40)));
            s.overridable << v.toString();
        }
    }
    return s;
}

QJsonObject TeamSettings::toJson() const
{
    return {
        {QStringLiteral("defaults"), QJsonObject{{QStringLiteral("blur_strength"), blurStrength},
                                                 {QStringLiteral("grayscale"), grayscale},
                                                 {QStringLiteral("break_budget_seconds"), breakBudgetSeconds},
                                                 {QStringLiteral("reveal_seconds"), revealSeconds},
                                                 {QStringLiteral("require_label"), requireLabel},
                                                 {QStringLiteral("require_rationale"), requireRationale}}},
        {QStringLiteral("overridable"), QJsonArray::fromStringList(overridable)}};
}

QString TeamSettings::refusal(const QString &decision, const QStringList &labels,
                              const QString &rationale) const
{
    if (requireLabel && decision != QLatin1String("no_violation") && labels.isEmpty())
        return QStringLiteral("your team requires a policy label on this decision");
    if (requireRationale && rationale.trimmed().isEmpty())
        return QStringLiteral("your team requires a rationale on every decision");
    return {};
}

} // namespace veil::team
