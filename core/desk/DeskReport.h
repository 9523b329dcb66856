// The supervisor desk's numbers, typed: what the service's three supervision endpoints answer
// (GET /v1/qa/agreement, /v1/sla/summary, /v1/audit/alerts), checked field by field. The service and every
// byte it sends are untrusted, so nothing of its JSON reaches the desk's view unchecked or in its own
// (snake_case) shape.
#pragma once

#include "common/Result.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace veil::desk {

// Agreement of a reviewer (or a label, or everyone) with blind QA re-review.
struct Agreement
{
    QString key; // the reviewer or label; empty for the overall figure
    int n = 0;   // re-reviewed decisions
    double percent = 0;
    std::optional<double> kappa; // none when undefined (every rating the same)
};

struct Disagreement
{
    QString itemId;
    QString reviewer;
    QString decision;
    QString qaDecision;
};

struct DurationBucket
{
    std::optional<qint64> upToMs; // none: the open-ended last bucket
    int count = 0;
};

struct QueueSla
{
    QString queue;
    int open = 0;
    int dueSoon = 0;
    int breached = 0;
    int paused = 0;
    int decided = 0; // decisions the time-to-decision figures count
    std::optional<qint64> medianTimeToDecisionMs;
    QList<DurationBucket> timeToDecision;
};

struct BreachedItem
{
    QString itemId;
    QString queue;
    int priority = 0;
    qint64 latenessMs = 0;
    QString heldBy; // empty: not claimed
};

// A reviewer's pace over the service's last 24 hours (servicestore/ReviewerPace.h).
struct ReviewerPace
{
    QString reviewer;
    int decisions = 0;
    std::optional<qint64> medianHandlingMs;
    std::optional<double> perHour;
};

struct AuditAlert
{
    QString deviceId;
    QString reviewer;
    QString code;
    QString message;
    qint64 atMs = 0;
};

struct DeskReport
{
    Agreement overall;
    QList<Agreement> byReviewer;
    QList<Disagreement> disagreements;
    QList<QueueSla> queues;
    QList<BreachedItem> breachedItems;
    QList<ReviewerPace> pace; // empty from a service older than the figure
    QList<AuditAlert> alerts;
};

// Longest list taken from any one answer; a longer one is refused, not cut.
inline constexpr int MaxDeskRows = 10000;

// Error "desk_invalid" naming the first field that is missing, of the wrong type, negative where a count
// is meant, out of range (a percent outside 0–100, kappa outside −1…1) or a list over MaxDeskRows.
Result<DeskReport> parseDeskReport(const QJsonObject &agreement, const QJsonObject &sla,
                                   const QJsonObject &alerts);

} // namespace veil::desk
