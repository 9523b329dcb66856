#include "sync/PolicyCache.h"

#include <QJsonDocument>

namespace veil::sync {

Result<QJsonObject> cachedPolicy(store::Database &db)
{
    auto stmt = db.prepare("SELECT policy_json FROM service_link WHERE id = 1");
    VEIL_TRY(stmt);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value() || stmt->isNull(0))
        return makeError(QStringLiteral("policy_unknown"), QStringLiteral("no policy fetched yet"));
    return QJsonDocument::fromJson(stmt->text(0).toUtf8()).object();
}

Result<void> storePolicy(store::Database &db, const QJsonObject &policy)
{
    auto stmt = db.prepare("UPDATE service_link SET policy_json = ? WHERE id = 1");
    VEIL_TRY(stmt);
    stmt->bind(1, QString::fromUtf8(QJsonDocument(policy).toJson(QJsonDocument::Compact)));
    return stmt->run();
}

Result<QJsonObject> cachedTeamSettings(store::Database &db)
{
    auto stmt = db.prepare("SELECT team_json FROM service_link WHERE id = 1");
    VEIL_TRY(stmt);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value() || stmt->isNull(0))
        return QJsonObject();
    return QJsonDocument::fromJson(stmt->text(0).toUtf8()).object();
}

Result<void> storeTeamSettings(store::Database &db, const QJsonObject &settings)
{
    auto stmt = db.prepare("UPDATE service_link SET team_json = ? WHERE id = 1");
    VEIL_TRY(stmt);
    stmt->bind(1, QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact)));
    return stmt->run();
}

} // namespace veil::sync
