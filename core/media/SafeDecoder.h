// Decoding untrusted images: the header is checked against limits before a decoder sees a byte, decoding
// happens from memory only (libjpeg-turbo, libpng, libwebp through media/ImageCodecs.h; never a temporary
// file), and every failure is a value with a reason.
#pragma once

#include "media/ImageHeader.h"

#include <opencv2/core/mat.hpp>

namespace veil::media {

struct DecodeLimits
{
    int maxWidth = 16384;
    int maxHeight = 16384;
    qint64 maxPixels = 40'000'000;
    qint64 maxBytes = 50LL * 1024 * 1024;
    int maxJpegScans = 200; // libjpeg decodes every scan: thousands of tiny scans are a CPU bomb
};

struct DecodedImage
{
    ImageHeader header;
    // 8-bit, stored pixel order (EXIF orientation not applied): CV_8UC1 for greyscale files, else BGR.
    cv::Mat pixels;
    int reduction = 1; // 1, 2, 4 or 8: pixels are this many times smaller than the header's size
};

// Checks magic, header and limits without decoding. Errors: those of readImageHeader, plus
// "media_too_large" (bytes, width, height, pixel count or JPEG scans over the limit).
Result<ImageHeader> inspectImage(QByteArrayView bytes, const DecodeLimits &limits = {});

// Decodes at full size (reduction 1) or reduced by 2, 4 or 8 — for JPEG through libjpeg's DCT scaling, so a
// reduced decode costs a fraction of a full one. Errors: those of inspectImage, "invalid_argument",
// "media_decode_failed" (corrupt, truncated, or not what its header says).
Result<DecodedImage> decodeImage(QByteArrayView bytes, const DecodeLimits &limits = {}, int reduction = 1);
// The same for bytes inspectImage has already accepted (header is its result): skips the second parse.
Result<DecodedImage> decodeInspected(QByteArrayView bytes, const ImageHeader &header, int reduction = 1);

// The largest reduction (1, 2, 4, 8) that keeps the image's longer side at least minLongSide pixels.
int reductionFor(const ImageHeader &header, int minLongSide);

// Applies an EXIF orientation (1-8) so the image shows upright.
cv::Mat applyOrientation(const cv::Mat &stored, int orientation);

// Always three channels, for the code paths that draw.
cv::Mat toBgr(const cv::Mat &pixels);

} // namespace veil::media
