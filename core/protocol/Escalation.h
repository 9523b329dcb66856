// A service's escalation payload (veil.escalation.v1), parsed and bounded. Pure: no I/O, so the same
// code runs in the sync engine, the tests and the fuzzer.
#pragma once

#include "common/Result.h"

#include <QJsonObject>
#include <QList>

namespace veil::protocol {

struct MediaRef
{
    QString sha256; // lowercase hex
    QString mime;   // image/png | image/jpeg | image/webp
    qint64 size = 0;
};

// The service found the item's media near a hash list of known material (within 31 bits of PDQ).
struct HashListMark
{
    QString list;
    int distance = 0;
};

// The sources an escalation may name (an appeal's item has the source "appeal", set by the workstation).
const QStringList &escalationSources();

struct Escalation
{
    QString itemId;
    QString source; // prompt_filter | output_classifier | user_report | hash_match
    QString category;
    int priority = 0; // 0..3
    qint64 createdAtMs = 0;
    qint64 dueAtMs = 0;
    QJsonObject scores; // name -> 0..1
    QString prompt;
    QString modelVersion;
    QString account;
    QList<MediaRef> media;
    QList<HashListMark> hashListMatches; // optional: none when the service knows of no match
};

inline constexpr qint64 MaxMediaBytes = qint64(50) << 20;
inline constexpr int MaxHashListMarks = 16; // the nearest lists, when more matched

// Error "invalid_payload" naming the first field that is missing, mistyped or out of bounds.
Result<Escalation> parseEscalation(const QJsonObject &payload);

// An appeal (veil.appeal.v1): a user contests a verdict. The user's statement is sensitive and sealed.
struct Appeal
{
    QString itemId;
    QString originalItemId;
    QString appealOf;         // the contested verdict's id
    QString originalVerdict;  // its canonical JSON
    QString originalReviewer; // who decided it: never the one who decides the appeal
    QString statement;
    QString category;
    int priority = 0;
    qint64 notifiedAtMs = 0; // the appeal clock starts when the user was notified
    qint64 dueAtMs = 0;
    QList<MediaRef> media;
};

Result<Appeal> parseAppeal(const QJsonObject &payload);

} // namespace veil::protocol
