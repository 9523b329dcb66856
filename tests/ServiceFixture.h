// The reference service in-process on loopback (seeded, with a clock the test moves) and reviewers'
// workspaces enrolled with it: for tests that link veilservice and need real sync without a process.
#pragma once

#include "HttpFrontend.h"
#include "Seeder.h"
#include "ServiceApi.h"
#include "ServiceDatabase.h"
#include "servicestore/ServiceStore.h"
#include "sync/SyncEngine.h"
#include "workspace/Workspace.h"

#include <QDateTime>

#include <memory>

namespace veil::test {

// The reference service in-process, on loopback, with a clock the test moves.
struct Service
{
    std::unique_ptr<service::ServiceStore> store;
    std::unique_ptr<service::ServiceApi> api;
    std::unique_ptr<service::HttpFrontend> http;
    qint64 now = QDateTime::currentMSecsSinceEpoch();
    QUrl url;

    Service(const QString &dir, int items, quint64 seed = 11)
    {
        store = std::move(service::ServiceStore::open(dir, serviceDatabase(dir)).value());
        (void)service::seedEscalations(*store, items, seed, now);
        api = std::make_unique<service::ServiceApi>(*store);
        api->setClock([this] { return now; });
        listen();
    }
    // Listens again (on a new port) after the frontend was dropped: the service "restarted".
    void listen()
    {
        http = std::make_unique<service::HttpFrontend>(*api);
        url =
            QUrl(QStringLiteral("http://127.0.0.1:%1").arg(http->listen(QHostAddress::LocalHost, 0).value()));
    }
    QByteArray token(const QString &reviewer, const QString &role = QStringLiteral("moderator"))
    {
        return store->createToken(reviewer, role).value().toLatin1();
    }
};

// A reviewer's workspace enrolled with the service.
struct Seat
{
    std::unique_ptr<Workspace> ws;
    std::unique_ptr<sync::SyncEngine> engine;

    Seat(const QString &dir, Service &service, const QString &reviewer,
         const QString &role = QStringLiteral("moderator"))
    {
        ws = std::move(Workspace::open(dir, true).value());
        if (!ws->initialize("sla").ok())
            qFatal("cannot make a workspace");
        engine = std::make_unique<sync::SyncEngine>(*ws);
        if (!engine->enroll(service.url, service.token(reviewer, role)).ok())
            qFatal("cannot enroll");
    }
    qint64 scalar(const char *sql, const QString &itemId = {})
    {
        auto stmt = ws->database().prepare(sql);
        if (!itemId.isEmpty())
            stmt->bind(1, itemId);
        return stmt->step().value() ? stmt->int64(0) : -1;
    }
};

} // namespace veil::test
