#include "servicestore/SlaPauses.h"

#include "sla/SlaClock.h"

#include <algorithm>

namespace veil::service {

Result<qint64> reportSlaPause(ServiceStore &store, const QJsonObject &policy, const SlaPauseReport &report,
                              qint64 nowMs)
{
    auto state = store.pauseState(report.itemId);
    VEIL_TRY(state);
    const QString &queue = state->queue;
    const QString &category = state->category;
    const bool open = state->open;
    const QString &holder = state->leaseDevice;
    // A pause holds only while the device that made it holds the lease: one left behind by a skip or an
    // expired lease is stale, and neither stops the clock nor blocks the next holder's own.
    const bool stale = state->pauseSet && state->pausedBy != holder;
    const bool paused = state->pauseSet && !stale;
    const qint64 pausedAt = state->pausedAtMs;
    const qint64 due = state->dueAtMs;
    const qint64 lastClaim = state->lastClaimedAtMs;
    const qint64 leaseExpires = state->leaseExpiresAtMs;
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
        VEIL_TRY(store.setPause(report.itemId, at, report.deviceId));
        return due;
    }
    if (!paused) {
        if (stale) { // another device's pause, never resumed: gone, and its time not credited
            VEIL_TRY(store.clearPause(report.itemId, 0));
        }
        return due; // resumed before
    }
    const qint64 stood = std::max<qint64>(0, at - pausedAt);
    VEIL_TRY(store.clearPause(report.itemId, stood));
    return due + stood;
}

} // namespace veil::service
