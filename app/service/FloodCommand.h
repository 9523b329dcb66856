// veil-service flood: a synthetic flood posted through a running service's intake API, as a moderation
// pipeline would post it — media uploaded by hash, escalations filed in batches — so demos, tests and the
// flood bench exercise the real intake, families and all.
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QUrl>

class QTextStream;

namespace veil::service {

struct FloodPlan
{
    int items = 1000;        // family members, spread over the families
    int families = 10;       // near-duplicate families (one drawing each, varied per member)
    int unique = 0;          // unrelated items besides
    int mirroredPercent = 0; // family members flipped left-right
    quint64 seed = 1;        // the same plan and seed give the same files and external ids
    qint64 createdAtMs = 0;  // when the items were made (0: now); a re-run with the same files nothing new
};

struct FloodReport
{
    int filed = 0;      // new escalations
    int duplicates = 0; // external ids filed before with the same body (a re-run)
    int uploaded = 0;   // media files new to the service
    qint64 ms = 0;
};

// Posts the plan to service with a pipeline token: PUT /v1/media/{sha256} for each file, POST
// /v1/escalations in batches of 500, in an order that mixes families and unrelated items. Errors: the
// first refusal ("flood_refused", naming the status and the service's code) or transport failure.
Result<FloodReport> runFlood(const QUrl &service, const QByteArray &token, const FloodPlan &plan,
                             QTextStream &progress);

} // namespace veil::service
