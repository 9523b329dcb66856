#include "store/Migrations.h"

#include "common/Log.h"

namespace veil::store {

Result<int> schemaVersion(Database &db)
{
    auto stmt = db.prepare("PRAGMA user_version");
    VEIL_TRY(stmt);
    auto row = stmt->step();
    VEIL_TRY(row);
    return int(stmt->int64(0));
}

Result<int> migrate(Database &db, std::span<const Migration> migrations)
{
    auto current = schemaVersion(db);
    VEIL_TRY(current);
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    if (current.value() > latest)
        return makeError(
            QStringLiteral("db_too_new"),
            QStringLiteral("database %1 has schema version %2, newer than this Veil understands (%3); "
                           "use a newer Veil or restore a backup")
                .arg(db.path())
                .arg(current.value())
                .arg(latest));
    int steps = 0;
    for (const Migration &migration : migrations) {
        if (migration.version <= current.value())
            continue;
        auto tx = Transaction::begin(db);
        VEIL_TRY(tx);
        VEIL_TRY(db.exec(migration.sql));
        const QByteArray setVersion = "PRAGMA user_version = " + QByteArray::number(migration.version);
        VEIL_TRY(db.exec(setVersion.constData()));
        VEIL_TRY(tx->commit());
        qCDebug(lcStore) << "migrated" << db.path() << "to schema version" << migration.version;
        ++steps;
    }
    // One line for a first run or an upgrade, not one per step.
    if (steps > 0)
        qCInfo(lcStore).noquote() << "schema of" << db.path() << "brought from version" << current.value()
                                  << "to" << latest;
    return latest;
}

} // namespace veil::store
