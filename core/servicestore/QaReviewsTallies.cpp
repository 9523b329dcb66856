// QaReviews' agreement as counts (qa_tallies): each re-review is counted once, when it is recorded (or, for
// those recorded before schema 20 or by an older binary, at the next report or archive), so the report
// reads the counts and the newest disagreements, not every re-review with its verdict.
#include "servicestore/QaReviews.h"

#include "protocol/Verdict.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <map>

namespace veil::service {

namespace {

const QString Yes = QStringLiteral("yes");
const QString No = QStringLiteral("no");

QStringList labelsOf(const QString &json)
{
    QStringList labels;
    for (const QJsonValue &l : QJsonDocument::fromJson(json.toUtf8()).array())
        labels << l.toString();
    labels.sort();
    return labels;
}

// A re-review as read with its verdict: item, reviewer, verdict body, QA decision, QA labels (JSON).
qa::RatedPair pairOf(const store::Statement &row)
{
    const QJsonObject verdict = QJsonDocument::fromJson(row.blob(2)).object();
    QStringList labels = protocol::verdictLabels(verdict);
    labels.sort();
    return {row.text(0), row.text(1), verdict.value(QStringLiteral("decision")).toString(),
            labels,      row.text(3), labelsOf(row.text(4))};
}

Result<void> count(store::Database &db, const char *kind, const QString &key, const QString &first,
                   const QString &second)
{
    return db.run("INSERT INTO qa_tallies(kind, subject, rating, qa_rating, n) VALUES (?, ?, ?, ?, 1) "
                  "ON CONFLICT(kind, subject, rating, qa_rating) DO UPDATE SET n = qa_tallies.n + 1",
                  QString::fromLatin1(kind), key, first, second);
}

} // namespace

Result<int> QaReviews::tally(store::Database &db, const QString &itemId, int limit)
{
    auto tx = store::Transaction::begin(db);
    VEIL_TRY(tx);
    // LEFT JOIN: a re-review whose verdict is gone is marked counted (as nothing), never pending for good.
    auto stmt = db.prepare(
        itemId.isEmpty() ? "SELECT q.item_id, q.reviewer, v.body, q.decision, q.labels, v.verdict_id IS NULL "
                           "FROM qa_reviews q INDEXED BY qa_untallied LEFT JOIN verdicts v ON v.verdict_id = "
                           "q.verdict_id WHERE q.disagrees IS NULL LIMIT ?"
                         : "SELECT q.item_id, q.reviewer, v.body, q.decision, q.labels, v.verdict_id IS NULL "
                           "FROM qa_reviews q INDEXED BY qa_untallied LEFT JOIN verdicts v ON v.verdict_id = "
                           "q.verdict_id WHERE q.disagrees IS NULL AND q.item_id = ? LIMIT ?");
    VEIL_TRY(stmt);
    if (itemId.isEmpty())
        stmt->bind(1, qint64(limit));
    else
        stmt->bind(1, itemId).bind(2, qint64(limit));
    QList<qa::RatedPair> pending;
    QStringList orphans;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        if (stmt->int64(5) != 0)
            orphans << stmt->text(0);
        else
            pending.append(pairOf(*stmt));
    }
    stmt->reset();
    for (const QString &orphan : std::as_const(orphans))
        VEIL_TRY(db.run("UPDATE qa_reviews SET disagrees = 0 WHERE item_id = ?", orphan));
    for (const qa::RatedPair &p : std::as_const(pending)) {
        VEIL_TRY(count(db, "reviewer", p.reviewer, p.decision, p.qaDecision));
        // Each label either rating used; a label neither used is (no, no), read as what is left of the total.
        QStringList used = p.labels + p.qaLabels;
        used.removeDuplicates();
        for (const QString &label : std::as_const(used))
            VEIL_TRY(count(db, "label", label, p.labels.contains(label) ? Yes : No,
                           p.qaLabels.contains(label) ? Yes : No));
        const bool disagrees = p.decision != p.qaDecision || p.labels != p.qaLabels;
        VEIL_TRY(
            db.run("UPDATE qa_reviews SET disagrees = ? WHERE item_id = ?", qint64(disagrees), p.itemId));
    }
    VEIL_TRY(tx->commit());
    return int(orphans.size() + pending.size());
}

Result<qa::AgreementReport> QaReviews::report(int disagreements)
{
    store::Database &db = m_store.database();
    // Re-reviews not counted yet (an upgrade, an older binary) are counted first, under the writers' lock.
    // 500 to a transaction: after an upgrade the first report counts the older ones without holding the
    // writers' lock for all of them at once.
    for (;;) {
        auto pending =
            db.queryRow("SELECT 1 FROM qa_reviews INDEXED BY qa_untallied WHERE disagrees IS NULL LIMIT 1");
        VEIL_TRY(pending);
        if (!pending.value())
            break;
        auto counted = tally(db, {}, 500);
        VEIL_TRY(counted);
        if (counted.value() == 0)
            break;
    }

    std::map<QString, qa::Tally> byReviewer; // sorted by name
    std::map<QString, qa::Tally> byLabel;
    qa::Tally overall;
    qint64 total = 0;
    auto tallies = db.prepare("SELECT kind, subject, rating, qa_rating, n FROM qa_tallies");
    VEIL_TRY(tallies);
    for (;;) {
        auto row = tallies->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        const QPair<QString, QString> cell{tallies->text(2), tallies->text(3)};
        const qint64 n = tallies->int64(4);
        if (tallies->text(0) == QLatin1String("reviewer")) {
            byReviewer[tallies->text(1)][cell] += n;
            overall[cell] += n;
            total += n;
        } else {
            byLabel[tallies->text(1)][cell] += n;
        }
    }
    qa::AgreementReport r;
    r.overall = qa::agreement(overall);
    for (const auto &[reviewer, counts] : byReviewer)
        r.byReviewer.append({reviewer, qa::agreement(counts)});
    for (auto &[label, counts] : byLabel) {
        qint64 used = 0;
        for (const qint64 n : std::as_const(counts))
            used += n;
        if (total > used)
            counts[{No, No}] = total - used;
        r.byLabel.append({label, qa::agreement(counts)});
    }

    auto newest =
        db.prepare("SELECT q.item_id, q.reviewer, v.body, q.decision, q.labels FROM qa_reviews q "
                   "INDEXED BY qa_disagreements CROSS JOIN verdicts v ON v.verdict_id = q.verdict_id "
                   "WHERE q.disagrees = 1 ORDER BY q.at DESC, q.item_id LIMIT ?");
    VEIL_TRY(newest);
    newest->bind(1, qint64(disagreements));
    for (;;) {
        auto row = newest->step();
        VEIL_TRY(row);
        if (!row.value())
            return r;
        r.disagreements.append(pairOf(*newest));
    }
}

} // namespace veil::service
