// SLA clocks from the policy document: a target per queue, category and priority ("*" any category; the
// most specific target wins: an exact category over "*", then the highest minimum priority the item
// reaches), a warning once a fraction of the target is used, and breach once the due time has passed.
// All times are Unix milliseconds on the service's clock (local time plus the measured offset), so a
// reviewer's wrong wall clock or a DST change never moves a deadline.
#pragma once

#include "common/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace veil::sla {

struct SlaTarget
{
    QString queue;
    QString category;    // "*": any
    int minPriority = 0; // applies to items of this priority or higher
    qint64 targetMs = 0;
};

enum class SlaState { Ok, Warning, Breached, Paused };

struct SlaStatus
{
    SlaTarget target;
    qint64 startedAtMs = 0; // escalations: created; appeals: the user was notified
    qint64 dueAtMs = 0;
    qint64 remainingMs = 0; // negative once breached
    qint64 latenessMs = 0;  // how late, once breached; 0 before
    SlaState state = SlaState::Ok;
};

QString stateName(SlaState state); // "ok", "warning", "breached", "paused"

inline constexpr qint64 FallbackWarningMs = 3600 * 1000; // without a policy target: an hour before due

// An item's clock as stamped when it is queued: the policy's target where one covers it, else the
// service's due time with the fallback warning.
struct ClockStamp
{
    qint64 startedAtMs = 0;
    qint64 targetMs = 0; // 0: no policy target, the service's due time stands
    qint64 warnAtMs = 0;
    qint64 dueAtMs = 0;
};

// What the service reports with a lease: when anyone first and last claimed the item, and how often
// (skips and expired leases count), so time to decision and re-claims are measurable.
struct ClaimHistory
{
    qint64 firstClaimedAtMs = 0;
    qint64 lastClaimedAtMs = 0;
    int claims = 0;
};

// The one rule for a clock's state, wherever a state is shown: paused while pausedAtMs > 0, breached once
// past due (due this very millisecond is not late yet), warning from the warning time, else ok. Only
// QueueStore::counts restates it, in SQL, to count a whole queue in one query; tst_sla holds the two
// equal at and around every item's warning and due instants.
SlaState stateAt(qint64 warnAtMs, qint64 dueAtMs, qint64 pausedAtMs, qint64 nowMs);

class SlaClock
{
public:
    // From the policy's "sla_targets" and "sla_warning_fraction". Error "bad_policy" naming the field.
    static Result<SlaClock> fromPolicy(const QJsonObject &policy);

    // Error "no_sla_target" when no target covers the item.
    Result<SlaTarget> targetFor(const QString &queue, const QString &category, int priority) const;
    Result<SlaStatus> evaluate(const QString &queue, const QString &category, int priority,
                               qint64 startedAtMs, qint64 serviceNowMs) const;

    // When the warning starts for an item of this target whose clock started at startedAtMs.
    qint64 warnAtMs(const SlaTarget &target, qint64 startedAtMs) const
    {
        return startedAtMs + qint64(double(target.targetMs) * m_warningFraction);
    }

    // Pausing (waiting on a specialist, say) only where the policy's "sla_pausable" lists the queue and
    // category ("*": any), and only for one of its "sla_pause_reasons".
    bool pauseAllowed(const QString &queue, const QString &category) const;
    const QStringList &pauseReasons() const { return m_pauseReasons; }

    double warningFraction() const { return m_warningFraction; }
    const QList<SlaTarget> &targets() const { return m_targets; }

private:
    QList<SlaTarget> m_targets;
    QList<QPair<QString, QString>> m_pausable; // queue, category
    QStringList m_pauseReasons;
    double m_warningFraction = 0.75;
};

} // namespace veil::sla
