#include "DemoService.h"

#include "Seeder.h"
#include "crypto/Random.h"

#include <QDateTime>

namespace veil::gui {

Result<std::unique_ptr<DemoSeats>> DemoService::start(int escalations)
{
    std::unique_ptr<DemoService> demo(new DemoService);
    if (!demo->m_dir.isValid())
        return makeError(QStringLiteral("io_error"), QStringLiteral("cannot create a temporary directory"));
    auto store = service::ServiceStore::open(demo->m_dir.filePath(QStringLiteral("service")));
    VEIL_TRY(store);
    demo->m_store = std::move(store).value();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // And a decided history (40 more escalations, with QA re-reviews, a few sampled ones left for the
    // supervisor to re-review) for the supervisor's desk.
    constexpr int history = 40;
    VEIL_TRY(service::seedEscalations(*demo->m_store, escalations + history, 2026, now));
    QStringList decided;
    for (int i = escalations + 1; i <= escalations + history; ++i)
        decided << QStringLiteral("esc-%1").arg(i, 6, 10, QLatin1Char('0'));
    VEIL_TRY(service::seedDecisionHistory(*demo->m_store, decided, 2026, 3));
    VEIL_TRY(service::seedAppeals(*demo->m_store, std::max(1, escalations / 10), 2026, now));
    // And a flood through the intake: two drawings of six variants, each a family at the service.
    VEIL_TRY(service::seedFlood(*demo->m_store, 2, 6, 7001, now)); // drawings of their own
    demo->m_api = std::make_unique<service::ServiceApi>(*demo->m_store);
    demo->m_http = std::make_unique<service::HttpFrontend>(*demo->m_api);
    auto port = demo->m_http->listen(QHostAddress::LocalHost, 0);
    VEIL_TRY(port);
    demo->m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port.value()));
    VEIL_TRY(demo->useRole(QStringLiteral("moderator")));
    return std::unique_ptr<DemoSeats>(std::move(demo));
}

Result<void> DemoService::useRole(const QString &role)
{
    const QString wanted = roles().contains(role) ? role : QStringLiteral("moderator");
    if (m_seats.count(wanted) == 0) {
        auto token = m_store->createToken(QStringLiteral("demo-") + wanted, wanted);
        VEIL_TRY(token);
        Seat seat;
        auto workspace = Workspace::open(m_dir.filePath(QStringLiteral("workstation-") + wanted), true);
        VEIL_TRY(workspace);
        seat.workspace = std::move(workspace).value();
        // A throwaway vault under a random passphrase nobody needs to know.
        VEIL_TRY(seat.workspace->initialize(crypto::randomId().toLatin1()));
        seat.engine = std::make_unique<sync::SyncEngine>(*seat.workspace);
        VEIL_TRY(seat.engine->enroll(m_url, token->toLatin1()));
        m_seats.emplace(wanted, std::move(seat));
    }
    m_role = wanted;
    return success();
}

} // namespace veil::gui
