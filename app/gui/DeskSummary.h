// The supervisor desk's numbers as the desk's QML reads them: desk::DeskReport (checked in core) in
// camelCase maps and lists; a figure the service left undefined (a kappa, a median) is null.
#pragma once

#include "desk/DeskReport.h"

#include <QVariantMap>

namespace veil::gui {

// {agreement: {overall: {n, percent, kappa}, reviewers: [{reviewer, n, percent, kappa}],
//              disagreements: [{itemId, reviewer, decision, qaDecision}]},
//  sla: {queues: [{queue, open, dueSoon, breached, paused, decided, medianTimeToDecisionMs,
//                  timeToDecision: [count per bucket]}],
//        breachedItems: [{itemId, queue, priority, latenessMs, heldBy}]},
//  alerts: [{deviceId, reviewer, code, message, atMs}]}
QVariantMap deskSummary(const desk::DeskReport &report);

} // namespace veil::gui
