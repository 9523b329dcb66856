// OutboxPusher's SLA reports: pauses and resumptions of item clocks made on this workstation
// (queue::SlaLedger queues them in sla_reports), reported to the service in the order they happened, so its
// due times, breach lists and SLA summary follow the reviewer's clock.
#include "sync/OutboxPusher.h"

#include "queue/SlaLedger.h"

#include "common/Log.h"
#include "queue/SlaLedger.h"

#include <QUrl>

namespace veil::sync {

Result<int> OutboxPusher::pushSlaReports()
{
    VEIL_TRY(m_session.connect());
    queue::SlaLedger ledger(m_session.workspace().database(), m_session.workspace().auditLog());
    auto reports = ledger.pendingReports();
    VEIL_TRY(reports);
    int taken = 0;
    for (const queue::SlaLedger::Report &r : std::as_const(reports.value())) {
        auto reply = m_session.client().post(
            QStringLiteral("/v1/items/%1/sla").arg(QString::fromLatin1(QUrl::toPercentEncoding(r.itemId))),
            {{QStringLiteral("device_id"), m_session.link().deviceId},
             {QStringLiteral("action"), r.action},
             {QStringLiteral("reason"), r.reason},
             {QStringLiteral("at_ms"), double(r.atMs)}});
        if (!reply.ok() && ServiceClient::isRetryable(reply.error()))
            return reply.error(); // the rest wait, in order, for the next sync
        if (reply.ok())
            taken++;
        else
            qCWarning(lcSync) << "SLA" << r.action << "of" << r.itemId << "refused:" << reply.error().code;
        VEIL_TRY(ledger.reported(r.id));
    }
    return taken;
}

} // namespace veil::sync
