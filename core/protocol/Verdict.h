// A reviewer's decision as it travels: canonical JSON (RFC 8785), bound to the item, the lease under
// which it was reviewed and the exact evidence hashes, signed by the device key. The canonical bytes
// are the verdict: they are stored, pushed and exported exactly as signed.
#pragma once

#include "common/Result.h"
#include "keys/DeviceKey.h"

#include <QJsonObject>
#include <QStringList>

namespace veil::protocol {

struct Decision
{
    QString itemId;
    QString queue = QStringLiteral("escalations"); // or "appeals"
    QString leaseId;
    QStringList evidenceSha256; // lowercase hex SHA-256 of every media file the reviewer saw
    QString decision;           // a decision type from the policy document
    QStringList labels;
    QString rationale;
    QString reviewer;
    QString frontEnd;       // "veil-cli/0.1.0", "veil/0.1.0": which front end made the decision
    QString appealOf;       // for appeals: the original verdict's id
    QString appealOfSha256; // and the SHA-256 (hex) of its canonical bytes: exactly which verdict was weighed
    QString outcome;        // for appeals: uphold | overturn | modify
    // For appeals the rationale is the reasoned message to the user (required, every template placeholder
    // filled); the internal note is for colleagues and supervisors only.
    QString internalNote;
    // A decision applied to a near-duplicate cluster: the cluster, the item the reviewer actually looked
    // at, and how many items the one decision signed.
    QString clusterId;
    QString representative;
    int clusterSize = 0;
    // A correction of a verdict already delivered: the verdict id it replaces (same item; by the same
    // reviewer or a supervisor). Empty for a first decision. Decided without a lease: the item is closed.
    QString supersedes;
};

struct SignedVerdict
{
    QString verdictId;
    QString itemId;
    QByteArray body; // canonical JSON: exactly the signed bytes
    QByteArray signature;
    QString keyId;

    // One JSON Lines record: {"verdict": "<body>", "signature": "<base64url>", "key_id": "..."}.
    QByteArray toExportLine() const;
};

inline constexpr int MaxLabels = 32;
inline constexpr int MaxRationaleChars = 4000;
inline constexpr int MaxInternalNoteChars = 2000;

// A signed verdict's labels, as a list.
QStringList verdictLabels(const QJsonObject &verdict);

// Whether an appeal outcome fits the decision it ends with, against the contested verdict: uphold keeps
// its decision and labels, overturn changes the decision, modify changes the decision or the labels.
// Error "invalid_decision" saying what does not fit.
Result<void> checkOutcome(const QString &outcome, const QString &decision, const QStringList &labels,
                          const QJsonObject &original);

// The "{name}" placeholders of a message template still in the text, in order ("{reason}", ...).
QStringList unfilledPlaceholders(const QString &text);

// Checks shape and limits; the policy-aware checks (known decision types, labels) come from the policy.
// Error "invalid_decision" with a message saying what is wrong.
Result<void> validate(const Decision &decision);

// Builds, canonicalizes and signs. decidedAtMs is Unix milliseconds (server-corrected where known).
Result<SignedVerdict> signVerdict(const Decision &decision, const keys::DeviceKey &key, qint64 decidedAtMs);
// The same with a bare signing key (the reference service's synthetic original decisions).
Result<SignedVerdict> signVerdict(const Decision &decision, const crypto::ed25519::SigningKey &key,
                                  qint64 decidedAtMs);

// Verifies a signature over canonical bytes and that the bytes are canonical and well-formed.
// Errors: "bad_signature", "not_canonical", "invalid_verdict".
Result<QJsonObject> verifyVerdict(QByteArrayView body, QByteArrayView signature, QByteArrayView publicKey);

} // namespace veil::protocol
