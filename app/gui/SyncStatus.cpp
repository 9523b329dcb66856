#include "SyncStatus.h"

namespace veil::gui {

void SyncStatus::setState(bool online, int outboxPending, const QString &lastSync,
                          const QList<UnsettledVerdict> &unsettled)
{
    m_online = online;
    m_outboxPending = outboxPending;
    m_lastSync = lastSync;
    m_unsettled = unsettled;
    emit stateChanged();
}

void SyncStatus::setLastError(const QString &error)
{
    if (m_lastError == error)
        return;
    m_lastError = error;
    emit stateChanged();
}

void SyncStatus::setProgress(bool syncing, int done, int total)
{
    m_syncing = syncing;
    m_done = done;
    m_total = total;
    emit progressChanged();
}

} // namespace veil::gui
