#include "servicestore/QaReviews.h"

#include "crypto/Random.h"
#include "crypto/Sha256.h"
#include "protocol/Verdict.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace veil::service {

namespace {} // namespace

Result<QByteArray> QaReviews::salt()
{
    if (!m_salt.isEmpty())
        return m_salt;
    // Read and made in one write transaction: instances on one database draw one salt.
    auto tx = store::Transaction::begin(m_store.database());
    VEIL_TRY(tx);
    auto stored = m_store.meta(QStringLiteral("qa_salt"));
    VEIL_TRY(stored);
    if (stored.value()) {
        m_salt = *stored.value();
        return m_salt;
    }
    const QByteArray fresh = crypto::randomBytes(32);
    if (fresh.size() != 32)
        return makeError(QStringLiteral("crypto_error"), QStringLiteral("no randomness for the QA salt"));
    VEIL_TRY(m_store.addMeta(QStringLiteral("qa_salt"), fresh));
    VEIL_TRY(tx->commit());
    m_salt = fresh;
    return m_salt;
}

Result<bool> QaReviews::sampled(const QString &verdictId)
{
    auto key = salt();
    VEIL_TRY(key);
    const QByteArray digest = crypto::sha256(key.value() + verdictId.toUtf8());
    const quint32 draw = (quint32(quint8(digest[0])) << 24) | (quint32(quint8(digest[1])) << 16) |
                         (quint32(quint8(digest[2])) << 8) | quint32(quint8(digest[3]));
    return double(draw) < m_rate * 4294967296.0;
}

Result<QList<QaReviews::Candidate>> QaReviews::candidates(qint64 afterSeq, int limit)
{
    auto stmt = m_store.database().prepare(
        "SELECT v.seq, v.verdict_id, v.item_id, v.reviewer, "
        "EXISTS (SELECT 1 FROM qa_reviews q WHERE q.item_id = v.item_id) "
        // CROSS JOIN: SQLite walks verdicts in seq order (it chose items by queue, then sorted them all).
        "FROM verdicts v CROSS JOIN items i ON i.item_id = v.item_id "
        "WHERE v.seq > ? AND i.queue = 'escalations' AND v.superseded_by IS NULL ORDER BY v.seq LIMIT ?");
    VEIL_TRY(stmt);
    stmt->bind(1, afterSeq);
    stmt->bind(2, qint64(limit));
    QList<Candidate> page;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return page;
        page.append({stmt->int64(0), stmt->text(1), stmt->text(2), stmt->text(3), stmt->int64(4) != 0});
    }
}

Result<qint64> QaReviews::frontier()
{
    auto stored = m_store.meta(QStringLiteral("qa_frontier"));
    VEIL_TRY(stored);
    if (!stored.value())
        return 0;
    const QList<QByteArray> parts = stored.value()->split(':');
    bool seqOk = false, rateOk = false;
    const qint64 seq = parts.value(0).toLongLong(&seqOk);
    const double rate = parts.value(1).toDouble(&rateOk);
    return parts.size() == 2 && seqOk && rateOk && rate >= m_rate ? seq : 0;
}

Result<void> QaReviews::advanceFrontier()
{
    auto from = frontier();
    VEIL_TRY(from);
    qint64 at = from.value();
    // Four pages of 500: the first review after an upgrade (no frontier yet) does not hash the whole
    // history under the lock; the next reviews go on from where it stopped.
    bool blocked = false;
    for (int pages = 0; pages < 4 && !blocked; ++pages) {
        auto page = candidates(at, 500);
        VEIL_TRY(page);
        if (page->isEmpty())
            break;
        for (const Candidate &c : std::as_const(page.value())) {
            if (!c.reviewed) {
                auto inSample = sampled(c.verdictId);
                VEIL_TRY(inSample);
                if (inSample.value()) {
                    blocked = true;
                    break;
                }
            }
            at = c.seq;
        }
    }
    if (at > from.value())
        VEIL_TRY(m_store.setMeta(QStringLiteral("qa_frontier"),
                                 QByteArray::number(at) + ':' + QByteArray::number(m_rate, 'g', 17)));
    return success();
}

Result<std::optional<QaItem>> QaReviews::next(const QString &supervisor)
{
    // The salt first: made on first use, its write would reset the read below mid-step.
    VEIL_TRY(salt());
    auto from = frontier();
    VEIL_TRY(from);
    for (qint64 after = from.value();;) {
        auto page = candidates(after, 500);
        VEIL_TRY(page);
        if (page->isEmpty())
            return std::optional<QaItem>();
        for (const Candidate &c : std::as_const(page.value())) {
            after = c.seq;
            if (c.reviewed || c.reviewer == supervisor)
                continue;
            auto inSample = sampled(c.verdictId);
            VEIL_TRY(inSample);
            if (!inSample.value())
                continue;
            auto item = m_store.database().prepare("SELECT payload, signature FROM items WHERE item_id = ?");
            VEIL_TRY(item);
            item->bind(1, c.itemId);
            auto found = item->step();
            VEIL_TRY(found);
            if (found.value())
                return std::optional<QaItem>(QaItem{c.itemId, item->blob(0), item->blob(1)});
        }
    }
}

Result<bool> QaReviews::insert(const QString &itemId, const QString &verdictId, const QString &reviewer,
                               const QString &supervisor, const QString &decision, const QStringList &labels,
                               qint64 nowMs)
{
    QStringList sorted = labels;
    sorted.sort();
    const QString labelsJson =
        QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(sorted)).toJson(QJsonDocument::Compact));
    VEIL_TRY(m_store.database().run(
        "INSERT OR IGNORE INTO qa_reviews(item_id, verdict_id, reviewer, supervisor, decision, labels, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        itemId, verdictId, reviewer, supervisor, decision, labelsJson, nowMs));
    if (m_store.database().changes() == 0)
        return false;
    VEIL_TRY(tally(m_store.database(), itemId));
    return true;
}

Result<void> QaReviews::recordSeeded(const QString &itemId, const QString &verdictId, const QString &reviewer,
                                     const QString &decision, const QStringList &labels, qint64 nowMs)
{
    auto tx = store::Transaction::begin(m_store.database());
    VEIL_TRY(tx);
    auto inserted =
        insert(itemId, verdictId, reviewer, QStringLiteral("seed-supervisor"), decision, labels, nowMs);
    VEIL_TRY(inserted);
    return tx->commit();
}

Result<void> QaReviews::record(const QString &supervisor, const QString &itemId, const QString &decision,
                               const QStringList &labels, qint64 nowMs)
{
    // The salt first (made on first use, in a transaction of its own); then the verdict read, the checks,
    // the review and the frontier it moves, all under the writers' lock: an archive cannot take the item
    // between the read and the review.
    VEIL_TRY(salt());
    auto tx = store::Transaction::begin(m_store.database());
    VEIL_TRY(tx);
    auto stmt = m_store.database().prepare(
        "SELECT v.verdict_id, v.reviewer FROM verdicts v JOIN items i ON i.item_id = v.item_id "
        "WHERE v.item_id = ? AND i.queue = 'escalations' AND v.superseded_by IS NULL ORDER BY v.seq LIMIT 1");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("item_unknown"),
                         QStringLiteral("no decided escalation %1").arg(itemId));
    const QString verdictId = stmt->text(0);
    const QString reviewer = stmt->text(1);
    stmt->reset();
    auto inSample = sampled(verdictId);
    VEIL_TRY(inSample);
    if (!inSample.value())
        return makeError(QStringLiteral("not_in_sample"),
                         QStringLiteral("%1 is not in the QA sample").arg(itemId));
    if (reviewer == supervisor)
        return makeError(
            QStringLiteral("own_decision"),
            QStringLiteral("%1 is your own decision; another supervisor re-reviews it").arg(itemId));
    auto inserted = insert(itemId, verdictId, reviewer, supervisor, decision, labels, nowMs);
    VEIL_TRY(inserted);
    if (!inserted.value())
        return makeError(QStringLiteral("already_reviewed"),
                         QStringLiteral("%1 was re-reviewed already").arg(itemId));
    VEIL_TRY(advanceFrontier());
    return tx->commit();
}

Result<void> QaReviews::forget(store::Database &db, const QString &itemId)
{
    VEIL_TRY(tally(db, itemId));
    return db.run("DELETE FROM qa_reviews WHERE item_id = ?", itemId);
}

} // namespace veil::service
