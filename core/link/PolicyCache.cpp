#include "link/PolicyCache.h"

#include "link/LinkStore.h"

#include <QJsonDocument>

namespace veil::link {

Result<QJsonObject> cachedPolicy(store::Database &db)
{
    auto json = LinkStore(db).policyJson();
    VEIL_TRY(json);
    if (json->isNull())
        return makeError(QStringLiteral("policy_unknown"), QStringLiteral("no policy fetched yet"));
    return QJsonDocument::fromJson(json->toUtf8()).object();
}

Result<void> storePolicy(store::Database &db, const QJsonObject &policy)
{
    return LinkStore(db).setPolicyJson(
        QString::fromUtf8(QJsonDocument(policy).toJson(QJsonDocument::Compact)));
}

Result<QJsonObject> cachedTeamSettings(store::Database &db)
{
    auto json = LinkStore(db).teamJson();
    VEIL_TRY(json);
    return QJsonDocument::fromJson(json->toUtf8()).object();
}

Result<void> storeTeamSettings(store::Database &db, const QJsonObject &settings)
{
    return LinkStore(db).setTeamJson(
        QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact)));
}

} // namespace veil::link
