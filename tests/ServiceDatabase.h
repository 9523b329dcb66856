// The service's database for a test, by the suite's backend (issue 18): the service's tests run twice, on
// SQLite (the default: an empty string, service.db in the data directory) and, with
// VEIL_TEST_BACKEND=postgresql, on PostgreSQL: each call makes a fresh database on a throwaway cluster
// started once per test process (PgCluster) and stopped when the process ends.
#pragma once

#include "PgCluster.h"
#include "pg/PgConnection.h"

#include <QHash>
#include <QtGlobal>

namespace veil::test {

inline bool onPostgres()
{
    return qgetenv("VEIL_TEST_BACKEND") == "postgresql";
}

// Empty on SQLite; else the URI of the database that stands for `dataDir` (new and empty the first time a
// directory is named; the same database for the same directory, so a store opened in the test and a
// veil-service process started on the same directory share it, as they share service.db on SQLite).
inline QString serviceDatabase(const QString &dataDir)
{
    if (!onPostgres())
        return {};
    static PgCluster cluster;
    static bool started = false;
    static int made = 0;
    static QHash<QString, QString> byDir;
    if (const auto known = byDir.constFind(dataDir); known != byDir.constEnd())
        return known.value();
    if (!started) {
        QString error;
        if (!cluster.start(&error))
            qFatal("cannot start PostgreSQL for the tests: %s", qPrintable(error));
        started = true;
    }
    const QString name = QStringLiteral("veil_test_%1").arg(++made);
    auto admin = pg::Connection::open(cluster.uri());
    if (!admin.ok() || !admin.value()->exec(("CREATE DATABASE " + name.toLatin1()).constData()).ok())
        qFatal("cannot create a test database");
    return byDir[dataDir] = cluster.uri(name);
}

} // namespace veil::test
