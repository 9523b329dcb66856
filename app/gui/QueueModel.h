// The open items as a list for QML: most urgent first (or by priority), filterable by category, source,
// cluster and hash-list match, with SLA text and state that follow the service's clock. Rows come from
// the store a page at a time as the view scrolls (canFetchMore/fetchMore), so 100,000 items open at once.
// Fed by the Workstation property; reloads when the queue changes and refreshes the SLA columns every 15 s.
#pragma once

#include "Workstation.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

class QueueModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(veil::gui::Workstation *workstation READ workstation WRITE setWorkstation NOTIFY
                   workstationChanged FINAL)
    Q_PROPERTY(QString sortBy READ sortBy WRITE setSortBy NOTIFY sortByChanged FINAL)
    Q_PROPERTY(
        QString categoryFilter READ categoryFilter WRITE setCategoryFilter NOTIFY categoryFilterChanged FINAL)
    Q_PROPERTY(QString sourceFilter READ sourceFilter WRITE setSourceFilter NOTIFY sourceFilterChanged FINAL)
    Q_PROPERTY(
        QString clusterFilter READ clusterFilter WRITE setClusterFilter NOTIFY clusterFilterChanged FINAL)
    Q_PROPERTY(bool hashMatchOnly READ hashMatchOnly WRITE setHashMatchOnly NOTIFY hashMatchOnlyChanged FINAL)
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageSizeChanged FINAL)
    Q_PROPERTY(int count READ count NOTIFY countChanged FINAL)
    Q_PROPERTY(int dueSoonCount READ dueSoonCount NOTIFY slaCountsChanged FINAL)
    Q_PROPERTY(int breachedCount READ breachedCount NOTIFY slaCountsChanged FINAL)

public:
    enum Role {
        ItemIdRole = Qt::UserRole + 1,
        QueueRole,
        CategoryRole,
        SourceRole,
        PriorityRole,
        DueAtRole,
        SlaTextRole,
        SlaStateRole, // a SlaState
        TopScoreNameRole,
        TopScoreRole,
        ScoresRole,
        ClusterIdRole,
        ClusterOpenRole,
        HashMatchRole,
        ModelVersionRole,
        MediaShaRole,
        AppealOfRole,
        LeaseStateRole, // a LeaseState
        LeaseTextRole,
    };
    Q_ENUM(Role)

    // A row's SLA clock: in warning once the policy's warning share is used; sla::stateAt decides.
    enum SlaState { SlaOk, SlaWarning, SlaBreached, SlaPaused };
    Q_ENUM(SlaState)
    // A row's lease: expiring under 5 minutes before it runs out; expired, a verdict on it may conflict.
    enum LeaseState { LeaseHeld, LeaseExpiring, LeaseExpired };
    Q_ENUM(LeaseState)

    explicit QueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Workstation *workstation() const { return m_workstation; }
    void setWorkstation(Workstation *workstation);
    QString sortBy() const { return m_query.sortBy; }
    void setSortBy(const QString &sortBy);
    QString categoryFilter() const { return m_query.category; }
    void setCategoryFilter(const QString &category);
    QString sourceFilter() const { return m_query.source; }
    void setSourceFilter(const QString &source);
    QString clusterFilter() const { return m_query.clusterId; }
    void setClusterFilter(const QString &clusterId);
    bool hashMatchOnly() const { return m_query.hashMatchOnly; }
    void setHashMatchOnly(bool only);
    int pageSize() const { return m_query.limit; }
    void setPageSize(int rows);
    // Open items matching the filters, loaded or not.
    int count() const { return m_total; }
    int dueSoonCount() const { return m_dueSoon; }
    int breachedCount() const { return m_breached; }

    // Fetches pages as needed, so J can walk past what the view has loaded.
    Q_INVOKABLE QString itemIdAt(int row);
    Q_INVOKABLE int rowOf(const QString &itemId) const;
    // A row's roles by name (C++ and tests; QML reads rows through its delegates' required properties).
    QVariantMap get(int row) const;

    // Not slots: C++ connects them by address; QML has no business with either.
    void reload();
    // Brings the rows to `items` (a fresh first page) in steps a view can follow: rows that left are
    // removed, new rows inserted, the rest updated in place, so a decided item leaves by rowsRemoved and
    // the view keeps its place. Only a changed order (another sort, a filter) resets the model.
    void applyPage(QList<queue::QueueItem> items);

signals:
    void workstationChanged();
    void sortByChanged();
    void categoryFilterChanged();
    void sourceFilterChanged();
    void clusterFilterChanged();
    void hashMatchOnlyChanged();
    void pageSizeChanged();
    void countChanged();
    void slaCountsChanged();

private:
    void refreshSla();
    void setSlaCounts(int dueSoon, int breached);
    QString slaText(const queue::QueueItem &item) const;
    SlaState slaState(const queue::QueueItem &item) const;
    LeaseState leaseState(qint64 expiresAtMs) const;
    QString leaseText(qint64 expiresAtMs) const;

    QPointer<Workstation> m_workstation;
    QList<queue::QueueItem> m_items; // the rows fetched so far
    queue::QueueQuery m_query{QStringLiteral("due"), {}, {}, {}, false, 500, 0, std::nullopt};
    int m_total = 0;
    bool m_resetting = false;
    bool m_fetching = false;
    bool m_reorder = false; // the next reload follows a new sort order
    qint64 m_nowMs = 0;
    int m_dueSoon = 0;
    int m_breached = 0;
    QTimer m_slaTimer;
};

} // namespace veil::gui
