// ReviewQueue's reads of an item's evidence: the texts the review view shows (sealed), the appeal record,
// and where each media file is sealed. Here rather than in the GUI, so that only core prepares SQL.
#include "queue/ReviewQueue.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace veil::queue {

namespace {

Error unknownItem(const QString &itemId)
{
    return makeError(QStringLiteral("item_unknown"), QStringLiteral("no item %1").arg(itemId));
}

} // namespace

Result<ReviewQueue::ItemTexts> ReviewQueue::openTexts(const QString &itemId)
{
    auto stmt = m_workspace.database().queryOne(
        unknownItem(itemId), "SELECT sealed_prompt, sealed_statement FROM queue_items WHERE item_id = ?",
        itemId);
    VEIL_TRY(stmt);
    ItemTexts texts;
    auto prompt = m_workspace.vault()->openField(itemId, QStringLiteral("prompt"), stmt->blob(0));
    VEIL_TRY(prompt);
    texts.prompt = QString::fromUtf8(prompt.value());
    if (!stmt->isNull(1)) {
        auto statement = m_workspace.vault()->openField(itemId, QStringLiteral("statement"), stmt->blob(1));
        VEIL_TRY(statement);
        texts.statement = QString::fromUtf8(statement.value());
    }
    return texts;
}

QJsonObject ReviewQueue::appealRecord(const QString &itemId)
{
    auto row = m_workspace.database().queryRow("SELECT appeal FROM queue_items WHERE item_id = ?", itemId);
    if (!row.ok() || !row.value() || row.value()->isNull(0))
        return {};
    return QJsonDocument::fromJson(row.value()->text(0).toUtf8()).object();
}

Result<ReviewQueue::MediaFile> ReviewQueue::mediaFile(const QString &itemId, const QString &sha256)
{
    auto stmt = m_workspace.database().queryOne(unknownItem(itemId),
                                                "SELECT media FROM queue_items WHERE item_id = ? UNION ALL "
                                                "SELECT media FROM reference_items WHERE vault_id = ?",
                                                itemId, itemId);
    VEIL_TRY(stmt);
    for (const QJsonValue &m : QJsonDocument::fromJson(stmt->text(0).toUtf8()).array()) {
        const QJsonObject o = m.toObject();
        if (sha256.isEmpty() || o.value(QStringLiteral("sha256")).toString() == sha256)
            return MediaFile{o.value(QStringLiteral("sha256")).toString(),
                             o.value(QStringLiteral("blob_id")).toString()};
    }
    return makeError(QStringLiteral("media_unknown"), QStringLiteral("no such media for %1").arg(itemId));
}

} // namespace veil::queue
