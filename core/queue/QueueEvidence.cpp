// ReviewQueue's reads of an item's evidence: the texts the review view shows (opened from the vault), the
// appeal record, and where each media file is sealed (QueueStore holds the rows).
#include "queue/ReviewQueue.h"

#include "link/FeedStore.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace veil::queue {

Result<ReviewQueue::ItemTexts> ReviewQueue::openTexts(const QString &itemId)
{
    auto sealed = store().sealedTexts(itemId);
    VEIL_TRY(sealed);
    ItemTexts texts;
    auto prompt = m_workspace.vault()->openField(itemId, QStringLiteral("prompt"), sealed->prompt);
    VEIL_TRY(prompt);
    texts.prompt = QString::fromUtf8(prompt.value());
    if (sealed->statement) {
        auto statement =
            m_workspace.vault()->openField(itemId, QStringLiteral("statement"), *sealed->statement);
        VEIL_TRY(statement);
        texts.statement = QString::fromUtf8(statement.value());
    }
    return texts;
}

QJsonObject ReviewQueue::appealRecord(const QString &itemId)
{
    return store().appealRecord(itemId);
}

Result<ReviewQueue::MediaFile> ReviewQueue::mediaFile(const QString &itemId, const QString &sha256)
{
    // A queue item by its item id, else a reference item (a supervisor's look) by its vault id.
    auto media = store().media(itemId);
    if (!media.ok() && media.error().code == QLatin1String("item_unknown")) {
        auto reference = link::FeedStore(m_workspace.database()).reference(itemId);
        if (!reference.ok() && reference.error().code != QLatin1String("item_unknown"))
            return reference.error();
        if (reference.ok()) { // else the queue's "no item" stands
            QList<StoredMedia> files;
            for (const QJsonValue &m : std::as_const(reference->media)) {
                const QJsonObject o = m.toObject();
                files.append({o.value(QStringLiteral("sha256")).toString(),
                              {},
                              0,
                              o.value(QStringLiteral("blob_id")).toString()});
            }
            media = files;
        }
    }
    VEIL_TRY(media);
    for (const StoredMedia &file : std::as_const(media.value())) {
        if (sha256.isEmpty() || file.sha256 == sha256)
            return MediaFile{file.sha256, file.blobId};
    }
    return makeError(QStringLiteral("media_unknown"), QStringLiteral("no such media for %1").arg(itemId));
}

} // namespace veil::queue
