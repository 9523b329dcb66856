#include "QueueModel.h"

#include "DurationText.h"
#include "LocaleText.h"

#include <QLocale>
#include <QSet>

#include <algorithm>
#include <utility>

namespace veil::gui {

namespace {
// The classifier score that is highest, with its name; ("", -1) when the item has none (an appeal).
std::pair<QString, double> topScore(const queue::QueueItem &item)
{
    std::pair<QString, double> top{QString(), -1.0};
    for (auto it = item.scores.begin(); it != item.scores.end(); ++it) {
        if (it.value().toDouble() > top.second)
            top = {it.key(), it.value().toDouble()};
    }
    return top;
}

constexpr qint64 LeaseExpiringMs = 5 * 60 * 1000; // the lease runs out within 5 minutes unless renewed
} // namespace

QueueModel::QueueModel(QObject *parent) : QAbstractListModel(parent)
{
    m_slaTimer.setInterval(15000);
    connect(&m_slaTimer, &QTimer::timeout, this, &QueueModel::refreshSla);
    m_slaTimer.start();
}

void QueueModel::setWorkstation(Workstation *workstation)
{
    if (m_workstation == workstation)
        return;
    if (m_workstation) {
        disconnect(m_workstation, nullptr, this, nullptr);
        disconnect(m_workstation->policy(), nullptr, this, nullptr);
    }
    m_workstation = workstation;
    if (m_workstation) {
        connect(m_workstation, &Workstation::queueChanged, this, &QueueModel::reload);
        // New titles (another language, a new policy): the rows' words change, nothing else.
        connect(m_workstation->policy(), &PolicyModel::changed, this, [this] {
            if (!m_items.isEmpty())
                emit dataChanged(index(0), index(int(m_items.size()) - 1), {FactsRole, PriorityTextRole});
        });
    }
    emit workstationChanged();
    reload();
}

void QueueModel::setSortBy(const QString &sortBy)
{
    if (m_query.sortBy == sortBy || (sortBy != QLatin1String("due") && sortBy != QLatin1String("priority")))
        return;
    m_query.sortBy = sortBy;
    emit sortByChanged();
    m_reorder = true; // every row moves: one reset, no row-by-row comparison
    reload();
}

void QueueModel::setCategoryFilter(const QString &category)
{
    if (m_query.category == category)
        return;
    m_query.category = category;
    emit categoryFilterChanged();
    reload();
}

void QueueModel::setSourceFilter(const QString &source)
{
    if (m_query.source == source)
        return;
    m_query.source = source;
    emit sourceFilterChanged();
    reload();
}

void QueueModel::setClusterFilter(const QString &clusterId)
{
    if (m_query.clusterId == clusterId)
        return;
    m_query.clusterId = clusterId;
    emit clusterFilterChanged();
    reload();
}

void QueueModel::setHashMatchOnly(bool only)
{
    if (m_query.hashMatchOnly == only)
        return;
    m_query.hashMatchOnly = only;
    emit hashMatchOnlyChanged();
    reload();
}

void QueueModel::setPageSize(int rows)
{
    rows = std::clamp(rows, 1, 10000);
    if (m_query.limit == rows)
        return;
    m_query.limit = rows;
    emit pageSizeChanged();
    reload();
}

void QueueModel::setGroupFamilies(bool group)
{
    if (m_query.groupFamilies == group)
        return;
    m_query.groupFamilies = group;
    emit groupFamiliesChanged();
    if (!m_expanded.isEmpty()) {
        m_expanded.clear();
        emit expandedFamilyChanged();
    }
    m_reorder = true;
    reload();
}

void QueueModel::toggleFamily(const QString &clusterId)
{
    // The rows already scrolled in stay: a family opened far down the list opens where it is. (Counted
    // before the family changes: its head would read as a member of the family about to open.)
    const int keep =
        int(std::count_if(m_items.cbegin(), m_items.cend(), [this](const queue::QueueItem &item) {
            return familyState(item) != FamilyMember;
        }));
    m_expanded = m_expanded == clusterId ? QString() : clusterId;
    emit expandedFamilyChanged();
    m_keepRows = keep;
    reload();
    m_keepRows = 0;
}

int QueueModel::toggleFamilyAt(int row)
{
    if (row < 0 || row >= m_items.size() || familyState(m_items.at(row)) == FamilyNone)
        return -1;
    const QString clusterId = m_items.at(row).clusterId;
    // The family folded by this toggle (the one open before), or else the one opened: where a reviewer on a
    // member that folded away goes.
    const QString answer = m_expanded.isEmpty() ? clusterId : m_expanded;
    toggleFamily(clusterId);
    for (int r = 0; r < m_items.size(); ++r)
        if (m_items.at(r).clusterId == answer)
            return r; // its head: the first of the family listed
    return -1;
}

QueueModel::FamilyState QueueModel::familyState(const queue::QueueItem &item) const
{
    if (!m_query.groupFamilies || !m_query.clusterId.isEmpty() || item.clusterId.isEmpty() ||
        item.clusterOpen < 2)
        return FamilyNone;
    if (item.clusterId != m_expanded)
        return FamilyCollapsed;
    return item.itemId == m_expandedHead ? FamilyExpanded : FamilyMember;
}

int QueueModel::insertMembers(QList<queue::QueueItem> &page)
{
    if (m_expanded.isEmpty() || !m_query.groupFamilies || !m_query.clusterId.isEmpty())
        return 0;
    const auto head = std::find_if(page.begin(), page.end(), [this](const queue::QueueItem &item) {
        return item.clusterId == m_expanded;
    });
    if (head == page.end())
        return 0;
    m_expandedHead = head->itemId;
    queue::QueueQuery family = m_query; // the same filters and order as the heads
    family.groupFamilies = false;
    family.clusterId = m_expanded;
    family.limit = 10000;
    family.offset = 0;
    family.after.reset();
    auto members = m_workstation->reviewQueue().openItems(family);
    if (!members.ok())
        return 0;
    members->removeIf([this](const queue::QueueItem &item) { return item.itemId == m_expandedHead; });
    const qsizetype at = head - page.begin() + 1;
    for (qsizetype i = 0; i < members->size(); ++i)
        page.insert(at + i, members->at(i));
    return int(members->size());
}

void QueueModel::reload()
{
    QList<queue::QueueItem> items;
    int total = 0, itemCount = 0, dueSoon = 0, breached = 0, members = 0;
    const int before = m_total, itemsBefore = m_itemCount;
    if (m_workstation) {
        m_nowMs = m_workstation->reviewQueue().serviceNowMs();
        queue::QueueQuery first = m_query;
        first.offset = 0;
        first.limit = std::max(m_query.limit, m_keepRows);
        if (auto page = m_workstation->reviewQueue().openItems(first); page.ok())
            items = std::move(page).value();
        // A family decided or gone stays shut: a later item in a cluster of that id does not open by itself.
        if (!m_expanded.isEmpty()) {
            queue::QueueQuery family; // open members as the rows count them (corrections included)
            family.clusterId = m_expanded;
            family.limit = 1;
            auto left = m_workstation->reviewQueue().openItems(family);
            if (left.ok() && left->isEmpty()) {
                m_expanded.clear();
                emit expandedFamilyChanged();
            }
        }
        m_expandedHead.clear();
        members = insertMembers(items);
        if (auto counts = m_workstation->reviewQueue().counts(m_query, m_nowMs); counts.ok()) {
            total = counts->rows + members;
            itemCount = counts->open;
            dueSoon = counts->dueSoon;
            breached = counts->breached;
        }
    }
    applyPage(std::move(items));
    m_itemCount = itemCount;
    if (total != m_total) {
        m_total = total;
        emit countChanged();
    } else if (total != before || itemCount != itemsBefore) {
        emit countChanged();
    }
    setSlaCounts(dueSoon, breached);
}

void QueueModel::applyPage(QList<queue::QueueItem> items)
{
    // Nothing may fetch while the change is being announced (QAbstractItemModelTester, for one, calls
    // fetchMore from its modelReset handler): the new rows are not counted until it is over.
    m_resetting = true;
    QSet<QString> incoming;
    if (!m_reorder) {
        incoming.reserve(items.size());
        for (const queue::QueueItem &item : std::as_const(items))
            incoming.insert(item.itemId);
    }
    // A view can follow row by row only if the rows that stay keep their order among the new ones, and
    // few runs of rows leave or come (a new sort or filter would be thousands of steps: one reset is
    // cheaper).
    constexpr int MaxRuns = 16;
    int runs = 0;
    qsizetype kept = 0;
    bool inOrder = true;
    for (qsizetype row = 0; row < m_items.size() && inOrder && !m_reorder; ++row) {
        const QString &id = m_items.at(row).itemId;
        if (!incoming.contains(id)) {
            if (row == 0 || incoming.contains(m_items.at(row - 1).itemId))
                ++runs; // a run that leaves
            continue;
        }
        const qsizetype from = kept;
        while (kept < items.size() && items.at(kept).itemId != id)
            ++kept;
        if (kept > from)
            ++runs; // a run that comes, before this row
        inOrder = kept < items.size();
        ++kept;
    }
    if (kept < items.size())
        ++runs; // new rows after the last that stays
    if (std::exchange(m_reorder, false) || !inOrder || runs > MaxRuns) {
        beginResetModel();
        m_items = std::move(items);
        endResetModel();
        m_total = int(m_items.size());
        m_resetting = false;
        return;
    }
    // Rows that left (decided, skipped, gone back to the service, past the first page), from the end so
    // the rows still to visit keep their numbers; a contiguous run leaves in one step.
    for (int row = int(m_items.size()) - 1; row >= 0;) {
        if (incoming.contains(m_items.at(row).itemId)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !incoming.contains(m_items.at(first - 1).itemId))
            --first;
        beginRemoveRows({}, first, row);
        m_items.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    if (m_items.isEmpty()) { // the first page, or all rows left: the new ones in one step
        if (!items.isEmpty()) {
            beginInsertRows({}, 0, int(items.size()) - 1);
            m_items = std::move(items);
            endInsertRows();
        }
        m_total = int(m_items.size());
        m_resetting = false;
        return;
    }
    // New rows, in runs up to the next row already here (which comes later in `items`).
    for (int row = 0; row < int(items.size());) {
        if (row < m_items.size() && m_items.at(row).itemId == items.at(row).itemId) {
            m_items[row] = items.at(row); // its lease, clock or cluster may have moved
            ++row;
            continue;
        }
        int end = row;
        if (row >= m_items.size())
            end = int(items.size()); // the rest are new
        else
            while (end < int(items.size()) && items.at(end).itemId != m_items.at(row).itemId)
                ++end;
        beginInsertRows({}, row, end - 1);
        m_items = m_items.mid(0, row) + items.mid(row, end - row) + m_items.mid(row);
        endInsertRows();
        row = end;
    }
    if (!m_items.isEmpty())
        emit dataChanged(index(0), index(int(m_items.size()) - 1));
    m_total = int(m_items.size());
    m_resetting = false;
}

bool QueueModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_resetting && !m_fetching && m_workstation && m_items.size() < m_total;
}

void QueueModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    queue::QueueQuery next = m_query;
    // The page after the last head: an open family's members follow their head but are not in its order.
    auto last = m_items.crbegin();
    while (last != m_items.crend() && familyState(*last) == FamilyMember)
        ++last;
    if (last == m_items.crend())
        return;
    next.after = queue::QueueQuery::After{last->dueAtMs, last->priority, last->itemId};
    auto page = m_workstation->reviewQueue().openItems(next);
    if (!page.ok() || page->isEmpty())
        return;
    const int members = m_expandedHead.isEmpty() ? insertMembers(page.value()) : 0;
    // No nested fetch while the insertion is announced: it would ask for this same page again.
    m_fetching = true;
    beginInsertRows({}, int(m_items.size()), int(m_items.size() + page->size()) - 1);
    m_items.append(std::move(page).value());
    endInsertRows();
    m_fetching = false;
    if (members > 0) {
        m_total += members;
        emit countChanged();
    }
}

void QueueModel::refreshSla()
{
    int dueSoon = 0, breached = 0;
    if (m_workstation) {
        m_nowMs = m_workstation->reviewQueue().serviceNowMs();
        if (auto counts = m_workstation->reviewQueue().counts(m_query, m_nowMs); counts.ok()) {
            dueSoon = counts->dueSoon;
            breached = counts->breached;
        }
    }
    if (!m_items.isEmpty())
        emit dataChanged(index(0), index(int(m_items.size()) - 1),
                         {SlaTextRole, SlaStateRole, LeaseStateRole, LeaseTextRole});
    setSlaCounts(dueSoon, breached);
}

void QueueModel::setSlaCounts(int dueSoon, int breached)
{
    if (dueSoon != m_dueSoon || breached != m_breached) {
        m_dueSoon = dueSoon;
        m_breached = breached;
        emit slaCountsChanged();
    }
}

QString QueueModel::slaText(const queue::QueueItem &item) const
{
    if (item.slaPausedAtMs > 0)
        return tr("clock paused");
    const qint64 left = item.dueAtMs - m_nowMs;
    const QString left_ = DurationText::of(left);
    return left < 0 ? tr("overdue %1", "SLA: overdue by a duration").arg(left_)
                    : tr("due in %1", "SLA: due after a duration").arg(left_);
}

QueueModel::SlaState QueueModel::slaState(const queue::QueueItem &item) const
{
    switch (item.slaStateAt(m_nowMs)) {
    case sla::SlaState::Ok:
        return SlaOk;
    case sla::SlaState::Warning:
        return SlaWarning;
    case sla::SlaState::Breached:
        return SlaBreached;
    case sla::SlaState::Paused:
        return SlaPaused;
    }
    return SlaOk;
}

QueueModel::LeaseState QueueModel::leaseState(qint64 expiresAtMs) const
{
    const qint64 left = expiresAtMs - m_nowMs;
    return left <= 0 ? LeaseExpired : left < LeaseExpiringMs ? LeaseExpiring : LeaseHeld;
}

QString QueueModel::leaseText(qint64 expiresAtMs) const
{
    const qint64 left = expiresAtMs - m_nowMs;
    if (left <= 0)
        return tr("lease expired: sync to claim it again");
    return tr("lease %1", "how long the lease still runs").arg(DurationText::of(left));
}

int QueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant QueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const queue::QueueItem &item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case ItemIdRole:
        return item.itemId;
    case QueueRole:
        return item.queue;
    case CategoryRole:
        return item.category;
    case SourceRole:
        return item.source;
    case PriorityRole:
        return item.priority;
    case DueAtRole:
        return double(item.dueAtMs);
    case SlaTextRole:
        return slaText(item);
    case SlaStateRole:
        return slaState(item);
    case TopScoreNameRole:
        return topScore(item).first;
    case TopScoreRole:
        return std::max(topScore(item).second, 0.0);
    case ScoresRole:
        return item.scores.toVariantMap();
    case ClusterIdRole:
        return item.clusterId;
    case ClusterOpenRole:
        return item.clusterOpen;
    case HashMatchRole:
        return item.hashMatches.join(QStringLiteral(", "));
    case ModelVersionRole:
        return item.modelVersion;
    case MediaShaRole:
        return item.mediaSha256.value(0);
    case AppealOfRole:
        return item.appealOf;
    case LeaseStateRole:
        return leaseState(item.leaseExpiresAtMs);
    case LeaseTextRole:
        return leaseText(item.leaseExpiresAtMs);
    case FamilyRole:
        return familyState(item);
    case PriorityTextRole:
        return LocaleText::priority(item.priority);
    case FactsRole:
        return factsLine(item);
    }
    return {};
}

QString QueueModel::factsLine(const queue::QueueItem &item) const
{
    const PolicyModel *policy = m_workstation ? m_workstation->policy() : nullptr;
    const auto title = [policy](const char *kind, const QString &name) {
        return policy ? policy->title(QLatin1String(kind), name) : name;
    };
    QStringList parts{LocaleText::priority(item.priority), title("category", item.category),
                      title("source", item.source)};
    const auto [topName, top] = topScore(item);
    if (!topName.isEmpty()) // an appeal has no scores: nothing rather than "0.00"
        parts << tr("%1 %2", "a classifier score: its name and value")
                     .arg(title("score", topName), LocaleText::decimal(top, 2));
    parts.removeAll(QString());
    return parts.join(QStringLiteral(" · "));
}

QHash<int, QByteArray> QueueModel::roleNames() const
{
    return {{ItemIdRole, "itemId"},
            {QueueRole, "queue"},
            {CategoryRole, "category"},
            {SourceRole, "source"},
            {PriorityRole, "priority"},
            {DueAtRole, "dueAt"},
            {SlaTextRole, "slaText"},
            {SlaStateRole, "slaState"},
            {TopScoreNameRole, "topScoreName"},
            {TopScoreRole, "topScore"},
            {ScoresRole, "scores"},
            {ClusterIdRole, "clusterId"},
            {ClusterOpenRole, "clusterOpen"},
            {HashMatchRole, "hashMatch"},
            {ModelVersionRole, "modelVersion"},
            {MediaShaRole, "mediaSha"},
            {AppealOfRole, "appealOf"},
            {LeaseStateRole, "leaseState"},
            {LeaseTextRole, "leaseText"},
            {FamilyRole, "family"},
            {FactsRole, "facts"},
            {PriorityTextRole, "priorityText"}};
}

QString QueueModel::itemIdAt(int row)
{
    while (row >= m_items.size() && canFetchMore({}))
        fetchMore({});
    return row >= 0 && row < m_items.size() ? m_items.at(row).itemId : QString();
}

int QueueModel::rowOf(const QString &itemId) const
{
    for (int i = 0; i < m_items.size(); ++i)
        if (m_items.at(i).itemId == itemId)
            return i;
    return -1;
}

QVariantMap QueueModel::get(int row) const
{
    QVariantMap map;
    if (row < 0 || row >= m_items.size())
        return map;
    const QHash<int, QByteArray> names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        map.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return map;
}

} // namespace veil::gui
