#include "servicestore/SlaSummary.h"

#include "sla/SlaClock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <map>

namespace veil::service {

namespace {

struct QueueNumbers
{
    int open = 0;
    int dueSoon = 0;
    int breached = 0;
    int paused = 0;               // clocks standing still: neither due soon nor breached while they do
    QList<qint64> fromStart;      // decided_at - start
    QList<qint64> fromFirstClaim; // decided_at - first claim
};

qint64 parseMs(const QJsonValue &iso)
{
    return QDateTime::fromString(iso.toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

QJsonObject distribution(QList<qint64> durations)
{
    std::sort(durations.begin(), durations.end());
    QJsonArray buckets;
    qsizetype from = 0;
    for (const qint64 bound : SlaBucketsMs) {
        const auto to = std::upper_bound(durations.cbegin(), durations.cend(), bound) - durations.cbegin();
        buckets.append(
            QJsonObject{{QStringLiteral("le_ms"), double(bound)}, {QStringLiteral("count"), int(to - from)}});
        from = to;
    }
    buckets.append(QJsonObject{{QStringLiteral("le_ms"), QJsonValue()},
                               {QStringLiteral("count"), int(durations.size() - from)}});
    const auto quantile = [&](double q) {
        return durations.isEmpty()
                   ? QJsonValue()
                   : QJsonValue(double(durations.at(qsizetype(q * double(durations.size() - 1)))));
    };
    return {{QStringLiteral("n"), int(durations.size())},
            {QStringLiteral("buckets"), buckets},
            {QStringLiteral("median_ms"), quantile(0.5)},
            {QStringLiteral("p90_ms"), quantile(0.9)}};
}

} // namespace

Result<QJsonObject> slaSummary(ServiceStore &store, const QJsonObject &policy, qint64 nowMs)
{
    auto clock = sla::SlaClock::fromPolicy(policy);
    VEIL_TRY(clock);
    auto stmt = store.database().prepare(
        "SELECT queue, payload, due_at, state, first_claimed_at, decided_at, "
        "(sla_paused_at IS NOT NULL AND sla_paused_device = lease_device AND lease_expires_at >= ?), "
        "sla_paused_ms FROM items");
    VEIL_TRY(stmt);
    stmt->bind(1, nowMs); // a pause holds only while its device's lease does
    std::map<QString, QueueNumbers> queues{{QStringLiteral("escalations"), {}},
                                           {QStringLiteral("appeals"), {}}};
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        QueueNumbers &q = queues[stmt->text(0)];
        const QJsonObject payload = QJsonDocument::fromJson(stmt->text(1).toUtf8()).object();
        const bool appeal = stmt->text(0) == QLatin1String("appeals");
        const qint64 start =
            parseMs(payload.value(appeal ? QStringLiteral("notified_at") : QStringLiteral("created_at")));
        const qint64 due = stmt->int64(2);
        if (stmt->text(3) == QLatin1String("queued")) {
            q.open++;
            // Warning once the policy's share of the item's own target is used, as on the workstation.
            // Pauses moved the due time; the warning moves with it by the same time.
            const qint64 stood = stmt->int64(7);
            const qint64 warnAt =
                start + qint64(double(due - stood - start) * clock->warningFraction()) + stood;
            if (stmt->int64(6) != 0)
                q.paused++;
            else if (nowMs > due)
                q.breached++;
            else if (nowMs >= warnAt)
                q.dueSoon++;
        } else if (!stmt->isNull(5)) {
            // Time to decision counts the time the clock ran, not the time it stood still.
            q.fromStart.append(stmt->int64(5) - start - stmt->int64(7));
            if (!stmt->isNull(4))
                q.fromFirstClaim.append(stmt->int64(5) - stmt->int64(4));
        }
    }
    // The breached items themselves, most overdue first, with who holds them: what a supervisor acts on.
    QJsonArray breachedItems;
    auto late = store.database().prepare(
        "SELECT i.item_id, i.queue, i.due_at, i.priority, d.reviewer FROM items i LEFT JOIN devices d ON "
        "d.device_id = i.lease_device AND i.lease_expires_at >= ? WHERE i.state = 'queued' AND i.due_at < ? "
        "AND NOT COALESCE(i.sla_paused_at IS NOT NULL AND i.sla_paused_device = i.lease_device AND "
        "i.lease_expires_at >= ?, 0) "
        "ORDER BY i.due_at, i.item_id LIMIT ?");
    VEIL_TRY(late);
    late->bind(1, nowMs).bind(2, nowMs).bind(3, nowMs).bind(4, qint64(MaxBreachedListed));
    for (;;) {
        auto row = late->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        breachedItems.append(QJsonObject{
            {QStringLiteral("item_id"), late->text(0)},
            {QStringLiteral("queue"), late->text(1)},
            {QStringLiteral("due_at_ms"), double(late->int64(2))},
            {QStringLiteral("lateness_ms"), double(nowMs - late->int64(2))},
            {QStringLiteral("priority"), int(late->int64(3))},
            {QStringLiteral("held_by"), late->isNull(4) ? QJsonValue() : QJsonValue(late->text(4))}});
    }
    QJsonArray list;
    for (const auto &[name, q] : queues)
        list.append(QJsonObject{{QStringLiteral("queue"), name},
                                {QStringLiteral("open"), q.open},
                                {QStringLiteral("due_soon"), q.dueSoon},
                                {QStringLiteral("breached"), q.breached},
                                {QStringLiteral("paused"), q.paused},
                                {QStringLiteral("time_to_decision"), distribution(q.fromStart)},
                                {QStringLiteral("time_from_first_claim"), distribution(q.fromFirstClaim)}});
    return QJsonObject{{QStringLiteral("now_ms"), double(nowMs)},
                       {QStringLiteral("queues"), list},
                       {QStringLiteral("breached_items"), breachedItems}};
}

} // namespace veil::service
