#include "SupervisorDesk.h"

#include "SyncWorker.h"

#include <algorithm>
#include <limits>

namespace veil::gui {

int SupervisorDesk::chartCeiling(int largest)
{
    const int steps = 4;
    const qint64 raw = std::max<qint64>(1, (qint64(largest) + steps - 1) / steps);
    qint64 magnitude = 1;
    while (magnitude * 10 <= raw)
        magnitude *= 10;
    for (const qint64 m : {1, 2, 5, 10}) {
        if (m * magnitude >= raw)
            return int(std::min<qint64>(m * magnitude * steps, std::numeric_limits<int>::max()));
    }
    return int(std::min<qint64>(10 * magnitude * steps, std::numeric_limits<int>::max()));
}

SupervisorDesk::SupervisorDesk(sync::SyncEngine &engine, Workspace &workspace, RevealGuard &reveal,
                               QObject *parent)
    : QObject(parent), m_engine(engine), m_workspace(workspace), m_reveal(reveal)
{}

void SupervisorDesk::attach(SyncWorker *worker)
{
    if (m_worker)
        disconnect(m_worker, nullptr, this, nullptr);
    m_worker = worker;
    if (!worker)
        return;
    connect(worker, &SyncWorker::deskFetched, this, [this](const DeskSummary &summary, const QString &error) {
        if (error.isEmpty())
            m_summary = summary;
        m_error = error;
        emit changed();
    });
    connect(worker, &SyncWorker::referenceOpened, this, &SupervisorDesk::referenceOpened);
    connect(worker, &SyncWorker::qaReviewSubmitted, this,
            [this](const QString &itemId, const QString &error) {
                emit qaReviewSubmitted(itemId, error);
                if (error.isEmpty())
                    refresh(); // the agreement moved
            });
}

void SupervisorDesk::refresh()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "fetchDesk", Qt::QueuedConnection);
}

Result<QList<exports::DecisionRecord>> SupervisorDesk::teamDecisions(const exports::DecisionFilter &filter)
{
    return exports::DecisionLog(m_workspace.database(), exports::DecisionLog::Source::Team).records(filter);
}

Result<dsa::StatementExport> SupervisorDesk::writeStatements(const QList<exports::DecisionRecord> &records,
                                                             const QString &dir)
{
    auto policy = m_engine.cachedPolicy();
    VEIL_TRY(policy);
    auto builder = dsa::StatementBuilder::fromPolicy(policy.value());
    VEIL_TRY(builder);
    auto table = dsa::SorTable::builtIn();
    VEIL_TRY(table);
    return dsa::exportStatements(records, builder.value(), table.value(), dir);
}

void SupervisorDesk::openRecord(const QString &itemId)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "openRecord", Qt::QueuedConnection, Q_ARG(QString, itemId));
}

void SupervisorDesk::openQaSample()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "openQaSample", Qt::QueuedConnection);
}

void SupervisorDesk::closeReference(const QString &vaultId)
{
    if (m_reveal.itemId() == vaultId)
        m_reveal.end(QStringLiteral("closed"));
    if (m_worker && !vaultId.isEmpty())
        QMetaObject::invokeMethod(m_worker, "closeReference", Qt::QueuedConnection, Q_ARG(QString, vaultId));
}

ItemDetails SupervisorDesk::referenceDetails(const QString &vaultId)
{
    ItemDetails details;
    auto facts = m_engine.feed().referenceFacts(vaultId);
    if (!facts.ok())
        return details;
    details.itemId = vaultId;
    details.category = facts->value(QStringLiteral("category")).toString();
    details.source = facts->value(QStringLiteral("source")).toString();
    details.modelVersion = facts->value(QStringLiteral("model_version")).toString();
    details.scores = classifierScores(facts->value(QStringLiteral("scores")).toObject());
    details.prompt = facts->value(QStringLiteral("prompt")).toString();
    return details;
}

void SupervisorDesk::submitQaReview(const QString &itemId, const QString &vaultId, const QString &decision,
                                    const QStringList &labels)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "submitQaReview", Qt::QueuedConnection, Q_ARG(QString, itemId),
                                  Q_ARG(QString, vaultId), Q_ARG(QString, decision),
                                  Q_ARG(QStringList, labels));
}

} // namespace veil::gui
