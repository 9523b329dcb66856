// Decision times kept as counts in fine buckets, so the SLA summary costs the same after a million
// decisions as after ten: each accepted verdict adds one to its queue's bucket (ServiceStore, in the
// verdict's transaction), and the summary reads a few hundred counts instead of every decided item.
// The fine bounds include the summary's coarse bounds exactly (their counts stay exact); the median and
// p90 are interpolated inside their fine bucket: within about 4 % of the exact value, within a second below
// a second (a negative time reads as 0-1 s), and a year for anything longer.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QtGlobal>

namespace veil::service::sla_histogram {

enum Measure : int {
    FromStart = 0,      // decided_at - start (created, or the user notified), less the time the clock stood
    FromFirstClaim = 1, // decided_at - first claim
};

// An item's SLA start: when it was created, or for an appeal when the user was notified (ms; 0 if absent).
qint64 startOf(const QString &queue, const QJsonObject &payload);

// Upper bounds (ms, inclusive) of the fine buckets, ascending; one more bucket holds what is longer.
const QList<qint64> &bounds();
// Names these bounds (a hash of them): counts made with other bounds are counted again, never misread.
QByteArray fingerprint();
// The fine bucket a duration falls in: 0 .. bounds().size() (the last: longer than every bound).
int bucketOf(qint64 durationMs);

// The summary's distribution ({"n", "buckets", "median_ms", "p90_ms"}) from fine counts, indexed by bucket.
QJsonObject distribution(const QList<qint64> &counts);

} // namespace veil::service::sla_histogram
