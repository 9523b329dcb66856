// The SLA dashboard's numbers, per queue, on the service's clock: open items, how many are due soon (the
// policy's warning share used) and breached right now, and how long decisions took — from the item's
// start (created, or the user notified of an appeal) and from its first claim — as a distribution; and the
// breached items themselves, most overdue first, with the reviewer holding each (if anyone does).
#pragma once

#include "servicestore/ServiceStore.h"

namespace veil::service {

// Buckets of the time-to-decision distribution, upper bounds in ms (the last bucket is "longer").
inline constexpr qint64 SlaBucketsMs[] = {3600LL * 1000, 4 * 3600LL * 1000, 24 * 3600LL * 1000,
                                          7 * 24 * 3600LL * 1000};

// How many breached items the summary lists by name (the counts cover all).
inline constexpr int MaxBreachedListed = 100;

Result<QJsonObject> slaSummary(ServiceStore &store, const QJsonObject &policy, qint64 nowMs);

} // namespace veil::service
