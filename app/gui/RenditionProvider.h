// image://veil/<itemId>/<mode>/<flags> — renditions for QML Image items, rendered by core from the vault.
// mode: blurred | pixelated | clear; flags: any of "g" (greyscale), "f" (faces revealed), "1".."3"
// (strength), then anything (a nonce). Clear pixels exist only while an Image asks for them; the view
// sets cache: false so they are not kept.
#pragma once

#include <QQuickImageProvider>

namespace veil::gui {

class Workstation;

class RenditionProvider : public QQuickImageProvider
{
public:
    explicit RenditionProvider(Workstation &workstation);

    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;

private:
    Workstation &m_workstation;
};

} // namespace veil::gui
