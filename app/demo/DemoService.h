// `veil-demo`: a throwaway data directory, the reference service in this process on a loopback port,
// seeded with synthetic escalations and appeals, and one workspace per role, each enrolled as its own
// demo reviewer (demo-moderator, demo-appeals, demo-supervisor), so the role switch shows each view; a
// decided history with QA re-reviews feeds the supervisor desk.
#pragma once

#include "DemoSeats.h"
#include "HttpFrontend.h"
#include "ServiceApi.h"
#include "servicestore/ServiceStore.h"
#include "sync/SyncEngine.h"

#include <QTemporaryDir>

#include <map>
#include <memory>

namespace veil::gui {

class DemoService final : public DemoSeats
{
public:
    // Errors: the service's or the workspace's, as values. A DemoStarter for Session.
    static Result<std::unique_ptr<DemoSeats>> start(int escalations = 60);

    Result<void> useRole(const QString &role) override;
    QString role() const override { return m_role; }
    Workspace &workspace() override { return *m_seats.at(m_role).workspace; }
    sync::SyncEngine &engine() override { return *m_seats.at(m_role).engine; }
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
