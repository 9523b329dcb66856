#include "servicestore/ServiceStore.h"

#include "crypto/AesGcm.h"
#include "crypto/Random.h"
#include "crypto/Sha256.h"
#include "pg/PgDatabase.h"
#include "servicestore/SealingKey.h"
#include "servicestore/ServiceSchema.h"
#include "servicestore/SlaHistogram.h"
#include "store/Migrations.h"
#include "json/CanonicalJson.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::service {

namespace {

QString hashToken(const QByteArray &token)
{
    return crypto::sha256Hex(token);
}

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

Result<std::unique_ptr<ServiceStore>> ServiceStore::open(const QString &dataDir, const QString &database,
                                                         const QString &keyFile)
{
    if (!database.isEmpty() && !pg::isPostgresUri(database))
        return makeError(QStringLiteral("invalid_database"),
                         QStringLiteral("--database takes a postgresql://... URI (leave it out for SQLite)"));
    if (!QDir().mkpath(dataDir))
        return makeError(QStringLiteral("io_error"), QStringLiteral("cannot create %1").arg(dataDir));
    QFile::setPermissions(dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    Result<std::unique_ptr<store::Database>> db = makeError(QStringLiteral("db_error"), QString());
    if (database.isEmpty()) {
        // Writers of several workers queue for SQLite's one write lock, which its busy handler does not hand
        // out in turn: a writer passed over waits up to 10 s (below the 20 s request deadline), not 3.
        db = store::Database::open(dataDir + QStringLiteral("/service.db"),
                                   store::Database::OpenMode::CreateIfMissing, 10000);
        VEIL_TRY(db);
        VEIL_TRY(store::migrate(*db.value(), serviceMigrations()));
    } else if (pg::isPostgresUri(database)) {
        db = pg::openDatabase(database, servicePgMigrations());
        VEIL_TRY(db);
    } else {
        return makeError(QStringLiteral("invalid_database"),
                         QStringLiteral("--database takes a postgresql://... URI (leave it out for SQLite)"));
    }
    std::unique_ptr<ServiceStore> store(new ServiceStore(std::move(db.value())));
    VEIL_TRY(store->loadOrCreateSigningKey(keyFile.isEmpty() ? dataDir + QStringLiteral("/service-key.bin")
                                                             : keyFile));
    VEIL_TRY(store->fillSlaColumns());
    return store;
}

Result<int> ServiceStore::schemaVersion()
{
    if (m_db->isSqlite())
        return store::schemaVersion(*m_db);
    auto row = m_db->queryOne(makeError(QStringLiteral("db_error"), QStringLiteral("no schema version")),
                              "SELECT MAX(version) FROM veil_schema");
    VEIL_TRY(row);
    return int(row->int64(0));
}

Result<void> ServiceStore::fillSlaColumns()
{
    // Items filed without a start column (before schema 18, or by an older binary still serving meanwhile)
    // get one; decisions are counted again when the histogram's buckets are not the ones this build uses
    // (before schema 18, or other bounds). Checked inside the write transaction, so two processes opening
    // the database together fill it once.
    auto tx = store::Transaction::begin(*m_db);
    VEIL_TRY(tx);
    auto unset = m_db->prepare(
        "SELECT item_id, queue, payload FROM items INDEXED BY items_without_start WHERE start_at IS NULL");
    VEIL_TRY(unset);
    auto set = m_db->prepare("UPDATE items SET start_at = ? WHERE item_id = ?");
    VEIL_TRY(set);
    QList<QPair<QString, qint64>> starts;
    for (;;) {
        auto row = unset->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        const QJsonObject payload = QJsonDocument::fromJson(unset->text(2).toUtf8()).object();
        starts.append({unset->text(0), sla_histogram::startOf(unset->text(1), payload)});
    }
    unset->reset();
    for (const auto &[itemId, start] : std::as_const(starts)) {
        set->reset();
        set->bind(1, start).bind(2, itemId);
        VEIL_TRY(set->run());
    }
    // Counted already with these buckets, and every decision in the counts (a binary from before schema 18
    // that still served after the migration decided without counting): nothing to do.
    auto built = meta(QStringLiteral("sla_histogram"));
    VEIL_TRY(built);
    // Archived decisions stay counted (CaseArchive); a recount cannot see them and starts from none.
    auto archived = meta(QStringLiteral("sla_archived"));
    VEIL_TRY(archived);
    const qint64 archivedCount = archived.value() ? archived.value()->toLongLong() : 0;
    auto counted =
        m_db->queryOne(makeError(QStringLiteral("db_error"), QStringLiteral("no count")),
                       "SELECT (SELECT count(*) FROM items WHERE state = 'decided' AND decided_at IS NOT "
                       "NULL) + ? = (SELECT COALESCE(SUM(count), 0) FROM sla_decided WHERE measure = 0)",
                       archivedCount);
    VEIL_TRY(counted);
    if (built.value() && *built.value() == sla_histogram::fingerprint() && counted->int64(0) == 1)
        return tx->commit();
    VEIL_TRY(m_db->run("DELETE FROM sla_decided"));
    VEIL_TRY(setMeta(QStringLiteral("sla_archived"), "0"));
    auto decided =
        m_db->prepare("SELECT item_id FROM items WHERE state = 'decided' AND decided_at IS NOT NULL");
    VEIL_TRY(decided);
    for (;;) {
        auto row = decided->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        VEIL_TRY(countDecision(decided->text(0)));
    }
    VEIL_TRY(setMeta(QStringLiteral("sla_histogram"), sla_histogram::fingerprint()));
    return tx->commit();
}

Result<void> ServiceStore::countDecision(const QString &itemId)
{
    auto item =
        m_db->prepare("SELECT queue, decided_at - start_at - sla_paused_ms, decided_at - first_claimed_at "
                      "FROM items WHERE item_id = ? AND decided_at IS NOT NULL AND start_at IS NOT NULL");
    VEIL_TRY(item);
    item->bind(1, itemId);
    auto row = item->step();
    VEIL_TRY(row);
    if (!row.value())
        return success(); // no start yet: counted when fillSlaColumns gives it one and counts again
    auto add =
        m_db->prepare("INSERT INTO sla_decided(queue, measure, bucket, count) VALUES (?, ?, ?, 1) "
                      "ON CONFLICT(queue, measure, bucket) DO UPDATE SET count = sla_decided.count + 1");
    VEIL_TRY(add);
    add->bind(1, item->text(0)).bind(2, qint64(sla_histogram::FromStart));
    add->bind(3, qint64(sla_histogram::bucketOf(item->int64(1))));
    VEIL_TRY(add->run());
    if (!item->isNull(2)) {
        add->reset();
        add->bind(1, item->text(0)).bind(2, qint64(sla_histogram::FromFirstClaim));
        add->bind(3, qint64(sla_histogram::bucketOf(item->int64(2))));
        VEIL_TRY(add->run());
    }
    return success();
}

Result<void> ServiceStore::loadOrCreateSigningKey(const QString &keyFile)
{
    // The service key sits in the service's own data directory (0700, systemd StateDirectory in
    // production); the workstation pins its public half at enrollment. Read and made in one write
    // transaction: instances starting together on one database make one key, and all sign with it.
    // The seed is kept sealed (AES-256-GCM) with the key in `keyFile`, never in clear in the table: a
    // backup or a dump of the database alone cannot sign. A seed from before (in clear) is sealed here.
    static constexpr QByteArrayView Aad = "veil service signing seed v1";
    // Left in `signing_seed` where the seed was: a binary from before sealing (a rolling upgrade) reads it,
    // cannot load it as a seed and refuses to start, instead of finding no seed and making a new key in
    // clear that would orphan every pinned workstation.
    static constexpr QByteArrayView Marker = "sealed: see signing_seed_sealed";
    auto tx = store::Transaction::begin(*m_db);
    VEIL_TRY(tx);
    auto sealed = meta(QStringLiteral("signing_seed_sealed"));
    VEIL_TRY(sealed);
    auto clear = meta(QStringLiteral("signing_seed"));
    VEIL_TRY(clear);
    const bool marked = clear.value() && QByteArrayView(*clear.value()) == Marker;
    if (sealed.value() && clear.value() && !marked)
        return makeError(
            QStringLiteral("db_corrupt"),
            QStringLiteral("this database holds two signing keys, one sealed and one in clear (a "
                           "binary from before sealing made one): find which one workstations "
                           "enrolled with before the service signs again"));
    if (!sealed.value() && marked)
        return makeError(QStringLiteral("db_corrupt"),
                         QStringLiteral("the service's sealed signing key is gone from this database; "
                                        "restore it from a backup (a new key would orphan every "
                                        "enrolled workstation)"));
    auto kek = loadOrCreateSealingKey(keyFile, !sealed.value());
    VEIL_TRY(kek);
    if (sealed.value()) {
        auto secret = crypto::aesgcm::openSecret(kek.value(), Aad, *sealed.value());
        if (!secret.ok())
            return makeError(
                QStringLiteral("key_mismatch"),
                QStringLiteral("%1 is not the key this database's signing key was sealed with").arg(keyFile));
        auto key = crypto::ed25519::SigningKey::fromSeed(secret.value());
        VEIL_TRY(key);
        if (!clear.value()) // sealed by a version that deleted the row: an older binary would make a new key
            VEIL_TRY(setMeta(QStringLiteral("signing_seed"), Marker));
        VEIL_TRY(tx->commit());
        m_signingKey.emplace(std::move(key.value()));
        return success();
    }
    if (clear.value()) {
        crypto::SecureBuffer secret(*clear.value());
        clear.value()->fill('\0'); // the column's copy does not outlive this line
        auto key = crypto::ed25519::SigningKey::fromSeed(secret);
        VEIL_TRY(key);
        VEIL_TRY(addMeta(QStringLiteral("signing_seed_sealed"),
                         crypto::aesgcm::seal(kek.value(), Aad, secret.view())));
        VEIL_TRY(setMeta(QStringLiteral("signing_seed"), Marker));
        VEIL_TRY(tx->commit());
        m_signingKey.emplace(std::move(key.value()));
        return success();
    }
    auto pair = crypto::ed25519::generate();
    VEIL_TRY(pair);
    VEIL_TRY(addMeta(QStringLiteral("signing_seed_sealed"),
                     crypto::aesgcm::seal(kek.value(), Aad, pair->seed.view())));
    VEIL_TRY(addMeta(QStringLiteral("signing_seed"), Marker));
    auto key = crypto::ed25519::SigningKey::fromSeed(pair->seed);
    VEIL_TRY(key);
    VEIL_TRY(tx->commit());
    m_signingKey.emplace(std::move(key.value()));
    return success();
}

Result<QString> ServiceStore::createToken(const QString &reviewer, const QString &role)
{
    if (reviewer.isEmpty() || reviewer.size() > 64)
        return makeError(QStringLiteral("invalid_argument"),
                         QStringLiteral("reviewer names are 1-64 characters"));
    const QString token =
        QStringLiteral("veil_") + QString::fromLatin1(crypto::randomBytes(24).toBase64(
                                      QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    // The role is checked here, not left to the table's CHECK: an insert fails for other reasons too (a
    // database locked by a long write), and those must be reported as what they are.
    static const QStringList roles{QStringLiteral("moderator"), QStringLiteral("appeals"),
                                   QStringLiteral("supervisor"), QStringLiteral("pipeline")};
    if (!roles.contains(role))
        return makeError(QStringLiteral("invalid_argument"),
                         QStringLiteral("role must be moderator, appeals, supervisor or pipeline"));
    auto stmt =
        m_db->prepare("INSERT INTO tokens(token_hash, reviewer, role, created_at) VALUES (?, ?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(1, hashToken(token.toLatin1())).bind(2, reviewer).bind(3, role).bind(4, now());
    VEIL_TRY(stmt->run());
    return token;
}

std::optional<Reviewer> ServiceStore::reviewerForToken(const QByteArray &token)
{
    auto stmt = m_db->prepare("SELECT reviewer, role FROM tokens WHERE token_hash = ?");
    if (!stmt.ok())
        return std::nullopt;
    stmt->bind(1, hashToken(token));
    auto row = stmt->step();
    if (!row.ok() || !row.value())
        return std::nullopt;
    return Reviewer{stmt->text(0), stmt->text(1)};
}

Result<Device> ServiceStore::enroll(const QString &reviewer, const QByteArray &publicKey)
{
    if (!crypto::ed25519::VerifyingKey::fromRaw(publicKey).ok())
        return makeError(QStringLiteral("invalid_key"),
                         QStringLiteral("public_key must be a raw Ed25519 key"));
    const QString keyId = crypto::ed25519::keyId(publicKey);
    auto known = deviceByKeyId(keyId);
    VEIL_TRY(known);
    if (const std::optional<Device> &existing = known.value()) {
        if (existing->reviewer != reviewer)
            return makeError(QStringLiteral("key_in_use"),
                             QStringLiteral("this key is enrolled by another reviewer"));
        return *existing;
    }
    Device device{crypto::randomId(), reviewer, publicKey, keyId};
    auto stmt = m_db->prepare(
        "INSERT INTO devices(device_id, reviewer, public_key, key_id, enrolled_at) VALUES (?, ?, ?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(1, device.deviceId).bind(2, reviewer).bindBlob(3, publicKey).bind(4, keyId).bind(5, now());
    VEIL_TRY(stmt->run());
    return device;
}

namespace {

// A failed lookup was read as "no such device": a verdict rejected for good (unknown_key) over a dropped
// connection, and a failed prepare dereferenced (an uncaught exception: the instance ended).
Result<std::optional<Device>> oneDevice(store::Database &db, const char *sql, const QString &key)
{
    auto stmt = db.prepare(sql);
    VEIL_TRY(stmt);
    stmt->bind(1, key);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return std::optional<Device>();
    return std::optional<Device>(Device{stmt->text(0), stmt->text(1), stmt->blob(2), stmt->text(3)});
}

} // namespace

Result<std::optional<Device>> ServiceStore::deviceById(const QString &deviceId)
{
    return oneDevice(*m_db, "SELECT device_id, reviewer, public_key, key_id FROM devices WHERE device_id = ?",
                     deviceId);
}

Result<std::optional<Device>> ServiceStore::deviceByKeyId(const QString &keyId)
{
    return oneDevice(*m_db, "SELECT device_id, reviewer, public_key, key_id FROM devices WHERE key_id = ?",
                     keyId);
}

Result<void> ServiceStore::addItem(const QString &queue, const QJsonObject &payload, qint64 dueAtMs,
                                   int priority, const QString &appealOf, const QString &originalReviewer)
{
    auto canonical = json::canonicalize(payload);
    VEIL_TRY(canonical);
    auto signature = m_signingKey->sign(canonical.value());
    VEIL_TRY(signature);
    QStringList media;
    for (const QJsonValue &entry : payload.value(QStringLiteral("media")).toArray())
        media << entry.toObject().value(QStringLiteral("sha256")).toString();
    auto stmt =
        m_db->prepare("INSERT INTO items(item_id, queue, payload, signature, media, due_at, priority, "
                      "appeal_of, original_reviewer, start_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    VEIL_TRY(stmt);
    if (appealOf.isEmpty())
        stmt->bindNull(8).bindNull(9);
    else
        stmt->bind(8, appealOf).bind(9, originalReviewer);
    stmt->bind(1, payload.value(QStringLiteral("item_id")).toString()).bind(2, queue);
    stmt->bind(3, QString::fromUtf8(canonical.value())).bindBlob(4, signature.value());
    stmt->bind(5, media.join(QLatin1Char(','))).bind(6, dueAtMs).bind(7, priority);
    stmt->bind(10, sla_histogram::startOf(queue, payload));
    const QString itemId = payload.value(QStringLiteral("item_id")).toString();
    auto tx = store::Transaction::begin(*m_db);
    VEIL_TRY(tx);
    // An archived item's id is taken: the case it names was decided and archived, not lost.
    auto archived = archiveOf(itemId);
    VEIL_TRY(archived);
    if (archived.value())
        return makeError(QStringLiteral("item_archived"),
                         QStringLiteral("%1 was decided and archived (%2)").arg(itemId, *archived.value()));
    VEIL_TRY(stmt->run());
    for (const QString &sha256 : std::as_const(media)) {
        if (sha256.isEmpty())
            continue;
        // Checked again under the writers' lock: an archive that committed since the filing's own check may
        // have dropped a file no item used then.
        auto stored = m_db->queryRow("SELECT 1 FROM media WHERE sha256 = ?", sha256);
        VEIL_TRY(stored);
        if (!stored.value())
            return makeError(QStringLiteral("media_missing"),
                             QStringLiteral("media %1 is not stored; upload it again").arg(sha256.left(64)));
        VEIL_TRY(
            m_db->run("INSERT OR IGNORE INTO item_media(sha256, item_id) VALUES (?, ?)", sha256, itemId));
    }
    return tx->commit();
}

Result<void> ServiceStore::addMedia(const QString &sha256, const QString &mime, const QByteArray &bytes)
{
    auto stmt = m_db->prepare("INSERT OR IGNORE INTO media(sha256, mime, bytes) VALUES (?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(1, sha256).bind(2, mime).bindBlob(3, bytes);
    return stmt->run();
}

std::optional<QPair<QString, QByteArray>> ServiceStore::media(const QString &sha256)
{
    auto stmt = m_db->prepare("SELECT mime, bytes FROM media WHERE sha256 = ?");
    stmt->bind(1, sha256);
    auto row = stmt->step();
    if (!row.ok() || !row.value())
        return std::nullopt;
    return qMakePair(stmt->text(0), stmt->blob(1));
}

std::optional<QPair<QString, qint64>> ServiceStore::mediaInfo(const QString &sha256)
{
    // length() of a BLOB is read from the record header: the bytes stay on disk.
    auto row = m_db->queryRow("SELECT mime, length(bytes) FROM media WHERE sha256 = ?", sha256);
    if (!row.ok() || !row.value())
        return std::nullopt;
    return qMakePair(row.value()->text(0), row.value()->int64(1));
}

std::optional<ServiceStore::ItemLease> ServiceStore::itemLease(const QString &itemId)
{
    auto stmt =
        m_db->prepare("SELECT state, lease_id, lease_device, lease_expires_at, media, queue, appeal_of, "
                      "original_reviewer FROM items WHERE item_id = ?");
    stmt->bind(1, itemId);
    auto row = stmt->step();
    if (!row.ok() || !row.value())
        return std::nullopt;
    return ItemLease{stmt->text(0),
                     stmt->text(1),
                     stmt->text(2),
                     stmt->int64(3),
                     stmt->text(4).split(QLatin1Char(','), Qt::SkipEmptyParts),
                     stmt->text(5),
                     stmt->text(6),
                     stmt->text(7)};
}

Result<qint64> ServiceStore::renew(const QString &leaseId, const QString &deviceId, qint64 nowMs,
                                   qint64 leaseMs)
{
    auto stmt = m_db->prepare("SELECT lease_device, lease_expires_at, state FROM items WHERE lease_id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, leaseId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value() || stmt->text(2) != QLatin1String("queued"))
        return makeError(QStringLiteral("lease_unknown"), QStringLiteral("no active lease %1").arg(leaseId));
    if (stmt->text(0) != deviceId)
        return makeError(QStringLiteral("lease_not_held"),
                         QStringLiteral("the lease belongs to another device"));
    if (stmt->int64(1) < nowMs)
        return makeError(QStringLiteral("lease_expired"), QStringLiteral("the lease has expired"));
    // Conditional, not trusting the read above: a claim on another instance may take the lease the moment
    // it lapses, and a renewal must then fail rather than report a lease the device no longer holds.
    auto update = m_db->prepare("UPDATE items SET lease_expires_at = ?1 WHERE lease_id = ?2 AND "
                                "lease_device = ?3 AND state = 'queued' AND lease_expires_at >= ?4");
    VEIL_TRY(update);
    update->bind(1, nowMs + leaseMs).bind(2, leaseId).bind(3, deviceId).bind(4, nowMs);
    VEIL_TRY(update->run());
    if (m_db->changes() == 0)
        return makeError(QStringLiteral("lease_expired"), QStringLiteral("the lease has expired"));
    return nowMs + leaseMs;
}

Result<void> ServiceStore::release(const QString &leaseId, const QString &deviceId, const Skip &skip)
{
    auto tx = store::Transaction::begin(*m_db);
    VEIL_TRY(tx);
    if (!skip.reason.isEmpty()) {
        auto remember = m_db->prepare(
            "INSERT INTO item_skips(item_id, reviewer, reason, at) "
            "SELECT item_id, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT) FROM items "
            "WHERE lease_id = ? AND lease_device = ? AND state = 'queued' "
            "ON CONFLICT(item_id, reviewer) DO UPDATE SET reason = excluded.reason, at = excluded.at");
        VEIL_TRY(remember);
        remember->bind(1, skip.reviewer)
            .bind(2, skip.reason)
            .bind(3, skip.atMs)
            .bind(4, leaseId)
            .bind(5, deviceId);
        VEIL_TRY(remember->run());
    }
    auto update =
        m_db->prepare("UPDATE items SET lease_id = NULL, lease_device = NULL, lease_expires_at = NULL "
                      "WHERE lease_id = ? AND lease_device = ? AND state = 'queued'");
    VEIL_TRY(update);
    update->bind(1, leaseId).bind(2, deviceId);
    VEIL_TRY(update->run());
    if (m_db->changes() == 0)
        return makeError(QStringLiteral("lease_unknown"),
                         QStringLiteral("no lease %1 held by this device").arg(leaseId));
    return tx->commit();
}

Result<ServiceStore::PauseState> ServiceStore::pauseState(const QString &itemId)
{
    auto stmt =
        m_db->queryOne(makeError(QStringLiteral("item_unknown"), QStringLiteral("no item %1").arg(itemId)),
                       "SELECT queue, payload, state, lease_device, sla_paused_at, due_at, "
                       "COALESCE(last_claimed_at, 0), COALESCE(sla_paused_device, ''), "
                       "COALESCE(lease_expires_at, 0) FROM items WHERE item_id = ?",
                       itemId);
    VEIL_TRY(stmt);
    PauseState p;
    p.queue = stmt->text(0);
    p.category =
        QJsonDocument::fromJson(stmt->text(1).toUtf8()).object().value(QStringLiteral("category")).toString();
    p.open = stmt->text(2) == QLatin1String("queued");
    p.leaseDevice = stmt->text(3);
    p.pauseSet = !stmt->isNull(4);
    p.pausedAtMs = stmt->int64(4);
    p.dueAtMs = stmt->int64(5);
    p.lastClaimedAtMs = stmt->int64(6);
    p.pausedBy = stmt->text(7);
    p.leaseExpiresAtMs = stmt->int64(8);
    return p;
}

Result<void> ServiceStore::setPause(const QString &itemId, qint64 atMs, const QString &deviceId)
{
    return m_db->run("UPDATE items SET sla_paused_at = ?, sla_paused_device = ? WHERE item_id = ?", atMs,
                     deviceId, itemId);
}

Result<void> ServiceStore::clearPause(const QString &itemId, qint64 creditMs)
{
    return m_db->run("UPDATE items SET sla_paused_at = NULL, sla_paused_device = NULL, "
                     "sla_paused_ms = sla_paused_ms + ?, due_at = due_at + ? WHERE item_id = ?",
                     creditMs, creditMs, itemId);
}

Result<std::optional<QByteArray>> ServiceStore::meta(const QString &name)
{
    auto row = m_db->queryRow("SELECT value FROM service_meta WHERE name = ?", name);
    VEIL_TRY(row);
    if (!row.value())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(row.value()->blob(0));
}

Result<void> ServiceStore::setMeta(const QString &name, QByteArrayView value)
{
    return writeMeta("INSERT INTO service_meta(name, value) VALUES (?, ?) "
                     "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                     name, value);
}

Result<void> ServiceStore::addMeta(const QString &name, QByteArrayView value)
{
    return writeMeta("INSERT INTO service_meta(name, value) VALUES (?, ?)", name, value);
}

Result<void> ServiceStore::writeMeta(const char *sql, const QString &name, QByteArrayView value)
{
    // A view, bound as it is: the signing seed is never copied into an unwiped buffer.
    auto stmt = m_db->prepare(sql);
    VEIL_TRY(stmt);
    stmt->bind(1, name).bindBlob(2, value);
    return stmt->run();
}

Result<qint64> ServiceStore::itemCount()
{
    auto row = m_db->queryRow("SELECT count(*) FROM items");
    VEIL_TRY(row);
    return row.value() ? row.value()->int64(0) : 0;
}

Result<QJsonObject> ServiceStore::itemPayload(const QString &itemId)
{
    auto stmt = m_db->prepare("SELECT payload FROM items WHERE item_id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("item_unknown"), QStringLiteral("no item %1").arg(itemId));
    return QJsonDocument::fromJson(stmt->text(0).toUtf8()).object();
}

Result<ServiceStore::ItemTimes> ServiceStore::itemTimes(const QString &itemId)
{
    auto stmt = m_db->prepare("SELECT due_at, COALESCE(first_claimed_at, 0), COALESCE(last_claimed_at, 0), "
                              "claims, COALESCE(decided_at, 0) FROM items WHERE item_id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("item_unknown"), QStringLiteral("no item %1").arg(itemId));
    return ItemTimes{stmt->int64(0), stmt->int64(1), stmt->int64(2), int(stmt->int64(3)), stmt->int64(4)};
}

} // namespace veil::service
