#include "media/FaceDetector.h"

#include "common/Log.h"

#include <QFileInfo>

#include <algorithm>
#include <tuple>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

namespace veil::media {

namespace {
constexpr double Margin = 0.15; // grow each box by this fraction per side
} // namespace

FaceDetector::~FaceDetector() = default;

QString FaceDetector::defaultCascadePath()
{
    const QByteArray env = qgetenv("VEIL_FACE_CASCADE");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    return QStringLiteral("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml");
}

Result<std::shared_ptr<FaceDetector>> FaceDetector::load(const QString &path)
{
    auto missing = [&] {
        return makeError(QStringLiteral("face_model_missing"),
                         QStringLiteral("no face detection model at %1 (install opencv-data)").arg(path));
    };
    if (!QFileInfo(path).isFile())
        return missing();
    std::shared_ptr<FaceDetector> detector(new FaceDetector);
    detector->m_cascade = std::make_unique<cv::CascadeClassifier>();
    try {
        if (!detector->m_cascade->load(path.toStdString()) || detector->m_cascade->empty())
            return missing();
    } catch (const cv::Exception &) {
        return missing();
    }
    return detector;
}

Result<QList<QRectF>> FaceDetector::detect(const cv::Mat &pixels) const
{
    cv::Mat grey;
    if (pixels.channels() == 1)
        grey = pixels;
    else
        cv::cvtColor(pixels, grey, pixels.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    const int longSide = std::max(grey.cols, grey.rows);
    if (longSide > ScanLongSide) {
        const double scale = double(ScanLongSide) / longSide;
        cv::resize(grey, grey, cv::Size(), scale, scale, cv::INTER_AREA);
    }
    cv::equalizeHist(grey, grey);
    std::vector<cv::Rect> faces;
    const std::lock_guard lock(m_mutex);
    try {
        m_cascade->detectMultiScale(grey, faces, 1.1, 4, 0, cv::Size(20, 20));
    } catch (const cv::Exception &e) {
        qCWarning(lcMedia) << "face detection failed" << e.code;
        return makeError(QStringLiteral("face_detection_failed"), QStringLiteral("the face detector failed"));
    }
    // The cascade scans scales on OpenCV's threads and collects hits in whatever order they finish, so the
    // same image listed its faces in different orders from run to run (a CI failure compared first faces).
    std::sort(faces.begin(), faces.end(), [](const cv::Rect &a, const cv::Rect &b) {
        return std::tie(a.y, a.x, a.height, a.width) < std::tie(b.y, b.x, b.height, b.width);
    });
    QList<QRectF> out;
    for (const cv::Rect &f : faces) {
        const double x = double(f.x) / grey.cols, y = double(f.y) / grey.rows;
        const double w = double(f.width) / grey.cols, h = double(f.height) / grey.rows;
        QRectF box(x - w * Margin, y - h * Margin, w * (1 + 2 * Margin), h * (1 + 2 * Margin));
        out.append(box.intersected(QRectF(0, 0, 1, 1)));
    }
    return out;
}

} // namespace veil::media
