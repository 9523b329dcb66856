// The supervisor desk's numbers as QML reads them (Workstation.desk.summary): desk::DeskReport, checked in
// core, as typed QML value types. A figure the service left undefined (a kappa, a median) says so in its
// has… flag.
#pragma once

#include "desk/DeskReport.h"

#include <QList>
#include <QtQml/qqmlregistration.h>

namespace veil::gui {

// Agreement with blind QA re-review: of a reviewer, or overall (reviewer "").
struct AgreementFigure
{
    Q_GADGET
    QML_VALUE_TYPE(agreementFigure)
    Q_PROPERTY(QString reviewer MEMBER reviewer FINAL)
    Q_PROPERTY(int n MEMBER n FINAL)
    Q_PROPERTY(double percent MEMBER percent FINAL)
    Q_PROPERTY(bool hasKappa MEMBER hasKappa FINAL)
    Q_PROPERTY(double kappa MEMBER kappa FINAL)
public:
    QString reviewer;
    int n = 0;
    double percent = 0;
    bool hasKappa = false; // undefined when every rating was the same
    double kappa = 0;

    friend bool operator==(const AgreementFigure &, const AgreementFigure &) = default;
};

// A decision of the team's log as a reference view shows it.
struct DecisionLogEntry
{
    Q_GADGET
    QML_VALUE_TYPE(decisionLogEntry)
    Q_PROPERTY(QString verdictId MEMBER verdictId FINAL)
    Q_PROPERTY(QString itemId MEMBER itemId FINAL)
    Q_PROPERTY(QString queue MEMBER queue FINAL)
    Q_PROPERTY(QString reviewer MEMBER reviewer FINAL)
    Q_PROPERTY(QString decision MEMBER decision FINAL)
    Q_PROPERTY(QString outcome MEMBER outcome FINAL)
    Q_PROPERTY(QString labels MEMBER labels FINAL)
    Q_PROPERTY(QString category MEMBER category FINAL)
    Q_PROPERTY(QString source MEMBER source FINAL)
    Q_PROPERTY(QString decidedAt MEMBER decidedAt FINAL)
    Q_PROPERTY(QString rationale MEMBER rationale FINAL)
public:
    QString verdictId;
    QString itemId;
    QString queue;
    QString reviewer;
    QString decision;
    QString outcome; // appeals: uphold | overturn | modify
    QString labels;  // comma-separated
    QString category;
    QString source;
    QString decidedAt; // "yyyy-MM-dd HH:mm" UTC
    QString rationale;

    friend bool operator==(const DecisionLogEntry &, const DecisionLogEntry &) = default;
};

struct DisagreementView
{
    Q_GADGET
    QML_VALUE_TYPE(disagreementView)
    Q_PROPERTY(QString itemId MEMBER itemId FINAL)
    Q_PROPERTY(QString reviewer MEMBER reviewer FINAL)
    Q_PROPERTY(QString decision MEMBER decision FINAL)
    Q_PROPERTY(QString qaDecision MEMBER qaDecision FINAL)
public:
    QString itemId;
    QString reviewer;
    QString decision;
    QString qaDecision;

    // What the reference view shows of the disagreeing decision.
    Q_INVOKABLE veil::gui::DecisionLogEntry asRecord() const
    {
        DecisionLogEntry entry;
        entry.itemId = itemId;
        entry.reviewer = reviewer;
        entry.decision = decision;
        return entry;
    }

    friend bool operator==(const DisagreementView &, const DisagreementView &) = default;
};

struct QueueSlaView
{
    Q_GADGET
    QML_VALUE_TYPE(queueSlaView)
    Q_PROPERTY(QString queue MEMBER queue FINAL)
    Q_PROPERTY(int open MEMBER open FINAL)
    Q_PROPERTY(int dueSoon MEMBER dueSoon FINAL)
    Q_PROPERTY(int breached MEMBER breached FINAL)
    Q_PROPERTY(int paused MEMBER paused FINAL)
    Q_PROPERTY(int decided MEMBER decided FINAL)
    Q_PROPERTY(bool hasMedian MEMBER hasMedian FINAL)
    Q_PROPERTY(double medianTimeToDecisionMs MEMBER medianTimeToDecisionMs FINAL)
    Q_PROPERTY(QList<int> timeToDecision MEMBER timeToDecision FINAL)
public:
    QString queue;
    int open = 0;
    int dueSoon = 0;
    int breached = 0;
    int paused = 0;
    int decided = 0;
    bool hasMedian = false; // no decisions to take a median of
    double medianTimeToDecisionMs = 0;
    QList<int> timeToDecision; // decisions per bucket: under 1 h, 1-4 h, 4-24 h, 1-7 days, longer

    friend bool operator==(const QueueSlaView &, const QueueSlaView &) = default;
};

struct BreachedItemView
{
    Q_GADGET
    QML_VALUE_TYPE(breachedItemView)
    Q_PROPERTY(QString itemId MEMBER itemId FINAL)
    Q_PROPERTY(QString queue MEMBER queue FINAL)
    Q_PROPERTY(int priority MEMBER priority FINAL)
    Q_PROPERTY(double latenessMs MEMBER latenessMs FINAL)
    Q_PROPERTY(QString heldBy MEMBER heldBy FINAL)
public:
    QString itemId;
    QString queue;
    int priority = 0;
    double latenessMs = 0;
    QString heldBy; // "" when nobody claimed it

    friend bool operator==(const BreachedItemView &, const BreachedItemView &) = default;
};

// A reviewer's pace over the last 24 hours: verdicts, median handling time, decisions per active hour.
struct ReviewerPaceView
{
    Q_GADGET
    QML_VALUE_TYPE(reviewerPaceView)
    Q_PROPERTY(QString reviewer MEMBER reviewer FINAL)
    Q_PROPERTY(int decisions MEMBER decisions FINAL)
    Q_PROPERTY(bool hasMedian MEMBER hasMedian FINAL)
    Q_PROPERTY(double medianHandlingMs MEMBER medianHandlingMs FINAL)
    Q_PROPERTY(bool hasPerHour MEMBER hasPerHour FINAL)
    Q_PROPERTY(double perHour MEMBER perHour FINAL)
public:
    QString reviewer;
    int decisions = 0;
    bool hasMedian = false; // fewer than two decisions within a break of each other: none
    double medianHandlingMs = 0;
    bool hasPerHour = false;
    double perHour = 0;

    friend bool operator==(const ReviewerPaceView &, const ReviewerPaceView &) = default;
};

// A workstation's audit chain the service's witness refused.
struct AuditAlertView
{
    Q_GADGET
    QML_VALUE_TYPE(auditAlertView)
    Q_PROPERTY(QString deviceId MEMBER deviceId FINAL)
    Q_PROPERTY(QString reviewer MEMBER reviewer FINAL)
    Q_PROPERTY(QString code MEMBER code FINAL)
    Q_PROPERTY(QString message MEMBER message FINAL)
    Q_PROPERTY(double atMs MEMBER atMs FINAL)
public:
    QString deviceId;
    QString reviewer;
    QString code;
    QString message;
    double atMs = 0;

    friend bool operator==(const AuditAlertView &, const AuditAlertView &) = default;
};

struct AgreementSummary
{
    Q_GADGET
    QML_VALUE_TYPE(agreementSummary)
    Q_PROPERTY(veil::gui::AgreementFigure overall MEMBER overall FINAL)
    Q_PROPERTY(QList<veil::gui::AgreementFigure> reviewers MEMBER reviewers FINAL)
    Q_PROPERTY(QList<veil::gui::DisagreementView> disagreements MEMBER disagreements FINAL)
public:
    AgreementFigure overall;
    QList<AgreementFigure> reviewers;
    QList<DisagreementView> disagreements;

    friend bool operator==(const AgreementSummary &, const AgreementSummary &) = default;
};

struct SlaSummary
{
    Q_GADGET
    QML_VALUE_TYPE(slaSummary)
    Q_PROPERTY(QList<veil::gui::QueueSlaView> queues MEMBER queues FINAL)
    Q_PROPERTY(veil::gui::QueueSlaView escalations MEMBER escalations FINAL)
    Q_PROPERTY(QList<veil::gui::BreachedItemView> breachedItems MEMBER breachedItems FINAL)
    Q_PROPERTY(QList<veil::gui::ReviewerPaceView> pace MEMBER pace FINAL)
public:
    QList<QueueSlaView> queues;
    QueueSlaView escalations; // the escalations queue's (empty queue name when the service has none)
    QList<BreachedItemView> breachedItems;
    QList<ReviewerPaceView> pace; // most decisions first

    friend bool operator==(const SlaSummary &, const SlaSummary &) = default;
};

struct DeskSummary
{
    Q_GADGET
    QML_VALUE_TYPE(deskSummary)
    Q_PROPERTY(veil::gui::AgreementSummary agreement MEMBER agreement FINAL)
    Q_PROPERTY(veil::gui::SlaSummary sla MEMBER sla FINAL)
    Q_PROPERTY(int alertCount MEMBER alertCount FINAL)
    Q_PROPERTY(QList<veil::gui::AuditAlertView> firstAlerts MEMBER firstAlerts FINAL)
public:
    static constexpr int ShownAlerts = 5; // the desk lists these; the service's witness keeps them all

    AgreementSummary agreement;
    SlaSummary sla;
    int alertCount = 0;
    QList<AuditAlertView> firstAlerts; // the first ShownAlerts, in the service's order

    friend bool operator==(const DeskSummary &, const DeskSummary &) = default;
};

DeskSummary deskSummary(const desk::DeskReport &report);

} // namespace veil::gui
