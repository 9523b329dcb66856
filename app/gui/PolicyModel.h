// The policy as the decision bar reads it (Workstation.policy): decision types with their number keys and
// titles in the reviewer's language, labels, the skip key, SLA pause reasons and appeal message templates,
// and what blocks a decision (the policy's rules, then the team's). Fed from the policy the service last
// gave (cached, so an offline reviewer can still decide) and again after each fetch.
#pragma once

#include "WorkSettings.h"
#include "sync/SyncEngine.h"

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

class PolicyModel : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("the Workstation makes it: Workstation.policy")

    // {name, title, key (its number key), takesLabels, requires_label, ...} per decision type but skip.
    Q_PROPERTY(QVariantList decisionTypes READ decisionTypes NOTIFY changed FINAL)
    Q_PROPERTY(QVariantList labels READ labels NOTIFY changed FINAL)
    // The number key of "skip" in the policy's order of decision types (0: none).
    Q_PROPERTY(int skipKey READ skipKey NOTIFY changed FINAL)
    // Why an SLA clock may be paused (empty: never).
    Q_PROPERTY(QStringList slaPauseReasons READ slaPauseReasons NOTIFY changed FINAL)
    // The policy's messages to users for appeal outcomes: {name, outcome, title, text with {placeholders}}.
    Q_PROPERTY(QVariantList appealTemplates READ appealTemplates NOTIFY changed FINAL)

public:
    PolicyModel(sync::SyncEngine &engine, const WorkSettings &settings, QObject *parent = nullptr);

    QVariantList decisionTypes() const { return m_decisionTypes; }
    QVariantList labels() const { return m_labels; }
    int skipKey() const { return m_skipKey; }
    QStringList slaPauseReasons() const { return m_slaPauseReasons; }
    QVariantList appealTemplates() const { return m_appealTemplates; }

    void apply(const QJsonObject &policy);
    // Re-reads the cached policy's titles in the language now in use (after the reviewer changed it).
    Q_INVOKABLE void relocalize();
    // The message templates for an outcome ("" for all), after a first "choose a template" entry.
    Q_INVOKABLE QVariantList appealTemplatesFor(const QString &outcome) const;
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
    QVariantList m_decisionTypes;
    QVariantList m_labels;
    QStringList m_labelRequired; // decision types that need at least one label
    int m_skipKey = 0;
    QStringList m_slaPauseReasons;
    QVariantList m_appealTemplates;
};

} // namespace veil::gui
