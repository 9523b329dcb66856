// Filing a user's appeal against an accepted verdict (DSA Art. 20): the appeal item contests exactly that
// verdict (id, canonical bytes and signature), carries the original evidence and the user's statement, and
// its clock starts when the user was notified of the decision. Appeals are accepted for the policy's
// window (at least six months: 184 days by default) after the decision; an appeal decision is final here.
#pragma once

#include "servicestore/ServiceStore.h"

namespace veil::service {

struct AppealFiling
{
    QString appealOf;        // the contested verdict's id
    QString statement;       // the user's words, 1..5000 characters
    qint64 notifiedAtMs = 0; // when the user was told of the decision; 0: at the decision
    QString itemId;          // optional; default "apl-<verdict id>"
};

inline constexpr int DefaultAppealWindowDays = 184;

// Returns the appeal item's id. Errors: "verdict_unknown", "verdict_superseded" (corrected since: the
// verdict in force is the one to appeal), "not_appealable" (an appeal decision), "appeal_window_closed",
// "appeal_exists", "invalid_appeal".
Result<QString> fileAppeal(ServiceStore &store, const QJsonObject &policy, const AppealFiling &filing,
                           qint64 nowMs);

} // namespace veil::service
