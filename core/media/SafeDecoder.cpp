#include "media/SafeDecoder.h"

#include "common/Log.h"
#include "media/ImageCodecs.h"

#include <opencv2/core.hpp>
#include <opencv2/core/ocl.hpp>
#include <opencv2/imgproc.hpp>

namespace veil::media {

namespace {

Error tooLarge(const QString &what)
{
    return makeError(QStringLiteral("media_too_large"), what);
}

// OpenCV would probe for OpenCL at its first filter or face search, loading whatever GPU driver libraries
// the machine has into a process that handles hostile media. Veil's image work is CPU-only: the same
// results (PDQ hashes, face boxes) on every machine, and no driver code on the decode path. (The probe's
// dlopen of libOpenCL also breaks LeakSanitizer's thread scan at exit.) Set before any OpenCV call.
const bool openClDisabled = [] {
    if (qEnvironmentVariableIsEmpty("OPENCV_OPENCL_RUNTIME"))
        qputenv("OPENCV_OPENCL_RUNTIME", "disabled");
    cv::ocl::setUseOpenCL(false);
    return true;
}();

} // namespace

Result<ImageHeader> inspectImage(QByteArrayView bytes, const DecodeLimits &limits)
{
    if (bytes.size() > limits.maxBytes)
        return tooLarge(
            QStringLiteral("the file is %1 bytes; the limit is %2").arg(bytes.size()).arg(limits.maxBytes));
    auto header = readImageHeader(bytes);
    VEIL_TRY(header);
    if (header->width > limits.maxWidth || header->height > limits.maxHeight)
        return tooLarge(QStringLiteral("%1x%2 pixels is over the %3x%4 limit")
                            .arg(header->width)
                            .arg(header->height)
                            .arg(limits.maxWidth)
                            .arg(limits.maxHeight));
    if (qint64(header->width) * header->height > limits.maxPixels)
        return tooLarge(QStringLiteral("%1 megapixels is over the limit of %2")
                            .arg(qint64(header->width) * header->height / 1'000'000)
                            .arg(limits.maxPixels / 1'000'000));
    if (header->jpegScans > limits.maxJpegScans)
        return tooLarge(QStringLiteral("the JPEG has %1 scans; the limit is %2")
                            .arg(header->jpegScans)
                            .arg(limits.maxJpegScans));
    return header;
}

int reductionFor(const ImageHeader &header, int minLongSide)
{
    const int longSide = std::max(header.width, header.height);
    int reduction = 1;
    while (reduction < 8 && longSide / (reduction * 2) >= minLongSide)
        reduction *= 2;
    return reduction;
}

Result<DecodedImage> decodeImage(QByteArrayView bytes, const DecodeLimits &limits, int reduction)
{
    if (reduction != 1 && reduction != 2 && reduction != 4 && reduction != 8)
        return makeError(QStringLiteral("invalid_argument"),
                         QStringLiteral("reduction must be 1, 2, 4 or 8"));
    auto header = inspectImage(bytes, limits);
    VEIL_TRY(header);
    return decodeInspected(bytes, header.value(), reduction);
}

Result<DecodedImage> decodeInspected(QByteArrayView bytes, const ImageHeader &inspected, int reduction)
{
    if (reduction != 1 && reduction != 2 && reduction != 4 && reduction != 8)
        return makeError(QStringLiteral("invalid_argument"),
                         QStringLiteral("reduction must be 1, 2, 4 or 8"));
    const ImageHeader *header = &inspected;
    if (header->truncated)
        return makeError(QStringLiteral("media_decode_failed"),
                         QStringLiteral("the JPEG is truncated (no end-of-image marker)"));
    DecodedImage decoded;
    decoded.header = inspected;
    decoded.reduction = reduction;
    // Only the three formats readImageHeader accepts reach here, each from memory.
    auto pixels = header->format == ImageFormat::Jpeg  ? codec::decodeJpeg(bytes, inspected, reduction)
                  : header->format == ImageFormat::Png ? codec::decodePng(bytes, inspected, reduction)
                                                       : codec::decodeWebP(bytes, inspected, reduction);
    if (!pixels.ok()) {
        qCInfo(lcMedia) << "decoder refused" << formatName(header->format);
        return pixels.error();
    }
    decoded.pixels = std::move(pixels).value();
    // The decoder must agree with the header we checked the limits on.
    const int expectW = (header->width + reduction - 1) / reduction;
    const int expectH = (header->height + reduction - 1) / reduction;
    if (std::abs(decoded.pixels.cols - expectW) > 1 || std::abs(decoded.pixels.rows - expectH) > 1 ||
        decoded.pixels.depth() != CV_8U)
        return makeError(QStringLiteral("media_decode_failed"),
                         QStringLiteral("the decoded image does not match its header"));
    return decoded;
}

cv::Mat applyOrientation(const cv::Mat &stored, int orientation)
{
    cv::Mat out;
    switch (orientation) {
    case 2:
        cv::flip(stored, out, 1);
        break;
    case 3:
        cv::rotate(stored, out, cv::ROTATE_180);
        break;
    case 4:
        cv::flip(stored, out, 0);
        break;
    case 5:
        cv::transpose(stored, out);
        break;
    case 6:
        cv::rotate(stored, out, cv::ROTATE_90_CLOCKWISE);
        break;
    case 7:
        cv::transpose(stored, out);
        cv::flip(out, out, -1);
        break;
    case 8:
        cv::rotate(stored, out, cv::ROTATE_90_COUNTERCLOCKWISE);
        break;
    default:
        out = stored;
    }
    return out;
}

cv::Mat toBgr(const cv::Mat &pixels)
{
    if (pixels.channels() == 3)
        return pixels;
    cv::Mat out;
    cv::cvtColor(pixels, out, pixels.channels() == 4 ? cv::COLOR_BGRA2BGR : cv::COLOR_GRAY2BGR);
    return out;
}

} // namespace veil::media
