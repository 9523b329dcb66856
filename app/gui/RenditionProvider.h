// image://veil/<itemId>/<mode>/<flags> — renditions for QML Image items, rendered by core from the vault.
// mode: blurred | pixelated | clear; flags: any of "g" (greyscale), "f" (faces revealed), "1".."3"
// (strength). Clear pixels exist only while an Image asks for them; the view sets cache: false so they are
// not kept.
#pragma once

#include "MediaRenderer.h"

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
    mutable QMutex m_countMutex;
    QHash<QPair<QString, QSize>, int> m_requests;
};

} // namespace veil::gui
