#include "servicestore/ReviewerPace.h"

#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <map>

namespace veil::service {

Pace paceOf(QList<qint64> decidedAtMs)
{
    Pace pace;
    pace.decisions = int(decidedAtMs.size());
    std::sort(decidedAtMs.begin(), decidedAtMs.end());
    QList<std::pair<qint64, int>> acts; // each act's first time and its verdicts
    for (qsizetype i = 0; i < decidedAtMs.size(); ++i) {
        if (i == 0 || decidedAtMs.at(i) - decidedAtMs.at(i - 1) >= PaceActMs)
            acts.append({decidedAtMs.at(i), 0});
        acts.last().second++;
    }
    QList<qint64> gaps;
    qint64 active = 0;
    int timed = 0; // verdicts of the acts whose time is counted (an act after a break has none)
    for (qsizetype i = 1; i < acts.size(); ++i) {
        const qint64 gap = acts.at(i).first - acts.at(i - 1).first;
        if (gap > PaceBreakMs)
            continue;
        gaps << gap;
        active += gap;
        timed += acts.at(i).second;
    }
    if (gaps.isEmpty())
        return pace;
    std::sort(gaps.begin(), gaps.end());
    const qsizetype mid = gaps.size() / 2;
    pace.medianHandlingMs = gaps.size() % 2 ? gaps.at(mid) : (gaps.at(mid - 1) + gaps.at(mid)) / 2;
    // A rate needs a minute of work to mean anything (verdicts signed by a script milliseconds apart would
    // read as millions an hour).
    if (active >= PaceMinActiveMs)
        pace.perHour = std::min(PaceMaxPerHour, timed / (double(active) / 3'600'000.0));
    return pace;
}

Result<QJsonArray> reviewerPace(ServiceStore &store, qint64 nowMs)
{
    // Accepted in the window, from the index alone (verdicts_accepted covers both columns).
    auto stmt = store.database().prepare("SELECT reviewer, accepted_at FROM verdicts WHERE accepted_at >= ?");
    VEIL_TRY(stmt);
    stmt->bind(1, nowMs - PaceWindowMs);
    std::map<QString, QList<qint64>> times;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        times[stmt->text(0)] << stmt->int64(1);
    }
    QList<std::pair<QString, Pace>> paces;
    for (auto &[reviewer, at] : times)
        paces.append({reviewer, paceOf(at)});
    std::stable_sort(paces.begin(), paces.end(),
                     [](const auto &a, const auto &b) { return a.second.decisions > b.second.decisions; });
    QJsonArray list;
    for (const auto &[reviewer, pace] : paces)
        list.append(
            QJsonObject{{QStringLiteral("reviewer"), reviewer},
                        {QStringLiteral("decisions"), pace.decisions},
                        {QStringLiteral("median_handling_ms"),
                         pace.medianHandlingMs ? QJsonValue(double(*pace.medianHandlingMs)) : QJsonValue()},
                        {QStringLiteral("per_hour"),
                         pace.perHour ? QJsonValue(std::round(*pace.perHour * 10) / 10) : QJsonValue()}});
    return list;
}

} // namespace veil::service
