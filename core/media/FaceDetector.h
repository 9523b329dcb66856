// Faces in escalated media stay blurred even in the clear view until the reviewer reveals them on their
// own. The detector is OpenCV's Haar cascade from Debian's opencv-data, loaded from its installed path.
#pragma once

#include "common/Result.h"

#include <QList>
#include <QRectF>

#include <memory>
#include <mutex>

#include <opencv2/core/mat.hpp>

namespace cv {
class CascadeClassifier;
}

namespace veil::media {

class FaceDetector
{
public:
    static constexpr int ScanLongSide = 640; // Haar at this size finds faces down to ~3% of the image's side

    // Debian's path; VEIL_FACE_CASCADE in the environment overrides it (tests, other distributions).
    static QString defaultCascadePath();

    // Error "face_model_missing" (no file, or not a cascade OpenCV can load), naming the path.
    static Result<std::shared_ptr<FaceDetector>> load(const QString &path = defaultCascadePath());

    // Face rectangles as fractions (0-1) of the image's width and height, slightly enlarged so a blur
    // covers hairline and chin. Large images are scanned at a reduced size. Error "face_detection_failed":
    // the caller must then treat every region as a possible face. Callable from any thread (one scan at a
    // time: OpenCV's cascade keeps scratch state).
    Result<QList<QRectF>> detect(const cv::Mat &pixels) const;

    ~FaceDetector();

private:
    FaceDetector() = default;
    std::unique_ptr<cv::CascadeClassifier> m_cascade;
    mutable std::mutex m_mutex;
};

} // namespace veil::media
