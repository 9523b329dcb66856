// Renders an item's media from the vault for the screen, from any thread: Qt Quick loads the blurred
// views (and the next item's, ahead of time) in its image-loading thread, the clear view on the GUI
// thread. It reads through a connection of its own (Workspace::openPeer); one render at a time.
//
// Faces are found here, not at ingest: when a file's blurred review view is rendered (not a thumbnail) and
// its faces are not known yet, a worker looks for them, so they are known by the time the reviewer reveals
// the item. A clear view asked for before that looks for them first; without a detector the clear view
// stays blurred whole. What was found is kept per file: in memory (reference items have no stored facts)
// and in media_facts.
#pragma once

#include "media/FaceDetector.h"
#include "media/MediaCatalog.h"
#include "media/Renditions.h"
#include "workspace/Workspace.h"

#include <QHash>
#include <QImage>
#include <QMutex>
#include <QSet>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace veil::gui {

class MediaRenderer
{
public:
    // faces may be null (no model installed).
    MediaRenderer(std::unique_ptr<Workspace> peer, media::MediaSettings settings,
                  std::shared_ptr<const media::FaceDetector> faces);
    ~MediaRenderer();

    // sha256 "": the item's first file. scanAhead: a view the reviewer may reveal next (not a thumbnail),
    // whose faces are worth finding now. Errors: "item_unknown", "media_unknown", vault and decode errors.
    Result<QImage> render(const QString &itemId, const QString &sha256,
                          const media::RenditionOptions &options, bool scanAhead = true);

    // Waits for the face searches started so far (tests). False on timeout.
    bool waitForFaceSearches(int msecs = 30000);

    // Renders done so far (tests check that the next item was rendered before it opened).
    int renderCount() const { return m_renders.load(); }
    // Face searches run so far, ahead or on demand.
    int faceSearchCount() const { return m_faceSearches.load(); }

private:
    // All called with m_mutex held.
    Result<media::FaceRegions> knownFaces(const QString &sha256);
    media::FaceRegions facesNow(const QString &sha256, QByteArrayView bytes);
    void searchFacesAhead(const QString &sha256, const QByteArray &bytes);
    void keep(const QString &sha256, const media::FaceRegions &faces);

    QMutex m_mutex;
    std::unique_ptr<Workspace> m_workspace;
    media::MediaSettings m_settings;
    std::shared_ptr<const media::FaceDetector> m_detector;
    std::unique_ptr<media::MediaCatalog> m_catalog;
    QSet<QString> m_searching;                  // files queued for or under the worker's scan
    QHash<QString, media::FaceRegions> m_found; // by SHA-256, this session (bounded)
    std::atomic<int> m_renders{0};
    std::atomic<int> m_faceSearches{0};
    QThreadPool m_pool; // one worker: the scan is ~30-90 ms and the reviewer opens one item at a time
};

} // namespace veil::gui
