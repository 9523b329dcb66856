#include "SyncWorker.h"

#include "queue/ReviewQueue.h"
#include "sla/SlaLedger.h"

namespace veil::gui {

namespace {

QString plain(const Error &error)
{
    return error.message.isEmpty() ? error.code : error.message;
}

} // namespace

SyncWorker::SyncWorker(std::unique_ptr<Workspace> peer, media::MediaSettings media)
    : m_workspace(std::move(peer)), m_media(std::move(media))
{}

SyncWorker::~SyncWorker() = default;

sync::SyncEngine &SyncWorker::engine()
{
    if (!m_engine) {
        m_engine = std::make_unique<sync::SyncEngine>(*m_workspace);
        m_engine->setMediaSettings(m_media);
        m_engine->setProgress([this](int done, int total) { emit progress(done, total); });
    }
    return *m_engine;
}

void SyncWorker::syncRound(bool withPolicy)
{
    if (withPolicy) {
        if (auto policy = engine().fetchPolicy(); policy.ok())
            emit policyFetched(policy.value());
    }
    auto report = engine().syncOnce();
    if (!report.ok()) {
        emit syncFinished(plain(report.error()), 0, 0, 0);
        return;
    }
    emit syncFinished({}, report->ingested, report->rejected, report->conflicted);
}

void SyncWorker::push()
{
    auto pushed = engine().push();
    emit pushFinished(pushed.ok() ? QString() : plain(pushed.error()));
}

void SyncWorker::renewLease(const QString &itemId)
{
    auto renewed = engine().renewLease(itemId);
    emit leaseRenewed(itemId, renewed.ok() ? QString() : plain(renewed.error()));
}

void SyncWorker::renewExpiring(qint64 withinMs)
{
    auto renewed = engine().renewExpiring(withinMs);
    // The same minute's tick records clocks that ran out since the last look, once each.
    (void)sla::SlaLedger(m_workspace->database(), m_workspace->auditLog())
        .sweep(queue::ReviewQueue(*m_workspace).serviceNowMs());
    emit expiringRenewed(renewed.ok() ? renewed.value() : 0);
}

void SyncWorker::release(const QString &itemId, const QString &reason)
{
    auto released = engine().releaseItem(itemId, reason);
    emit this->released(itemId, released.ok() ? QString() : plain(released.error()));
}

void SyncWorker::fetchDesk()
{
    QJsonObject desk;
    for (const auto &[key, path] :
         {std::pair{"agreement", "/v1/qa/agreement"}, std::pair{"sla", "/v1/sla/summary"},
          std::pair{"alerts", "/v1/audit/alerts"}}) {
        auto answer = engine().serviceGet(QLatin1String(path));
        if (!answer.ok()) {
            emit deskFetched({}, plain(answer.error()));
            return;
        }
        desk.insert(QLatin1String(key), answer.value());
    }
    emit deskFetched(desk, {});
}

} // namespace veil::gui
