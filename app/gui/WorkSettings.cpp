#include "WorkSettings.h"

#include <QSettings>

#include <algorithm>

namespace veil::gui {

namespace {

const QString breakKey = QStringLiteral("wellness/breakBudgetSeconds");
const QString revealKey = QStringLiteral("review/revealSeconds");
const QString blurKey = QStringLiteral("review/blurStrength");
const QString undoKey = QStringLiteral("review/undoSeconds");
const QString claimKey = QStringLiteral("sync/claimSize");
const QString refillKey = QStringLiteral("sync/refillBelow");

} // namespace

void WorkSettings::apply(const team::TeamSettings &team)
{
    m_team = team;
    const QSettings settings;
    // The reviewer's own value where the team allows one and it was set; the team's default otherwise.
    const auto pick = [&](const char *teamKey, const QString &userKey, int teamValue) {
        return m_team.allowsOverride(QLatin1String(teamKey)) && settings.contains(userKey)
                   ? settings.value(userKey).toInt()
                   : teamValue;
    };
    m_breakBudgetSeconds =
        std::clamp(pick("break_budget_seconds", breakKey, m_team.breakBudgetSeconds), 60, 8 * 3600);
    m_revealSeconds = std::clamp(pick("reveal_seconds", revealKey, m_team.revealSeconds), 1, 120);
    m_blurStrength = std::clamp(pick("blur_strength", blurKey, m_team.blurStrength), 1, 3);
    // The reviewer's own undo grace period (a personal working habit, not a team rule).
    m_undoSeconds = std::clamp(settings.value(undoKey, 10).toInt(), 0, 60);
    m_claimSize = std::clamp(settings.value(claimKey, 50).toInt(), 10, 100);
    m_refillBelow = std::clamp(settings.value(refillKey, 10).toInt(), 0, 100);
    m_teamLocked.clear();
    for (const QString &key : {QStringLiteral("blur_strength"), QStringLiteral("grayscale"),
                               QStringLiteral("break_budget_seconds"), QStringLiteral("reveal_seconds")})
        if (!m_team.allowsOverride(key))
            m_teamLocked << key;
    emit changed();
}

bool WorkSettings::choose(int &field, int value, const char *teamKey, const QString &settingsKey)
{
    if (value == field || (teamKey && !m_team.allowsOverride(QLatin1String(teamKey))))
        return false;
    field = value;
    QSettings().setValue(settingsKey, value);
    emit changed();
    return true;
}

void WorkSettings::setUndoSeconds(int seconds)
{
    choose(m_undoSeconds, std::clamp(seconds, 0, 60), nullptr, undoKey);
}

void WorkSettings::setClaimSize(int items)
{
    choose(m_claimSize, std::clamp(items, 10, 100), nullptr, claimKey);
}

void WorkSettings::setRefillBelow(int items)
{
    choose(m_refillBelow, std::clamp(items, 0, 100), nullptr, refillKey);
}

void WorkSettings::setBreakBudgetSeconds(int seconds)
{
    choose(m_breakBudgetSeconds, std::clamp(seconds, 60, 8 * 3600), "break_budget_seconds", breakKey);
}

void WorkSettings::setRevealSeconds(int seconds)
{
    choose(m_revealSeconds, std::clamp(seconds, 1, 120), "reveal_seconds", revealKey);
}

void WorkSettings::setBlurStrength(int strength)
{
    choose(m_blurStrength, std::clamp(strength, 1, 3), "blur_strength", blurKey);
}

} // namespace veil::gui
