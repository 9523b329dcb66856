#include "sla/SlaClock.h"

#include <QJsonArray>

namespace veil::sla {

namespace {

Error badPolicy(const QString &what)
{
    return makeError(QStringLiteral("bad_policy"), QStringLiteral("the policy's SLA %1").arg(what));
}

} // namespace

QString stateName(SlaState state)
{
    switch (state) {
    case SlaState::Ok:
        return QStringLiteral("ok");
    case SlaState::Warning:
        return QStringLiteral("warning");
    case SlaState::Breached:
        return QStringLiteral("breached");
    case SlaState::Paused:
        return QStringLiteral("paused");
    }
    return {};
}

SlaState stateAt(qint64 warnAtMs, qint64 dueAtMs, qint64 pausedAtMs, qint64 nowMs)
{
    return pausedAtMs > 0      ? SlaState::Paused
           : nowMs > dueAtMs   ? SlaState::Breached
           : nowMs >= warnAtMs ? SlaState::Warning
                               : SlaState::Ok;
}

Result<SlaClock> SlaClock::fromPolicy(const QJsonObject &policy)
{
    SlaClock clock;
    const QJsonValue fraction = policy.value(QStringLiteral("sla_warning_fraction"));
    if (!fraction.isUndefined()) {
        if (!fraction.isDouble() || !(fraction.toDouble() > 0.0 && fraction.toDouble() < 1.0))
            return badPolicy(QStringLiteral("sla_warning_fraction must be a number between 0 and 1"));
        clock.m_warningFraction = fraction.toDouble();
    }
    const QJsonValue targets = policy.value(QStringLiteral("sla_targets"));
    if (!targets.isArray() || targets.toArray().isEmpty())
        return badPolicy(QStringLiteral("sla_targets must be a non-empty list"));
    int index = 0;
    for (const QJsonValue &value : targets.toArray()) {
        const QJsonObject o = value.toObject();
        const QString where = QStringLiteral("sla_targets[%1]").arg(index++);
        SlaTarget target;
        target.queue = o.value(QStringLiteral("queue")).toString();
        target.category = o.value(QStringLiteral("category")).toString();
        const QJsonValue priority = o.value(QStringLiteral("priority"));
        const QJsonValue seconds = o.value(QStringLiteral("target_seconds"));
        if (!value.isObject() || target.queue.isEmpty() || target.category.isEmpty())
            return badPolicy(where + QStringLiteral(" needs a queue and a category"));
        if (!priority.isDouble() || priority.toDouble() != double(priority.toInt()) || priority.toInt() < 0)
            return badPolicy(where + QStringLiteral(".priority must be a whole number, 0 or more"));
        // Up to a year: anything longer is a typo, and keeps the millisecond arithmetic far from overflow.
        if (!seconds.isDouble() || seconds.toDouble() != double(qint64(seconds.toDouble())) ||
            seconds.toDouble() < 1 || seconds.toDouble() > 366.0 * 24 * 3600)
            return badPolicy(where + QStringLiteral(".target_seconds must be whole seconds, 1 s to a year"));
        target.minPriority = priority.toInt();
        target.targetMs = qint64(seconds.toDouble()) * 1000;
        clock.m_targets.append(target);
    }
    index = 0;
    const QJsonValue pausable = policy.value(QStringLiteral("sla_pausable"));
    if (!pausable.isUndefined() && !pausable.isArray())
        return badPolicy(QStringLiteral("sla_pausable must be a list"));
    for (const QJsonValue &value : pausable.toArray()) {
        const QJsonObject o = value.toObject();
        const QString queue = o.value(QStringLiteral("queue")).toString();
        const QString category = o.value(QStringLiteral("category")).toString();
        if (queue.isEmpty() || category.isEmpty())
            return badPolicy(QStringLiteral("sla_pausable[%1] needs a queue and a category").arg(index));
        clock.m_pausable.append({queue, category});
        ++index;
    }
    const QJsonValue reasons = policy.value(QStringLiteral("sla_pause_reasons"));
    if (!reasons.isUndefined() && !reasons.isArray())
        return badPolicy(QStringLiteral("sla_pause_reasons must be a list"));
    for (const QJsonValue &value : reasons.toArray()) {
        if (!value.isString() || value.toString().isEmpty() || value.toString().size() > 64)
            return badPolicy(QStringLiteral("sla_pause_reasons must be names of 1 to 64 characters"));
        clock.m_pauseReasons << value.toString();
    }
    if (!clock.m_pausable.isEmpty() && clock.m_pauseReasons.isEmpty())
        return badPolicy(QStringLiteral("sla_pausable needs sla_pause_reasons"));
    return clock;
}

bool SlaClock::pauseAllowed(const QString &queue, const QString &category) const
{
    return std::any_of(m_pausable.cbegin(), m_pausable.cend(), [&](const auto &rule) {
        return rule.first == queue && (rule.second == QLatin1String("*") || rule.second == category);
    });
}

Result<SlaTarget> SlaClock::targetFor(const QString &queue, const QString &category, int priority) const
{
    const SlaTarget *best = nullptr;
    const auto rank = [](const SlaTarget &t) {
        return std::make_pair(t.category != QLatin1String("*"), t.minPriority);
    };
    for (const SlaTarget &t : m_targets) {
        if (t.queue != queue || priority < t.minPriority)
            continue;
        if (t.category != QLatin1String("*") && t.category != category)
            continue;
        if (!best || rank(t) > rank(*best))
            best = &t;
    }
    if (!best)
        return makeError(
            QStringLiteral("no_sla_target"),
            QStringLiteral("no SLA target covers %1 / %2 / P%3").arg(queue, category).arg(priority));
    return *best;
}

Result<SlaStatus> SlaClock::evaluate(const QString &queue, const QString &category, int priority,
                                     qint64 startedAtMs, qint64 serviceNowMs) const
{
    auto target = targetFor(queue, category, priority);
    VEIL_TRY(target);
    SlaStatus status;
    status.target = target.value();
    status.startedAtMs = startedAtMs;
    status.dueAtMs = startedAtMs + status.target.targetMs;
    status.remainingMs = status.dueAtMs - serviceNowMs;
    // Integer thresholds: the warning starts when the used share of the target reaches the fraction.
    status.state = stateAt(warnAtMs(status.target, startedAtMs), status.dueAtMs, 0, serviceNowMs);
    if (status.state == SlaState::Breached)
        status.latenessMs = serviceNowMs - status.dueAtMs;
    return status;
}

} // namespace veil::sla
