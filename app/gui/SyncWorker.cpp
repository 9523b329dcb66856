#include "SyncWorker.h"

#include "DeskSummary.h"

#include "common/Log.h"
#include "queue/ReviewQueue.h"
#include "queue/SlaLedger.h"

#include <QJsonArray>

namespace veil::gui {

SyncWorker::SyncWorker(std::unique_ptr<Workspace> peer, media::MediaSettings media)
    : m_workspace(std::move(peer)), m_media(std::move(media))
{}

SyncWorker::~SyncWorker() = default;

sync::SyncEngine &SyncWorker::engine()
{
    if (!m_engine) {
        m_engine = std::make_unique<sync::SyncEngine>(*m_workspace);
        m_engine->ingestor().setMediaSettings(m_media);
        m_engine->ingestor().setProgress([this](int done, int total) { emit progress(done, total); });
    }
    return *m_engine;
}

void SyncWorker::syncRound(bool withPolicy, int claimSize)
{
    if (withPolicy) {
        if (auto policy = engine().fetchPolicy(); policy.ok())
            emit policyFetched(policy.value());
    }
    auto report = engine().syncOnce(claimSize);
    if (!report.ok()) {
        emit syncFinished(report.error().plain(), 0, 0, 0, {});
        return;
    }
    emit syncFinished({}, report->ingested, report->rejected, report->conflicted, report->clockWarning);
}

void SyncWorker::push()
{
    // SLA pauses before verdicts: the service takes them only while the item is still leased here.
    (void)engine().pusher().pushSlaReports(); // what is not taken now goes with the next sync
    auto pushed = engine().push();
    emit pushFinished(pushed.ok() ? QString() : pushed.error().plain());
}

void SyncWorker::renewLease(const QString &itemId)
{
    auto renewed = engine().leases().renewLease(itemId);
    emit leaseRenewed(itemId, renewed.ok() ? QString() : renewed.error().plain());
}

void SyncWorker::renewExpiring(qint64 withinMs)
{
    auto renewed = engine().leases().renewExpiring(withinMs);
    // The same minute's tick records clocks that ran out since the last look, once each.
    (void)queue::SlaLedger(m_workspace->database(), m_workspace->auditLog())
        .sweep(queue::ReviewQueue(*m_workspace).serviceNowMs());
    emit expiringRenewed(renewed.ok() ? renewed.value() : 0);
}

void SyncWorker::release(const QString &itemId, const QString &reason)
{
    auto released = engine().leases().releaseItem(itemId, reason);
    emit this->released(itemId, released.ok() ? QString() : released.error().plain());
}

void SyncWorker::fetchDesk()
{
    QList<QJsonObject> answers;
    for (const char *path : {"/v1/qa/agreement", "/v1/sla/summary", "/v1/audit/alerts"}) {
        auto answer = engine().session().get(QLatin1String(path));
        if (!answer.ok()) {
            emit deskFetched({}, answer.error().plain());
            return;
        }
        answers.append(answer.value());
    }
    // Checked here, off the GUI thread: the desk shows the numbers only once every field made sense.
    auto report = desk::parseDeskReport(answers.at(0), answers.at(1), answers.at(2));
    if (!report.ok()) {
        emit deskFetched({}, report.error().plain());
        return;
    }
    emit deskFetched(deskSummary(report.value()), {});
}

void SyncWorker::openRecord(const QString &itemId)
{
    auto opened = engine().feed().openRecord(itemId);
    emit referenceOpened(QStringLiteral("record"), itemId, opened.ok() ? opened.value() : QString(),
                         opened.ok() ? QString() : opened.error().plain());
}

void SyncWorker::openQaSample()
{
    const QString qa = QStringLiteral("qa");
    auto next = engine().session().get(QStringLiteral("/v1/qa/next"));
    if (!next.ok()) {
        emit referenceOpened(qa, {}, {}, next.error().plain());
        return;
    }
    const QJsonObject sample = next->value(QStringLiteral("item")).toObject();
    if (sample.isEmpty()) {
        emit referenceOpened(qa, {}, {}, {});
        return;
    }
    const QString itemId = sample.value(QStringLiteral("item_id")).toString();
    auto opened = engine().feed().openQaSample(sample);
    emit referenceOpened(qa, itemId, opened.ok() ? opened.value() : QString(),
                         opened.ok() ? QString() : opened.error().plain());
}

void SyncWorker::closeReference(const QString &vaultId)
{
    if (auto dropped = engine().feed().dropReference(vaultId); !dropped.ok())
        qCWarning(lcSync) << "reference not shredded:" << dropped.error().code;
}

void SyncWorker::submitQaReview(const QString &itemId, const QString &vaultId, const QString &decision,
                                const QStringList &labels)
{
    auto sent = engine().session().post(QStringLiteral("/v1/qa/reviews"),
                                        {{QStringLiteral("item_id"), itemId},
                                         {QStringLiteral("decision"), decision},
                                         {QStringLiteral("labels"), QJsonArray::fromStringList(labels)}});
    if (sent.ok())
        closeReference(vaultId);
    emit qaReviewSubmitted(itemId, sent.ok() ? QString() : sent.error().plain());
}

} // namespace veil::gui
