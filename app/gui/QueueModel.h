// The open items as a list for QML: most urgent first (or by priority), filterable by category, with SLA
// text and state that follow the service's clock. Fed by the Workstation property; reloads when the
// queue changes and refreshes the SLA columns every 15 seconds.
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

    Q_PROPERTY(
        veil::gui::Workstation *workstation READ workstation WRITE setWorkstation NOTIFY workstationChanged)
    Q_PROPERTY(QString sortBy READ sortBy WRITE setSortBy NOTIFY sortByChanged)
    Q_PROPERTY(
        QString categoryFilter READ categoryFilter WRITE setCategoryFilter NOTIFY categoryFilterChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int dueSoonCount READ dueSoonCount NOTIFY slaCountsChanged)
    Q_PROPERTY(int breachedCount READ breachedCount NOTIFY slaCountsChanged)

public:
    enum Role {
        ItemIdRole = Qt::UserRole + 1,
        QueueRole,
        CategoryRole,
        SourceRole,
        PriorityRole,
        DueAtRole,
        SlaTextRole,
        SlaStateRole, // "ok", "warning" (under an hour), "breached"
        TopScoreNameRole,
        TopScoreRole,
        ScoresRole,
        ClusterIdRole,
        ClusterOpenRole,
        HashMatchRole,
        ModelVersionRole,
        MediaShaRole,
        AppealOfRole,
    };
    Q_ENUM(Role)

    explicit QueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Workstation *workstation() const { return m_workstation; }
    void setWorkstation(Workstation *workstation);
    QString sortBy() const { return m_sortBy; }
    void setSortBy(const QString &sortBy);
    QString categoryFilter() const { return m_categoryFilter; }
    void setCategoryFilter(const QString &category);
    int count() const { return int(m_items.size()); }
    int dueSoonCount() const { return m_dueSoon; }
    int breachedCount() const { return m_breached; }

    Q_INVOKABLE QString itemIdAt(int row) const;
    Q_INVOKABLE int rowOf(const QString &itemId) const;
    Q_INVOKABLE QVariantMap get(int row) const;

public slots:
    void reload();

signals:
    void workstationChanged();
    void sortByChanged();
    void categoryFilterChanged();
    void countChanged();
    void slaCountsChanged();

private:
    void refreshSla();
    QString slaText(qint64 dueAtMs) const;
    QString slaState(qint64 dueAtMs) const;

    QPointer<Workstation> m_workstation;
    QList<queue::QueueItem> m_items;
    QString m_sortBy = QStringLiteral("due");
    QString m_categoryFilter;
    qint64 m_nowMs = 0;
    int m_dueSoon = 0;
    int m_breached = 0;
    QTimer m_slaTimer;
};

} // namespace veil::gui
