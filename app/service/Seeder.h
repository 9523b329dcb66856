// Fills the reference service with synthetic escalations: varied sources, categories, priorities,
// classifier scores and due times, with procedurally drawn images (never real content) and deliberate
// near-duplicate groups (one drawing as PNG, re-encoded JPEG and resized JPEG).
#pragma once

#include "Policy.h"
#include "servicestore/ServiceStore.h"

namespace veil::service {

// Returns how many escalations were added. Deterministic for a given seed (apart from times).
// Due times follow the policy's SLA targets (the reference policy unless given).
Result<int> seedEscalations(ServiceStore &store, int count, quint64 seed, qint64 nowMs,
                            const QJsonObject &policy = defaultPolicy());

// Adds `count` appeals: for each, a synthetic escalation decided ("remove") by the reviewer
// `seed-moderator` with a key of its own, and an appeal item in the appeals queue contesting that
// verdict, with a user's statement. The seed moderator can never decide these appeals (four-eyes).
Result<int> seedAppeals(ServiceStore &store, int count, quint64 seed, qint64 nowMs,
                        const QJsonObject &policy = defaultPolicy());

// Decides the given queued escalations as three synthetic reviewers (seed-ana, seed-ben, seed-caro) and
// records a supervisor's (seed-supervisor) blind re-review of each, agreeing less often with each in turn:
// a history for the supervisor desk's agreement and SLA views. Up to `leaveForQa` of the decisions in the
// QA sample (QaReviews::sampled, at qaRate) are left without a re-review, waiting for a supervisor's.
// Returns how many were decided.
Result<int> seedDecisionHistory(ServiceStore &store, const QStringList &itemIds, quint64 seed,
                                int leaveForQa = 0, double qaRate = 0.1);

// A small flood through the intake's own code (uploadMedia, fileEscalation: the service groups it into
// near-duplicate families as it would a pipeline's): `families` drawings of `members` variants each
// (media::drawFloodMember), interleaved, urgent and overdue, filed by the pipeline "demo-pipeline".
// Returns how many were filed. (Filing times follow nowMs: a second run at another time is refused as a
// conflict, not filed twice.)
Result<int> seedFlood(ServiceStore &store, int families, int members, quint64 seed, qint64 nowMs,
                      const QJsonObject &policy = defaultPolicy());

inline constexpr const char *SeedModerator = "seed-moderator";

} // namespace veil::service
