#include "media/Renditions.h"

#include <opencv2/imgproc.hpp>

namespace veil::media {

namespace {

// Blurred and pixelated renditions are made at this size: they carry no detail worth more pixels, the view
// scales them up smoothly, and it lets a 4-megapixel JPEG decode at 1/8 scale (DC coefficients only).
constexpr int SafeLongSide = 256;

cv::Mat fitLongSide(const cv::Mat &image, int longSide)
{
    const int current = std::max(image.cols, image.rows);
    if (current <= longSide)
        return image;
    const double scale = double(longSide) / current;
    cv::Mat out;
    cv::resize(
        image, out,
        cv::Size(std::max(1, int(image.cols * scale + 0.5)), std::max(1, int(image.rows * scale + 0.5))), 0,
        0,
        scale > 0.5 ? cv::INTER_LINEAR : cv::INTER_AREA); // area averaging pays off only when shrinking a lot
    return out;
}

double blurSigma(const cv::Mat &image, int strength)
{
    // A fraction of the longer side, so the result looks the same at any resolution. At the default
    // (1/40), a face filling a fifth of the frame is smeared over half its width.
    static constexpr double fractions[] = {1.0 / 64, 1.0 / 40, 1.0 / 20};
    return std::max(image.cols, image.rows) * fractions[std::clamp(strength, 1, 3) - 1];
}

void toGrey(cv::Mat &image)
{
    cv::Mat grey;
    cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
    cv::cvtColor(grey, image, cv::COLOR_GRAY2BGR);
}

} // namespace

Result<RenditionOptions> renditionOptionsFor(const QString &mode)
{
    RenditionOptions options;
    if (mode == QLatin1String("blurred"))
        options.mode = RenditionMode::Blurred;
    else if (mode == QLatin1String("pixelated"))
        options.mode = RenditionMode::Pixelated;
    else if (mode == QLatin1String("grayscale")) {
        options.mode = RenditionMode::Clear;
        options.grayscale = true;
    } else if (mode == QLatin1String("clear"))
        options.mode = RenditionMode::Clear;
    else
        return makeError(QStringLiteral("invalid_argument"),
                         QStringLiteral("mode must be blurred, pixelated, grayscale or clear"));
    return options;
}

cv::Mat blurImage(const cv::Mat &bgr, int strength)
{
    const double sigma = blurSigma(bgr, strength);
    // A wide Gaussian costs in proportion to its width. Blurring a copy shrunk by k with sigma / k and
    // scaling back up gives the same smooth result (nothing finer than sigma survives either way) for a
    // fraction of the work.
    const int k = std::clamp(int(sigma / 2), 1, 8);
    if (k == 1 || bgr.cols < 4 * k || bgr.rows < 4 * k) {
        cv::Mat out;
        cv::GaussianBlur(bgr, out, cv::Size(0, 0), sigma, 0, cv::BORDER_REFLECT);
        return out;
    }
    cv::Mat small, blurred, out;
    cv::resize(bgr, small, cv::Size(bgr.cols / k, bgr.rows / k), 0, 0, cv::INTER_AREA);
    cv::GaussianBlur(small, blurred, cv::Size(0, 0), sigma / k, 0, cv::BORDER_REFLECT);
    cv::resize(blurred, out, bgr.size(), 0, 0, cv::INTER_LINEAR);
    return out;
}

cv::Mat pixelateImage(const cv::Mat &bgr, int strength)
{
    static constexpr int blocksAcross[] = {32, 20, 12};
    const int blocks = blocksAcross[std::clamp(strength, 1, 3) - 1];
    const double scale = double(blocks) / std::max(bgr.cols, bgr.rows);
    cv::Mat small, out;
    cv::resize(bgr, small,
               cv::Size(std::max(1, int(bgr.cols * scale + 0.5)), std::max(1, int(bgr.rows * scale + 0.5))),
               0, 0, cv::INTER_AREA);
    cv::resize(small, out, bgr.size(), 0, 0, cv::INTER_NEAREST);
    return out;
}

Result<cv::Mat> renderRendition(QByteArrayView bytes, const RenditionOptions &options,
                                const FaceRegions &faces, const DecodeLimits &limits)
{
    auto header = inspectImage(bytes, limits);
    VEIL_TRY(header);
    const bool safe = options.mode != RenditionMode::Clear;
    const int wanted = safe ? SafeLongSide : options.maxLongSide;
    auto decoded = decodeInspected(bytes, header.value(), reductionFor(header.value(), wanted));
    VEIL_TRY(decoded);
    cv::Mat image = fitLongSide(applyOrientation(toBgr(decoded->pixels), header->orientation), wanted);
    if (options.mode == RenditionMode::Blurred)
        image = blurImage(image, options.strength);
    else if (options.mode == RenditionMode::Pixelated)
        image = pixelateImage(image, options.strength);
    else if (!options.revealFaces) {
        if (!faces.known) {
            image = blurImage(image, 3);
        } else {
            const cv::Rect bounds(0, 0, image.cols, image.rows);
            for (const QRectF &face : faces.faces) {
                const cv::Rect box = cv::Rect(int(face.x() * image.cols), int(face.y() * image.rows),
                                              int(std::ceil(face.width() * image.cols)),
                                              int(std::ceil(face.height() * image.rows))) &
                                     bounds;
                if (box.area() == 0)
                    continue;
                // Pixelate, then blur: no facial feature survives at any zoom.
                cv::Mat roi = image(box);
                pixelateImage(roi, 3).copyTo(roi);
                cv::GaussianBlur(roi, roi, cv::Size(0, 0), std::max(box.width, box.height) / 6.0);
            }
        }
    }
    if (options.grayscale)
        toGrey(image);
    return image;
}

} // namespace veil::media
