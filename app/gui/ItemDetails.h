// What the review view shows beside an item's media, as typed QML value types (Workstation.items.details):
// QML reads named, typed fields and the QML compiler compiles the bindings; no service JSON, no maps.
#pragma once

#include "queue/ReviewQueue.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace veil::gui {

// The item's SLA clock (service time, Unix ms; 0: unknown).
struct SlaClockView
{
    Q_GADGET
    QML_VALUE_TYPE(slaClockView)
    Q_PROPERTY(bool known MEMBER known FINAL)
    Q_PROPERTY(double startedAt MEMBER startedAt FINAL)
    Q_PROPERTY(double warnAt MEMBER warnAt FINAL)
    Q_PROPERTY(double dueAt MEMBER dueAt FINAL)
    Q_PROPERTY(bool paused MEMBER paused FINAL)
    Q_PROPERTY(double firstClaimedAt MEMBER firstClaimedAt FINAL)
    Q_PROPERTY(int claims MEMBER claims FINAL)
public:
    bool known = false; // false for what has no clock of this reviewer's (a QA sample)
    double startedAt = 0;
    double warnAt = 0;
    double dueAt = 0;
    bool paused = false;
    double firstClaimedAt = 0;
    int claims = 0;

    friend bool operator==(const SlaClockView &, const SlaClockView &) = default;
};

// The statement of reasons the user was given for a contested decision, as the policy's DSA mapping builds
// it, in readable words; or only a note saying why there is none.
struct StatementOfReasons
{
    Q_GADGET
    QML_VALUE_TYPE(statementOfReasons)
    Q_PROPERTY(QString ground MEMBER ground FINAL)
    Q_PROPERTY(QString groundText MEMBER groundText FINAL)
    Q_PROPERTY(QString explanation MEMBER explanation FINAL)
    Q_PROPERTY(QString category MEMBER category FINAL)
    Q_PROPERTY(QString visibility MEMBER visibility FINAL)
    Q_PROPERTY(QString facts MEMBER facts FINAL)
    Q_PROPERTY(QString note MEMBER note FINAL)
public:
    QString ground; // "" when there is no statement to show (then `note` says why, if known)
    QString groundText;
    QString explanation;
    QString category;
    QString visibility;
    QString facts;
    QString note;

    friend bool operator==(const StatementOfReasons &, const StatementOfReasons &) = default;
};

// An appeal's contested verdict as the service sent it (signed canonical JSON): what the handler weighs.
struct OriginalVerdict
{
    Q_GADGET
    QML_VALUE_TYPE(originalVerdict)
    Q_PROPERTY(bool known MEMBER known FINAL)
    Q_PROPERTY(QString verdictId MEMBER verdictId FINAL)
    Q_PROPERTY(QString itemId MEMBER itemId FINAL)
    Q_PROPERTY(QString decision MEMBER decision FINAL)
    Q_PROPERTY(QStringList labels MEMBER labels FINAL)
    Q_PROPERTY(QString rationale MEMBER rationale FINAL)
    Q_PROPERTY(QString reviewer MEMBER reviewer FINAL)
    Q_PROPERTY(QString decidedAt MEMBER decidedAt FINAL)
    Q_PROPERTY(double notifiedAt MEMBER notifiedAt FINAL)
    Q_PROPERTY(veil::gui::StatementOfReasons statement MEMBER statement FINAL)
public:
    bool known = false; // false: not an appeal
    QString verdictId;
    QString itemId;
    QString decision;
    QStringList labels;
    QString rationale;
    QString reviewer;
    QString decidedAt; // RFC 3339, as signed
    double notifiedAt = 0;
    StatementOfReasons statement;

    friend bool operator==(const OriginalVerdict &, const OriginalVerdict &) = default;
};

// The reviewer's earlier choice for an item that needs deciding again (its verdict could not be delivered
// on its lease); empty decision otherwise.
struct EarlierChoice
{
    Q_GADGET
    QML_VALUE_TYPE(earlierChoice)
    Q_PROPERTY(QString decision MEMBER decision FINAL)
    Q_PROPERTY(QStringList labels MEMBER labels FINAL)
    Q_PROPERTY(QString outcome MEMBER outcome FINAL)
public:
    QString decision;
    QStringList labels;
    QString outcome;

    friend bool operator==(const EarlierChoice &, const EarlierChoice &) = default;
};

// One classifier's score, 0..1.
struct ClassifierScore
{
    Q_GADGET
    QML_VALUE_TYPE(classifierScore)
    Q_PROPERTY(QString name MEMBER name FINAL)
    Q_PROPERTY(double score MEMBER score FINAL)
public:
    QString name;
    double score = 0;

    friend bool operator==(const ClassifierScore &, const ClassifierScore &) = default;
};

struct ItemDetails
{
    Q_GADGET
    QML_VALUE_TYPE(itemDetails)
    Q_PROPERTY(QString itemId MEMBER itemId FINAL)
    Q_PROPERTY(QString queue MEMBER queue FINAL)
    Q_PROPERTY(QString source MEMBER source FINAL)
    Q_PROPERTY(QString category MEMBER category FINAL)
    Q_PROPERTY(QString modelVersion MEMBER modelVersion FINAL)
    Q_PROPERTY(QList<veil::gui::ClassifierScore> scores MEMBER scores FINAL)
    Q_PROPERTY(QStringList hashMatches MEMBER hashMatches FINAL)
    Q_PROPERTY(QString appealOf MEMBER appealOf FINAL)
    Q_PROPERTY(QString supersedes MEMBER supersedes FINAL)
    Q_PROPERTY(veil::gui::EarlierChoice earlier MEMBER earlier FINAL)
    Q_PROPERTY(QString suggestedLabel MEMBER suggestedLabel FINAL)
    Q_PROPERTY(QString prompt MEMBER prompt FINAL)
    Q_PROPERTY(QString statement MEMBER statement FINAL)
    Q_PROPERTY(QStringList clusterMembers MEMBER clusterMembers FINAL)
    Q_PROPERTY(veil::gui::SlaClockView sla MEMBER sla FINAL)
    Q_PROPERTY(veil::gui::OriginalVerdict original MEMBER original FINAL)
public:
    QString itemId; // "" when the item is not (or no longer) on the queue
    QString queue;
    QString source;
    QString category;
    QString modelVersion;
    QList<ClassifierScore> scores; // by name
    QStringList hashMatches;       // "label:distance" per matching hash list
    QString appealOf;
    QString supersedes; // reopened to correct a delivered verdict: the one the next verdict supersedes
    EarlierChoice earlier;
    QString suggestedLabel;
    QString prompt; // unsealed for display, never logged
    QString statement;
    QStringList clusterMembers; // the cluster's open items, this one included
    SlaClockView sla;
    OriginalVerdict original;

    friend bool operator==(const ItemDetails &, const ItemDetails &) = default;
};

// Classifier scores by name, from the escalation's {name: score}.
QList<ClassifierScore> classifierScores(const QJsonObject &scores);

// Reads an item's details from the queue; `policy` (the cached one, if any) gives the suggested label and
// an appeal's statement of reasons. An item not on the queue gives empty details.
ItemDetails readItemDetails(queue::ReviewQueue &queue, const std::optional<QJsonObject> &policy,
                            const QString &itemId);

} // namespace veil::gui
