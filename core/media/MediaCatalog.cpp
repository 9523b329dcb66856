#include "media/MediaCatalog.h"

#include "common/Log.h"
#include "crypto/Sha256.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace veil::media {

namespace {

QString facesJson(const FaceRegions &faces)
{
    QJsonArray boxes;
    for (const QRectF &f : faces.faces)
        boxes.append(QJsonArray{f.x(), f.y(), f.width(), f.height()});
    return QString::fromUtf8(QJsonDocument(boxes).toJson(QJsonDocument::Compact));
}

FaceRegions facesFromJson(const QString &json)
{
    FaceRegions regions;
    regions.known = true;
    for (const QJsonValue &box : QJsonDocument::fromJson(json.toUtf8()).array()) {
        const QJsonArray b = box.toArray();
        regions.faces.append(
            QRectF(b.at(0).toDouble(), b.at(1).toDouble(), b.at(2).toDouble(), b.at(3).toDouble()));
    }
    return regions;
}

std::optional<ImageFormat> formatNamed(const QString &name)
{
    for (ImageFormat format : {ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP}) {
        if (formatName(format) == name)
            return format;
    }
    return std::nullopt;
}

constexpr qsizetype MaxRecentFacts = 4096;

} // namespace

MediaCatalog::MediaCatalog(store::Database &db, MediaSettings settings) : m_db(db), m_settings(settings)
{
    m_settings.clusterRadius = std::clamp(m_settings.clusterRadius, 0, NearDuplicateIndex::MaxRadius);
    m_settings.hashListRadius = std::clamp(m_settings.hashListRadius, 0, NearDuplicateIndex::MaxRadius);
}

Result<MediaFacts> MediaCatalog::analyse(QByteArrayView bytes, const QString &sha256) const
{
    // The same bytes again (a flood re-posting one file): their facts are known; decoding and hashing run
    // once per file, not once per item.
    const bool hashed = crypto::sha256Hex(bytes) == sha256;
    if (hashed && bytes.size() <= m_settings.limits.maxBytes) {
        if (auto known = knownFacts(sha256))
            return *known;
    }
    auto fresh = analyseFresh(bytes, sha256, m_settings.limits, m_hasher);
    // Kept only under the bytes' own hash: other bytes claiming it never speak for the real file.
    if (fresh.ok() && hashed)
        remember(fresh.value());
    return fresh;
}

std::optional<MediaFacts> MediaCatalog::factsKnown(QByteArrayView bytes, const QString &sha256) const
{
    if (bytes.size() > m_settings.limits.maxBytes || crypto::sha256Hex(bytes) != sha256)
        return std::nullopt;
    return knownFacts(sha256);
}

void MediaCatalog::remember(const MediaFacts &facts) const
{
    if (m_recent.size() >= MaxRecentFacts)
        m_recent.clear();
    m_recent.insert(facts.sha256, facts);
}

std::optional<MediaFacts> MediaCatalog::knownFacts(const QString &sha256) const
{
    std::optional<MediaFacts> known;
    if (auto it = m_recent.constFind(sha256); it != m_recent.constEnd()) {
        known = it.value();
    } else {
        // Facts stored for another item (across restarts), found by the media_facts_by_sha256 index.
        // Rows with faces found first: a file's faces are recorded for all its rows, but a row may have been
        // written by a run that did not know them yet.
        auto stmt = m_db.prepare("SELECT format, width, height, orientation, pdq, pdq_quality, faces, "
                                 "pdq_mirrored FROM media_facts WHERE sha256 = ? ORDER BY faces IS NULL, "
                                 "pdq_mirrored IS NULL LIMIT 1");
        if (!stmt.ok())
            return std::nullopt;
        stmt->bind(1, sha256);
        auto row = stmt->step();
        const auto format = row.ok() && row.value() ? formatNamed(stmt->text(0)) : std::nullopt;
        if (!format)
            return std::nullopt;
        MediaFacts facts;
        facts.sha256 = sha256;
        facts.header.format = *format;
        facts.header.width = int(stmt->int64(1));
        facts.header.height = int(stmt->int64(2));
        facts.header.orientation = int(stmt->int64(3));
        facts.pdq.hash = PdqHash::fromBytes(stmt->blob(4));
        facts.pdq.quality = int(stmt->int64(5));
        if (!stmt->isNull(6))
            facts.faces = facesFromJson(stmt->text(6));
        if (const QByteArray mirrored = stmt->blob(7); mirrored.size() == 32) // kept since schema 23
            facts.pdq.mirrored = PdqHash::fromBytes(mirrored);
        else if (facts.pdq.quality >= m_settings.minQuality)
            return std::nullopt; // stored before mirrors were: analysed again once, and the mirror kept
        known = facts;
    }
    // Not when the limits are stricter now than when they were taken.
    const DecodeLimits &limits = m_settings.limits;
    const ImageHeader &h = known->header;
    if (h.width > limits.maxWidth || h.height > limits.maxHeight ||
        qint64(h.width) * h.height > limits.maxPixels)
        return std::nullopt;
    return known;
}

Result<MediaFacts> MediaCatalog::analyseFresh(QByteArrayView bytes, const QString &sha256,
                                              const DecodeLimits &limits, PdqHasher &hasher)
{
    auto decoded = decodeImage(bytes, limits);
    VEIL_TRY(decoded);
    MediaFacts facts;
    facts.sha256 = sha256;
    facts.header = decoded->header;
    facts.pdq = hasher.hashImage(decoded->pixels); // stored pixel order, as the reference hashes
    // A flood re-posts mirrored copies, ~128 bits from the original: record() tries this where the image
    // itself finds no cluster, and hash lists are matched both ways.
    facts.pdq.mirrored = hasher.hashMirrored(decoded->pixels);
    return facts;
}

Result<void> MediaCatalog::loadIndexes()
{
    if (m_loaded)
        return success();
    m_members = std::make_unique<NearDuplicateIndex>();
    m_clusterOfEntry.clear();
    m_leaderHash.clear();
    auto members = m_db.prepare("SELECT item_id, cluster_id, pdq FROM clusters ORDER BY rowid");
    VEIL_TRY(members);
    QSet<QByteArray> indexed; // cluster id and hash: a hash its cluster holds already is not indexed again
    for (;;) {
        auto row = members->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        const QByteArray key = members->text(1).toUtf8() + members->blob(2);
        if (indexed.contains(key))
            continue;
        indexed.insert(key);
        const PdqHash hash = PdqHash::fromBytes(members->blob(2));
        m_members->insert(quint32(m_clusterOfEntry.size()), hash);
        m_clusterOfEntry << members->text(1);
        if (members->text(0) == members->text(1))
            m_leaderHash.insert(members->text(1), hash);
    }
    m_listIndex = std::make_unique<NearDuplicateIndex>();
    m_listOfEntry.clear();
    auto entries = m_db.prepare("SELECT list_id, hash FROM hash_list_entries ORDER BY rowid");
    VEIL_TRY(entries);
    for (;;) {
        auto row = entries->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        m_listIndex->insert(quint32(m_listOfEntry.size()), PdqHash::fromBytes(entries->blob(1)));
        m_listOfEntry << entries->int64(0);
    }
    m_loaded = true;
    return success();
}

Result<void> MediaCatalog::forget(store::Database &db, const QString &itemId)
{
    VEIL_TRY(db.run("DELETE FROM media_facts WHERE item_id = ?", itemId));
    VEIL_TRY(db.run("DELETE FROM clusters WHERE item_id = ?", itemId));
    return db.run("DELETE FROM hash_matches WHERE item_id = ?", itemId);
}

Result<void> MediaCatalog::record(const QString &itemId, const QList<MediaFacts> &facts)
{
    VEIL_TRY(loadIndexes());
    auto insert = m_db.prepare(
        "INSERT OR REPLACE INTO media_facts(item_id, sha256, format, width, height, orientation, "
        "pdq, pdq_quality, faces, pdq_mirrored) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    VEIL_TRY(insert);
    const MediaFacts *primary = nullptr;
    for (const MediaFacts &f : facts) {
        insert->reset();
        insert->bind(1, itemId).bind(2, f.sha256).bind(3, formatName(f.header.format));
        insert->bind(4, f.header.width).bind(5, f.header.height).bind(6, f.header.orientation);
        insert->bindBlob(7, f.pdq.hash.toBytes()).bind(8, f.pdq.quality);
        if (f.faces.known)
            insert->bind(9, facesJson(f.faces));
        else
            insert->bindNull(9);
        if (f.pdq.mirrored)
            insert->bindBlob(10, f.pdq.mirrored->toBytes());
        else
            insert->bindNull(10);
        VEIL_TRY(insert->run());
        // Rows of the same file stored before schema 23 get its mirror too (a later import matches by them).
        if (f.pdq.mirrored)
            VEIL_TRY(
                m_db.run("UPDATE media_facts SET pdq_mirrored = ? WHERE sha256 = ? AND pdq_mirrored IS NULL",
                         f.pdq.mirrored->toBytes(), f.sha256));
        if (!primary && f.pdq.quality >= m_settings.minQuality)
            primary = &f;
    }
    if (!primary)
        return success(); // nothing hashable: the item stands alone
    PdqHash hash = primary->pdq.hash;
    QString clusterId = itemId;
    int toLeader = 0;
    bool heldAlready = false; // the cluster joined holds this very hash
    // Nearest first: the first member whose cluster's leader is close enough names the cluster joined.
    const auto join = [&](const PdqHash &h) {
        for (const auto &match : m_members->query(h, m_settings.clusterRadius)) {
            const QString &cluster = m_clusterOfEntry.at(int(match.id));
            const auto leader = m_leaderHash.constFind(cluster);
            if (leader != m_leaderHash.cend() && h.distance(*leader) <= 2 * m_settings.clusterRadius) {
                clusterId = cluster;
                toLeader = h.distance(*leader);
                heldAlready = match.distance == 0;
                hash = h;
                return true;
            }
        }
        return false;
    };
    // As it is, else mirrored (the service tries both and takes the nearer; here the mirror only where the
    // image joins nothing). The item is kept in the orientation it joined by, so its cluster's later
    // mirrored variants find it too.
    if (!join(primary->pdq.hash) && primary->pdq.mirrored)
        join(*primary->pdq.mirrored);
    auto cluster = m_db.prepare(
        "INSERT OR REPLACE INTO clusters(item_id, cluster_id, distance, pdq) VALUES (?, ?, ?, ?)");
    VEIL_TRY(cluster);
    cluster->bind(1, itemId).bind(2, clusterId).bind(3, toLeader);
    cluster->bindBlob(4, hash.toBytes());
    VEIL_TRY(cluster->run());
    // (Were the enclosing transaction to roll back, this entry would linger in memory until the next start;
    // it then names no stored item and only groups what arrives next.) A hash the cluster holds already adds
    // no reach: a flood re-posting one file would otherwise make every query return all its copies.
    if (!heldAlready) {
        m_members->insert(quint32(m_clusterOfEntry.size()), hash);
        m_clusterOfEntry << clusterId;
    }
    if (clusterId == itemId)
        m_leaderHash.insert(itemId, hash);
    return matchHashLists(itemId, facts);
}

Result<void> MediaCatalog::matchHashLists(const QString &itemId, const QList<MediaFacts> &facts)
{
    if (m_listIndex->size() == 0)
        return success();
    // Every hashable file of the item, as it is and mirrored: what importHashList checks stored items by.
    QHash<qint64, int> best;
    for (const MediaFacts &f : facts) {
        if (f.pdq.quality < m_settings.minQuality)
            continue;
        QList<PdqHash> hashes{f.pdq.hash};
        if (f.pdq.mirrored)
            hashes << *f.pdq.mirrored;
        for (const PdqHash &hash : std::as_const(hashes)) {
            for (const auto &m : m_listIndex->query(hash, m_settings.hashListRadius)) {
                const qint64 list = m_listOfEntry.at(int(m.id));
                if (!best.contains(list) || m.distance < best.value(list))
                    best.insert(list, m.distance);
            }
        }
    }
    auto insert =
        m_db.prepare("INSERT OR REPLACE INTO hash_matches(item_id, list_id, distance) VALUES (?, ?, ?)");
    VEIL_TRY(insert);
    for (auto it = best.cbegin(); it != best.cend(); ++it) {
        insert->reset();
        insert->bind(1, itemId).bind(2, it.key()).bind(3, it.value());
        VEIL_TRY(insert->run());
    }
    return success();
}

Result<FaceRegions> MediaCatalog::faces(const QString &sha256)
{
    auto stmt = m_db.prepare("SELECT faces FROM media_facts WHERE sha256 = ? AND faces IS NOT NULL LIMIT 1");
    VEIL_TRY(stmt);
    stmt->bind(1, sha256);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return FaceRegions(); // unknown
    return facesFromJson(stmt->text(0));
}

Result<FaceRegions> MediaCatalog::findFaces(const FaceDetector &detector, QByteArrayView bytes,
                                            const QString &sha256, const DecodeLimits &limits)
{
    if (crypto::sha256Hex(bytes) != sha256)
        return makeError(QStringLiteral("media_hash_mismatch"),
                         QStringLiteral("the file's bytes do not match its SHA-256"));
    auto header = inspectImage(bytes, limits);
    VEIL_TRY(header);
    // The detector scans at most FaceDetector::ScanLongSide: a larger decode would only be shrunk again.
    auto decoded =
        decodeInspected(bytes, header.value(), reductionFor(header.value(), FaceDetector::ScanLongSide));
    VEIL_TRY(decoded);
    auto found = detector.detect(applyOrientation(decoded->pixels, header->orientation));
    VEIL_TRY(found);
    return FaceRegions{true, found.value()};
}

Result<void> MediaCatalog::recordFaces(const QString &sha256, const FaceRegions &faces)
{
    if (!faces.known)
        return success();
    if (auto it = m_recent.find(sha256); it != m_recent.end())
        it->faces = faces;
    return m_db.run("UPDATE media_facts SET faces = ? WHERE sha256 = ? AND faces IS NULL", facesJson(faces),
                    sha256);
}

Result<std::optional<ItemCluster>> MediaCatalog::cluster(const QString &itemId)
{
    auto stmt = m_db.prepare("SELECT cluster_id, distance FROM clusters WHERE item_id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return std::optional<ItemCluster>();
    return std::optional<ItemCluster>(ItemCluster{stmt->text(0), int(stmt->int64(1))});
}

Result<QList<HashListMatch>> MediaCatalog::hashListMatches(const QString &itemId)
{
    auto stmt = m_db.prepare("SELECT m.list_id, l.label, m.distance FROM hash_matches m JOIN hash_lists l ON "
                             "l.id = m.list_id WHERE m.item_id = ? ORDER BY m.distance, l.label");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    QList<HashListMatch> matches;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return matches;
        matches.append({stmt->int64(0), stmt->text(1), int(stmt->int64(2))});
    }
}

Result<void> MediaCatalog::recordServiceMatches(const QString &itemId, const QList<HashListMatch> &matches)
{
    for (const HashListMatch &m : matches) {
        auto list =
            m_db.queryRow("SELECT id FROM hash_lists WHERE source = 'service' AND label = ?", m.label);
        VEIL_TRY(list);
        qint64 listId = 0;
        if (list.value()) {
            listId = list.value()->int64(0);
        } else {
            VEIL_TRY(m_db.run("INSERT INTO hash_lists(label, source, imported_at, entries) "
                              "VALUES (?, 'service', ?, 0)",
                              m.label, QDateTime::currentMSecsSinceEpoch()));
            listId = m_db.lastInsertRowId();
        }
        VEIL_TRY(m_db.run("INSERT OR REPLACE INTO hash_matches(item_id, list_id, distance) VALUES (?, ?, ?)",
                          itemId, listId, m.distance));
    }
    return success();
}

Result<MediaCatalog::Imported> MediaCatalog::importHashList(const QByteArray &csv, const QString &label,
                                                            const QString &source)
{
    if (label.trimmed().isEmpty() || label.size() > 64)
        return makeError(QStringLiteral("invalid_hash_list"),
                         QStringLiteral("a hash list needs a label (1-64 characters)"));
    auto parsed = PdqHash::listFromCsv(csv);
    VEIL_TRY(parsed);
    const QList<PdqHash> &hashes = parsed.value();
    VEIL_TRY(loadIndexes());
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    auto list =
        m_db.prepare("INSERT INTO hash_lists(label, source, imported_at, entries) VALUES (?, ?, ?, ?)");
    VEIL_TRY(list);
    list->bind(1, label.trimmed())
        .bind(2, source)
        .bind(3, QDateTime::currentMSecsSinceEpoch())
        .bind(4, int(hashes.size()));
    VEIL_TRY(list->run());
    Imported imported;
    imported.listId = m_db.lastInsertRowId();
    imported.hashes = int(hashes.size());
    auto entry = m_db.prepare("INSERT INTO hash_list_entries(list_id, hash) VALUES (?, ?)");
    VEIL_TRY(entry);
    NearDuplicateIndex fresh; // just this list, to match what is already stored
    for (int i = 0; i < hashes.size(); ++i) {
        entry->reset();
        entry->bind(1, imported.listId).bindBlob(2, hashes[i].toBytes());
        VEIL_TRY(entry->run());
        fresh.insert(quint32(i), hashes[i]);
    }
    // Every hashable file of every stored item, as it is and mirrored (as matchHashLists at ingest; not the
    // cluster's hash, which may be the mirror an item joined by).
    auto files = m_db.prepare("SELECT item_id, pdq, pdq_mirrored FROM media_facts WHERE pdq_quality >= ?");
    VEIL_TRY(files);
    files->bind(1, m_settings.minQuality);
    QHash<QString, int> nearestOfItem;
    for (;;) {
        auto row = files->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        QList<PdqHash> orientations{PdqHash::fromBytes(files->blob(1))};
        if (const QByteArray mirrored = files->blob(2); mirrored.size() == 32)
            orientations << PdqHash::fromBytes(mirrored);
        for (const PdqHash &hash : std::as_const(orientations)) {
            const auto nearest = fresh.nearest(hash, m_settings.hashListRadius);
            const QString item = files->text(0);
            if (nearest && (!nearestOfItem.contains(item) || nearest->distance < nearestOfItem.value(item)))
                nearestOfItem.insert(item, nearest->distance);
        }
    }
    auto match =
        m_db.prepare("INSERT OR REPLACE INTO hash_matches(item_id, list_id, distance) VALUES (?, ?, ?)");
    VEIL_TRY(match);
    for (auto it = nearestOfItem.cbegin(); it != nearestOfItem.cend(); ++it) {
        match->reset();
        match->bind(1, it.key()).bind(2, imported.listId).bind(3, it.value());
        VEIL_TRY(match->run());
        imported.matchedItems++;
    }
    VEIL_TRY(tx->commit());
    m_loaded = false; // rebuilt with the new list on next use
    return imported;
}

} // namespace veil::media
