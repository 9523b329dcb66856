// libFuzzer target over the media decode wrapper: header sniffing, EXIF parsing, limit checks, the
// libjpeg-turbo / libpng / libwebp decode behind them (media/ImageCodecs.h), PDQ and the blurred rendition.
// Limits are small so each input stays fast; the properties checked are the ones the rest of the workstation
// relies on.
#include "media/PdqHasher.h"
#include "media/Renditions.h"
#include "media/SafeDecoder.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace veil::media;
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)exifOrientation(input);
    DecodeLimits limits;
    limits.maxWidth = 2048;
    limits.maxHeight = 2048;
    limits.maxPixels = 2'000'000;
    auto header = inspectImage(input, limits);
    auto decoded = decodeImage(input, limits);
    if (decoded.ok()) {
        // Whatever decodes was inspected first, is within the limits, and is 8-bit.
        if (!header.ok() || decoded->pixels.cols > limits.maxWidth ||
            decoded->pixels.rows > limits.maxHeight || decoded->pixels.depth() != CV_8U ||
            decoded->header.orientation < 1 || decoded->header.orientation > 8)
            __builtin_trap();
        PdqHasher hasher;
        const PdqResult pdq = hasher.hashImage(decoded->pixels);
        if (pdq.quality < 0 || pdq.quality > 100)
            __builtin_trap();
        auto blurred = renderRendition(input, {}, {}, limits);
        if (!blurred.ok() || blurred->empty())
            __builtin_trap();
    }
    (void)decodeImage(input, limits, 8);
    return 0;
}
