// A lease for an item this workstation holds already, reconciled explicitly. The service is untrusted:
// a lease that has run out, or is older than the one held (a replay), never replaces it; the same item
// with other media is a conflict, recorded and shown. An item decided here whose verdict could not be
// delivered on its lease (the lease ran out, the service refused it) is opened again on the new lease,
// its earlier choice kept for the reviewer, and that verdict set aside, never sent.
#include "sync/SyncEngine.h"

#include "common/Log.h"
#include "sla/SlaLedger.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::sync {

namespace {

struct HeldItem
{
    QString state;
    QString leaseId;
    qint64 leaseExpiresAtMs = 0;
    QStringList media;
    bool skipping = false;
};

QJsonObject choiceOf(const protocol::SignedVerdict &verdict)
{
    const QJsonObject body = QJsonDocument::fromJson(verdict.body).object();
    QJsonObject choice{{QStringLiteral("decision"), body.value(QStringLiteral("decision"))},
                       {QStringLiteral("labels"), body.value(QStringLiteral("labels"))},
                       {QStringLiteral("verdict_id"), verdict.verdictId}};
    if (body.contains(QStringLiteral("outcome")))
        choice.insert(QStringLiteral("outcome"), body.value(QStringLiteral("outcome")));
    return choice;
}

} // namespace

Result<bool> SyncEngine::storeReLease(const PreparedItem &item, SyncReport &report)
{
    const QString &itemId = item.escalation.itemId;
    store::Database &db = m_workspace.database();
    HeldItem held;
    {
        auto stmt = db.prepare("SELECT state, lease_id, lease_expires_at, media, skip_reason IS NOT NULL "
                               "FROM queue_items WHERE item_id = ?");
        VEIL_TRY(stmt);
        stmt->bind(1, itemId);
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return makeError(QStringLiteral("lease_conflict"),
                             QStringLiteral("a lease for %1, which is held here but not queued").arg(itemId));
        held = {stmt->text(0), stmt->text(1), stmt->int64(2), {}, stmt->int64(4) != 0};
        for (const QJsonValue &m : QJsonDocument::fromJson(stmt->text(3).toUtf8()).array())
            held.media << m.toObject().value(QStringLiteral("sha256")).toString();
    }
    const auto refuse = [&](const char *code, const QString &why) -> Result<bool> {
        report.leaseConflicts++;
        quarantine(itemId, makeError(QString::fromLatin1(code), why));
        return false;
    };
    const qint64 serviceNow = QDateTime::currentMSecsSinceEpoch() + m_client->clockOffsetMs();
    if (item.expiresAtMs <= serviceNow)
        return refuse("lease_expired_on_arrival",
                      QStringLiteral("the service sent a lease that had already run out"));
    if (item.leaseId != held.leaseId && held.leaseExpiresAtMs > item.expiresAtMs)
        return refuse("lease_stale",
                      QStringLiteral("the service sent a lease older than the one held; the held one stays"));
    QStringList media;
    for (const protocol::MediaRef &ref : item.escalation.media)
        media << ref.sha256;
    if (media != held.media)
        return refuse("lease_media_changed",
                      QStringLiteral("the item came back with other media than the evidence held; the held "
                                     "evidence stays and the new lease is not taken"));

    outbox::Outbox outbox(db, m_backoff);
    std::optional<outbox::OutboxEntry> verdict;
    if (held.state == QLatin1String("decided")) {
        auto latest = outbox.latestFor(itemId);
        VEIL_TRY(latest);
        verdict = latest.value();
        if (verdict &&
            (verdict->state == QLatin1String("accepted") || verdict->state == QLatin1String("duplicate")))
            return refuse("lease_of_decided_item",
                          QStringLiteral("the service leased an item whose verdict it has accepted"));
        // The same lease again (a repeated answer): the verdict signed on it is still good.
        if (item.leaseId == held.leaseId)
            return false;
    }

    auto tx = store::Transaction::begin(db);
    VEIL_TRY(tx);
    QString earlier;
    if (verdict) {
        if (verdict->state != QLatin1String("superseded"))
            VEIL_TRY(outbox.setAside(
                verdict->verdict.verdictId, m_workspace.auditLog(),
                QStringLiteral("lease_replaced: decide again on lease %1").arg(item.leaseId)));
        earlier = QString::fromUtf8(QJsonDocument(choiceOf(verdict->verdict)).toJson(QJsonDocument::Compact));
    }
    // A skip given back already is over; one still waiting to be given back stays.
    auto update = db.prepare(
        held.state == QLatin1String("decided")
            ? "UPDATE queue_items SET lease_id = ?, lease_expires_at = ?, state = 'open', decided_at = NULL, "
              "earlier_decision = ? WHERE item_id = ?"
            : (held.state == QLatin1String("open")
                   ? "UPDATE queue_items SET lease_id = ?, lease_expires_at = ?, earlier_decision = "
                     "COALESCE(?, earlier_decision) WHERE item_id = ?"
                   : "UPDATE queue_items SET lease_id = ?, lease_expires_at = ?, state = 'open', skip_reason "
                     "= "
                     "NULL, earlier_decision = ? WHERE item_id = ?"));
    VEIL_TRY(update);
    update->bind(1, item.leaseId).bind(2, item.expiresAtMs).bind(4, itemId);
    if (earlier.isEmpty())
        update->bindNull(3);
    else
        update->bind(3, earlier);
    VEIL_TRY(update->run());
    if (held.state != QLatin1String("open"))
        VEIL_TRY(m_workspace.auditLog().append(QStringLiteral("item.reopen"), itemId,
                                               {{QStringLiteral("reason"), QStringLiteral("leased_again")},
                                                {QStringLiteral("was"), held.state}}));
    VEIL_TRY(sla::SlaLedger(db, m_workspace.auditLog()).claimed(itemId, claimHistory(item.lease)));
    VEIL_TRY(tx->commit());
    // Counted only when the reviewer sees it: not while a skip of it waits to be given back.
    return !(held.state == QLatin1String("open") && held.skipping);
}

} // namespace veil::sync
