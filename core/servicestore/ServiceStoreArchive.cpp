// ServiceStore's side of archiving (CaseArchive): decided items leave the live tables, a tombstone of each
// item and verdict stays, so a verdict pushed again, an item filed again or an appeal of an archived
// decision is answered by name instead of being taken for something new.
#include "servicestore/AppealIntake.h"
#include "servicestore/QaReviews.h"
#include "servicestore/ServiceStore.h"

#include "crypto/Sha256.h"

namespace veil::service {

Result<std::optional<ServiceStore::ArchivedVerdict>> ServiceStore::archivedVerdict(const QString &verdictId)
{
    auto row =
        m_db->queryRow("SELECT item_id, body_sha256 FROM archived_verdicts WHERE verdict_id = ?", verdictId);
    VEIL_TRY(row);
    if (!row.value())
        return std::optional<ArchivedVerdict>();
    return std::optional<ArchivedVerdict>(ArchivedVerdict{row.value()->text(0), row.value()->text(1)});
}

Result<std::optional<QString>> ServiceStore::archiveOf(const QString &itemId)
{
    auto row = m_db->queryRow("SELECT archive FROM archived_items WHERE item_id = ?", itemId);
    VEIL_TRY(row);
    if (!row.value())
        return std::optional<QString>();
    return std::optional<QString>(row.value()->text(0));
}

Result<ServiceStore::Forgotten> ServiceStore::forgetDecided(const QStringList &itemIds,
                                                            const QString &archive, qint64 nowMs)
{
    auto tx = store::Transaction::begin(*m_db);
    VEIL_TRY(tx);
    Forgotten forgotten;
    qint64 counted = 0; // decisions in the SLA histogram that leave with their items
    for (const QString &itemId : itemIds) {
        auto item = m_db->queryRow("SELECT decided_at IS NOT NULL AND start_at IS NOT NULL FROM items "
                                   "WHERE item_id = ? AND state = 'decided'",
                                   itemId);
        VEIL_TRY(item);
        if (!item.value())
            return makeError(QStringLiteral("not_decided"),
                             QStringLiteral("%1 is not a decided item").arg(itemId));
        counted += item.value()->int64(0);

        // Its re-review, counted in the agreement first (with its verdict, still here).
        VEIL_TRY(QaReviews::forget(*m_db, itemId));
        // Verdicts (and the conflicts pushed for the item) leave their id and body hash.
        auto verdicts = m_db->prepare("SELECT verdict_id, body FROM verdicts WHERE item_id = ?");
        VEIL_TRY(verdicts);
        verdicts->bind(1, itemId);
        QList<QPair<QString, QString>> tombstones;
        for (;;) {
            auto row = verdicts->step();
            VEIL_TRY(row);
            if (!row.value())
                break;
            tombstones.append({verdicts->text(0), crypto::sha256Hex(verdicts->blob(1))});
        }
        verdicts->reset();
        for (const auto &[verdictId, hash] : std::as_const(tombstones))
            VEIL_TRY(
                m_db->run("INSERT INTO archived_verdicts(verdict_id, item_id, body_sha256) VALUES (?, ?, ?)",
                          verdictId, itemId, hash));
        forgotten.verdicts += int(tombstones.size());
        VEIL_TRY(m_db->run("DELETE FROM verdicts WHERE item_id = ?", itemId));
        VEIL_TRY(m_db->run("DELETE FROM conflicts WHERE item_id = ?", itemId));
        VEIL_TRY(m_db->run("DELETE FROM item_skips WHERE item_id = ?", itemId));
        VEIL_TRY(m_families.forget(itemId));

        // Its media, and the files no item left here refers to.
        auto media = m_db->prepare("SELECT sha256 FROM item_media WHERE item_id = ?");
        VEIL_TRY(media);
        media->bind(1, itemId);
        QStringList files;
        for (;;) {
            auto row = media->step();
            VEIL_TRY(row);
            if (!row.value())
                break;
            files << media->text(0);
        }
        media->reset();
        for (const QString &sha256 : std::as_const(files)) {
            VEIL_TRY(m_db->run("DELETE FROM item_media WHERE sha256 = ? AND item_id = ?", sha256, itemId));
            auto used = m_db->queryRow("SELECT 1 FROM item_media WHERE sha256 = ? LIMIT 1", sha256);
            VEIL_TRY(used);
            if (used.value())
                continue;
            VEIL_TRY(m_db->run("DELETE FROM media WHERE sha256 = ?", sha256));
            forgotten.mediaDropped += m_db->changes() > 0 ? 1 : 0;
        }
        VEIL_TRY(m_db->run("DELETE FROM items WHERE item_id = ? AND state = 'decided'", itemId));
        VEIL_TRY(m_db->run("INSERT INTO archived_items(item_id, archive, archived_at) VALUES (?, ?, ?)",
                           itemId, archive, nowMs));
    }
    // The histogram keeps counting them: a count check at the next open must not take them for missing.
    if (counted > 0) {
        auto before = meta(QStringLiteral("sla_archived"));
        VEIL_TRY(before);
        const qint64 total = (before.value() ? before.value()->toLongLong() : 0) + counted;
        VEIL_TRY(setMeta(QStringLiteral("sla_archived"), QByteArray::number(total)));
    }
    VEIL_TRY(tx->commit());
    return forgotten;
}

Result<void> ServiceStore::indexItemsMedia()
{
    auto tx = store::Transaction::begin(*m_db);
    VEIL_TRY(tx);
    // Items with media and no rows listing it: filed by an older binary (open or decided since).
    if (m_db->isSqlite())
        VEIL_TRY(
            m_db->run("WITH RECURSIVE split(item_id, rest, sha256) AS (SELECT i.item_id, i.media || ',', '' "
                      "FROM items i WHERE i.media <> '' AND NOT EXISTS (SELECT 1 FROM item_media m WHERE "
                      "m.item_id = i.item_id) UNION ALL SELECT item_id, substr(rest, instr(rest, ',') + 1), "
                      "substr(rest, 1, instr(rest, ',') - 1) FROM split WHERE rest <> '') "
                      "INSERT OR IGNORE INTO item_media(sha256, item_id) SELECT sha256, item_id FROM split "
                      "WHERE sha256 <> ''"));
    else
        VEIL_TRY(m_db->exec(
            "INSERT INTO item_media(sha256, item_id) SELECT DISTINCT s.sha256, i.item_id FROM items i "
            "CROSS JOIN unnest(string_to_array(i.media, ',')) AS s(sha256) WHERE i.media <> '' "
            "AND NOT EXISTS (SELECT 1 FROM item_media m WHERE m.item_id = i.item_id) "
            "AND s.sha256 <> '' ON CONFLICT DO NOTHING"));
    return tx->commit();
}

Result<void> ServiceStore::noteAppealWindow(int days)
{
    auto tx = store::Transaction::begin(*m_db);
    VEIL_TRY(tx);
    auto noted = meta(QStringLiteral("appeal_window_days_max"));
    VEIL_TRY(noted);
    if (noted.value() && noted.value()->toInt() >= days)
        return tx->commit();
    VEIL_TRY(setMeta(QStringLiteral("appeal_window_days_max"), QByteArray::number(days)));
    return tx->commit();
}

Result<int> ServiceStore::longestAppealWindow()
{
    auto noted = meta(QStringLiteral("appeal_window_days_max"));
    VEIL_TRY(noted);
    return noted.value() ? noted.value()->toInt() : DefaultAppealWindowDays;
}

} // namespace veil::service
