// Inter-rater agreement for QA re-review: a reviewer's decision against a supervisor's blind re-review of
// the same item. Percent agreement and Cohen's kappa (chance-corrected: κ = (pₒ − pₑ) / (1 − pₑ)), over
// all pairs, per reviewer and per label (each label as present / absent). Pure arithmetic, no I/O.
#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace veil::qa {

// One item rated twice: by the reviewer who decided it and by the QA re-review.
struct RatedPair
{
    QString itemId;
    QString reviewer;
    QString decision;
    QStringList labels;
    QString qaDecision;
    QStringList qaLabels;
};

struct Agreement
{
    int n = 0;
    double percent = 0.0; // 0..100
    double kappa = 0.0;
    // κ is undefined when chance agreement is already certain (both always chose the same single
    // category): then only the percentage means anything.
    bool kappaDefined = false;
};

// Over (first, second) category pairs.
Agreement agreement(const QList<QPair<QString, QString>> &pairs);
// The same from how often each (first, second) pair occurred: the service keeps these counts, not pairs.
using Tally = QMap<QPair<QString, QString>, qint64>;
Agreement agreement(const Tally &counts);

struct GroupAgreement
{
    QString key; // the reviewer, or the label
    Agreement agreement;
};

struct AgreementReport
{
    Agreement overall; // on the decision
    QList<GroupAgreement> byReviewer;
    QList<GroupAgreement> byLabel;  // each label present or absent, over all pairs
    QList<RatedPair> disagreements; // decision or labels differ
};

AgreementReport report(const QList<RatedPair> &pairs);

} // namespace veil::qa
