#include "servicestore/NearDuplicateFamilies.h"

#include "media/PdqHasher.h"

#include <opencv2/core.hpp>

namespace veil::service {

Result<void> NearDuplicateFamilies::recordMedia(const QString &sha256, const cv::Mat &pixels)
{
    media::PdqHasher hasher;
    media::PdqResult pdq = hasher.hashImage(pixels);
    pdq.mirrored = hasher.hashMirrored(pixels);
    return m_db.run("INSERT OR IGNORE INTO media_pdq(sha256, pdq, quality, mirrored) VALUES (?, ?, ?, ?)",
                    sha256, pdq.hash.toBytes(), pdq.quality, pdq.mirrored.value_or(pdq.hash).toBytes());
}

Result<std::optional<media::PdqResult>> NearDuplicateFamilies::mediaHash(const QString &sha256)
{
    auto row = m_db.queryRow("SELECT pdq, quality, mirrored FROM media_pdq WHERE sha256 = ?", sha256);
    VEIL_TRY(row);
    if (!row.value())
        return std::optional<media::PdqResult>();
    media::PdqResult result{media::PdqHash::fromBytes(row.value()->blob(0)), int(row.value()->int64(1)), {}};
    if (const QByteArray mirrored = row.value()->blob(2); mirrored.size() == 32) // kept since schema 16
        result.mirrored = media::PdqHash::fromBytes(mirrored);
    return std::optional<media::PdqResult>(result);
}

Result<void> NearDuplicateFamilies::catchUp()
{
    if (!m_index)
        m_index = std::make_unique<media::NearDuplicateIndex>();
    // Members in the order they were stored: this instance's and those other instances on the same database
    // stored since the last call (filings hold the writers' lock, so none commits out of rowid order). A
    // member whose hash its family holds already (joined at distance 0) adds no reach: not indexed again, or
    // a flood re-posting one file made every query return them all.
    auto members = m_db.prepare(
        "SELECT rowid, item_id, family_id, distance, pdq FROM families WHERE rowid > ? ORDER BY rowid");
    VEIL_TRY(members);
    members->bind(1, m_loadedRowid);
    for (;;) {
        auto row = members->step();
        VEIL_TRY(row);
        if (!row.value())
            return success();
        m_loadedRowid = members->int64(0);
        const bool representative = members->text(1) == members->text(2);
        if (!representative && members->int64(3) == 0)
            continue;
        const media::PdqHash hash = media::PdqHash::fromBytes(members->blob(4));
        m_index->insert(quint32(m_familyOfEntry.size()), hash);
        m_familyOfEntry << members->text(2);
        if (representative)
            m_representative.insert(members->text(1), hash);
    }
}

Result<FamilyAssignment> NearDuplicateFamilies::assign(const QString &itemId, const QStringList &mediaSha256)
{
    auto earlier = m_db.queryRow("SELECT family_id, distance FROM families WHERE item_id = ?", itemId);
    VEIL_TRY(earlier);
    if (earlier.value())
        return FamilyAssignment{earlier.value()->text(0), int(earlier.value()->int64(1))};
    std::optional<media::PdqResult> pdq;
    for (const QString &sha : mediaSha256) {
        auto known = mediaHash(sha);
        VEIL_TRY(known);
        if (known.value() && known.value()->quality >= MinQuality) {
            pdq = known.value();
            break;
        }
    }
    if (!pdq)
        return FamilyAssignment(); // nothing hashable (flat images): grouped with nothing
    VEIL_TRY(catchUp());
    // Nearest first; the first whose family's representative is close enough is the one joined, as the
    // image is or mirrored (a flood re-posts mirrored copies; PDQ puts them ~128 bits apart). The member is
    // kept in the orientation it joined by, so its family's later mirrored variants find it too.
    const auto nearest = [this](const media::PdqHash &h) -> std::optional<FamilyAssignment> {
        for (const auto &match : m_index->query(h, Radius)) {
            const QString &family = m_familyOfEntry.at(int(match.id));
            if (h.distance(m_representative.value(family)) <= 2 * Radius)
                return FamilyAssignment{family, match.distance};
        }
        return std::nullopt;
    };
    std::optional<media::PdqHash> hash = pdq->hash;
    FamilyAssignment assignment{itemId, 0};
    if (auto direct = nearest(pdq->hash))
        assignment = *direct;
    if (pdq->mirrored) {
        if (auto flipped = nearest(*pdq->mirrored);
            flipped && (assignment.familyId == itemId || flipped->distance < assignment.distance)) {
            assignment = *flipped;
            hash = pdq->mirrored;
        }
    }
    VEIL_TRY(m_db.run("INSERT INTO families(item_id, family_id, distance, pdq) VALUES (?, ?, ?, ?)", itemId,
                      assignment.familyId, assignment.distance, hash->toBytes()));
    // Memory follows the row at the next call's catch-up (which reads this instance's rows and others'
    // alike). Were the filing's transaction to roll back after that, the entry would stay until the next
    // start and only group what arrives next with a family of no stored item (and on SQLite, which reuses
    // a rolled-back rowid, the next member stored would be missed until then: grouping, not safety).
    return assignment;
}

Result<QString> NearDuplicateFamilies::familyOf(const QString &itemId)
{
    auto row = m_db.queryRow("SELECT family_id FROM families WHERE item_id = ?", itemId);
    VEIL_TRY(row);
    return row.value() ? row.value()->text(0) : QString();
}

Result<void> NearDuplicateFamilies::forget(const QString &itemId)
{
    return m_db.run("DELETE FROM families WHERE item_id = ?", itemId);
}

} // namespace veil::service
