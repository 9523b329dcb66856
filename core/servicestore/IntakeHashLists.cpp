#include "servicestore/IntakeHashLists.h"

#include "protocol/Escalation.h"

#include <QHash>

#include <algorithm>

namespace veil::service {

Result<IntakeHashLists::Imported> IntakeHashLists::import(const QByteArray &csv, const QString &label,
                                                          qint64 nowMs)
{
    const QString name = label.trimmed();
    if (name.isEmpty() || name.size() > 64)
        return makeError(QStringLiteral("invalid_hash_list"),
                         QStringLiteral("a hash list needs a label (1-64 characters)"));
    auto hashes = media::PdqHash::listFromCsv(csv);
    VEIL_TRY(hashes);
    auto tx = store::Transaction::begin(m_db);
    VEIL_TRY(tx);
    auto taken = m_db.queryRow("SELECT 1 FROM hash_lists WHERE label = ?", name);
    VEIL_TRY(taken);
    if (taken.value())
        return makeError(QStringLiteral("invalid_hash_list"),
                         QStringLiteral("a list labelled \"%1\" exists already").arg(name));
    auto listId = m_db.queryOne(makeError(QStringLiteral("db_error"), QStringLiteral("no list id")),
                                "INSERT INTO hash_lists(label, imported_at, entries) VALUES (?, ?, ?) "
                                "RETURNING list_id",
                                name, nowMs, qint64(hashes->size()));
    VEIL_TRY(listId);
    Imported imported{listId->int64(0), int(hashes->size())};
    listId->reset();
    auto entry = m_db.prepare("INSERT INTO hash_list_entries(list_id, hash) VALUES (?, ?)");
    VEIL_TRY(entry);
    for (const media::PdqHash &hash : std::as_const(hashes.value())) {
        entry->reset();
        entry->bind(1, imported.listId).bindBlob(2, hash.toBytes());
        VEIL_TRY(entry->run());
    }
    VEIL_TRY(tx->commit());
    m_index.reset(); // loaded again, with this list, on the next match
    return imported;
}

Result<void> IntakeHashLists::load()
{
    // Lists are imported by another process (veil-service hashlist import) while this one serves: one look
    // at the primary key tells whether the index in memory is still every list.
    auto lists = m_db.queryRow("SELECT COUNT(*), COALESCE(MAX(list_id), 0) FROM hash_lists");
    VEIL_TRY(lists);
    const QString generation =
        QStringLiteral("%1/%2").arg(lists.value()->int64(0)).arg(lists.value()->int64(1));
    if (m_index && generation == m_generation)
        return success();
    auto index = std::make_unique<media::NearDuplicateIndex>();
    QStringList labels;
    auto entries = m_db.prepare("SELECT l.label, e.hash FROM hash_list_entries e JOIN hash_lists l ON "
                                "l.list_id = e.list_id ORDER BY e.rowid");
    VEIL_TRY(entries);
    for (;;) {
        auto row = entries->step();
        VEIL_TRY(row);
        if (!row.value())
            break;
        index->insert(quint32(labels.size()), media::PdqHash::fromBytes(entries->blob(1)));
        labels << entries->text(0);
    }
    m_index = std::move(index);
    m_labelOfEntry = std::move(labels);
    m_generation = generation; // only once loaded whole: a failed load is tried again at the next filing
    return success();
}

Result<QList<ListedMatch>> IntakeHashLists::match(const QList<media::PdqHash> &hashes)
{
    VEIL_TRY(load());
    QHash<QString, int> best;
    for (const media::PdqHash &hash : hashes) {
        for (const auto &m : m_index->query(hash, Radius)) {
            const QString &list = m_labelOfEntry.at(qsizetype(m.id));
            if (!best.contains(list) || m.distance < best.value(list))
                best.insert(list, m.distance);
        }
    }
    QList<ListedMatch> matches;
    for (auto it = best.cbegin(); it != best.cend(); ++it)
        matches.append({it.key(), it.value()});
    std::sort(matches.begin(), matches.end(), [](const ListedMatch &a, const ListedMatch &b) {
        return a.distance != b.distance ? a.distance < b.distance : a.list < b.list;
    });
    // The nearest only: the payload carries at most that many (many overlapping lists must not refuse a
    // filing the workstation's parser would otherwise take).
    if (matches.size() > protocol::MaxHashListMarks)
        matches.resize(protocol::MaxHashListMarks);
    return matches;
}

Result<void> IntakeHashLists::record(const QString &itemId, const QList<ListedMatch> &matches)
{
    for (const ListedMatch &m : matches)
        VEIL_TRY(
            m_db.run("INSERT INTO item_hash_matches(item_id, list_id, distance) "
                     "SELECT CAST(? AS TEXT), list_id, CAST(? AS BIGINT) FROM hash_lists WHERE label = ? "
                     "ON CONFLICT(item_id, list_id) DO UPDATE SET distance = excluded.distance",
                     itemId, m.distance, m.list));
    return success();
}

Result<QList<ListedMatch>> IntakeHashLists::matchesOf(const QString &itemId)
{
    auto stmt = m_db.prepare("SELECT l.label, m.distance FROM item_hash_matches m JOIN hash_lists l ON "
                             "l.list_id = m.list_id WHERE m.item_id = ? ORDER BY m.distance, l.label");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId);
    QList<ListedMatch> matches;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return matches;
        matches.append({stmt->text(0), int(stmt->int64(1))});
    }
}

} // namespace veil::service
