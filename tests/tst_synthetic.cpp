// Synthetic escalation images: deterministic, decodable, never blank, and near-duplicates only within a
// sample's variants.
#include "media/SyntheticImage.h"

#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

using namespace veil;
using namespace veil::media;

namespace {

const Variant kVariants[] = {Variant::Original, Variant::Reencoded, Variant::Resized, Variant::Recompressed};

cv::Mat decode(const QByteArray &bytes)
{
    const std::vector<uchar> buffer(bytes.begin(), bytes.end());
    return cv::imdecode(buffer, cv::IMREAD_COLOR);
}

// A crude perceptual fingerprint: 64x64 grayscale, the scale perceptual hashes work at.
cv::Mat thumbnail(const cv::Mat &image)
{
    cv::Mat gray;
    cv::Mat small;
    cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
    cv::resize(gray, small, cv::Size(64, 64), 0, 0, cv::INTER_AREA);
    return small;
}

// Mean absolute difference per pixel (0..255) between two thumbnails.
double distance(const cv::Mat &a, const cv::Mat &b)
{
    return cv::norm(a, b, cv::NORM_L1) / double(a.total());
}

cv::Mat drawAndDecode(quint64 seed, int sample, Variant variant)
{
    auto image = drawSynthetic(seed, sample, variant);
    if (!image.ok())
        qFatal("drawSynthetic failed: %s", qPrintable(image.error().toString()));
    return decode(image->bytes);
}

} // namespace

class TestSynthetic : public QObject
{
    Q_OBJECT

private slots:
    void deterministic()
    {
        for (Variant variant : kVariants) {
            auto first = drawSynthetic(42, 7, variant);
            auto second = drawSynthetic(42, 7, variant);
            QVERIFY(first.ok());
            QVERIFY(second.ok());
            QVERIFY(!first->bytes.isEmpty());
            QCOMPARE(first->bytes, second->bytes);

            auto otherSample = drawSynthetic(42, 8, variant);
            auto otherSeed = drawSynthetic(43, 7, variant);
            QVERIFY(otherSample.ok());
            QVERIFY(otherSeed.ok());
            QVERIFY(otherSample->bytes != first->bytes);
            QVERIFY(otherSeed->bytes != first->bytes);
        }
        // The variants really are different files.
        QVERIFY(drawSynthetic(42, 7, Variant::Reencoded)->bytes !=
                drawSynthetic(42, 7, Variant::Recompressed)->bytes);
    }

    void variantsDecode_data()
    {
        QTest::addColumn<int>("variant");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("expectedWidth");
        QTest::addColumn<int>("expectedHeight");
        QTest::addColumn<bool>("png");
        const auto v = [](Variant variant) { return int(variant); };
        QTest::newRow("original") << v(Variant::Original) << 640 << 480 << 640 << 480 << true;
        QTest::newRow("reencoded") << v(Variant::Reencoded) << 640 << 480 << 640 << 480 << false;
        QTest::newRow("resized") << v(Variant::Resized) << 640 << 480 << 480 << 360 << false;
        QTest::newRow("recompressed") << v(Variant::Recompressed) << 640 << 480 << 640 << 480 << false;
        // 75% rounds to the nearest pixel: 240.75 -> 241, 149.25 -> 149.
        QTest::newRow("resized odd") << v(Variant::Resized) << 321 << 199 << 241 << 149 << false;
        QTest::newRow("original min") << v(Variant::Original) << 16 << 16 << 16 << 16 << true;
        QTest::newRow("resized min") << v(Variant::Resized) << 16 << 16 << 12 << 12 << false;
        QTest::newRow("original max width") << v(Variant::Original) << 4096 << 16 << 4096 << 16 << true;
        QTest::newRow("reencoded max height") << v(Variant::Reencoded) << 16 << 4096 << 16 << 4096 << false;
    }

    void variantsDecode()
    {
        QFETCH(int, variant);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, expectedWidth);
        QFETCH(int, expectedHeight);
        QFETCH(bool, png);

        auto image = drawSynthetic(5, 1, Variant(variant), width, height);
        QVERIFY2(image.ok(), qPrintable(image.ok() ? QString() : image.error().toString()));
        QCOMPARE(image->width, expectedWidth);
        QCOMPARE(image->height, expectedHeight);
        if (png) {
            QCOMPARE(image->mime, QStringLiteral("image/png"));
            QVERIFY(image->bytes.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8)));
        } else {
            QCOMPARE(image->mime, QStringLiteral("image/jpeg"));
            QVERIFY(image->bytes.startsWith(QByteArray("\xFF\xD8\xFF", 3)));
        }
        const cv::Mat decoded = decode(image->bytes);
        QVERIFY(!decoded.empty());
        QCOMPARE(decoded.cols, expectedWidth);
        QCOMPARE(decoded.rows, expectedHeight);
        QCOMPARE(decoded.channels(), 3);
    }

    void notBlank()
    {
        for (int sample = 0; sample < 12; ++sample) {
            for (Variant variant : kVariants) {
                const cv::Mat decoded = drawAndDecode(1234, sample, variant);
                cv::Mat gray;
                cv::cvtColor(decoded, gray, cv::COLOR_BGR2GRAY);
                cv::Scalar mean;
                cv::Scalar stddev;
                cv::meanStdDev(gray, mean, stddev);
                const QByteArray what = "sample " + QByteArray::number(sample) + " variant " +
                                        QByteArray::number(int(variant)) + " stddev " +
                                        QByteArray::number(stddev[0]);
                QVERIFY2(stddev[0] > 15.0, what.constData());
            }
        }
    }

    void captionIsDrawn()
    {
        // Shapes and background avoid pure white and black, so those pixels are the caption's fill and
        // outline: a large, legible caption covers thousands of them on a 640x480 canvas.
        for (int sample : {0, 3, 99, 123456}) {
            const cv::Mat decoded = drawAndDecode(77, sample, Variant::Original);
            cv::Mat white;
            cv::Mat black;
            cv::inRange(decoded, cv::Scalar(255, 255, 255), cv::Scalar(255, 255, 255), white);
            cv::inRange(decoded, cv::Scalar(0, 0, 0), cv::Scalar(0, 0, 0), black);
            const QByteArray what = "sample " + QByteArray::number(sample) + " white " +
                                    QByteArray::number(cv::countNonZero(white)) + " black " +
                                    QByteArray::number(cv::countNonZero(black));
            QVERIFY2(cv::countNonZero(white) > 3000, what.constData());
            QVERIFY2(cv::countNonZero(black) > 1500, what.constData());
        }
    }

    // Measured over 6 seeds x 24 samples: variants differ by at most ~0.8 grey levels, different
    // samples by at least ~7.9, so these thresholds leave room on both sides.
    void nearDuplicatesOnlyWithinASample()
    {
        const quint64 seed = 20240601;
        std::vector<cv::Mat> originals;
        for (int sample = 0; sample < 8; ++sample) {
            const cv::Mat original = thumbnail(drawAndDecode(seed, sample, Variant::Original));
            for (Variant variant : {Variant::Reencoded, Variant::Resized, Variant::Recompressed}) {
                const double d = distance(original, thumbnail(drawAndDecode(seed, sample, variant)));
                const QByteArray what = "sample " + QByteArray::number(sample) + " variant " +
                                        QByteArray::number(int(variant)) + " distance " +
                                        QByteArray::number(d);
                QVERIFY2(d < 2.0, what.constData());
            }
            originals.push_back(original);
        }
        for (std::size_t a = 0; a < originals.size(); ++a) {
            for (std::size_t b = a + 1; b < originals.size(); ++b) {
                const double d = distance(originals[a], originals[b]);
                const QByteArray what = "samples " + QByteArray::number(qulonglong(a)) + " and " +
                                        QByteArray::number(qulonglong(b)) + " distance " +
                                        QByteArray::number(d);
                QVERIFY2(d > 5.0, what.constData());
            }
        }
    }

    void invalidSizes()
    {
        const QList<QPair<int, int>> sizes = {{15, 480}, {640, 15},   {4097, 480}, {640, 4097},
                                              {0, 0},    {-640, 480}, {640, -1}};
        for (const auto &[width, height] : sizes) {
            for (Variant variant : kVariants) {
                auto image = drawSynthetic(1, 1, variant, width, height);
                QVERIFY(!image.ok());
                QCOMPARE(image.error().code, QStringLiteral("invalid_argument"));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSynthetic)
#include "tst_synthetic.moc"
