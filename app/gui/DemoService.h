// `veil --demo`: a throwaway data directory, the reference service in this process on a loopback port,
// seeded with synthetic escalations and appeals, and one workspace per role, each enrolled as its own
// demo reviewer (demo-moderator, demo-appeals, demo-supervisor), so the role switch shows each view; a
// decided history with QA re-reviews feeds the supervisor desk.
#pragma once

#include "HttpFrontend.h"
#include "ServiceApi.h"
#include "ServiceStore.h"
#include "sync/SyncEngine.h"

#include <QTemporaryDir>

#include <map>
#include <memory>

namespace veil::gui {

class DemoService
{
public:
    // Errors: the service's or the workspace's, as values.
    static Result<std::unique_ptr<DemoService>> start(int escalations = 60);

    static QStringList roles()
    {
        return {QStringLiteral("moderator"), QStringLiteral("appeals"), QStringLiteral("supervisor")};
    }
    // The role's workspace and engine (enrolled on first use). Unknown roles: the moderator's.
    Result<void> useRole(const QString &role);
    QString role() const { return m_role; }
    Workspace &workspace() { return *m_seats.at(m_role).workspace; }
    sync::SyncEngine &engine() { return *m_seats.at(m_role).engine; }
    QUrl url() const { return m_url; }

private:
    DemoService() = default;

    QTemporaryDir m_dir;
    std::unique_ptr<service::ServiceStore> m_store;
    std::unique_ptr<service::ServiceApi> m_api;
    std::unique_ptr<service::HttpFrontend> m_http;
    struct Seat
    {
        std::unique_ptr<Workspace> workspace;
        std::unique_ptr<sync::SyncEngine> engine;
    };
    std::map<QString, Seat> m_seats;
    QString m_role;
    QUrl m_url;
};

} // namespace veil::gui
