// The Workstation's settings: the team's (fetched with the policy) handed to WorkSettings, which adds the
// reviewer's own choices; the undo grace period follows it into the queue.
#include "Workstation.h"

#include "link/PolicyCache.h"

namespace veil::gui {

void Workstation::applyTeamSettings()
{
    auto json = link::cachedTeamSettings(m_workspace.database());
    auto team =
        json.ok() ? team::TeamSettings::fromJson(json.value()) : Result<team::TeamSettings>(json.error());
    m_settings.apply(team.ok() ? team.value() : team::TeamSettings());
}

} // namespace veil::gui
