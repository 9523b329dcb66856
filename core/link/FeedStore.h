// The owner of what a supervisor's workstation keeps of the team's work: decision_feed (the team's accepted
// verdicts as pulled from the service's feed, each checked before it is stored) and reference_items (items
// opened to look at someone else's decision or a QA sample, sealed in the vault under ids of their own).
#pragma once

#include "protocol/DecisionRecord.h"
#include "store/Database.h"

#include <QJsonArray>

#include <optional>

namespace veil::link {

struct FeedEntry
{
    qint64 seq = 0;
    QString verdictId;
    QString itemId;
    QString queue;
    QString reviewer;
    QString decision;
    QString category;
    QString source;
    qint64 createdAtMs = 0;
    qint64 decidedAtMs = 0;
    QByteArray verdict; // canonical JSON, as signed
    QJsonArray media;   // {sha256, mime, size} per file
};

struct ReferenceItem
{
    QString vaultId;
    QString itemId;
    QString purpose; // record | qa
    QString category;
    QJsonArray media; // {sha256, mime, size, blob_id} per file
    QJsonObject facts;
    std::optional<QByteArray> sealedPrompt;
};

class FeedStore
{
public:
    explicit FeedStore(store::Database &db) : m_db(db) {}

    // An entry already stored (same seq) is left as it is.
    Result<void> addEntry(const FeedEntry &entry);
    // The team's decisions, decided first first (state "accepted").
    Result<QList<protocol::DecisionRecord>> records();
    // The category and media of the latest decision on an item. Error "item_unknown".
    Result<QPair<QString, QJsonArray>> latestOn(const QString &itemId);

    Result<void> addReference(const ReferenceItem &item, qint64 fetchedAtMs);
    Result<void> setReferenceFacts(const QString &vaultId, const QByteArray &sealedPrompt,
                                   const QJsonObject &facts);
    // Error "item_unknown".
    Result<ReferenceItem> reference(const QString &vaultId);
    Result<void> removeReference(const QString &vaultId);
    Result<QStringList> referenceIds();

private:
    store::Database &m_db;
};

} // namespace veil::link
