// Hash lists at the service: lists of PDQ hashes of known material (an industry hash-sharing export, a
// team's own list of a flood's source images) that the operator imports, against which every filed
// escalation's media are matched at intake. A match is marked in the payload the service signs
// (`hash_list_matches`), so the reviewer sees it before opening the item, answered to the pipeline in the
// filing's result, and kept per item. Owns `hash_lists`, `hash_list_entries` and `item_hash_matches`.
#pragma once

#include "common/Result.h"
#include "media/NearDuplicateIndex.h"
#include "store/Database.h"

#include <QList>
#include <QStringList>

#include <memory>

namespace veil::service {

struct ListedMatch
{
    QString list;     // the list's label
    int distance = 0; // bits from the nearest hash on it
};

class IntakeHashLists
{
public:
    static constexpr int Radius = 31; // the workstation's hash-list radius (MediaSettings::hashListRadius)

    explicit IntakeHashLists(store::Database &db) : m_db(db) {}

    struct Imported
    {
        qint64 listId = 0;
        int hashes = 0;
    };
    // Imports a list (PdqHash::listFromCsv) under a label (1-64 characters, unique: a label names one list,
    // so a pipeline and a reviewer read the same thing). Errors "invalid_hash_list" (nothing imported).
    // Items filed before are not matched again: a list applies from its import on, also in a service
    // process already serving (it notices a new list at its next filing).
    Result<Imported> import(const QByteArray &csv, const QString &label, qint64 nowMs);
    // The lists the hashes are near (each list once, at its nearest), nearest first; at most
    // protocol::MaxHashListMarks.
    Result<QList<ListedMatch>> match(const QList<media::PdqHash> &hashes);
    // Keeps an item's matches (inside the filing's transaction).
    Result<void> record(const QString &itemId, const QList<ListedMatch> &matches);
    Result<QList<ListedMatch>> matchesOf(const QString &itemId);

private:
    Result<void> load();

    store::Database &m_db;
    std::unique_ptr<media::NearDuplicateIndex> m_index; // every entry of every list, loaded on first use
    QStringList m_labelOfEntry;
    QString m_generation; // the lists the index holds (their count and newest id)
};

} // namespace veil::service
