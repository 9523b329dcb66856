// How fast each reviewer decides, for the supervisor desk (part of GET /v1/sla/summary): over the last 24
// hours, the verdicts each had accepted, the median handling time — the time between one decision and the
// reviewer's next, a gap over 15 minutes being a break, not handling — and the decisions per active hour
// (the verdicts of the acts that close a counted gap over those gaps summed: the first act after a break has
// no time behind it). Times are the service's acceptance times, read from an index
// alone (a day of 200 workstations is ~200,000 verdicts: their bodies are not read). Verdicts accepted within
// a second of each other are one act — a cluster decided at once, an outbox sent after a reconnect — so a
// flood decided by family does not read as zero-second handling.
#pragma once

#include "servicestore/ServiceStore.h"

#include <QJsonArray>

#include <optional>

namespace veil::service {

inline constexpr qint64 PaceWindowMs = 24 * 3600LL * 1000;
inline constexpr qint64 PaceBreakMs = 15 * 60LL * 1000;
inline constexpr qint64 PaceMinActiveMs = 60 * 1000;
inline constexpr qint64 PaceActMs = 1000;
inline constexpr double PaceMaxPerHour = 100'000; // a flood of clusters: said as this much, never more

// One entry per reviewer who signed a verdict the service accepted in the window, most verdicts first:
// {reviewer, decisions, median_handling_ms (null: fewer than two acts within a break of each other),
// per_hour (null: likewise, or under a minute of handling in all)}.
Result<QJsonArray> reviewerPace(ServiceStore &store, qint64 nowMs);

// The figures from one reviewer's acceptance times (ms, any order; within a second of the last: one act).
struct Pace
{
    int decisions = 0;
    std::optional<qint64> medianHandlingMs;
    std::optional<double> perHour;
};
Pace paceOf(QList<qint64> decidedAtMs);

} // namespace veil::service
