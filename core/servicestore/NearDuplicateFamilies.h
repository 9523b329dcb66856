// Near-duplicate families at the service. Each uploaded file's PDQ hash is kept (computed once, at upload);
// each filed escalation joins the family of its nearest earlier item within the radius, or starts a family
// of its own as its representative. Claims hand out families together (ServiceStore::claim), so one
// reviewer sees a flood's variants side by side instead of one per batch.
//
// An item joins by its nearest *member*, not only by the representative: variants of one image sit within
// ~20 bits of their source but up to ~40 bits of each other, so representative-only families split in two
// or three (measured with bench/flood.sh). Chaining is bounded: a family is joined only while the newcomer
// is within twice the radius of the family's representative (unrelated images are ~128 bits apart).
// Owns `media_pdq` and `families`.
#pragma once

#include "common/Result.h"
#include "media/NearDuplicateIndex.h"
#include "store/Database.h"

#include <QHash>
#include <QStringList>

#include <memory>
#include <optional>

namespace veil::service {

struct FamilyAssignment
{
    QString familyId; // the representative's item id; empty: no hashable file, the item stands alone
    int distance = 0; // to the member it joined by (0 for a representative)
};

class NearDuplicateFamilies
{
public:
    static constexpr int Radius = 31;     // the workstation's cluster radius (MediaSettings::clusterRadius)
    static constexpr int MinQuality = 50; // flat images hash alike whatever they show: never grouped

    explicit NearDuplicateFamilies(store::Database &db) : m_db(db) {}

    // Hashes a decoded upload and keeps the hash under its SHA-256 (once; a re-upload changes nothing).
    Result<void> recordMedia(const QString &sha256, const cv::Mat &pixels);
    // The file's hash and quality, if it was recorded.
    Result<std::optional<media::PdqResult>> mediaHash(const QString &sha256);

    // Puts an item into a family by its first hashable file. Call inside the filing's transaction; an item
    // is assigned once (a second call answers the first assignment).
    Result<FamilyAssignment> assign(const QString &itemId, const QStringList &mediaSha256);
    // The item's family, empty if it has none.
    Result<QString> familyOf(const QString &itemId);
    // An archived item leaves its family (its hash stays in this process's index until restart).
    Result<void> forget(const QString &itemId);

private:
    // Reads the members stored since the last call (all of them on the first): several instances on one
    // database each see the families the others formed.
    Result<void> catchUp();

    store::Database &m_db;
    // Every member's hash (members of decided items too: a late variant of a decided flood still groups
    // with what is open of it), loaded on first use and caught up before each assignment.
    std::unique_ptr<media::NearDuplicateIndex> m_index;
    qint64 m_loadedRowid = 0;
    QStringList m_familyOfEntry;
    QHash<QString, media::PdqHash> m_representative; // family id -> its representative's hash
};

} // namespace veil::service
