// The reference service's own SQLite store (through core's store layer): reviewer tokens (hashed),
// enrolled device keys, escalation items with their signed payloads and leases, media by SHA-256, and
// accepted verdicts in arrival order (the supervisors' feed).
#pragma once

#include "crypto/Ed25519.h"
#include "servicestore/IntakeHashLists.h"
#include "servicestore/NearDuplicateFamilies.h"
#include "store/Database.h"

#include <QJsonObject>

#include <functional>
#include <memory>
#include <optional>

namespace veil::service {

struct Reviewer
{
    QString name;
    QString role; // moderator | appeals | supervisor | pipeline (files escalations, nothing else)
};

struct Device
{
    QString deviceId;
    QString reviewer;
    QByteArray publicKey;
    QString keyId;
};

struct Lease
{
    QString leaseId;
    QString itemId;
    qint64 expiresAtMs = 0;
    QByteArray payload; // canonical JSON, as signed
    QByteArray signature;
    // The item's claim history, this claim included (skips and expired leases count).
    qint64 firstClaimedAtMs = 0;
    qint64 lastClaimedAtMs = 0;
    int claims = 0;
};

struct StoredVerdict
{
    qint64 seq = 0;
    QString verdictId;
    QByteArray body;
    QByteArray signature;
    QString keyId;
    // Filled by feed(): the item as the service signed it, and the public key of the signing device.
    QByteArray itemPayload;
    QByteArray itemSignature;
    QByteArray devicePublicKey;
    // Filled by verdict() and feed(): who signed it, and the correction that replaced it (empty: in force).
    QString reviewer;
    QString supersededBy;
};

// A skip: the reviewer gave the item back for a reason.
struct Skip
{
    QString reviewer;
    QString reason; // empty: a plain release (e.g. a failed download), offered to anyone again
    qint64 atMs = 0;
};

class ServiceStore
{
public:
    // `database` empty: service.db (SQLite) in dataDir, the default. A postgresql://... URI: that database
    // (schema migrated under a lock, so instances may start together); dataDir still holds local files.
    // `keyFile`: the key the signing seed is sealed with (SealingKey.h); empty: DIR/service-key.bin.
    static Result<std::unique_ptr<ServiceStore>> open(const QString &dataDir, const QString &database = {},
                                                      const QString &keyFile = {});

    store::Database &database() { return *m_db; }
    // The schema version the database is at (the same numbers on SQLite and PostgreSQL).
    Result<int> schemaVersion();
    NearDuplicateFamilies &families() { return m_families; }
    IntakeHashLists &hashLists() { return m_hashLists; }
    const crypto::ed25519::SigningKey &signingKey() const { return *m_signingKey; }

    Result<QString> createToken(const QString &reviewer, const QString &role);
    std::optional<Reviewer> reviewerForToken(const QByteArray &token);

    Result<Device> enroll(const QString &reviewer, const QByteArray &publicKey);
    // nullopt: no such device. An error is the store's own (db_*): never an answer about the device.
    Result<std::optional<Device>> deviceById(const QString &deviceId);
    Result<std::optional<Device>> deviceByKeyId(const QString &keyId);

    // Signs the payload with the service key and queues the item. Appeal items name the verdict they
    // contest and its reviewer, who may never decide them.
    Result<void> addItem(const QString &queue, const QJsonObject &payload, qint64 dueAtMs, int priority,
                         const QString &appealOf = {}, const QString &originalReviewer = {});
    Result<void> addMedia(const QString &sha256, const QString &mime, const QByteArray &bytes);
    std::optional<QPair<QString, QByteArray>> media(const QString &sha256);
    // Type and size of stored media, without reading the bytes.
    std::optional<QPair<QString, qint64>> mediaInfo(const QString &sha256);

    // Leases up to max queued items (or items whose lease expired) to the device, most urgent first, and
    // near-duplicate families together: first what is open of the families the device works (late
    // members go to the reviewer who holds their family), then, in due order, each item with the rest of
    // its family. A family another device works is left to it while that device's lease lives.
    Result<QList<Lease>> claim(const QString &queue, const QString &deviceId, int max, qint64 nowMs,
                               qint64 leaseMs, const QString &reviewer);
    // The same, idempotent per (device, requestId) (ServiceClaims.cpp): a claim retried with the id of one
    // already granted gets those leases again (the ones still held by the device), never new ones. An
    // empty requestId: a plain claim.
    Result<QList<Lease>> claimOnce(const QString &queue, const QString &deviceId, const QString &requestId,
                                   int max, qint64 nowMs, qint64 leaseMs, const QString &reviewer);
    // Error "lease_unknown" / "lease_not_held" / "lease_expired".
    Result<qint64> renew(const QString &leaseId, const QString &deviceId, qint64 nowMs, qint64 leaseMs);
    // With a skip's reason, the reviewer is not offered the item again.
    Result<void> release(const QString &leaseId, const QString &deviceId, const Skip &skip = Skip());

    struct ItemLease
    {
        QString state;
        QString leaseId;
        QString leaseDevice;
        qint64 leaseExpiresAtMs = 0;
        QStringList mediaSha256;
        QString queue;
        QString appealOf;
        QString originalReviewer;
    };
    std::optional<ItemLease> itemLease(const QString &itemId);
    // How many items the service holds (any state).
    Result<qint64> itemCount();
    // The item's signed payload as JSON. Error "item_unknown".
    Result<QJsonObject> itemPayload(const QString &itemId);

    // An item's clock as the service keeps it: due, claim history, decided (0: not yet).
    struct ItemTimes
    {
        qint64 dueAtMs = 0;
        qint64 firstClaimedAtMs = 0;
        qint64 lastClaimedAtMs = 0;
        int claims = 0;
        qint64 decidedAtMs = 0;
    };
    // Error "item_unknown".
    Result<ItemTimes> itemTimes(const QString &itemId);

    // An item's SLA pause as the service keeps it (SlaPauses decides; this stores). Error "item_unknown".
    struct PauseState
    {
        QString queue;
        QString category;
        bool open = false; // queued
        QString leaseDevice;
        qint64 leaseExpiresAtMs = 0;
        qint64 lastClaimedAtMs = 0;
        qint64 dueAtMs = 0;
        bool pauseSet = false;
        qint64 pausedAtMs = 0;
        QString pausedBy; // the device that paused
    };
    Result<PauseState> pauseState(const QString &itemId);
    Result<void> setPause(const QString &itemId, qint64 atMs, const QString &deviceId);
    // Clears a pause; creditMs moves the due time (0 for a stale pause, whose time is not credited).
    Result<void> clearPause(const QString &itemId, qint64 creditMs);

    // service_meta: the service's own named values (signing seed, QA salt, team settings).
    Result<std::optional<QByteArray>> meta(const QString &name);
    Result<void> setMeta(const QString &name, QByteArrayView value);
    // Create-once values (the signing seed, the QA salt): a second write fails with "db_constraint"
    // instead of replacing them.
    Result<void> addMeta(const QString &name, QByteArrayView value);

    std::optional<StoredVerdict> verdict(const QString &verdictId);
    // Whether an appeal contests this verdict (open or decided): such a verdict is settled by the appeal.
    bool isAppealed(const QString &verdictId);
    // Stores an accepted verdict and marks its item decided, in one transaction. Given `leaseId`, only
    // while the item is queued under that lease (checked by the UPDATE itself, not by an earlier read: a
    // claim on another instance may have taken the item since): otherwise "lease_lost", nothing stored.
    Result<void> acceptVerdict(const QString &verdictId, const QString &itemId, const QByteArray &body,
                               const QByteArray &signature, const QString &keyId, const QString &reviewer,
                               const QString &leaseId = {});
    // Stores an accepted correction of the verdict it supersedes (same item, decided already) and marks
    // that verdict superseded by it, in one transaction; the item stays decided as it was (its decision
    // time too). Error "already_superseded" when the verdict was replaced already.
    Result<void> acceptCorrection(const QString &verdictId, const QString &supersedes, const QString &itemId,
                                  const QByteArray &body, const QByteArray &signature, const QString &keyId,
                                  const QString &reviewer);
    Result<QList<StoredVerdict>> feed(qint64 afterSeq, int limit);
    // Every verdict in arrival order, as feed() fills them, to the callback (false stops) in pages: the
    // export's memory stays flat however long the history.
    Result<void> forEachVerdict(const std::function<bool(const StoredVerdict &)> &callback);

    // A signed verdict the service could not accept because the item was decided elsewhere or the lease
    // was lost: kept (once per verdict id) so supervisors see both decisions.
    Result<void> recordConflict(const QString &verdictId, const QString &itemId, const QByteArray &body,
                                const QByteArray &signature, const QString &keyId, const QString &reviewer,
                                const QString &code);
    Result<QList<QJsonObject>> conflicts(qint64 afterSeq, int limit);

    // Archived cases (CaseArchive): what is left of them here.
    struct ArchivedVerdict
    {
        QString itemId;
        QString bodySha256; // hex, of the verdict's exact bytes
    };
    Result<std::optional<ArchivedVerdict>> archivedVerdict(const QString &verdictId);
    // The archive an item went to; nullopt for an item never archived.
    Result<std::optional<QString>> archiveOf(const QString &itemId);
    struct Forgotten
    {
        int verdicts = 0;
        int mediaDropped = 0; // files no item left here refers to
    };
    // Removes decided items (an escalation and its appeals, written to `archive` by the caller first) and
    // leaves their tombstones, in the caller's transaction. Error "not_decided" (nothing removed) when one
    // of them is not a decided item here.
    Result<Forgotten> forgetDecided(const QStringList &itemIds, const QString &archive, qint64 nowMs);
    // item_media rows for items filed without them (by a binary from before schema 20 that served on after
    // the migration), so their media is never taken for unused. A scan of the items: once per archive run.
    Result<void> indexItemsMedia();
    // The longest appeal window the service ever served (kept in service_meta as each policy is served):
    // nothing is archived that an appeal could still reach. The reference policy's when none was noted.
    Result<void> noteAppealWindow(int days);
    Result<int> longestAppealWindow();

private:
    Result<void> writeMeta(const char *sql, const QString &name, QByteArrayView value);
    explicit ServiceStore(std::unique_ptr<store::Database> db)
        : m_db(std::move(db)), m_families(*m_db), m_hashLists(*m_db)
    {}
    Result<void> loadOrCreateSigningKey(const QString &keyFile);
    // Schema 18's columns for what was stored before it (SlaHistogram), once.
    Result<void> fillSlaColumns();
    // Adds a decided item's times to the SLA histogram (in the caller's transaction).
    Result<void> countDecision(const QString &itemId);
    Result<void> insertVerdict(const QString &verdictId, const QString &itemId, const QByteArray &body,
                               const QByteArray &signature, const QString &keyId, const QString &reviewer);

    std::unique_ptr<store::Database> m_db;
    NearDuplicateFamilies m_families;
    IntakeHashLists m_hashLists;
    std::optional<crypto::ed25519::SigningKey> m_signingKey;
};

} // namespace veil::service
