// One signed verdict as a log shows it: the verdict, its delivery state and the item facts beside it. The
// queue's store gives this workstation's own (from the outbox), link::FeedStore the team's (from the
// service's feed); exports::DecisionLog filters and writes them.
#pragma once

#include <QJsonObject>
#include <QString>

namespace veil::protocol {

struct DecisionRecord
{
    QJsonObject verdict; // the signed verdict's JSON
    QString state;       // outbox state: pending | accepted | duplicate | rejected | conflicted
    QString itemId;
    QString category; // the item's policy category
    QString source;   // the escalation's source
    qint64 contentDateMs = 0;
    qint64 decidedAtMs = 0;
};

} // namespace veil::protocol
