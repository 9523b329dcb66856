// A team's review settings, set by a supervisor at the service: defaults for blur strength, greyscale,
// the exposure budget and the timed reveal, which of them a reviewer may change for themselves, and two
// rules for every decision (a label required, a rationale required) that no reviewer can switch off.
// One parser for both ends: the service validates what a supervisor sends, the workstation what it gets.
#pragma once

#include "common/Result.h"

#include <QJsonObject>
#include <QStringList>

namespace veil::team {

struct TeamSettings
{
    int blurStrength = 2;          // 1 light .. 3 strong
    bool grayscale = false;        // media open in greyscale
    int breakBudgetSeconds = 1200; // exposure before a break is suggested
    int revealSeconds = 10;        // how long a timed reveal lasts
    bool requireLabel = false;     // every decision but "no violation" names a policy label
    bool requireRationale = false; // every decision has a rationale
    QStringList overridable{QStringLiteral("blur_strength"), QStringLiteral("grayscale"),
                            QStringLiteral("break_budget_seconds"), QStringLiteral("reveal_seconds")};

    // Error "bad_settings" naming the field; missing fields keep their defaults.
    static Result<TeamSettings> fromJson(const QJsonObject &json);
    QJsonObject toJson() const;
    bool allowsOverride(const QString &key) const { return overridable.contains(key); }
    // Why the team's rules refuse a decision, or "" (the policy's own rules are checked elsewhere).
    QString refusal(const QString &decision, const QStringList &labels, const QString &rationale) const;
};

} // namespace veil::team
