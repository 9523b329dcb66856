#include "media/ImageCodecs.h"

#include <webp/decode.h>

namespace veil::media::codec {

Result<cv::Mat> decodeWebP(QByteArrayView bytes, const ImageHeader &header, int reduction)
{
    if (!isReduction(reduction))
        return badReduction();
    const auto *data = reinterpret_cast<const uint8_t *>(bytes.data());
    const size_t size = size_t(bytes.size());
    WebPBitstreamFeatures features;
    // Under 32 bytes is no WebP a camera or an editor writes (OpenCV refused it too).
    if (size < 32 || WebPGetFeatures(data, size, &features) != VP8_STATUS_OK || features.has_animation ||
        features.width <= 0 || features.height <= 0)
        return makeError(QStringLiteral("media_decode_failed"),
                         QStringLiteral("the WebP data is corrupt or truncated"));
    // libwebp decodes the first frame it finds, whatever our parser read: they must agree.
    if (features.width != header.width || features.height != header.height)
        return notAsInspected("WebP");
    cv::Mat pixels;
    try {
        pixels.create(features.height, features.width, CV_8UC3);
    } catch (...) {
        return makeError(QStringLiteral("media_decode_failed"),
                         QStringLiteral("there is not enough memory to decode the WebP"));
    }
    // BGR straight into our rows; an alpha channel is dropped, not composited (as imdecode did).
    if (WebPDecodeBGRInto(data, size, pixels.data, pixels.total() * pixels.elemSize(), int(pixels.step)) !=
        pixels.data)
        return makeError(QStringLiteral("media_decode_failed"),
                         QStringLiteral("the WebP data is corrupt or truncated"));
    return reduceExactly(std::move(pixels), reduction, "WebP");
}

} // namespace veil::media::codec
