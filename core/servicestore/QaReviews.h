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
    // Every re-reviewed item with both ratings.
    Result<QList<qa::RatedPair>> pairs();

private:
    Result<QByteArray> salt();
    // false when the item was re-reviewed already.
    Result<bool> insert(const QString &itemId, const QString &verdictId, const QString &reviewer,
                        const QString &supervisor, const QString &decision, const QStringList &labels,
                        qint64 nowMs);

    ServiceStore &m_store;
    double m_rate;
    QByteArray m_salt;
};

} // namespace veil::service
