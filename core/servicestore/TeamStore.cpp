#include "servicestore/TeamStore.h"

#include <QJsonDocument>

namespace veil::service {

Result<team::TeamSettings> loadTeamSettings(ServiceStore &store)
{
    auto stmt = store.database().prepare("SELECT value FROM service_meta WHERE name = 'team_settings'");
    VEIL_TRY(stmt);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return team::TeamSettings();
    return team::TeamSettings::fromJson(QJsonDocument::fromJson(stmt->blob(0)).object());
}

Result<void> saveTeamSettings(ServiceStore &store, const team::TeamSettings &settings)
{
    auto stmt = store.database().prepare(
        "INSERT OR REPLACE INTO service_meta(name, value) VALUES ('team_settings', ?)");
    VEIL_TRY(stmt);
    stmt->bindBlob(1, QJsonDocument(settings.toJson()).toJson(QJsonDocument::Compact));
    return stmt->run();
}

} // namespace veil::service
