// What one sync round (or its push half) did, counted for the status line and the tests.
#pragma once

#include <QString>

namespace veil::sync {

struct SyncReport
{
    int pushed = 0;
    int accepted = 0;
    int duplicate = 0;
    int rejected = 0;
    int conflicted = 0;
    int retrying = 0;
    int unsolicited = 0; // results for verdicts not in the batch sent: ignored
    int leased = 0;
    int ingested = 0;
    int quarantined = 0;
    int released = 0;       // skipped items given back to the service
    int returned = 0;       // leased items given back because their bytes did not arrive whole (or in time)
    int leaseConflicts = 0; // leases refused (run out, older than the one held, other media): recorded
    int breached = 0;       // SLA breaches newly recorded
    int feed = 0;           // supervisors: the team's decisions newly pulled from the verdict feed
    int shredded = 0;       // items whose evidence retention ran out this round
    QString auditError;     // the service refused this round's audit checkpoint: why ("" when accepted)
    QString clockWarning;   // the service's time was not taken (unsigned, malformed, out of bounds): why
};

} // namespace veil::sync
