// What the workstation knows about the media it holds, apart from the pixels: format, size, orientation,
// PDQ hash, face regions, near-duplicate cluster and hash-list matches. Filled at ingest (analyse, then
// record inside the ingest transaction); read by the queue and the review view. Faces are the exception:
// the detector was most of ingest's CPU while most items of a flood are decided blurred, so they are found
// where a clear rendition first needs them (findFaces, recordFaces), once per file.
//
// Clusters grow by nearest member: an item joins the cluster of its nearest clustered item within the radius,
// else leads a new one. Variants of one image sit within ~20 bits of their source but up to ~40 of each
// other, so clusters that only a leader could be joined by split a flood's families in two or three
// (bench/flood.sh: 111 decisions for 50 families). Reach stays bounded: a cluster is joined only while the
// newcomer is within twice the radius of its leader, the item a reviewer sees as its representative, so a
// decision applied to a cluster never reaches far from what was looked at (unrelated images are ~128 apart).
#pragma once

#include "media/FaceDetector.h"
#include "media/NearDuplicateIndex.h"
#include "media/PdqHasher.h"
#include "media/Renditions.h"
#include "store/Database.h"

#include <QHash>

#include <memory>
#include <optional>

namespace veil::media {

struct MediaSettings
{
    DecodeLimits limits;
    int clusterRadius = 31;  // PDQ distance for near-duplicates (at most NearDuplicateIndex::MaxRadius)
    int hashListRadius = 31; // PDQ distance for a hash-list match
    int minQuality = 50;     // hashes of flat, featureless images (quality < 50) match everything: unused
};

struct MediaFacts
{
    QString sha256;
    ImageHeader header;
    PdqResult pdq;
    FaceRegions faces;
};

struct HashListMatch
{
    qint64 listId = 0;
    QString label;
    int distance = 0;
};

struct ItemCluster
{
    QString clusterId; // the leader's item id
    int distance = 0;  // from this item to the leader (at most twice the radius)
};

class MediaCatalog
{
public:
    explicit MediaCatalog(store::Database &db, MediaSettings settings = {});

    const MediaSettings &settings() const { return m_settings; }

    // Decodes within the limits and computes the facts (faces unknown unless found before for these bytes);
    // bytes that hash to a sha256 analysed before (this run, or stored for another item) get those facts
    // without decoding again. Errors: the decoder's ("media_*").
    Result<MediaFacts> analyse(QByteArrayView bytes, const QString &sha256) const;
    // analyse's two halves, for callers that decode in a worker (the ingest): the facts of bytes analysed
    // before, when they hash to sha256 and fit today's limits; and a fresh decode and hash, with no database
    // (any thread; the hasher is the caller's, one per thread). remember() keeps fresh facts of bytes known
    // to hash to their sha256, so the same file is not analysed again.
    std::optional<MediaFacts> factsKnown(QByteArrayView bytes, const QString &sha256) const;
    static Result<MediaFacts> analyseFresh(QByteArrayView bytes, const QString &sha256,
                                           const DecodeLimits &limits, PdqHasher &hasher);
    void remember(const MediaFacts &facts) const;

    // Stores the facts of an item's media, places it in a cluster (by its first hashable image) and marks
    // hash-list matches. Call inside the ingest transaction.
    Result<void> record(const QString &itemId, const QList<MediaFacts> &facts);
    // Everything derived from an item's evidence (facts, cluster membership, hash-list matches), when the
    // evidence is crypto-shredded (vault::Vault's shred hook, in its transaction).
    static Result<void> forget(store::Database &db, const QString &itemId);

    // The faces found in a file (any item holding it), or unknown (known false) until findFaces ran.
    Result<FaceRegions> faces(const QString &sha256);
    // Detects faces in bytes that must hash to sha256 (error "media_hash_mismatch" otherwise: what is found
    // is kept for every item holding that file). Decodes reduced to the detector's scan size; no database,
    // so it runs in any thread. Errors: the decoder's, "face_detection_failed".
    static Result<FaceRegions> findFaces(const FaceDetector &detector, QByteArrayView bytes,
                                         const QString &sha256, const DecodeLimits &limits);
    // Keeps what findFaces found for every item holding the file (and for those ingested later).
    Result<void> recordFaces(const QString &sha256, const FaceRegions &faces);
    Result<std::optional<ItemCluster>> cluster(const QString &itemId);
    Result<QList<HashListMatch>> hashListMatches(const QString &itemId);
    // Matches the service marked at intake (by list label; listId ignored): kept beside the local lists'
    // under a list of that label from source "service", so the queue shows them the same way.
    Result<void> recordServiceMatches(const QString &itemId, const QList<HashListMatch> &matches);

    // Imports "hash[,anything...]" lines (the reference tool's hash,quality,path output works as is); blank
    // lines and lines starting with '#' are skipped. Every stored item is then checked against the list.
    // Errors: "invalid_hash_list" naming the first bad line (nothing is imported then).
    struct Imported
    {
        qint64 listId = 0;
        int hashes = 0;
        int matchedItems = 0;
    };
    Result<Imported> importHashList(const QByteArray &csv, const QString &label, const QString &source);

private:
    std::optional<MediaFacts> knownFacts(const QString &sha256) const;
    Result<void> loadIndexes();
    Result<void> matchHashLists(const QString &itemId, const QList<MediaFacts> &facts);

    store::Database &m_db;
    MediaSettings m_settings;
    bool m_loaded = false;
    std::unique_ptr<NearDuplicateIndex>
        m_members;                        // every clustered item, built on first use: ~25 MB of buckets
    QStringList m_clusterOfEntry;         // cluster id per entry in m_members
    QHash<QString, PdqHash> m_leaderHash; // cluster id -> its leader's hash
    std::unique_ptr<NearDuplicateIndex> m_listIndex;
    QList<qint64> m_listOfEntry;                 // hash-list id per entry in m_listIndex
    mutable PdqHasher m_hasher;                  // its buffers are reused from image to image
    mutable QHash<QString, MediaFacts> m_recent; // analysed this run, by SHA-256 (bounded)
};

} // namespace veil::media
