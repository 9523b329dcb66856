#include "servicestore/TeamStore.h"

#include <QJsonDocument>

namespace veil::service {

Result<team::TeamSettings> loadTeamSettings(ServiceStore &store)
{
    auto stored = store.meta(QStringLiteral("team_settings"));
    VEIL_TRY(stored);
    if (!stored.value())
        return team::TeamSettings();
    return team::TeamSettings::fromJson(QJsonDocument::fromJson(*stored.value()).object());
}

Result<void> saveTeamSettings(ServiceStore &store, const team::TeamSettings &settings)
{
    return store.setMeta(QStringLiteral("team_settings"),
                         QJsonDocument(settings.toJson()).toJson(QJsonDocument::Compact));
}

} // namespace veil::service
