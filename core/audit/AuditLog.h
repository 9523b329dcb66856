// Append-only, hash-chained audit trail. Each entry's hash is SHA-256 over the RFC 8785 canonical JSON
// of the entry including the previous entry's hash; checkpoints sign the head of the chain with the
// device key, so a chain rewritten from some point on no longer matches the signed head.
#pragma once

#include "keys/DeviceKey.h"
#include "store/Database.h"

#include <QJsonObject>

namespace veil::audit {

struct AuditEntry
{
    qint64 seq = 0;
    qint64 timeMs = 0;
    QString actor;
    QString action;
    QString objectId;
    QJsonObject details;
    QString prevHash;
    QString entryHash;

    // The object whose canonical form is hashed (everything but entryHash).
    QJsonObject hashedFields() const;
};

// A signed head of the chain, as sent to the service with each sync.
struct SignedCheckpoint
{
    QJsonObject payload; // veil.audit.checkpoint.v1: seq, entry_hash, time_ms, key_id
    QByteArray signature;
    qint64 seq = 0;
    QString entryHash;
};

// One entry's place in the chain, without its contents: enough for a witness to check that a new head
// descends from the one it saw last.
struct ChainLink
{
    qint64 seq = 0;
    QString prevHash;
    QString entryHash;
};

struct VerifyReport
{
    bool intact = false;
    qint64 entries = 0;
    qint64 checkpoints = 0;
    qint64 firstBadSeq = 0; // 0 when intact
    QString problem;        // one line naming what is wrong with firstBadSeq
};

class AuditLog
{
public:
    // signer may be null (vault locked): entries are still chained, checkpoints wait for a signer.
    AuditLog(store::Database &db, const keys::DeviceKey *signer, QString actor, int checkpointEvery = 64);

    // Appends inside the caller's transaction if there is one, so an action and its record commit together.
    Result<AuditEntry> append(const QString &action, const QString &objectId,
                              const QJsonObject &details = {});
    // Signs the current head. Error "no_signer" without a device key.
    Result<void> checkpoint();
    // Signs the current head and returns it. Errors "no_signer", "empty_log".
    Result<SignedCheckpoint> signHead();
    // Signs the entry at seq (a head from the past: a witness that takes the chain in steps) and returns
    // it. Errors "no_signer", "entry_unknown".
    Result<SignedCheckpoint> signAt(qint64 seq);
    // The chain's links from fromSeq (inclusive) to the head, at most max of them.
    Result<QList<ChainLink>> links(qint64 fromSeq, int max);
    // The checkpoint payload's fixed shape, for witnesses that check one.
    static QJsonObject checkpointPayload(qint64 seq, const QString &entryHash, qint64 timeMs,
                                         const QString &keyId);

    static QString genesisHash();
    static Result<QString> hashEntry(const AuditEntry &entry);
    static Result<VerifyReport> verify(store::Database &db, QByteArrayView devicePublicKey);

private:
    Result<AuditEntry> head();

    store::Database &m_db;
    const keys::DeviceKey *m_signer;
    QString m_actor;
    int m_checkpointEvery;
};

} // namespace veil::audit
