// The one owner of the service_link table: the workstation's link to its moderation service (who it is
// there, the service's signing key, the sealed token and TLS pin), what the last sync said, the service's
// clock offset, and the small cursors and caches that ride on the link (policy, team settings, verdict feed,
// audit witness). Nothing else in the workstation reads or writes service_link.
#pragma once

#include "store/Database.h"

#include <QUrl>

namespace veil::link {

struct ServiceLink
{
    QUrl url;
    QString deviceId;
    QString reviewer;
    QString role;
    QByteArray servicePublicKey;
    qint64 clockOffsetMs = 0;
    qint64 enrolledAtMs = 0; // service time at enrolment; 0 for links made before it was kept
};

struct SyncOutcome
{
    qint64 lastSyncAtMs = 0; // 0: never
    QString lastError;       // empty: the last sync went through
};

class LinkStore
{
public:
    explicit LinkStore(store::Database &db) : m_db(db) {}

    // Replaces the link (enrolment). sealedToken: the vault's sealing of the bearer token; tlsPin: raw
    // SHA-256 of the pinned key, or empty.
    Result<void> save(const ServiceLink &link, const QByteArray &sealedToken, const QByteArray &tlsPin);
    // Error "not_enrolled" before the first enrolment.
    Result<ServiceLink> load();
    struct Credentials
    {
        QByteArray sealedToken;
        QByteArray tlsPin; // empty: no pin
    };
    Result<Credentials> credentials();

    // The server's clock offset as last measured (0 before enrolment).
    qint64 clockOffsetMs();
    // A sync round's end: when, the error that stopped it (empty: none), the clock offset and the clock
    // warning (empty: the service's time was taken).
    Result<void> recordOutcome(qint64 atMs, const QString &error, qint64 clockOffsetMs,
                               const QString &clockWarning);
    Result<SyncOutcome> lastOutcome();

    // The documents and cursors kept with the link. Null text: never stored.
    Result<QString> policyJson();
    Result<void> setPolicyJson(const QString &json);
    Result<QString> teamJson();
    Result<void> setTeamJson(const QString &json);
    Result<qint64> feedCursor();
    Result<void> setFeedCursor(qint64 seq);
    Result<qint64> auditSeenSeq();
    Result<void> setAuditSeenSeq(qint64 seq);

private:
    Result<QString> text(const char *column);
    Result<void> setText(const char *column, const QString &value);
    Result<qint64> number(const char *column);
    Result<void> setNumber(const char *column, qint64 value);

    store::Database &m_db;
};

} // namespace veil::link
