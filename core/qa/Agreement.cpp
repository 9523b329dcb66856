#include "qa/Agreement.h"

#include <QHash>
#include <QSet>

#include <map>

namespace veil::qa {

Agreement agreement(const QList<QPair<QString, QString>> &pairs)
{
    Tally counts;
    for (const auto &pair : pairs)
        counts[pair]++;
    return agreement(counts);
}

Agreement agreement(const Tally &counts)
{
    Agreement a;
    qint64 total = 0, agreed = 0;
    QHash<QString, qint64> first, second;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        total += it.value();
        agreed += it.key().first == it.key().second ? it.value() : 0;
        first[it.key().first] += it.value();
        second[it.key().second] += it.value();
    }
    a.n = int(total);
    if (total == 0)
        return a;
    const double n = double(total);
    const double po = double(agreed) / n;
    double pe = 0.0;
    for (auto it = first.cbegin(); it != first.cend(); ++it)
        pe += (double(it.value()) / n) * (double(second.value(it.key())) / n);
    a.percent = 100.0 * po;
    a.kappaDefined = pe < 1.0;
    a.kappa = a.kappaDefined ? (po - pe) / (1.0 - pe) : 0.0;
    return a;
}

AgreementReport report(const QList<RatedPair> &pairs)
{
    AgreementReport r;
    QList<QPair<QString, QString>> decisions;
    std::map<QString, QList<QPair<QString, QString>>> byReviewer; // sorted by name
    QSet<QString> labels;
    for (const RatedPair &p : pairs) {
        decisions.append({p.decision, p.qaDecision});
        byReviewer[p.reviewer].append({p.decision, p.qaDecision});
        for (const QString &l : p.labels + p.qaLabels)
            labels.insert(l);
        QStringList mine = p.labels, theirs = p.qaLabels;
        mine.sort();
        theirs.sort();
        if (p.decision != p.qaDecision || mine != theirs)
            r.disagreements.append(p);
    }
    r.overall = agreement(decisions);
    for (const auto &[reviewer, list] : byReviewer)
        r.byReviewer.append({reviewer, agreement(list)});
    QStringList sorted(labels.cbegin(), labels.cend());
    sorted.sort();
    for (const QString &label : std::as_const(sorted)) {
        QList<QPair<QString, QString>> presence;
        for (const RatedPair &p : pairs) {
            presence.append({p.labels.contains(label) ? QStringLiteral("yes") : QStringLiteral("no"),
                             p.qaLabels.contains(label) ? QStringLiteral("yes") : QStringLiteral("no")});
        }
        r.byLabel.append({label, agreement(presence)});
    }
    return r;
}

} // namespace veil::qa
