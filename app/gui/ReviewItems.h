// The review view's side of the items on the queue (Workstation.items): what is shown beside the media,
// the lease kept while an item is open, and its SLA clock paused and resumed where the policy allows
// (audited). Network work is asked of the Workstation's worker through signals.
#pragma once

#include "ItemDetails.h"
#include "workspace/Workspace.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

#include <functional>

namespace veil::gui {

class ReviewItems : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("the Workstation makes it: Workstation.items")

public:
    // The policy the service last gave (cached), if any: for suggested labels and statements of reasons.
    using CachedPolicy = std::function<std::optional<QJsonObject>()>;
    ReviewItems(Workspace &workspace, queue::ReviewQueue &queue, CachedPolicy policy,
                QObject *parent = nullptr);

    // An item's details; empty (itemId "") when it is not on the queue.
    Q_INVOKABLE veil::gui::ItemDetails details(const QString &itemId);
    // Keeps the lease of the open item (the worker renews it; Workstation::leaseRenewed tells how it went).
    Q_INVOKABLE void renewLease(const QString &itemId);
    // Stops or restarts an item's SLA clock (audited); "" or why not (the policy may not allow it).
    Q_INVOKABLE QString pauseClock(const QString &itemId, const QString &reason);
    Q_INVOKABLE QString resumeClock(const QString &itemId);

signals:
    void leaseRenewalDue(const QString &itemId);
    // The service's clock of the item follows: push the SLA report.
    void pushDue();
    void queueChanged();

private:
    QString clockChanged(const Result<void> &changed);

    Workspace &m_workspace;
    queue::ReviewQueue &m_queue;
    CachedPolicy m_policy;
};

} // namespace veil::gui
