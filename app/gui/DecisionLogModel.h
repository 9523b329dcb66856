// The team's decision log for the supervisor desk: every accepted verdict pulled from the service's feed,
// newest first, filtered by reviewer, decision, label, category and age, with the filtered rows exported
// as CSV, JSON Lines or DSA statements of reasons. Fed by the Workstation property; reloads after each sync.
#pragma once

#include "DeskSummary.h"
#include "Workstation.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

class DecisionLogModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(veil::gui::Workstation *workstation READ workstation WRITE setWorkstation NOTIFY
                   workstationChanged FINAL)
    Q_PROPERTY(QString reviewer READ reviewer WRITE setReviewer NOTIFY filterChanged FINAL)
    Q_PROPERTY(QString decision READ decision WRITE setDecision NOTIFY filterChanged FINAL)
    Q_PROPERTY(QString label READ label WRITE setLabel NOTIFY filterChanged FINAL)
    Q_PROPERTY(QString category READ category WRITE setCategory NOTIFY filterChanged FINAL)
    // Decided within the last this many days (0: any time).
    Q_PROPERTY(int days READ days WRITE setDays NOTIFY filterChanged FINAL)
    Q_PROPERTY(int count READ count NOTIFY countChanged FINAL)
    // What the filters can choose from: the values present in the whole log.
    Q_PROPERTY(QStringList reviewers READ reviewers NOTIFY choicesChanged FINAL)
    Q_PROPERTY(QStringList categories READ categories NOTIFY choicesChanged FINAL)
    // Why the log could not be read ("" if it could).
    Q_PROPERTY(QString error READ error NOTIFY countChanged FINAL)

public:
    enum Role {
        VerdictIdRole = Qt::UserRole + 1,
        ItemIdRole,
        QueueRole,
        ReviewerRole,
        DecisionRole,
        OutcomeRole, // appeals: uphold | overturn | modify
        LabelsRole,  // comma-separated
        CategoryRole,
        SourceRole,
        DecidedAtRole, // "yyyy-MM-dd HH:mm" UTC
        RationaleRole,
    };
    Q_ENUM(Role)

    explicit DecisionLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Workstation *workstation() const { return m_workstation; }
    void setWorkstation(Workstation *workstation);
    QString reviewer() const { return m_reviewer; }
    void setReviewer(const QString &reviewer);
    QString decision() const { return m_decision; }
    void setDecision(const QString &decision);
    QString label() const { return m_label; }
    void setLabel(const QString &label);
    QString category() const { return m_category; }
    void setCategory(const QString &category);
    int days() const { return m_days; }
    void setDays(int days);
    int count() const { return int(m_rows.size()); }
    QStringList reviewers() const { return m_reviewers; }
    QStringList categories() const { return m_categories; }
    QString error() const { return m_error; }

    // A row as one value; empty (no item id) out of range.
    Q_INVOKABLE veil::gui::DecisionLogEntry record(int row) const;
    // Re-reads the log (after a sync pulled new decisions).
    Q_INVOKABLE void reload();
    // The rows as filtered now, oldest first (what DecisionExport writes).
    QList<exports::DecisionRecord> oldestFirst() const { return {m_rows.crbegin(), m_rows.crend()}; }

signals:
    void workstationChanged();
    void filterChanged();
    void countChanged();
    void choicesChanged();

private:
    void applyFilter();
    template <typename T> void setFilter(T &field, const T &value);

    QPointer<Workstation> m_workstation;
    QString m_reviewer;
    QString m_decision;
    QString m_label;
    QString m_category;
    int m_days = 0;
    QList<exports::DecisionRecord> m_all; // newest first
    QList<exports::DecisionRecord> m_rows;
    QStringList m_reviewers;
    QStringList m_categories;
    QString m_error;
};

} // namespace veil::gui
