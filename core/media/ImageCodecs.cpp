#include "media/ImageCodecs.h"

#include <opencv2/imgproc.hpp>

namespace veil::media::codec {

bool isReduction(int reduction)
{
    return reduction == 1 || reduction == 2 || reduction == 4 || reduction == 8;
}

Error badReduction()
{
    return makeError(QStringLiteral("invalid_argument"), QStringLiteral("reduction must be 1, 2, 4 or 8"));
}

Error notAsInspected(const char *format)
{
    return makeError(
        QStringLiteral("media_decode_failed"),
        QStringLiteral("the %1 decoder sees another image than its header says").arg(QLatin1String(format)));
}

Error decodeError(DecodeOutcome outcome, const char *format)
{
    const QLatin1String name(format);
    switch (outcome) {
    case DecodeOutcome::NotAsInspected:
        return notAsInspected(format);
    case DecodeOutcome::OutOfMemory:
        return makeError(QStringLiteral("media_decode_failed"),
                         QStringLiteral("there is not enough memory to decode the %1").arg(name));
    case DecodeOutcome::Decoded: // not an error: a caller's mistake, reported as the safe refusal
    case DecodeOutcome::Corrupt:
        break;
    }
    return makeError(QStringLiteral("media_decode_failed"),
                     QStringLiteral("the %1 data is corrupt or truncated").arg(name));
}

Result<cv::Mat> reduceExactly(cv::Mat pixels, int reduction, const char *format)
{
    if (reduction == 1)
        return pixels;
    if (pixels.cols < reduction || pixels.rows < reduction)
        return makeError(QStringLiteral("media_decode_failed"),
                         QStringLiteral("the %1 is too small to reduce %2 times")
                             .arg(QLatin1String(format))
                             .arg(reduction));
    cv::Mat reduced;
    cv::resize(pixels, reduced, cv::Size(pixels.cols / reduction, pixels.rows / reduction), 0, 0,
               cv::INTER_LINEAR_EXACT);
    return reduced;
}

} // namespace veil::media::codec
