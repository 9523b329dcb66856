// Idempotent claims. A client whose claim timed out cannot know whether the service granted it; without
// an id, its retry leases a second batch while the first stays leased to it, unseen, for the whole lease.
// With the id, the retry is answered with the first batch (as much of it as the device still holds).
#include "servicestore/ServiceStore.h"

#include "crypto/Random.h"
#include "store/Database.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <optional>

namespace veil::service {

namespace {

// What a reviewer may be offered: queued, not under a live lease, not an appeal of their own decision
// (four-eyes), not skipped by them. Binds: queue, now, reviewer, reviewer.
#define VEIL_CLAIMABLE                                                                                       \
    "i.queue = ?2 AND i.state = 'queued' AND (i.lease_id IS NULL OR i.lease_expires_at < ?3) "               \
    "AND (i.original_reviewer IS NULL OR i.original_reviewer != ?4) "                                        \
    "AND NOT EXISTS (SELECT 1 FROM item_skips s WHERE s.item_id = i.item_id AND s.reviewer = ?4)"
#define VEIL_CLAIM_COLUMNS                                                                                   \
    "i.item_id, i.payload, i.signature, COALESCE(i.first_claimed_at, ?3), i.claims + 1, "                    \
    "COALESCE(f.family_id, ''), "                                                                            \
    "COALESCE((SELECT group_concat(k.reviewer, char(31)) FROM item_skips k WHERE k.item_id = i.item_id), "   \
    "'')"

} // namespace

Result<QList<Lease>> ServiceStore::claim(const QString &queue, const QString &deviceId, int max, qint64 nowMs,
                                         qint64 leaseMs, const QString &reviewer)
{
    // Row locks, not the writers' lock: on PostgreSQL, claims of several instances (and their threads) run
    // side by side. Each item is locked as it is taken (FOR UPDATE SKIP LOCKED: one another claim holds is
    // passed over, never waited for) and its claimability checked again under the lock; a family is taken
    // by one claim at a time (a transaction-scoped advisory lock, tried, never waited for). On SQLite the
    // writer lock already serialises claims, and the same statements only re-read.
    auto tx = store::Transaction::begin(*m_db, store::Transaction::Lock::Rows);
    VEIL_TRY(tx);
    // The item's claim counts are read under its lock too: a claim elsewhere may have leased it since.
    auto lockItem = m_db->prepare(
        "SELECT COALESCE(first_claimed_at, ?2), claims + 1 FROM items WHERE item_id = ?1 AND "
        "state = 'queued' AND (lease_id IS NULL OR lease_expires_at < ?2) AND NOT EXISTS (SELECT 1 FROM "
        "item_skips s WHERE s.item_id = ?1 AND s.reviewer = ?3) /* pg: FOR UPDATE SKIP LOCKED */");
    VEIL_TRY(lockItem);
    // Tried only for a family about to be taken (a lock is held to the commit: one per family a claim
    // merely walked past would starve the family's holder and fill PostgreSQL's lock table). One found
    // held by another device under the lock is still held to this claim's commit: its holder's claim
    // meanwhile passes its own family over, for that one claim.
    const bool familyLocks = !m_db->isSqlite();
    std::optional<store::Statement> lockFamily;
    if (familyLocks) {
        auto prepared =
            m_db->prepare("SELECT pg_try_advisory_xact_lock(hashtextextended(?1, 8531340983704643957))");
        VEIL_TRY(prepared);
        lockFamily.emplace(std::move(prepared.value()));
    }
    QHash<QString, bool> familyLocked;
    // Whether this claim may take the family; `fresh` says the lock was taken just now (what was read of
    // the family before it may be stale).
    auto ownFamily = [&](const QString &family, bool *fresh = nullptr) -> Result<bool> {
        if (!familyLocks)
            return true;
        if (const auto known = familyLocked.constFind(family); known != familyLocked.cend())
            return *known;
        lockFamily->reset();
        lockFamily->bind(1, family);
        auto row = lockFamily->step();
        VEIL_TRY(row);
        const bool got = row.value() && lockFamily->int64(0) != 0;
        familyLocked.insert(family, got);
        if (fresh)
            *fresh = got;
        return got;
    };
    // The families this device works (what is open of them comes here first), found through its own
    // leases. Whether others work a family is asked per family met below, through the family's members: a
    // claim never walks every live lease (45,000 held by 200 workstations cost 118 ms per claim). A member
    // taken alone (given back by its holder) holds no family.
    QSet<QString> mine;
    auto worked = m_db->prepare("SELECT DISTINCT f.family_id FROM items i INDEXED BY items_by_device "
                                "JOIN families f ON f.item_id = i.item_id WHERE i.lease_device = ?1 "
                                "AND i.state = 'queued' AND i.lease_expires_at >= ?2 AND i.queue = ?3 "
                                "AND i.lease_alone = 0");
    VEIL_TRY(worked);
    worked->bind(1, deviceId).bind(2, nowMs).bind(3, queue);
    for (;;) {
        auto row = worked->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        mine.insert(worked->text(0));
    }
    auto holdersOf = m_db->prepare(
        "SELECT DISTINCT COALESCE(i.lease_reviewer, '') FROM families f CROSS JOIN items i ON "
        "i.item_id = f.item_id WHERE f.family_id = ?1 AND i.state = 'queued' AND i.lease_device IS NOT NULL "
        "AND i.lease_device != ?2 AND i.lease_expires_at >= ?3 AND i.queue = ?4 AND i.lease_alone = 0");
    VEIL_TRY(holdersOf);
    QHash<QString, std::optional<QSet<QString>>>
        others; // family -> the reviewers of other devices holding it
    auto othersOf = [&](const QString &family) -> Result<std::optional<QSet<QString>>> {
        if (const auto known = others.constFind(family); known != others.cend())
            return *known;
        holdersOf->reset();
        holdersOf->bind(1, family).bind(2, deviceId).bind(3, nowMs).bind(4, queue);
        std::optional<QSet<QString>> holders;
        for (;;) {
            auto row = holdersOf->step();
            VEIL_TRY(row);
            if (!row.value())
                break;
            if (!holders)
                holders.emplace();
            holders->insert(holdersOf->text(0));
        }
        others.insert(family, holders);
        return holders;
    };
    // CROSS JOIN keeps families the outer loop (SQLite's planner otherwise walked every queued item, in due
    // order, per family: 4.4 s for the last claim of a 10,000-item flood).
    auto members = m_db->prepare("SELECT " VEIL_CLAIM_COLUMNS " FROM families f CROSS JOIN items i ON "
                                 "i.item_id = f.item_id WHERE f.family_id = ?1 AND " VEIL_CLAIMABLE
                                 " ORDER BY i.due_at, i.priority DESC, i.item_id LIMIT ?5");
    VEIL_TRY(members);
    // Queued items under no lease, in due order from their own index, merged with those whose lease ran out
    // (few, from the lease index): the live leases ahead in due order are never walked past.
    // Each side is cut to the page in its own order first: PostgreSQL does not merge a UNION ALL in index
    // order, and sorted the whole backlog per claim (315 ms at 50,000 queued items).
    auto next = m_db->prepare(
        "SELECT * FROM (SELECT " VEIL_CLAIM_COLUMNS ", i.due_at, i.priority FROM items i INDEXED BY "
        "items_unleased LEFT JOIN families f ON f.item_id = i.item_id WHERE i.lease_id IS NULL "
        "AND " VEIL_CLAIMABLE " ORDER BY i.due_at, i.priority DESC, i.item_id LIMIT ?7) AS unleased UNION "
        "ALL SELECT * FROM (SELECT " VEIL_CLAIM_COLUMNS
        ", i.due_at, i.priority FROM items i INDEXED BY items_leased LEFT JOIN families f ON "
        "f.item_id = i.item_id WHERE i.lease_device IS NOT NULL AND i.lease_id IS NOT NULL AND "
        "i.lease_expires_at < ?3 AND " VEIL_CLAIMABLE
        " ORDER BY i.due_at, i.priority DESC, i.item_id LIMIT ?7) "
        "AS lapsed ORDER BY 8, 9 DESC, 1 LIMIT ?5 OFFSET ?6");
    VEIL_TRY(next);
#undef VEIL_CLAIMABLE
#undef VEIL_CLAIM_COLUMNS
    QList<Lease> leases;
    QSet<QString> taken, expanded, alone;
    auto take = [&](store::Statement &row, bool byItself = false) -> Result<void> {
        if (taken.contains(row.text(0)))
            return success();
        lockItem->reset();
        lockItem->bind(1, row.text(0)).bind(2, nowMs).bind(3, reviewer);
        auto locked = lockItem->step();
        VEIL_TRY(locked);
        if (!locked.value())
            return success(); // another claim has it, or took it since the candidates were read
        taken.insert(row.text(0));
        if (byItself)
            alone.insert(row.text(0));
        leases.append(Lease{crypto::randomId(), row.text(0), nowMs + leaseMs, row.blob(1), row.blob(2),
                            lockItem->int64(0), nowMs, int(lockItem->int64(1))});
        return success();
    };
    auto takeFamily = [&](const QString &family) -> Result<void> {
        if (expanded.contains(family))
            return success();
        expanded.insert(family);
        members->reset();
        members->bind(1, family).bind(2, queue).bind(3, nowMs).bind(4, reviewer);
        members->bind(5, max + 1); // the room there is, and the one member taken already
        while (leases.size() < max) {
            auto row = members->step();
            VEIL_TRY(row);
            if (!row.value())
                break;
            VEIL_TRY(take(*members));
        }
        return success();
    };
    for (const QString &family : std::as_const(mine)) {
        if (leases.size() >= max)
            break;
        auto owned = ownFamily(family);
        VEIL_TRY(owned);
        if (owned.value())
            VEIL_TRY(takeFamily(family));
    }
    // A page at a time (PostgreSQL reads a statement's rows whole): a claim rarely needs more than its
    // first page. What changed since a page was read is caught by the item's lock above.
    const int page = 100 + 4 * max;
    for (qint64 offset = 0, seen = page; leases.size() < max && seen == page; offset += page) {
        next->reset();
        next->bind(2, queue).bind(3, nowMs).bind(4, reviewer).bind(5, page).bind(6, offset);
        next->bind(7, offset + page);
        seen = 0;
        while (leases.size() < max) {
            auto row = next->step();
            VEIL_TRY(row);
            if (!row.value())
                break;
            ++seen;
            const QString family = next->text(5);
            // A member its family's holder gave back (a skip: conflict, wellness, language) is anyone else's
            // to take, alone, even while the family is worked: the holder will not be offered it again, and
            // it must not wait there. A skip by anybody else does not free it from the holder: it stays with
            // the family.
            if (family.isEmpty()) {
                VEIL_TRY(take(*next));
                continue;
            }
            auto holders = othersOf(family);
            VEIL_TRY(holders);
            bool givenBack = false;
            if (holders.value()) {
                const QStringList skippers = next->text(6).split(QChar(31), Qt::SkipEmptyParts);
                givenBack = std::any_of(skippers.cbegin(), skippers.cend(),
                                        [&](const QString &r) { return holders.value()->contains(r); });
            }
            if (givenBack && !mine.contains(family)) {
                VEIL_TRY(take(*next, true)); // alone: the item's own lock suffices
                continue;
            }
            if (holders.value() && !mine.contains(family))
                continue; // worked by another device
            // To be taken whole. Another claim taking it right now: it waits, whole, for the next claim.
            bool fresh = false;
            auto owned = ownFamily(family, &fresh);
            VEIL_TRY(owned);
            if (!owned.value())
                continue;
            if (fresh && !mine.contains(family)) {
                // Asked again under the lock: a claim that held it may have committed its leases since.
                others.remove(family);
                auto now = othersOf(family);
                VEIL_TRY(now);
                if (now.value())
                    continue;
            }
            VEIL_TRY(take(*next));
            VEIL_TRY(takeFamily(family));
        }
    }
    next->reset();
    auto update = m_db->prepare(
        "UPDATE items SET lease_id = ?, lease_device = ?, lease_expires_at = ?, first_claimed_at = "
        "COALESCE(first_claimed_at, ?), last_claimed_at = ?, claims = claims + 1, lease_reviewer = ?, "
        "lease_alone = ? WHERE item_id = ?");
    VEIL_TRY(update);
    for (const Lease &lease : std::as_const(leases)) {
        update->reset();
        update->bind(1, lease.leaseId).bind(2, deviceId).bind(3, lease.expiresAtMs).bind(4, nowMs);
        update->bind(5, nowMs).bind(6, reviewer).bind(7, qint64(alone.contains(lease.itemId)));
        update->bind(8, lease.itemId);
        VEIL_TRY(update->run());
    }
    VEIL_TRY(tx->commit());
    return leases;
}

Result<QList<Lease>> ServiceStore::claimOnce(const QString &queue, const QString &deviceId,
                                             const QString &requestId, int max, qint64 nowMs, qint64 leaseMs,
                                             const QString &reviewer)
{
    if (requestId.isEmpty())
        return claim(queue, deviceId, max, nowMs, leaseMs, reviewer);
    auto tx = store::Transaction::begin(*m_db, store::Transaction::Lock::Rows);
    VEIL_TRY(tx);
    // Answers are kept for one lease period: a retry comes within seconds, and older ids mean nothing.
    // Rows another claim is forgetting are passed over (claims never wait on each other).
    auto forget = m_db->prepare(
        "DELETE FROM claim_requests WHERE (device_id, request_id) IN (SELECT device_id, request_id FROM "
        "claim_requests WHERE created_at < ? LIMIT 500 /* pg: FOR UPDATE SKIP LOCKED */)");
    VEIL_TRY(forget);
    forget->bind(1, nowMs - leaseMs);
    VEIL_TRY(forget->run());
    // The request id is reserved before anything is claimed: a retry arriving (at this instance or
    // another) while the first is still claiming waits here for it, then reads its answer, instead of
    // claiming a second batch beside it.
    auto reserve = m_db->prepare("INSERT OR IGNORE INTO claim_requests(device_id, request_id, lease_ids, "
                                 "created_at) VALUES (?, ?, '', ?)");
    VEIL_TRY(reserve);
    reserve->bind(1, deviceId).bind(2, requestId).bind(3, nowMs);
    VEIL_TRY(reserve->run());
    if (m_db->changes() == 0) {
        auto known =
            m_db->prepare("SELECT lease_ids FROM claim_requests WHERE device_id = ? AND request_id = ?");
        VEIL_TRY(known);
        known->bind(1, deviceId).bind(2, requestId);
        auto row = known->step();
        VEIL_TRY(row);
        const QStringList leaseIds =
            row.value() ? known->text(0).split(QLatin1Char(','), Qt::SkipEmptyParts) : QStringList();
        known->reset();
        auto held =
            m_db->prepare("SELECT item_id, lease_expires_at, payload, signature, "
                          "COALESCE(first_claimed_at, 0), COALESCE(last_claimed_at, 0), claims FROM items "
                          "WHERE lease_id = ? AND lease_device = ? AND state = 'queued' AND "
                          "lease_expires_at >= ?");
        VEIL_TRY(held);
        QList<Lease> leases;
        for (const QString &leaseId : leaseIds) {
            held->reset();
            held->bind(1, leaseId).bind(2, deviceId).bind(3, nowMs);
            auto found = held->step();
            VEIL_TRY(found);
            if (found.value())
                leases.append(Lease{leaseId, held->text(0), held->int64(1), held->blob(2), held->blob(3),
                                    held->int64(4), held->int64(5), int(held->int64(6))});
        }
        VEIL_TRY(tx->commit());
        return leases;
    }
    auto leases = claim(queue, deviceId, max, nowMs, leaseMs, reviewer);
    VEIL_TRY(leases);
    QStringList leaseIds;
    for (const Lease &lease : leases.value())
        leaseIds << lease.leaseId;
    auto remember =
        m_db->prepare("UPDATE claim_requests SET lease_ids = ? WHERE device_id = ? AND request_id = ?");
    VEIL_TRY(remember);
    remember->bind(1, leaseIds.join(QLatin1Char(','))).bind(2, deviceId).bind(3, requestId);
    VEIL_TRY(remember->run());
    VEIL_TRY(tx->commit());
    return leases;
}

} // namespace veil::service
