// What Session needs of a demo: one enrolled workspace and sync engine per demo role. The demo itself
// (DemoService: the reference service in-process, seeded) lives in app/demo and is linked only into
// veil-demo and the tests, so the production `veil` carries no reference service.
#pragma once

#include "common/Result.h"
#include "sync/SyncEngine.h"
#include "workspace/Workspace.h"

#include <QStringList>

#include <functional>
#include <memory>

namespace veil::gui {

class DemoSeats
{
public:
    virtual ~DemoSeats() = default;

    static QStringList roles()
    {
        return {QStringLiteral("moderator"), QStringLiteral("appeals"), QStringLiteral("supervisor")};
    }
    // The role's workspace and engine (enrolled on first use). Unknown roles: the moderator's.
    virtual Result<void> useRole(const QString &role) = 0;
    virtual QString role() const = 0;
    virtual Workspace &workspace() = 0;
    virtual sync::SyncEngine &engine() = 0;
};

// Starts a demo with that many open escalations; empty where no demo is built in.
using DemoStarter = std::function<Result<std::unique_ptr<DemoSeats>>(int escalations)>;

} // namespace veil::gui
