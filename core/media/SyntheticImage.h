// Procedurally drawn stand-in images for demo escalations. They are never real content: a seeded
// gradient, a few abstract shapes and the words "SYNTHETIC SAMPLE n", so anyone seeing one knows what it is.
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace veil::media {

struct SyntheticImage
{
    QByteArray bytes; // encoded file
    QString mime;     // "image/png" or "image/jpeg"
    int width = 0;    // of the encoded image (Resized is 75% of the canvas)
    int height = 0;
};

// How one drawing is delivered. All variants of a (seed, sampleNumber) share the drawing, so they form a
// near-duplicate group for perceptual-hash clustering:
//   Original     PNG of the drawing
//   Reencoded    JPEG quality 90
//   Resized      drawing scaled to 75% (rounded to the nearest pixel, area interpolation), JPEG quality 90
//   Recompressed JPEG quality 35
enum class Variant { Original, Reencoded, Resized, Recompressed };

// Deterministic: the same (seed, sampleNumber, variant, width, height) gives identical bytes with the same
// OpenCV build. Draws a width x height canvas: a seeded two-colour linear gradient, 3-8 filled or
// outlined circles, rectangles and polylines, and "SYNTHETIC SAMPLE <sampleNumber>" in a large Hershey
// font, white with a black outline, centred. Errors: "invalid_argument" (width or height outside
// 16..4096), "encode_failed" (OpenCV could not draw or encode).
Result<SyntheticImage> drawSynthetic(quint64 seed, int sampleNumber, Variant variant = Variant::Original,
                                     int width = 640, int height = 480);

// One member of a synthetic flood family: the family's drawing (seed, family) delivered the way a generator
// and the re-posting around it vary it — scaled 0.7-1.4x, brightness (±15) and contrast (±10 %) shifted,
// half of them with a small handle or logo (a fortieth of its height) stamped in a corner, JPEG quality
// 40-95 — and mirrored when the member draws under mirroredPercent. Not cropped: PDQ does not survive even
// small crops of these drawings (docs/media.md). Deterministic in (seed, family, member). Errors:
// "encode_failed".
Result<SyntheticImage> drawFloodMember(quint64 seed, int family, int member, int mirroredPercent = 0);

} // namespace veil::media
