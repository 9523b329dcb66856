#include "servicestore/SlaPauses.h"

#include "sla/SlaClock.h"

#include <QJsonDocument>

#include <algorithm>

namespace veil::service {

Result<qint64> reportSlaPause(ServiceStore &store, const QJsonObject &policy, const SlaPauseReport &report,
                              qint64 nowMs)
{
    store::Database &db = store.database();
    auto stmt = db.prepare("SELECT queue, payload, state, lease_device, sla_paused_at, due_at, "
                           "COALESCE(last_claimed_at, 0), COALESCE(sla_paused_device, ''), "
                           "COALESCE(lease_expires_at, 0) FROM items WHERE item_id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, report.itemId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("item_unknown"), QStringLiteral("no item %1").arg(report.itemId));
    const QString queue = stmt->text(0);
    const QString category =
        QJsonDocument::fromJson(stmt->text(1).toUtf8()).object().value(QStringLiteral("category")).toString();
    const bool open = stmt->text(2) == QLatin1String("queued");
    const QString holder = stmt->text(3);
    // A pause holds only while the device that made it holds the lease: one left behind by a skip or an
    // expired lease is stale, and neither stops the clock nor blocks the next holder's own.
    const bool stale = !stmt->isNull(4) && stmt->text(7) != holder;
    const bool paused = !stmt->isNull(4) && !stale;
    const qint64 pausedAt = stmt->int64(4);
    const qint64 due = stmt->int64(5);
    const qint64 lastClaim = stmt->int64(6);
    const qint64 leaseExpires = stmt->int64(8);
    stmt->reset();
    if (!open || holder != report.deviceId || leaseExpires < nowMs)
        return makeError(
            QStringLiteral("not_leased"),
            QStringLiteral("only the device holding the lease of an open item may pause its clock"));
    // A workstation's clock is trusted only within what the service knows: not before its claim, not later
    // than now.
    const qint64 at = std::clamp(report.atMs > 0 ? report.atMs : nowMs, std::min(lastClaim, nowMs), nowMs);
    if (report.pause) {
        auto clock = sla::SlaClock::fromPolicy(policy);
        VEIL_TRY(clock);
        if (!clock->pauseAllowed(queue, category))
            return makeError(
                QStringLiteral("pause_not_allowed"),
                QStringLiteral("the policy does not let %1 clocks of %2 pause").arg(queue, category));
        if (!clock->pauseReasons().contains(report.reason))
            return makeError(
                QStringLiteral("invalid_reason"),
                QStringLiteral("%1 is not a pause reason of the policy").arg(report.reason.left(64)));
        if (paused)
            return due; // reported before: the first report stands
        auto update =
            db.prepare("UPDATE items SET sla_paused_at = ?, sla_paused_device = ? WHERE item_id = ?");
        VEIL_TRY(update);
        update->bind(1, at).bind(2, report.deviceId).bind(3, report.itemId);
        VEIL_TRY(update->run());
        return due;
    }
    if (!paused) {
        if (stale) { // another device's pause, never resumed: gone, and its time not credited
            auto clear = db.prepare(
                "UPDATE items SET sla_paused_at = NULL, sla_paused_device = NULL WHERE item_id = ?");
            VEIL_TRY(clear);
            clear->bind(1, report.itemId);
            VEIL_TRY(clear->run());
        }
        return due; // resumed before
    }
    const qint64 stood = std::max<qint64>(0, at - pausedAt);
    auto update = db.prepare("UPDATE items SET sla_paused_at = NULL, sla_paused_device = NULL, "
                             "sla_paused_ms = sla_paused_ms + ?, due_at = due_at + ? WHERE item_id = ?");
    VEIL_TRY(update);
    update->bind(1, stood).bind(2, stood).bind(3, report.itemId);
    VEIL_TRY(update->run());
    return due + stood;
}

} // namespace veil::service
