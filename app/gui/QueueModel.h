// The open items as a list for QML: most urgent first (or by priority), filterable by category, source,
// cluster and hash-list match, with SLA text and state that follow the service's clock. With groupFamilies a
// near-duplicate family is one row (its most urgent member, ×N) that expands in place to list its members.
// Rows come from the store a page at a time as the view scrolls (canFetchMore/fetchMore), so 100,000 items
// open at once. Fed by the Workstation property; reloads when the queue changes and refreshes the SLA columns
// every 15 s.
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
    Q_PROPERTY(bool hashMatchOnly READ hashMatchOnly WRITE setHashMatchOnly NOTIFY hashMatchOnlyChanged FINAL)
    Q_PROPERTY(bool groupFamilies READ groupFamilies WRITE setGroupFamilies NOTIFY groupFamiliesChanged FINAL)
    // Rows (a family collapsed is one), loaded or not; itemCount: the open items they stand for.
    Q_PROPERTY(int count READ count NOTIFY countChanged FINAL)
    Q_PROPERTY(int itemCount READ itemCount NOTIFY countChanged FINAL)
    Q_PROPERTY(int dueSoonCount READ dueSoonCount NOTIFY slaCountsChanged FINAL)
    Q_PROPERTY(int breachedCount READ breachedCount NOTIFY slaCountsChanged FINAL)

public:
    // QML sees the properties above and the Q_INVOKABLEs; the cluster filter, page size and which family is
    // open are C++'s (tests, benches), so the type stays small.
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
        FamilyRole, // a FamilyState
        // What a row says under its clock, in the reviewer's language: "P0 · Hate symbol · User report ·
        // Hate 0.91" (the priority as people read it, the policy's titles, the top score).
        FactsRole,
        PriorityTextRole, // "P0" (the most urgent) .. "P3"
    };
    Q_ENUM(Role)

    // A row's SLA clock: in warning once the policy's warning share is used; sla::stateAt decides.
    enum SlaState { SlaOk, SlaWarning, SlaBreached, SlaPaused };
    Q_ENUM(SlaState)
    // A row's lease: expiring under 5 minutes before it runs out; expired, a verdict on it may conflict.
    enum LeaseState { LeaseHeld, LeaseExpiring, LeaseExpired };
    Q_ENUM(LeaseState)
    // A row's place in a grouped queue: alone (or not grouped), a family folded into this row, the head of
    // the family shown open, or one of its members listed under the head.
    enum FamilyState { FamilyNone, FamilyCollapsed, FamilyExpanded, FamilyMember };
    Q_ENUM(FamilyState)

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
    bool groupFamilies() const { return m_query.groupFamilies; }
    void setGroupFamilies(bool group);
    QString expandedFamily() const { return m_expanded; }
    // Opens the family (cluster id) under its head row, or folds it if it is the one open; one at a time.
    void toggleFamily(const QString &clusterId);
    // The same for the family of the item on `row` (E, a click on its badge). Returns the row of the head
    // of the family this folded (the one open before), or else of the family it opened — where the review
    // goes if its item was a member folded away; -1 for an item without a family.
    Q_INVOKABLE int toggleFamilyAt(int row);
    int count() const { return m_total; }
    int itemCount() const { return m_itemCount; }
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
    void groupFamiliesChanged();
    void expandedFamilyChanged();
    void countChanged();
    void slaCountsChanged();

private:
    void refreshSla();
    void setSlaCounts(int dueSoon, int breached);
    QString slaText(const queue::QueueItem &item) const;
    QString factsLine(const queue::QueueItem &item) const;
    SlaState slaState(const queue::QueueItem &item) const;
    LeaseState leaseState(qint64 expiresAtMs) const;
    FamilyState familyState(const queue::QueueItem &item) const;
    // The open family's other members, inserted after its head if the page has it; returns how many.
    int insertMembers(QList<queue::QueueItem> &page);
    QString leaseText(qint64 expiresAtMs) const;

    QPointer<Workstation> m_workstation;
    QList<queue::QueueItem> m_items; // the rows fetched so far
    queue::QueueQuery m_query{QStringLiteral("due"), {}, {}, {}, false, false, 500, 0, std::nullopt};
    int m_total = 0;        // rows
    int m_itemCount = 0;    // open items the rows stand for
    QString m_expanded;     // the family listed under its head (cluster id)
    QString m_expandedHead; // its head's item id, once a page had it
    int m_keepRows = 0;     // a reload keeps at least this many rows (a family opened far down)
    bool m_resetting = false;
    bool m_fetching = false;
    bool m_reorder = false; // the next reload follows a new sort order
    qint64 m_nowMs = 0;
    int m_dueSoon = 0;
    int m_breached = 0;
    QTimer m_slaTimer;
};

} // namespace veil::gui
