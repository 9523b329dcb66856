// image://veil/<itemId>/<mode>/<flags> — renditions for QML Image items, rendered by core from the vault.
// mode: blurred | pixelated | clear; flags: any of "g" (greyscale), "f" (faces revealed), "1".."3"
// (strength). Clear pixels are rendered only for the item the RevealGuard has revealed now: any other
// request for a clear rendition gets the blurred one, and a logged refusal. The view sets cache: false so
// clear pixels are not kept.
#pragma once

#include "MediaRenderer.h"
#include "RevealGuard.h"

#include <QHash>
#include <QMutex>
#include <QQuickImageProvider>

namespace veil::gui {

class Workstation;

class RenditionProvider : public QQuickImageProvider
{
public:
    // Keeps the workstation's renderer: Qt Quick may still be loading in its thread as the window goes.
    explicit RenditionProvider(Workstation &workstation);

    // Called on the GUI thread, or on Qt Quick's image-loading thread for asynchronous Images.
    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;

    // How often Qt Quick asked for this id: a view served from Qt's cache is not asked for again, which is
    // how tests see that the next item was rendered ahead and then opened from the cache.
    // Counted per id and requested size (thumbnails ask for the same id at their own size).
    int requestsFor(const QString &id, const QSize &requestedSize = {}) const;

private:
    std::shared_ptr<MediaRenderer> m_renderer;
    std::shared_ptr<const RevealState> m_reveal;
    mutable QMutex m_countMutex;
    QHash<QPair<QString, QSize>, int> m_requests;
};

} // namespace veil::gui
