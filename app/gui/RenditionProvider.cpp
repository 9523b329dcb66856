#include "RenditionProvider.h"

#include "Workstation.h"
#include "common/Log.h"

namespace veil::gui {

RenditionProvider::RenditionProvider(Workstation &workstation)
    : QQuickImageProvider(QQuickImageProvider::Image), m_renderer(workstation.renderer()),
      m_reveal(workstation.reveal()->state())
{}

int RenditionProvider::requestsFor(const QString &id, const QSize &requestedSize) const
{
    const QMutexLocker lock(&m_countMutex);
    return m_requests.value({id, requestedSize.isEmpty() ? QSize() : requestedSize});
}

QImage RenditionProvider::requestImage(const QString &id, QSize *size, const QSize &requestedSize)
{
    {
        const QMutexLocker lock(&m_countMutex);
        ++m_requests[{id, requestedSize.isEmpty() ? QSize() : requestedSize}];
    }
    const QStringList parts = id.split(QLatin1Char('/'));
    media::RenditionOptions options;
    if (parts.size() >= 2) {
        if (parts[1] == QLatin1String("clear")) {
            if (m_reveal->allowsClear(parts.value(0)))
                options.mode = media::RenditionMode::Clear;
            else
                qCWarning(lcMedia) << "refused a clear rendition of" << parts.value(0)
                                   << "(not revealed now)";
        } else if (parts[1] == QLatin1String("pixelated")) {
            options.mode = media::RenditionMode::Pixelated;
        }
    }
    const QString flags = parts.value(2);
    options.grayscale = flags.contains(QLatin1Char('g'));
    options.revealFaces = flags.contains(QLatin1Char('f'));
    for (QChar level : {QLatin1Char('1'), QLatin1Char('2'), QLatin1Char('3')})
        if (flags.contains(level))
            options.strength = level.digitValue();
    QImage image;
    auto rendered = m_renderer
                        // Thumbnails (a requested size) are never revealed: no face scan for them.
                        ? m_renderer->render(parts.value(0), {}, options, requestedSize.isEmpty())
                        : Result<QImage>(makeError(QStringLiteral("locked"), QStringLiteral("locked")));
    if (rendered.ok()) {
        image = rendered.value();
    } else {
        qCWarning(lcMedia) << "no rendition for" << parts.value(0) << rendered.error().code;
        image = QImage(4, 3, QImage::Format_RGB32);
        image.fill(QColor(0x60, 0x60, 0x60));
    }
    if (requestedSize.isValid() && !requestedSize.isEmpty())
        image = image.scaled(requestedSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    if (size)
        *size = image.size();
    return image;
}

} // namespace veil::gui
