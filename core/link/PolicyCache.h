// The service's policy document as last fetched, kept with the service link (LinkStore) so
// decisions, SLA clocks and exports work offline.
#pragma once

#include "store/Database.h"

#include <QJsonObject>

namespace veil::link {

// Error "policy_unknown" before the first fetch.
Result<QJsonObject> cachedPolicy(store::Database &db);
Result<void> storePolicy(store::Database &db, const QJsonObject &policy);
// The team's settings (team::TeamSettings JSON) as last fetched; an empty object before the first fetch.
Result<QJsonObject> cachedTeamSettings(store::Database &db);
Result<void> storeTeamSettings(store::Database &db, const QJsonObject &settings);

} // namespace veil::link
