#include "servicestore/SlaSummary.h"

#include "servicestore/ReviewerPace.h"
#include "servicestore/SlaHistogram.h"
#include "sla/SlaClock.h"

#include <QJsonArray>

#include <map>

namespace veil::service {

namespace {

struct QueueNumbers
{
    int open = 0;
    int dueSoon = 0;
    int breached = 0;
    int paused = 0; // clocks standing still: neither due soon nor breached while they do
    QList<qint64> fromStart = QList<qint64>(sla_histogram::bounds().size() + 1, 0);
    QList<qint64> fromFirstClaim = QList<qint64>(sla_histogram::bounds().size() + 1, 0);
};

} // namespace

Result<QJsonObject> slaSummary(ServiceStore &store, const QJsonObject &policy, qint64 nowMs)
{
    auto clock = sla::SlaClock::fromPolicy(policy);
    VEIL_TRY(clock);
    std::map<QString, QueueNumbers> queues{{QStringLiteral("escalations"), {}},
                                           {QStringLiteral("appeals"), {}}};
    // Open items only, through their index: the cost follows the backlog, not the history.
    auto stmt = store.database().prepare(
        "SELECT queue, start_at, due_at, "
        "(sla_paused_at IS NOT NULL AND sla_paused_device = lease_device AND lease_expires_at >= ?), "
        "sla_paused_ms FROM items INDEXED BY items_open WHERE state = 'queued'");
    VEIL_TRY(stmt);
    stmt->bind(1, nowMs); // a pause holds only while its device's lease does
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        QueueNumbers &q = queues[stmt->text(0)];
        const qint64 start = stmt->int64(1);
        const qint64 due = stmt->int64(2);
        q.open++;
        // Warning once the policy's share of the item's own target is used, as on the workstation.
        // Pauses moved the due time; the warning moves with it by the same time.
        const qint64 stood = stmt->int64(4);
        const qint64 warnAt = start + qint64(double(due - stood - start) * clock->warningFraction()) + stood;
        if (stmt->int64(3) != 0)
            q.paused++;
        else if (nowMs > due)
            q.breached++;
        else if (nowMs >= warnAt)
            q.dueSoon++;
    }
    // Decided items as counted when each was decided (SlaHistogram): time to decision counts the time the
    // clock ran, not the time it stood still.
    auto decided = store.database().prepare("SELECT queue, measure, bucket, count FROM sla_decided");
    VEIL_TRY(decided);
    for (;;) {
        auto row = decided->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        QueueNumbers &q = queues[decided->text(0)];
        QList<qint64> &counts =
            decided->int64(1) == sla_histogram::FromStart ? q.fromStart : q.fromFirstClaim;
        const qint64 bucket = decided->int64(2);
        if (bucket >= 0 && bucket < counts.size())
            counts[bucket] += decided->int64(3);
    }
    // The breached items themselves, most overdue first, with who holds them: what a supervisor acts on.
    QJsonArray breachedItems;
    auto late = store.database().prepare(
        "SELECT i.item_id, i.queue, i.due_at, i.priority, d.reviewer FROM items i LEFT JOIN devices d ON "
        "d.device_id = i.lease_device AND i.lease_expires_at >= ? WHERE i.state = 'queued' AND i.due_at < ? "
        "AND NOT COALESCE(i.sla_paused_at IS NOT NULL AND i.sla_paused_device = i.lease_device AND "
        "i.lease_expires_at >= ?, 1 = 0) "
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
        list.append(QJsonObject{
            {QStringLiteral("queue"), name},
            {QStringLiteral("open"), q.open},
            {QStringLiteral("due_soon"), q.dueSoon},
            {QStringLiteral("breached"), q.breached},
            {QStringLiteral("paused"), q.paused},
            {QStringLiteral("time_to_decision"), sla_histogram::distribution(q.fromStart)},
            {QStringLiteral("time_from_first_claim"), sla_histogram::distribution(q.fromFirstClaim)}});
    auto pace = reviewerPace(store, nowMs);
    VEIL_TRY(pace);
    return QJsonObject{{QStringLiteral("now_ms"), double(nowMs)},
                       {QStringLiteral("queues"), list},
                       {QStringLiteral("breached_items"), breachedItems},
                       {QStringLiteral("reviewers"), pace.value()}};
}

} // namespace veil::service
