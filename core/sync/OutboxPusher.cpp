// OutboxPusher's verdicts: due verdicts to the service in batches, each outcome applied to the verdict it
// answers — and only to the verdicts of the batch just sent.
#include "sync/OutboxPusher.h"

#include "outbox/Outbox.h"

#include "common/Log.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSet>

namespace veil::sync {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

Result<SyncReport> OutboxPusher::push(int pushBatch)
{
    // A blocking request runs a local event loop, where the GUI worker's next queued push can start. Nested,
    // it would see the batch in flight still pending: send it twice, or hold a correction behind it and
    // leave it unsent. So a push asked for during a push runs after it, in the same call.
    if (m_pushing) {
        m_pushAgain = true;
        return SyncReport();
    }
    m_pushing = true;
    const auto done = qScopeGuard([this] { m_pushing = false; });
    SyncReport total;
    do {
        m_pushAgain = false;
        auto report = pushBatchOnce(pushBatch);
        VEIL_TRY(report);
        total.pushed += report->pushed;
        total.accepted += report->accepted;
        total.duplicate += report->duplicate;
        total.rejected += report->rejected;
        total.conflicted += report->conflicted;
        total.retrying += report->retrying;
        total.unsolicited += report->unsolicited;
    } while (m_pushAgain);
    return total;
}

Result<SyncReport> OutboxPusher::pushBatchOnce(int pushBatch)
{
    VEIL_TRY(m_session.connect());
    outbox::Outbox outbox(m_session.workspace().database(), m_backoff);
    SyncReport report;
    auto due = outbox.claimDue(nowMs(), pushBatch);
    VEIL_TRY(due);
    if (due->isEmpty())
        return report;
    QJsonArray entries;
    for (const outbox::OutboxEntry &entry : due.value())
        entries.append(QJsonDocument::fromJson(entry.verdict.toExportLine()).object());
    report.pushed = int(due->size());
    auto reply =
        m_session.client().post(QStringLiteral("/v1/verdicts"), {{QStringLiteral("verdicts"), entries}});
    if (!reply.ok()) {
        // Nothing is lost: every verdict stays pending and is retried with backoff.
        auto tx = store::Transaction::begin(m_session.workspace().database());
        for (const outbox::OutboxEntry &entry : due.value())
            (void)outbox.markRetry(entry.verdict.verdictId, nowMs(), reply.error().message);
        if (tx.ok())
            (void)tx->commit();
        report.retrying = report.pushed;
        m_session.recordOutcome(reply.error().message);
        return reply.error();
    }
    // All outcomes of a batch land in one transaction: one fsync, not one per verdict.
    auto tx = store::Transaction::begin(m_session.workspace().database());
    VEIL_TRY(tx);
    // The service's word counts only for the verdicts just sent, once each: an "accepted" for a verdict
    // not in this batch would mark it delivered when it never was.
    QSet<QString> unanswered;
    for (const outbox::OutboxEntry &entry : due.value())
        unanswered.insert(entry.verdict.verdictId);
    for (const QJsonValue &value : reply->json.value(QStringLiteral("results")).toArray()) {
        const QJsonObject result = value.toObject();
        const QString id = result.value(QStringLiteral("verdict_id")).toString();
        if (!unanswered.remove(id)) {
            qCWarning(lcSync) << "ignored a result for a verdict not in the batch:" << id.left(64);
            report.unsolicited++;
            continue;
        }
        const QString status = result.value(QStringLiteral("status")).toString();
        const QString code = result.value(QStringLiteral("code")).toString();
        const QString reason = result.value(QStringLiteral("reason")).toString();
        Result<void> marked = success();
        if (status == QLatin1String("accepted") || status == QLatin1String("duplicate")) {
            marked = outbox.markAccepted(id, status == QLatin1String("duplicate"));
            (status == QLatin1String("accepted") ? report.accepted : report.duplicate)++;
        } else if (status == QLatin1String("conflict")) {
            marked = outbox.markConflicted(id, code + QStringLiteral(": ") + reason);
            report.conflicted++;
        } else if (status == QLatin1String("rejected")) {
            marked = outbox.markRejected(id, code, reason);
            report.rejected++;
        } else {
            marked = outbox.markRetry(id, nowMs(), code + QStringLiteral(": ") + reason);
            report.retrying++;
        }
        if (!marked.ok())
            qCWarning(lcSync) << "outbox update failed for" << id << marked.error().code;
    }
    // Sent but not answered: still pending, tried again with backoff.
    for (const QString &id : std::as_const(unanswered)) {
        (void)outbox.markRetry(id, nowMs(), QStringLiteral("no_result: the service did not answer for it"));
        report.retrying++;
    }
    VEIL_TRY(m_session.workspace().auditLog().append(QStringLiteral("sync.push"), m_session.link().deviceId,
                                                     {{QStringLiteral("pushed"), report.pushed},
                                                      {QStringLiteral("accepted"), report.accepted},
                                                      {QStringLiteral("duplicate"), report.duplicate},
                                                      {QStringLiteral("rejected"), report.rejected},
                                                      {QStringLiteral("conflicted"), report.conflicted}}));
    VEIL_TRY(tx->commit());
    return report;
}

} // namespace veil::sync
