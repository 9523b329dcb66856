// Renders an item's media from the vault for the screen, from any thread: Qt Quick loads the blurred
// views (and the next item's, ahead of time) in its image-loading thread, the clear view on the GUI
// thread. It reads through a connection of its own (Workspace::openPeer); one render at a time.
//
// Faces are found here, not at ingest: when a file's blurred view is rendered and its faces are not known
// yet, a worker looks for them, so they are known by the time the reviewer reveals the item. A clear view
// asked for before that looks for them first; without a detector the clear view stays blurred whole.
#pragma once

#include "media/FaceDetector.h"
#include "media/MediaCatalog.h"
#include "media/Renditions.h"
#include "workspace/Workspace.h"

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

    // sha256 "": the item's first file. Errors: "item_unknown", "media_unknown", vault and decode errors.
    Result<QImage> render(const QString &itemId, const QString &sha256,
                          const media::RenditionOptions &options);

    // Waits for the face searches started so far (tests). False on timeout.
    bool waitForFaceSearches(int msecs = 30000);

    // Renders done so far (tests check that the next item was rendered before it opened).
    int renderCount() const { return m_renders.load(); }
    // Face searches run so far, ahead or on demand.
    int faceSearchCount() const { return m_faceSearches.load(); }

private:
    // Both called with m_mutex held.
    media::FaceRegions facesNow(const QString &sha256, QByteArrayView bytes);
    void searchFacesAhead(const QString &sha256, const QByteArray &bytes);

    QMutex m_mutex;
    std::unique_ptr<Workspace> m_workspace;
    media::MediaSettings m_settings;
    std::shared_ptr<const media::FaceDetector> m_detector;
    std::unique_ptr<media::MediaCatalog> m_catalog;
    QSet<QString> m_searching; // files a worker is looking at
    std::atomic<int> m_renders{0};
    std::atomic<int> m_faceSearches{0};
    QThreadPool m_pool; // one worker: the scan is ~30-90 ms and the reviewer opens one item at a time
};

} // namespace veil::gui
