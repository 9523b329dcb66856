// Renders an item's media from the vault for the screen, from any thread: Qt Quick loads the blurred
// views (and the next item's, ahead of time) in its image-loading thread, the clear view on the GUI
// thread. It reads through a connection of its own (Workspace::openPeer); one render at a time.
#pragma once

#include "media/MediaCatalog.h"
#include "media/Renditions.h"
#include "workspace/Workspace.h"

#include <QImage>
#include <QMutex>

#include <atomic>
#include <memory>

namespace veil::gui {

class MediaRenderer
{
public:
    MediaRenderer(std::unique_ptr<Workspace> peer, media::MediaSettings settings);
    ~MediaRenderer();

    // sha256 "": the item's first file. Errors: "item_unknown", "media_unknown", vault and decode errors.
    Result<QImage> render(const QString &itemId, const QString &sha256,
                          const media::RenditionOptions &options);

    // Renders done so far (tests check that the next item was rendered before it opened).
    int renderCount() const { return m_renders.load(); }

private:
    QMutex m_mutex;
    std::unique_ptr<Workspace> m_workspace;
    media::MediaSettings m_settings;
    std::unique_ptr<media::MediaCatalog> m_catalog;
    std::atomic<int> m_renders{0};
};

} // namespace veil::gui
