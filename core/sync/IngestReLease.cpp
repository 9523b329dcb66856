// A lease for an item this workstation holds already, reconciled explicitly. The service is untrusted:
// a lease that has run out, or is older than the one held (a replay), never replaces it; the same item
// with other media is a conflict, recorded and shown. An item decided here whose verdict could not be
// delivered on its lease (the lease ran out, the service refused it) is opened again on the new lease,
// its earlier choice kept for the reviewer, and that verdict set aside, never sent.
#include "sync/Ingestor.h"

#include "common/Log.h"
#include "outbox/Outbox.h"
#include "queue/QueueStore.h"
#include "queue/SlaLedger.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::sync {

namespace {

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

Result<bool> Ingestor::storeReLease(const PreparedItem &item, SyncReport &report)
{
    const QString &itemId = item.escalation.itemId;
    store::Database &db = m_session.workspace().database();
    queue::QueueStore items(db);
    auto heldRow = items.held(itemId);
    VEIL_TRY(heldRow);
    if (!heldRow.value())
        return makeError(QStringLiteral("lease_conflict"),
                         QStringLiteral("a lease for %1, which is held here but not queued").arg(itemId));
    const queue::HeldItem &held = *heldRow.value();
    const auto refuse = [&](const char *code, const QString &why) -> Result<bool> {
        report.leaseConflicts++;
        quarantine(itemId, makeError(QString::fromLatin1(code), why));
        return false;
    };
    const qint64 serviceNow = m_session.serviceNowMs();
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

    outbox::Outbox outbox(db);
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
                verdict->verdict.verdictId, m_session.workspace().auditLog(),
                QStringLiteral("lease_replaced: decide again on lease %1").arg(item.leaseId)));
        earlier = QString::fromUtf8(QJsonDocument(choiceOf(verdict->verdict)).toJson(QJsonDocument::Compact));
    }
    VEIL_TRY(items.takeLeaseAgain(itemId, held.state, item.leaseId, item.expiresAtMs, earlier));
    if (held.state != QLatin1String("open"))
        VEIL_TRY(m_session.workspace().auditLog().append(
            QStringLiteral("item.reopen"), itemId,
            {{QStringLiteral("reason"), QStringLiteral("leased_again")},
             {QStringLiteral("was"), held.state}}));
    VEIL_TRY(
        queue::SlaLedger(db, m_session.workspace().auditLog()).claimed(itemId, claimHistory(item.lease)));
    VEIL_TRY(tx->commit());
    // Counted only when the reviewer sees it: not while a skip of it waits to be given back.
    return !(held.state == QLatin1String("open") && held.skipping);
}

} // namespace veil::sync
