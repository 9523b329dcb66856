// Agreement arithmetic against hand-computed examples: percent agreement and Cohen's kappa, the
// undefined case, per reviewer, per label, and the list of disagreements.
#include "qa/Agreement.h"

#include <QtTest>

using namespace veil::qa;

namespace {

QList<QPair<QString, QString>> repeat(const QString &a, const QString &b, int times)
{
    return QList<QPair<QString, QString>>(times, {a, b});
}

} // namespace

class TestQa : public QObject
{
    Q_OBJECT

private slots:
    void twoCategories()
    {
        // 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15. p_o = 35/50 = 0.7; the first rater says yes
        // to 25 (0.5), the second to 30 (0.6): p_e = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.2 / 0.5 = 0.4.
        const auto pairs = repeat("yes", "yes", 20) + repeat("yes", "no", 5) + repeat("no", "yes", 10) +
                           repeat("no", "no", 15);
        const Agreement a = agreement(pairs);
        QCOMPARE(a.n, 50);
        QCOMPARE(a.percent, 70.0);
        QVERIFY(a.kappaDefined);
        QVERIFY(qAbs(a.kappa - 0.4) < 1e-12);
    }

    void threeCategories()
    {
        // 10 items: a/a 4, b/b 3, c/c 1, a/b 1, b/c 1. p_o = 0.8. First: a 5, b 4, c 1; second: a 4, b 4,
        // c 2. p_e = 0.5*0.4 + 0.4*0.4 + 0.1*0.2 = 0.38; kappa = 0.42 / 0.62 = 0.677419...
        const auto pairs = repeat("a", "a", 4) + repeat("b", "b", 3) + repeat("c", "c", 1) +
                           repeat("a", "b", 1) + repeat("b", "c", 1);
        const Agreement a = agreement(pairs);
        QCOMPARE(a.percent, 80.0);
        QVERIFY(qAbs(a.kappa - 0.42 / 0.62) < 1e-12);
    }

    void perfectDisagreementAndTheUndefinedCase()
    {
        // Always the other answer, with both answers equally common: p_o = 0, p_e = 0.5, kappa = -1.
        QVERIFY(qAbs(agreement(repeat("a", "b", 5) + repeat("b", "a", 5)).kappa + 1.0) < 1e-12);
        // Both always chose the same single category: agreement is total, kappa has no meaning.
        const Agreement same = agreement(repeat("remove", "remove", 7));
        QCOMPARE(same.percent, 100.0);
        QVERIFY(!same.kappaDefined);
        QCOMPARE(agreement(QList<QPair<QString, QString>>{}).n, 0);
        QCOMPARE(agreement(Tally{}).n, 0);
    }

    void perReviewerPerLabelAndDisagreements()
    {
        const QList<RatedPair> pairs{
            {"i1", "mia", "remove", {"hate_symbol"}, "remove", {"hate_symbol"}},
            {"i2", "mia", "no_violation", {}, "no_violation", {}},
            {"i3", "mia", "remove", {"hate_symbol"}, "no_violation", {}},
            {"i4", "noa", "remove", {"violence_gore"}, "remove", {"violence_gore", "hate_symbol"}},
            {"i5", "noa", "no_violation", {}, "no_violation", {}},
        };
        const AgreementReport r = report(pairs);
        // Decisions: 4 of 5 agree; first says remove 3/5, QA 2/5: p_e = 0.6*0.4 + 0.4*0.6 = 0.48,
        // kappa = (0.8 - 0.48) / 0.52 = 0.615384...
        QCOMPARE(r.overall.n, 5);
        QCOMPARE(r.overall.percent, 80.0);
        QVERIFY(qAbs(r.overall.kappa - 0.32 / 0.52) < 1e-12);
        QCOMPARE(r.byReviewer.size(), 2);
        QCOMPARE(r.byReviewer[0].key, QStringLiteral("mia"));
        QVERIFY(qAbs(r.byReviewer[0].agreement.percent - 200.0 / 3.0) < 1e-9);
        QCOMPARE(r.byReviewer[1].key, QStringLiteral("noa"));
        QCOMPARE(r.byReviewer[1].agreement.percent, 100.0);
        // hate_symbol: present/present i1, present/absent i3, absent/present i4, absent/absent i2, i5:
        // p_o = 0.6; first 2/5 present, QA 2/5: p_e = 0.16 + 0.36 = 0.52; kappa = 0.08 / 0.48 = 0.1666...
        QCOMPARE(r.byLabel.size(), 2);
        QCOMPARE(r.byLabel[0].key, QStringLiteral("hate_symbol"));
        QCOMPARE(r.byLabel[0].agreement.percent, 60.0);
        QVERIFY(qAbs(r.byLabel[0].agreement.kappa - 0.08 / 0.48) < 1e-12);
        QCOMPARE(r.byLabel[1].key, QStringLiteral("violence_gore"));
        QCOMPARE(r.byLabel[1].agreement.percent, 100.0);
        // Disagreements: i3 (decision) and i4 (labels).
        QCOMPARE(r.disagreements.size(), 2);
        QCOMPARE(r.disagreements[0].itemId, QStringLiteral("i3"));
        QCOMPARE(r.disagreements[1].itemId, QStringLiteral("i4"));
    }
};

QTEST_GUILESS_MAIN(TestQa)
#include "tst_qa.moc"
