// QA re-review at the service: a random sample of each reviewer's accepted escalation decisions (the
// policy's qa_sample_rate, drawn with a secret salt so nobody can steer their verdicts out of it) is
// offered to supervisors blind — the item without its verdict — and each re-review is stored beside the
// original. qa::report() turns the pairs into percent agreement and Cohen's kappa.
#pragma once

#include "qa/Agreement.h"
#include "servicestore/ServiceStore.h"

#include <optional>

namespace veil::service {

struct QaItem
{
    QString itemId;
    QByteArray payload; // canonical, as signed by the service
    QByteArray signature;
};

class QaReviews
{
public:
    // rate: 0..1 of each reviewer's decisions.
    QaReviews(ServiceStore &store, double rate) : m_store(store), m_rate(rate) {}

    // Whether a verdict is in the sample (deterministic for this service, unpredictable without its salt).
    Result<bool> sampled(const QString &verdictId);
    // The next sampled decision not yet re-reviewed and not the supervisor's own; nullopt when none is left.
    // Only verdicts in force count: a corrected verdict is re-reviewed as its correction.
    Result<std::optional<QaItem>> next(const QString &supervisor);
    // Errors: "item_unknown", "not_in_sample", "own_decision", "already_reviewed".
    Result<void> record(const QString &supervisor, const QString &itemId, const QString &decision,
                        const QStringList &labels, qint64 nowMs);
    // A re-review made up by the demo seeder (supervisor "seed-supervisor"), without the sample and four-eyes
    // checks; an item re-reviewed already is left as it is.
    Result<void> recordSeeded(const QString &itemId, const QString &verdictId, const QString &reviewer,
                              const QString &decision, const QStringList &labels, qint64 nowMs);
    // Agreement over every re-review ever recorded (archived ones too), from the counts kept as each was
    // recorded, with the newest `disagreements` disagreements (newest first).
    Result<qa::AgreementReport> report(int disagreements = 100);
    // An archived item's re-review leaves with it (CaseArchive wrote it out); its counts stay.
    static Result<void> forget(store::Database &db, const QString &itemId);

private:
    // A verdict in force on an escalation, as the walk for the next item reads it.
    struct Candidate
    {
        qint64 seq = 0;
        QString verdictId;
        QString itemId;
        QString reviewer;
        bool reviewed = false;
    };
    // Those after `afterSeq` in seq order, at most `limit`: the walk reads a page at a time (PostgreSQL
    // delivers a statement's rows whole).
    Result<QList<Candidate>> candidates(qint64 afterSeq, int limit);
    // Where the walk starts ("qa_frontier" in service_meta, "SEQ:RATE"): every verdict in force up to SEQ
    // that RATE samples has been re-reviewed. Moved on by record(), so the walk is as long as the work left
    // at its front, not as the history. A frontier holds for its rate and any lower one (a lower rate
    // samples a subset); under a higher rate the walk starts at the first verdict again. Sound because
    // verdicts are stored under the writers' lock: seq order is commit order, and none can appear behind it.
    Result<qint64> frontier();
    // Moves the frontier on by at most a few pages per call (record() holds the writers' lock meanwhile).
    Result<void> advanceFrontier();
    Result<QByteArray> salt();
    // Adds re-reviews not counted yet (an item's, or any: those recorded before schema 20 or by an older
    // binary since), at most `limit`, to qa_tallies and marks them, in a transaction (nested in the
    // caller's). Returns how many it marked.
    static Result<int> tally(store::Database &db, const QString &itemId = {}, int limit = 500);
    // false when the item was re-reviewed already.
    Result<bool> insert(const QString &itemId, const QString &verdictId, const QString &reviewer,
                        const QString &supervisor, const QString &decision, const QStringList &labels,
                        qint64 nowMs);

    ServiceStore &m_store;
    double m_rate;
    QByteArray m_salt;
};

} // namespace veil::service
