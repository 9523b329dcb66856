// The reviewer's settings: the team's defaults from the service (team::TeamSettings), and the reviewer's
// own choices (QSettings) where the team leaves them open. A setting the team fixed cannot be changed here.
// And the supervisor desk's refresh.
#include "Workstation.h"

#include "SyncWorker.h"
#include "link/PolicyCache.h"

#include <QSettings>

#include <algorithm>

namespace veil::gui {

namespace {

const QString breakKey = QStringLiteral("wellness/breakBudgetSeconds");
const QString revealKey = QStringLiteral("review/revealSeconds");
const QString blurKey = QStringLiteral("review/blurStrength");
const QString undoKey = QStringLiteral("review/undoSeconds");

} // namespace

void Workstation::applyTeamSettings()
{
    auto json = link::cachedTeamSettings(m_workspace.database());
    auto team =
        json.ok() ? team::TeamSettings::fromJson(json.value()) : Result<team::TeamSettings>(json.error());
    m_team = team.ok() ? team.value() : team::TeamSettings();
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
    // The reviewer's own undo grace period (a personal working habit, not a team rule): 0 to 60 s.
    m_undoSeconds = std::clamp(settings.value(undoKey, 10).toInt(), 0, 60);
    m_queue.setUndoGraceMs(qint64(m_undoSeconds) * 1000);
    m_teamLocked.clear();
    for (const QString &key : {QStringLiteral("blur_strength"), QStringLiteral("grayscale"),
                               QStringLiteral("break_budget_seconds"), QStringLiteral("reveal_seconds")})
        if (!m_team.allowsOverride(key))
            m_teamLocked << key;
    emit settingsChanged();
}

void Workstation::setBreakBudgetSeconds(int seconds)
{
    seconds = std::clamp(seconds, 60, 8 * 3600);
    if (seconds == m_breakBudgetSeconds || !m_team.allowsOverride(QStringLiteral("break_budget_seconds")))
        return;
    m_breakBudgetSeconds = seconds;
    QSettings().setValue(breakKey, seconds);
    emit settingsChanged();
}

void Workstation::setRevealSeconds(int seconds)
{
    seconds = std::clamp(seconds, 1, 120);
    if (seconds == m_revealSeconds || !m_team.allowsOverride(QStringLiteral("reveal_seconds")))
        return;
    m_revealSeconds = seconds;
    QSettings().setValue(revealKey, seconds);
    emit settingsChanged();
}

void Workstation::setBlurStrength(int strength)
{
    strength = std::clamp(strength, 1, 3);
    if (strength == m_blurStrength || !m_team.allowsOverride(QStringLiteral("blur_strength")))
        return;
    m_blurStrength = strength;
    QSettings().setValue(blurKey, strength);
    emit settingsChanged();
}

void Workstation::setUndoSeconds(int seconds)
{
    seconds = std::clamp(seconds, 0, 60);
    if (seconds == m_undoSeconds)
        return;
    m_undoSeconds = seconds;
    m_queue.setUndoGraceMs(qint64(seconds) * 1000);
    QSettings().setValue(undoKey, seconds);
    emit settingsChanged();
}

} // namespace veil::gui
