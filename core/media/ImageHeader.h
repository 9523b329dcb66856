// What an encoded image claims to be, read from its bytes before any decoder touches them: the format
// from its magic bytes, the declared dimensions, the EXIF orientation. Hostile input is the normal case
// here, so the parser is bounds-checked throughout and never allocates in proportion to the input.
#pragma once

#include "common/Result.h"

#include <QByteArrayView>

namespace veil::media {

enum class ImageFormat { Jpeg, Png, WebP };

QString formatName(ImageFormat format);

struct ImageHeader
{
    ImageFormat format = ImageFormat::Jpeg;
    int width = 0;
    int height = 0;
    // EXIF orientation 1-8 (1 = stored upright). Decoders are told to ignore it; we apply it ourselves.
    int orientation = 1;
    // JPEG only: the number of scans (progressive files have several; thousands is a CPU bomb).
    int jpegScans = 0;
    // JPEG only: the data ends before the end-of-image marker. libjpeg would pad the missing rows with
    // grey and call it a success; we call it a failed decode.
    bool truncated = false;
};

// Errors: "media_empty", "media_unsupported_format" (unknown magic, GIF, BMP, animated WebP...),
// "media_bad_header" (truncated or inconsistent header).
Result<ImageHeader> readImageHeader(QByteArrayView bytes);

// The orientation tag (0x0112) of a TIFF-structured EXIF block, or 1 if absent or malformed.
int exifOrientation(QByteArrayView tiff);

} // namespace veil::media
