// Where the service keeps the team's settings (service_meta "team_settings"): the defaults every
// workstation applies, what reviewers may override, and the rules the service enforces on verdicts.
#pragma once

#include "servicestore/ServiceStore.h"
#include "team/TeamSettings.h"

namespace veil::service {

// The stored settings, or the built-in defaults when a supervisor never set any.
Result<team::TeamSettings> loadTeamSettings(ServiceStore &store);
Result<void> saveTeamSettings(ServiceStore &store, const team::TeamSettings &settings);

} // namespace veil::service
