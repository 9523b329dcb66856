#include "MediaRenderer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>

namespace veil::gui {

MediaRenderer::MediaRenderer(std::unique_ptr<Workspace> peer, media::MediaSettings settings)
    : m_workspace(std::move(peer)), m_settings(std::move(settings))
{
    // Face boxes are read from the catalog; no detector is needed to read them.
    m_catalog = std::make_unique<media::MediaCatalog>(m_workspace->database(), nullptr, m_settings);
}

MediaRenderer::~MediaRenderer() = default;

Result<QImage> MediaRenderer::render(const QString &itemId, const QString &sha256,
                                     const media::RenditionOptions &options)
{
    const QMutexLocker lock(&m_mutex);
    // Queue items by their item id; reference items (a supervisor's look at someone else's decision) by
    // their vault id.
    auto stmt = m_workspace->database().prepare("SELECT media FROM queue_items WHERE item_id = ? UNION ALL "
                                                "SELECT media FROM reference_items WHERE vault_id = ?");
    VEIL_TRY(stmt);
    stmt->bind(1, itemId).bind(2, itemId);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("item_unknown"), QStringLiteral("no item %1").arg(itemId));
    QString sha, blobId;
    for (const QJsonValue &m : QJsonDocument::fromJson(stmt->text(0).toUtf8()).array()) {
        const QJsonObject o = m.toObject();
        if (sha256.isEmpty() || o.value(QStringLiteral("sha256")).toString() == sha256) {
            sha = o.value(QStringLiteral("sha256")).toString();
            blobId = o.value(QStringLiteral("blob_id")).toString();
            break;
        }
    }
    stmt->reset(); // this connection reads on the newest snapshot next time
    if (blobId.isEmpty())
        return makeError(QStringLiteral("media_unknown"), QStringLiteral("no such media for %1").arg(itemId));
    auto bytes = m_workspace->vault()->loadBlob(itemId, QStringLiteral("media:") + sha, blobId);
    VEIL_TRY(bytes);
    auto faces = m_catalog->faces(itemId, sha);
    VEIL_TRY(faces);
    auto image = media::renderRendition(bytes.value(), options, faces.value(), m_settings.limits);
    VEIL_TRY(image);
    ++m_renders;
    const cv::Mat &mat = image.value();
    return QImage(mat.data, mat.cols, mat.rows, int(mat.step), QImage::Format_BGR888).copy();
}

} // namespace veil::gui
