// A moderation pipeline's way in (the "pipeline" role): media uploaded by SHA-256, checked by the same safe
// decoder the workstation uses and stored once however many escalations name it; escalations filed by the
// pipeline's external id, idempotently (the same id and body: the same answer; the same id, another body:
// refused). What is filed becomes a veil.escalation.v1 payload the service signs, checked by the parser the
// workstation will run on it, due when the policy's SLA says. Owns the `intake` table.
#pragma once

#include "servicestore/IntakeHashLists.h"
#include "servicestore/ServiceStore.h"

#include <QJsonArray>
#include <QJsonObject>

namespace veil::service {

// What an upload left in the store.
struct UploadedMedia
{
    QString sha256;
    QString mime; // image/jpeg, image/png or image/webp: from the bytes, never from the uploader
    int width = 0;
    int height = 0;
    qint64 size = 0;
    bool created = false; // false: these bytes were stored already
};

// Errors: "hash_mismatch" (the bytes do not hash to sha256), "unsupported_media" (not a JPEG, PNG or
// WebP), "undecodable_media" (the safe decoder refuses it: truncated, too large in pixels, a decoder bomb).
Result<UploadedMedia> uploadMedia(ServiceStore &store, const QString &sha256, const QByteArray &bytes);

struct IntakeAnswer
{
    QString itemId;
    bool duplicate = false;             // filed before with the same body: nothing new was queued
    QList<ListedMatch> hashListMatches; // the hash lists its media are near (marked in the payload too)
};

inline constexpr int MaxEscalationsPerBatch = 500;

// Files one escalation for `pipeline`. Errors: "invalid_escalation" (a field missing or out of range, the
// whole rule in the message), "media_missing" (a named file was not uploaded first), "intake_conflict"
// (the external id was filed with another body).
Result<IntakeAnswer> fileEscalation(ServiceStore &store, const QJsonObject &policy, const QString &pipeline,
                                    const QJsonObject &filing, qint64 nowMs);

// A verdict on an item a pipeline filed, as delivered back to it: the reviewer's signed bytes, the key that
// verifies them, and the pipeline's own id for the item.
struct DeliveredVerdict
{
    qint64 seq = 0; // the cursor: acceptance order at the service
    QString externalId;
    QString itemId;
    QString verdictId;
    QByteArray body; // canonical JSON, exactly as signed
    QByteArray signature;
    QString keyId;
    QByteArray devicePublicKey;
    QString supersededBy; // a correction accepted later replaced it (the correction comes as its own entry)
    QString appealOf;     // set on an appeal's outcome: the verdict the user appealed (item id: the appeal's)
};

// The entry as GET /v1/intake/verdicts and webhooks carry it (docs/protocol.md).
QJsonObject toJson(const DeliveredVerdict &verdict);
// Hash-list marks as the payload and the filing's result carry them: [{"list", "distance"}].
QJsonArray toJson(const QList<ListedMatch> &matches);

inline constexpr int MaxDeliveredPerPage = 1000;

// The verdicts on the items `pipeline` filed, and the outcomes of appeals against them, accepted after
// `afterSeq`, oldest first.
Result<QList<DeliveredVerdict>> verdictsFor(ServiceStore &store, const QString &pipeline, qint64 afterSeq,
                                            int limit);

} // namespace veil::service
