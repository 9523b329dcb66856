// `veil --demo`: a throwaway data directory, the reference service in this process on a loopback port,
// seeded with synthetic escalations and appeals, and a workspace enrolled as a demo moderator.
#pragma once

#include "HttpFrontend.h"
#include "ServiceApi.h"
#include "ServiceStore.h"
#include "sync/SyncEngine.h"

#include <QTemporaryDir>

#include <memory>

namespace veil::gui {

class DemoService
{
public:
    // Errors: the service's or the workspace's, as values.
    static Result<std::unique_ptr<DemoService>> start(int escalations = 60);

    Workspace &workspace() { return *m_workspace; }
    sync::SyncEngine &engine() { return *m_engine; }
    QUrl url() const { return m_url; }

private:
    DemoService() = default;

    QTemporaryDir m_dir;
    std::unique_ptr<service::ServiceStore> m_store;
    std::unique_ptr<service::ServiceApi> m_api;
    std::unique_ptr<service::HttpFrontend> m_http;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<sync::SyncEngine> m_engine;
    QUrl m_url;
};

} // namespace veil::gui
