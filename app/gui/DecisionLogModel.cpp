#include "DecisionLogModel.h"

#include "protocol/Verdict.h"

#include <QDateTime>

#include <algorithm>

namespace veil::gui {

DecisionLogModel::DecisionLogModel(QObject *parent) : QAbstractListModel(parent) {}

int DecisionLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant DecisionLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const exports::DecisionRecord &r = m_rows.at(index.row());
    const auto field = [&](const char *key) { return r.verdict.value(QLatin1String(key)).toString(); };
    switch (role) {
    case Qt::DisplayRole:
    case VerdictIdRole:
        return field("verdict_id");
    case ItemIdRole:
        return r.itemId;
    case QueueRole:
        return field("queue");
    case ReviewerRole:
        return field("reviewer");
    case DecisionRole:
        return field("decision");
    case OutcomeRole:
        return field("outcome");
    case LabelsRole:
        return protocol::verdictLabels(r.verdict).join(QStringLiteral(", "));
    case CategoryRole:
        return r.category;
    case SourceRole:
        return r.source;
    case DecidedAtRole:
        return QDateTime::fromMSecsSinceEpoch(r.decidedAtMs, Qt::UTC)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case RationaleRole:
        return field("rationale");
    default:
        return {};
    }
}

QHash<int, QByteArray> DecisionLogModel::roleNames() const
{
    return {{VerdictIdRole, "verdictId"}, {ItemIdRole, "itemId"},      {QueueRole, "queue"},
            {ReviewerRole, "reviewer"},   {DecisionRole, "decision"},  {OutcomeRole, "outcome"},
            {LabelsRole, "labels"},       {CategoryRole, "category"},  {SourceRole, "source"},
            {DecidedAtRole, "decidedAt"}, {RationaleRole, "rationale"}};
}

DecisionLogEntry DecisionLogModel::record(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const QModelIndex at = index(row);
    const auto text = [&](Role role) { return data(at, role).toString(); };
    return {text(VerdictIdRole), text(ItemIdRole),    text(QueueRole),    text(ReviewerRole),
            text(DecisionRole),  text(OutcomeRole),   text(LabelsRole),   text(CategoryRole),
            text(SourceRole),    text(DecidedAtRole), text(RationaleRole)};
}

void DecisionLogModel::setWorkstation(Workstation *workstation)
{
    if (m_workstation == workstation)
        return;
    if (m_workstation)
        disconnect(m_workstation, nullptr, this, nullptr);
    m_workstation = workstation;
    // Each sync round may have pulled new decisions from the feed.
    if (m_workstation)
        connect(m_workstation, &Workstation::syncFinished, this, &DecisionLogModel::reload);
    emit workstationChanged();
    reload();
}

template <typename T> void DecisionLogModel::setFilter(T &field, const T &value)
{
    if (field == value)
        return;
    field = value;
    emit filterChanged();
    applyFilter();
}

void DecisionLogModel::setReviewer(const QString &reviewer)
{
    setFilter(m_reviewer, reviewer);
}

void DecisionLogModel::setDecision(const QString &decision)
{
    setFilter(m_decision, decision);
}

void DecisionLogModel::setLabel(const QString &label)
{
    setFilter(m_label, label);
}

void DecisionLogModel::setCategory(const QString &category)
{
    setFilter(m_category, category);
}

void DecisionLogModel::setDays(int days)
{
    setFilter(m_days, std::max(0, days));
}

void DecisionLogModel::reload()
{
    m_all.clear();
    m_error.clear();
    if (m_workstation) {
        auto records = m_workstation->desk()->teamDecisions({});
        if (records.ok())
            m_all = std::move(records).value();
        else
            m_error = records.error().message;
    }
    std::reverse(m_all.begin(), m_all.end());
    QStringList reviewers, categories;
    for (const exports::DecisionRecord &r : std::as_const(m_all)) {
        reviewers << r.verdict.value(QStringLiteral("reviewer")).toString();
        categories << r.category;
    }
    for (QStringList *list : {&reviewers, &categories}) {
        list->sort();
        list->removeDuplicates();
    }
    if (reviewers != m_reviewers || categories != m_categories) {
        m_reviewers = reviewers;
        m_categories = categories;
        emit choicesChanged();
    }
    applyFilter();
}

void DecisionLogModel::applyFilter()
{
    const qint64 since =
        m_days > 0 ? QDateTime::currentMSecsSinceEpoch() - qint64(m_days) * 24 * 3600 * 1000 : 0;
    const auto is = [](const QString &wanted, const QString &value) {
        return wanted.isEmpty() || wanted == value;
    };
    beginResetModel();
    m_rows.clear();
    for (const exports::DecisionRecord &r : std::as_const(m_all)) {
        if (is(m_reviewer, r.verdict.value(QStringLiteral("reviewer")).toString()) &&
            is(m_decision, r.verdict.value(QStringLiteral("decision")).toString()) &&
            is(m_category, r.category) &&
            (m_label.isEmpty() || protocol::verdictLabels(r.verdict).contains(m_label)) &&
            r.decidedAtMs >= since)
            m_rows.append(r);
    }
    endResetModel();
    emit countChanged();
}

} // namespace veil::gui
