// SLA pauses at the service: the workstation that holds an item's lease reports that its clock stopped
// (waiting on a specialist, say) or started again, where the policy allows it and for one of its reasons.
// The item's due time moves by the time it stood still, so the SLA summary, breach lists and every later
// claim see the same clock as the reviewer's workstation. Both are idempotent: a retried report changes
// nothing.
#pragma once

#include "servicestore/ServiceStore.h"

#include <QJsonObject>

namespace veil::service {

struct SlaPauseReport
{
    QString itemId;
    QString deviceId; // must hold the item's lease
    bool pause = true;
    QString reason;  // pause only: one of the policy's sla_pause_reasons
    qint64 atMs = 0; // when it happened on the workstation, in service time; clamped to [last claim, now]
};

// Errors: "item_unknown", "not_leased" (another device holds it, or it was decided), "pause_not_allowed",
// "invalid_reason", and storage errors. Returns the item's due time afterwards.
Result<qint64> reportSlaPause(ServiceStore &store, const QJsonObject &policy, const SlaPauseReport &report,
                              qint64 nowMs);

} // namespace veil::service
