#include "MediaRenderer.h"

#include "queue/ReviewQueue.h"

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
    auto file = queue::ReviewQueue(*m_workspace).mediaFile(itemId, sha256);
    VEIL_TRY(file);
    const QString sha = file->sha256;
    auto bytes = m_workspace->vault()->loadBlob(itemId, QStringLiteral("media:") + sha, file->blobId);
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
