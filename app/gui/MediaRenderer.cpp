#include "MediaRenderer.h"

#include "common/Log.h"
#include "queue/ReviewQueue.h"

#include <QMutexLocker>

namespace veil::gui {

MediaRenderer::MediaRenderer(std::unique_ptr<Workspace> peer, media::MediaSettings settings,
                             std::shared_ptr<const media::FaceDetector> faces)
    : m_workspace(std::move(peer)), m_settings(std::move(settings)), m_detector(std::move(faces))
{
    m_catalog = std::make_unique<media::MediaCatalog>(m_workspace->database(), m_settings);
    m_pool.setMaxThreadCount(1);
}

MediaRenderer::~MediaRenderer()
{
    // Searches still queued are dropped; the one running finishes before the connection goes.
    m_pool.clear();
    m_pool.waitForDone();
}

bool MediaRenderer::waitForFaceSearches(int msecs)
{
    return m_pool.waitForDone(msecs);
}

namespace {
constexpr qsizetype MaxQueuedScans = 4; // the open item and the next few; a clear view scans on demand anyway
constexpr qsizetype MaxKeptFaces = 4096;
} // namespace

Result<QImage> MediaRenderer::render(const QString &itemId, const QString &sha256,
                                     const media::RenditionOptions &options, bool scanAhead)
{
    const QMutexLocker lock(&m_mutex);
    // Queue items by their item id; reference items (a supervisor's look at someone else's decision) by
    // their vault id.
    auto file = queue::ReviewQueue(*m_workspace).mediaFile(itemId, sha256);
    VEIL_TRY(file);
    const QString sha = file->sha256;
    auto bytes = m_workspace->vault()->loadBlob(itemId, QStringLiteral("media:") + sha, file->blobId);
    VEIL_TRY(bytes);
    auto faces = knownFaces(sha);
    VEIL_TRY(faces);
    if (!faces->known && m_detector) {
        const bool needed = options.mode == media::RenditionMode::Clear && !options.revealFaces;
        if (needed)
            faces = facesNow(sha, bytes.value());
        else if (scanAhead)
            searchFacesAhead(sha, bytes.value());
    }
    auto image = media::renderRendition(bytes.value(), options, faces.value(), m_settings.limits);
    VEIL_TRY(image);
    ++m_renders;
    const cv::Mat &mat = image.value();
    return QImage(mat.data, mat.cols, mat.rows, int(mat.step), QImage::Format_BGR888).copy();
}

Result<media::FaceRegions> MediaRenderer::knownFaces(const QString &sha256)
{
    if (auto it = m_found.constFind(sha256); it != m_found.constEnd())
        return it.value();
    return m_catalog->faces(sha256);
}

void MediaRenderer::keep(const QString &sha256, const media::FaceRegions &faces)
{
    if (m_found.size() >= MaxKeptFaces)
        m_found.clear();
    m_found.insert(sha256, faces);
    // Stored for the items holding the file (none for a reference item: memory is what keeps it then).
    if (auto kept = m_catalog->recordFaces(sha256, faces); !kept.ok())
        qCWarning(lcMedia) << "face regions not stored:" << kept.error().code;
}

media::FaceRegions MediaRenderer::facesNow(const QString &sha256, QByteArrayView bytes)
{
    // The reveal came before the search ahead finished (or none ran): the reviewer waits one scan.
    ++m_faceSearches;
    auto found = media::MediaCatalog::findFaces(*m_detector, bytes, sha256, m_settings.limits);
    if (!found.ok()) {
        qCWarning(lcMedia) << "face search failed:" << found.error().code;
        return {}; // unknown: the clear view stays blurred whole
    }
    keep(sha256, found.value());
    return found.value();
}

void MediaRenderer::searchFacesAhead(const QString &sha256, const QByteArray &bytes)
{
    if (m_searching.contains(sha256) || m_searching.size() >= MaxQueuedScans)
        return;
    m_searching.insert(sha256);
    m_pool.start([this, sha256, bytes] {
        {
            // Found meanwhile (a clear view asked first): nothing to do.
            const QMutexLocker lock(&m_mutex);
            if (m_found.contains(sha256)) {
                m_searching.remove(sha256);
                return;
            }
        }
        ++m_faceSearches;
        // The scan runs without the lock: renders go on meanwhile.
        auto found = media::MediaCatalog::findFaces(*m_detector, bytes, sha256, m_settings.limits);
        const QMutexLocker lock(&m_mutex);
        m_searching.remove(sha256);
        if (!found.ok()) {
            qCWarning(lcMedia) << "face search failed:" << found.error().code;
            return;
        }
        keep(sha256, found.value());
    });
}

} // namespace veil::gui
