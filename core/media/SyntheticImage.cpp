#include "media/SyntheticImage.h"

#include "media/ImageCodecs.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

namespace veil::media {

namespace {

constexpr int kMinSide = 16;
constexpr int kMaxSide = 4096;

// SplitMix64's finaliser: spreads seed and sample number over all 64 bits before they are combined.
quint64 mix64(quint64 z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// SplitMix64 with hand-written ranges: the drawing must not change with the standard library's
// distribution implementations, which the standard leaves unspecified.
class Rng
{
public:
    explicit Rng(quint64 state) : m_state(state) {}

    quint64 next() { return mix64(m_state += 0x9E3779B97F4A7C15ULL); }
    // Uniform in [lo, hi]; the modulo bias is below 2^-50 for the small ranges used here.
    int between(int lo, int hi) { return lo + int(next() % quint64(hi - lo + 1)); }
    // Channels kept off 0 and 255 so pure black and white belong to the caption alone.
    cv::Vec3b colour()
    {
        cv::Vec3b bgr;
        for (int c = 0; c < 3; ++c)
            bgr[c] = uchar(between(16, 239));
        return bgr;
    }

private:
    quint64 m_state;
};

// Linear gradient between two seeded colours in a seeded direction, in integer arithmetic so the
// background is the same on every machine.
void paintGradient(cv::Mat &canvas, Rng &rng)
{
    const cv::Vec3b from = rng.colour();
    cv::Vec3b to = rng.colour();
    // A gradient needs visible contrast: if the two are close in brightness, the second moves to the far
    // end of the range (16..75 or 180..239 per channel, keeping a hint of its hue).
    const auto luma = [](const cv::Vec3b &bgr) { return (29 * bgr[0] + 150 * bgr[1] + 77 * bgr[2]) >> 8; };
    if (std::abs(luma(from) - luma(to)) < 64) {
        const bool darken = luma(from) >= 128;
        for (int c = 0; c < 3; ++c)
            to[c] = uchar(darken ? 16 + to[c] / 4 : 239 - to[c] / 4);
    }
    int dx = rng.between(-64, 64);
    const int dy = rng.between(-64, 64);
    if (dx == 0 && dy == 0)
        dx = 1;
    const qint64 low = std::min(0, (canvas.cols - 1) * dx) + std::min(0, (canvas.rows - 1) * dy);
    const qint64 high = std::max(0, (canvas.cols - 1) * dx) + std::max(0, (canvas.rows - 1) * dy);
    const qint64 span = std::max<qint64>(1, high - low);
    for (int y = 0; y < canvas.rows; ++y) {
        auto *row = canvas.ptr<cv::Vec3b>(y);
        for (int x = 0; x < canvas.cols; ++x) {
            const qint64 t = qint64(x) * dx + qint64(y) * dy - low;
            for (int c = 0; c < 3; ++c)
                row[x][c] = uchar((from[c] * (span - t) + to[c] * t) / span);
        }
    }
}

// 3-8 circles, rectangles and polygons/polylines, sized relative to the canvas.
void paintShapes(cv::Mat &canvas, Rng &rng)
{
    const int width = canvas.cols;
    const int height = canvas.rows;
    const int unit = std::min(width, height);
    const int count = rng.between(3, 8);
    for (int i = 0; i < count; ++i) {
        const int kind = rng.between(0, 2);
        const cv::Scalar colour(rng.colour());
        const bool filled = rng.between(0, 1) == 1;
        const int thickness = filled ? cv::FILLED : std::max(1, unit * rng.between(1, 4) / 100);
        // One draw per statement throughout: argument evaluation order is unspecified in C++.
        const int cx = rng.between(0, width - 1);
        const int cy = rng.between(0, height - 1);
        const cv::Point centre(cx, cy);
        if (kind == 0) {
            const int radius = std::max(2, unit * rng.between(8, 30) / 100);
            cv::circle(canvas, centre, radius, colour, thickness, cv::LINE_AA);
        } else if (kind == 1) {
            const int halfWidth = std::max(2, width * rng.between(5, 25) / 100);
            const int halfHeight = std::max(2, height * rng.between(5, 25) / 100);
            const cv::Point half(halfWidth, halfHeight);
            cv::rectangle(canvas, centre - half, centre + half, colour, thickness, cv::LINE_AA);
        } else {
            const int reach = std::max(3, unit * rng.between(10, 35) / 100);
            std::vector<cv::Point> points(std::size_t(rng.between(3, 6)));
            for (cv::Point &point : points) {
                const int px = rng.between(-reach, reach);
                const int py = rng.between(-reach, reach);
                point = centre + cv::Point(px, py);
            }
            if (filled)
                cv::fillPoly(canvas, std::vector<std::vector<cv::Point>>{points}, colour, cv::LINE_AA);
            else
                cv::polylines(canvas, points, rng.between(0, 1) == 1, colour, thickness, cv::LINE_AA);
        }
    }
}

// The caption, centred and as wide as the canvas allows: white on a black outline reads on any background.
void paintCaption(cv::Mat &canvas, int sampleNumber)
{
    const std::string text = "SYNTHETIC SAMPLE " + std::to_string(sampleNumber);
    const int font = cv::FONT_HERSHEY_DUPLEX;
    int baseline = 0;
    const cv::Size unitSize = cv::getTextSize(text, font, 1.0, 1, &baseline);
    const double scale = std::min(0.85 * canvas.cols / unitSize.width, 0.25 * canvas.rows / unitSize.height);
    const int thickness = std::max(1, int(scale * 2.0 + 0.5));
    const int outline = std::max(thickness + 2, 3 * thickness);
    const cv::Size size = cv::getTextSize(text, font, scale, thickness, &baseline);
    const cv::Point origin((canvas.cols - size.width) / 2, (canvas.rows + size.height) / 2);
    cv::putText(canvas, text, origin, font, scale, cv::Scalar(0, 0, 0), outline, cv::LINE_AA);
    cv::putText(canvas, text, origin, font, scale, cv::Scalar(255, 255, 255), thickness, cv::LINE_AA);
}

cv::Mat drawCanvas(quint64 seed, int sampleNumber, int width, int height)
{
    // Both inputs are mixed before combining, so neighbouring samples get unrelated streams rather
    // than one stream shifted by a step.
    Rng rng(mix64(seed) ^ mix64(quint64(quint32(sampleNumber)) + 0x632BE59BD9B4E019ULL));
    cv::Mat canvas(height, width, CV_8UC3);
    paintGradient(canvas, rng);
    paintShapes(canvas, rng);
    paintCaption(canvas, sampleNumber);
    return canvas;
}

Result<SyntheticImage> encode(const cv::Mat &image, bool png, int jpegQuality)
{
    // Every parameter is explicit so a change in a library's defaults cannot change the bytes.
    auto bytes = png ? codec::encodePng(image, 6) : codec::encodeJpeg(image, jpegQuality);
    VEIL_TRY(bytes);
    SyntheticImage result;
    result.bytes = std::move(bytes).value();
    result.mime = png ? QStringLiteral("image/png") : QStringLiteral("image/jpeg");
    result.width = image.cols;
    result.height = image.rows;
    return result;
}

} // namespace

Result<SyntheticImage> drawFloodMember(quint64 seed, int family, int member, int mirroredPercent)
{
    try {
        const cv::Mat base = drawCanvas(seed, family, 640, 480);
        Rng rng(mix64(seed + 0x5DEECE66DULL) ^ mix64(quint64(quint32(family)) << 20) ^
                mix64(quint64(quint32(member)) + 0x2545F4914F6CDD1DULL));
        // Not cropped: PDQ does not survive it on these drawings (measured: 0.5 % off every side moves the
        // hash by 20-60 bits, 2 % by 32-56, 5 % by 82-104, past any useful radius; docs/media.md). Re-posted
        // crops form families of their own.
        cv::Mat image = base.clone();
        const double scale = rng.between(70, 140) / 100.0;
        cv::resize(image, image,
                   cv::Size(std::max(kMinSide, int(image.cols * scale)),
                            std::max(kMinSide, int(image.rows * scale))),
                   0, 0, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
        const double contrast = rng.between(90, 110) / 100.0;
        const int brightness = rng.between(-15, 15);
        image.convertTo(image, -1, contrast, brightness);
        if (rng.between(0, 1) == 1) {
            // A handle or a logo in a corner, a fortieth of the image high.
            const int h = std::max(6, image.rows / 40);
            const bool atRight = rng.between(0, 1) == 1, atBottom = rng.between(0, 1) == 1;
            const cv::Point corner(atRight ? image.cols - 6 * h : h / 2,
                                   atBottom ? image.rows - h / 2 : h + h / 2);
            if (rng.between(0, 1) == 1) {
                const std::string handle = "@user" + std::to_string(rng.between(100, 99999));
                cv::putText(image, handle, corner, cv::FONT_HERSHEY_SIMPLEX, h / 30.0,
                            cv::Scalar(255, 255, 255), std::max(1, h / 15), cv::LINE_AA);
            } else {
                cv::circle(image, corner + cv::Point(h / 2, -h / 2), h / 2, cv::Scalar(rng.colour()),
                           cv::FILLED, cv::LINE_AA);
                cv::rectangle(image, corner + cv::Point(h, -h), corner + cv::Point(3 * h, 0),
                              cv::Scalar(rng.colour()), cv::FILLED);
            }
        }
        if (rng.between(0, 99) < mirroredPercent)
            cv::flip(image, image, 1);
        return encode(image, false, rng.between(40, 95));
    } catch (const std::exception &e) {
        return makeError(
            QStringLiteral("encode_failed"),
            QStringLiteral("drawing the flood image failed: %1").arg(QString::fromUtf8(e.what())));
    }
}

Result<SyntheticImage> drawSynthetic(quint64 seed, int sampleNumber, Variant variant, int width, int height)
{
    if (width < kMinSide || width > kMaxSide || height < kMinSide || height > kMaxSide)
        return makeError(QStringLiteral("invalid_argument"),
                         QStringLiteral("synthetic image size %1x%2 is outside %3..%4")
                             .arg(width)
                             .arg(height)
                             .arg(kMinSide)
                             .arg(kMaxSide));
    // OpenCV reports failure by exception; none may cross the module line.
    try {
        const cv::Mat canvas = drawCanvas(seed, sampleNumber, width, height);
        switch (variant) {
        case Variant::Original:
            return encode(canvas, true, 0);
        case Variant::Reencoded:
            return encode(canvas, false, 90);
        case Variant::Resized: {
            // 75%, rounded to the nearest pixel; area interpolation is the least lossy for shrinking.
            cv::Mat smaller;
            cv::resize(canvas, smaller, cv::Size((width * 3 + 2) / 4, (height * 3 + 2) / 4), 0, 0,
                       cv::INTER_AREA);
            return encode(smaller, false, 90);
        }
        case Variant::Recompressed:
            return encode(canvas, false, 35);
        }
        return makeError(QStringLiteral("invalid_argument"),
                         QStringLiteral("unknown synthetic image variant"));
    } catch (const std::exception &e) {
        return makeError(
            QStringLiteral("encode_failed"),
            QStringLiteral("drawing the synthetic image failed: %1").arg(QString::fromUtf8(e.what())));
    }
}

} // namespace veil::media
