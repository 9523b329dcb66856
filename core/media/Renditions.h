// What the reviewer's screen is given: the media blurred (default), pixelated, or clear — optionally in
// greyscale — computed here so the GUI never holds clear pixels the reviewer has not asked for. Blurred
// and pixelated renditions start from a reduced-scale decode, so they cost a fraction of a full one.
// Faces stay blurred in the clear rendition until revealed separately.
#pragma once

#include "media/SafeDecoder.h"

#include <QList>
#include <QRectF>

namespace veil::media {

enum class RenditionMode { Blurred, Pixelated, Clear };

struct RenditionOptions
{
    RenditionMode mode = RenditionMode::Blurred;
    bool grayscale = false;
    bool revealFaces = false;
    int strength = 2;       // blur / pixelation level: 1 light, 2 default, 3 strong
    int maxLongSide = 2048; // the clear rendition is scaled down to this
};

// What is known about faces in an image (upright coordinates, fractions 0-1). When detection was not
// possible, known is false and the clear rendition is blurred whole until faces are revealed.
struct FaceRegions
{
    bool known = false;
    QList<QRectF> faces;
};

// Parses "blurred", "pixelated", "grayscale" (clear in greyscale) and "clear". Error "invalid_argument".
Result<RenditionOptions> renditionOptionsFor(const QString &mode);

// Decodes (within limits) and renders, upright, as BGR. Errors: those of decodeImage.
Result<cv::Mat> renderRendition(QByteArrayView bytes, const RenditionOptions &options,
                                const FaceRegions &faces, const DecodeLimits &limits = {});

// The drawing steps on pixels already decoded and upright (used by the above, and by tests).
cv::Mat blurImage(const cv::Mat &bgr, int strength);
cv::Mat pixelateImage(const cv::Mat &bgr, int strength);

} // namespace veil::media
