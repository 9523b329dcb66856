// SyncEngine's SLA half: pauses and resumptions of item clocks made on this workstation (sla::SlaLedger
// queues them in sla_reports), reported to the service in the order they happened, so its due times,
// breach lists and SLA summary follow the reviewer's clock.
#include "sync/SyncEngine.h"

#include "common/Log.h"

#include <QUrl>

namespace veil::sync {

Result<int> SyncEngine::pushSlaReports()
{
    VEIL_TRY(connect());
    store::Database &db = m_workspace.database();
    struct Report
    {
        qint64 id;
        QString itemId, action, reason;
        qint64 atMs;
    };
    QList<Report> reports;
    {
        auto stmt = db.prepare("SELECT id, item_id, action, reason, at_ms FROM sla_reports ORDER BY id");
        VEIL_TRY(stmt);
        for (auto row = stmt->step(); row.ok() && row.value(); row = stmt->step())
            reports.append({stmt->int64(0), stmt->text(1), stmt->text(2), stmt->text(3), stmt->int64(4)});
    }
    int taken = 0;
    for (const Report &r : std::as_const(reports)) {
        auto reply = m_client->post(
            QStringLiteral("/v1/items/%1/sla").arg(QString::fromLatin1(QUrl::toPercentEncoding(r.itemId))),
            {{QStringLiteral("device_id"), m_link.deviceId},
             {QStringLiteral("action"), r.action},
             {QStringLiteral("reason"), r.reason},
             {QStringLiteral("at_ms"), double(r.atMs)}});
        if (!reply.ok() && ServiceClient::isRetryable(reply.error()))
            return reply.error(); // the rest wait, in order, for the next sync
        if (reply.ok())
            taken++;
        else
            qCWarning(lcSync) << "SLA" << r.action << "of" << r.itemId << "refused:" << reply.error().code;
        auto done = db.prepare("DELETE FROM sla_reports WHERE id = ?");
        VEIL_TRY(done);
        done->bind(1, r.id);
        VEIL_TRY(done->run());
    }
    return taken;
}

} // namespace veil::sync
