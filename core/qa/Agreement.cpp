#include "qa/Agreement.h"

#include <QHash>
#include <QSet>

#include <map>

namespace veil::qa {

Agreement agreement(const QList<QPair<QString, QString>> &pairs)
{
    Agreement a;
    a.n = int(pairs.size());
    if (a.n == 0)
        return a;
    QHash<QString, int> first, second;
    int agreed = 0;
    for (const auto &[x, y] : pairs) {
        agreed += x == y;
        first[x]++;
        second[y]++;
    }
    const double n = a.n;
    const double po = agreed / n;
    double pe = 0.0;
    for (auto it = first.cbegin(); it != first.cend(); ++it)
        pe += (it.value() / n) * (second.value(it.key()) / n);
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
