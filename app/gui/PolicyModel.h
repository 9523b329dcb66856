// The policy as the decision bar reads it (Workstation.policy): decision types with their number keys and
// titles in the reviewer's language, labels, the skip key, SLA pause reasons and appeal message templates,
// and what blocks a decision (the policy's rules, then the team's). Fed from the policy the service last
// gave (cached, so an offline reviewer can still decide) and again after each fetch.
#pragma once

#include "WorkSettings.h"
#include "sync/SyncEngine.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

// A decision type of the policy (skip is not one: it is PolicyModel::skipKey).
struct DecisionType
{
    Q_GADGET
    QML_VALUE_TYPE(decisionType)
    Q_PROPERTY(QString name MEMBER name FINAL)
    Q_PROPERTY(QString title MEMBER title FINAL)
    Q_PROPERTY(int key MEMBER key FINAL)
    Q_PROPERTY(bool takesLabels MEMBER takesLabels FINAL)
public:
    QString name;  // "" for none
    QString title; // in the reviewer's language where the policy has one
    int key = 0;   // its number key: its place in the policy's order
    bool takesLabels = false;
    bool requiresLabel = false;

    friend bool operator==(const DecisionType &, const DecisionType &) = default;
};

struct PolicyLabel
{
    Q_GADGET
    QML_VALUE_TYPE(policyLabel)
    Q_PROPERTY(QString name MEMBER name FINAL)
    Q_PROPERTY(QString title MEMBER title FINAL)
public:
    QString name;
    QString title;

    friend bool operator==(const PolicyLabel &, const PolicyLabel &) = default;
};

// One of the policy's messages to users for an appeal outcome; `text` has {placeholders} to fill.
struct MessageTemplate
{
    Q_GADGET
    QML_VALUE_TYPE(messageTemplate)
    Q_PROPERTY(QString name MEMBER name FINAL)
    Q_PROPERTY(QString outcome MEMBER outcome FINAL)
    Q_PROPERTY(QString title MEMBER title FINAL)
    Q_PROPERTY(QString text MEMBER text FINAL)
public:
    QString name;
    QString outcome;
    QString title;
    QString text;

    friend bool operator==(const MessageTemplate &, const MessageTemplate &) = default;
};

class PolicyModel;

// The policy's titles as QML reads them (Workstation.policy.titles.of(kind, name)): reached through a
// property that notifies when the policy or the language changes, so every text showing a title is
// re-evaluated then (a plain call on the policy would keep the raw name shown before the first policy came).
class PolicyTitles : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("the policy has it: Workstation.policy.titles")

public:
    explicit PolicyTitles(const PolicyModel &policy, QObject *parent = nullptr)
        : QObject(parent), m_policy(policy)
    {}
    // PolicyModel::title and PolicyModel::choices.
    Q_INVOKABLE QString of(const QString &kind, const QString &name) const;
    Q_INVOKABLE QVariantList choices(const QString &kind, const QStringList &names,
                                     const QString &anyText = {}) const;

private:
    const PolicyModel &m_policy;
};

class PolicyModel : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("the Workstation makes it: Workstation.policy")

    // In the policy's order; skip is not among them.
    Q_PROPERTY(QList<veil::gui::DecisionType> decisionTypes READ decisionTypes NOTIFY changed FINAL)
    Q_PROPERTY(QList<veil::gui::PolicyLabel> labels READ labels NOTIFY changed FINAL)
    // The number key of "skip" in the policy's order of decision types (0: none).
    Q_PROPERTY(int skipKey READ skipKey NOTIFY changed FINAL)
    // Why an SLA clock may be paused (empty: never).
    Q_PROPERTY(QStringList slaPauseReasons READ slaPauseReasons NOTIFY changed FINAL)
    Q_PROPERTY(veil::gui::PolicyTitles *titles READ titles NOTIFY changed FINAL)

public:
    PolicyModel(sync::SyncEngine &engine, const WorkSettings &settings, QObject *parent = nullptr);

    QList<DecisionType> decisionTypes() const { return m_decisionTypes; }
    QList<PolicyLabel> labels() const { return m_labels; }
    int skipKey() const { return m_skipKey; }
    QStringList slaPauseReasons() const { return m_slaPauseReasons; }
    PolicyTitles *titles() { return &m_titlesView; }

    void apply(const QJsonObject &policy);
    // Re-reads the cached policy's titles in the language now in use (after the reviewer changed it).
    Q_INVOKABLE void relocalize();
    // The decision type of that name, or of that number key; an empty one (name "") when there is none.
    Q_INVOKABLE veil::gui::DecisionType decisionType(const QString &name) const;
    Q_INVOKABLE veil::gui::DecisionType decisionForKey(int key) const;
    // The label at that place (L then its digit: 1 is the first); an empty one when there is none.
    Q_INVOKABLE veil::gui::PolicyLabel labelForKey(int digit) const;
    // A decision type's or a label's title in the reviewer's language; the name when the policy has none.
    // (Two lookups: a team's policy may name a label as it names a decision.)
    // (QML reads them through title("decision" / "label", name).)
    QString decisionTitle(const QString &name) const;
    QString labelTitle(const QString &name) const;
    // What the policy's "titles" call a "category", "source", "score" (a classifier's), "sla_pause_reason" or
    // "queue" in the reviewer's language, else in English; a category without one takes its label's title;
    // the name itself when the policy has nothing. Never markup (the service's text is untrusted). Also
    // "decision", "label" (decisionTitle, labelTitle; labels comma-separated as a log row has them: their
    // titles joined by ", ") and "outcome" (an appeal's: the workstation's words).
    QString title(const QString &kind, const QString &name) const;
    // Names with their titles, for a choice (a ComboBox's valueRole "value", textRole "text"); `anyText`
    // first (value "") when given. No names for "decision" or "label": all of the policy's, in its order; for
    // "category" or "source": all that is known (the policy's categories, mapped to labels or titled; the
    // protocol's sources, an appeal's and those the policy titles), by title.
    QVariantList choices(const QString &kind, const QStringList &names, const QString &anyText = {}) const;
    // The policy's messages to users for an outcome ("" for all), after a first "choose a template" entry.
    Q_INVOKABLE QList<veil::gui::MessageTemplate> appealTemplatesFor(const QString &outcome) const;
    // Why a decision cannot be submitted yet (the policy's rules, then the team's), or "".
    Q_INVOKABLE QString blockedReason(const QString &decision, const QStringList &labels,
                                      const QString &rationale = {}) const;
    // The policy's rules alone (appeals: the team's rationale rule is the message's).
    QString policyBlockedReason(const QString &decision, const QStringList &labels) const;

signals:
    void changed();

private:
    sync::SyncEngine &m_engine;
    const WorkSettings &m_settings;
    QList<DecisionType> m_decisionTypes;
    QList<PolicyLabel> m_labels;
    int m_skipKey = 0;
    QStringList m_slaPauseReasons;
    QList<MessageTemplate> m_appealTemplates;
    QJsonObject m_titles;
    QHash<QString, QStringList> m_names; // "category", "source": what a filter offers
    PolicyTitles m_titlesView{*this};
};

} // namespace veil::gui
