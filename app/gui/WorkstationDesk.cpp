// Workstation's supervisor half: the desk's numbers, the team's decision log and its exports, and reference
// items (a decided item or a QA sample, looked at blurred) — the network work on the worker thread.
#include "Workstation.h"

#include "SyncWorker.h"

namespace veil::gui {

void Workstation::refreshDesk()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "fetchDesk", Qt::QueuedConnection);
}

Result<QList<exports::DecisionRecord>> Workstation::teamDecisions(const exports::DecisionFilter &filter)
{
    return exports::DecisionLog(m_workspace.database(), exports::DecisionLog::Source::Team).records(filter);
}

Result<dsa::StatementExport> Workstation::writeStatements(const QList<exports::DecisionRecord> &records,
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

void Workstation::openRecord(const QString &itemId)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "openRecord", Qt::QueuedConnection, Q_ARG(QString, itemId));
}

void Workstation::openQaSample()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "openQaSample", Qt::QueuedConnection);
}

void Workstation::closeReference(const QString &vaultId)
{
    if (m_reveal.itemId() == vaultId)
        m_reveal.end(QStringLiteral("closed"));
    if (m_worker && !vaultId.isEmpty())
        QMetaObject::invokeMethod(m_worker, "closeReference", Qt::QueuedConnection, Q_ARG(QString, vaultId));
}

QVariantMap Workstation::referenceDetails(const QString &vaultId)
{
    auto facts = m_engine.referenceFacts(vaultId);
    if (!facts.ok())
        return {};
    return {{QStringLiteral("category"), facts->value(QStringLiteral("category")).toString()},
            {QStringLiteral("source"), facts->value(QStringLiteral("source")).toString()},
            {QStringLiteral("modelVersion"), facts->value(QStringLiteral("model_version")).toString()},
            {QStringLiteral("scores"), facts->value(QStringLiteral("scores")).toObject().toVariantMap()},
            {QStringLiteral("prompt"), facts->value(QStringLiteral("prompt")).toString()}};
}

void Workstation::submitQaReview(const QString &itemId, const QString &vaultId, const QString &decision,
                                 const QStringList &labels)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "submitQaReview", Qt::QueuedConnection, Q_ARG(QString, itemId),
                                  Q_ARG(QString, vaultId), Q_ARG(QString, decision),
                                  Q_ARG(QStringList, labels));
}

} // namespace veil::gui
