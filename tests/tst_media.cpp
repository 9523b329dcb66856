// The media pipeline: header sniffing and limits, safe decode, PDQ against the reference's hashes.
#include "TestSupport.h"

#include "crypto/Sha256.h"
#include "media/FaceDetector.h"
#include "media/ImageHeader.h"
#include "media/MediaCatalog.h"
#include "media/NearDuplicateIndex.h"
#include "media/PdqHasher.h"
#include "media/Renditions.h"
#include "media/SafeDecoder.h"
#include "media/SyntheticImage.h"
#include "store/Migrations.h"
#include "store/Schema.h"

#include <QRandomGenerator>

#include <opencv2/core/ocl.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <sys/resource.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;
using namespace veil::media;
using veil::test::maxRssKb;
using veil::test::readFile;

namespace {

// A JPEG with an APP1 EXIF block carrying the given orientation, inserted after SOI.
QByteArray withExifOrientation(const QByteArray &jpeg, int orientation)
{
    QByteArray tiff("II*\0", 4);
    tiff += QByteArray::fromHex("08000000");                                   // IFD0 at offset 8
    tiff += QByteArray::fromHex("0100");                                       // one entry
    tiff += QByteArray::fromHex("12010300") + QByteArray::fromHex("01000000"); // orientation, SHORT, count 1
    tiff += char(orientation) + QByteArray(3, 0);
    tiff += QByteArray(4, 0); // no next IFD
    QByteArray app1 = QByteArray("Exif\0\0", 6) + tiff;
    QByteArray segment = QByteArray::fromHex("ffe1");
    segment += char((app1.size() + 2) >> 8);
    segment += char((app1.size() + 2) & 0xFF);
    segment += app1;
    return jpeg.left(2) + segment + jpeg.mid(2);
}

double laplacianEnergy(const cv::Mat &bgr)
{
    cv::Mat grey, lap;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    cv::Laplacian(grey, lap, CV_64F);
    return cv::mean(lap.mul(lap))[0];
}

cv::Mat atWidth(const cv::Mat &image, int width)
{
    cv::Mat out;
    cv::resize(image, out, cv::Size(width, std::max(1, image.rows * width / image.cols)), 0, 0,
               cv::INTER_AREA);
    return out;
}

int facesIn(const FaceDetector &detector, const cv::Mat &image)
{
    auto faces = detector.detect(image);
    return faces.ok() ? int(faces->size()) : -1;
}

} // namespace

class TstMedia : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void hostileCorpusIsRejected_data();
    void hostileCorpusIsRejected();
    void noTemporaryFiles();
    void openClIsNeverProbed();
    void headersOfRealFiles();
    void limitsAreConfigurable();
    void exifOrientationIsRecordedNotHashed();
    void reducedDecodeIsSmaller();
    void pdqMatchesReference_data();
    void pdqMatchesReference();
    void pdqHexRoundTrip();
    void nearDuplicateIndexIsExact();
    void blurredIsUnrecognisableButKeepsLayout();
    void facesStayBlurredUntilRevealed();
    void missingFaceModelIsAClearError();
    void renditionModes();
    void aFileSeenBeforeKeepsItsFacts();
    void facesAreFoundOncePerFile();
    void facesAreListedInOneOrder();
    void clustersGrowByNearestMember();
    void mirroredHashIsTheFlippedImagesHash();
    void aMirroredCopyJoinsItsCluster();

private:
    QTemporaryDir m_opencvTemp;
    long m_rssAtStart = 0;
};

void TstMedia::initTestCase()
{
    // Any temporary file an OpenCV decoder writes would land here (see noTemporaryFiles).
    QVERIFY(m_opencvTemp.isValid());
    qputenv("OPENCV_TEMP_PATH", m_opencvTemp.path().toLocal8Bit());
    qputenv("TMPDIR", m_opencvTemp.path().toLocal8Bit());
    m_rssAtStart = maxRssKb();
}

void TstMedia::hostileCorpusIsRejected_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("code");
    QFile csv(test::dataPath(QStringLiteral("hostile/expected.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    while (!csv.atEnd()) {
        const QStringList fields = QString::fromUtf8(csv.readLine()).trimmed().split(QLatin1Char(','));
        if (fields.size() == 2)
            QTest::newRow(qPrintable(fields[0])) << fields[0] << fields[1];
    }
}

void TstMedia::hostileCorpusIsRejected()
{
    QFETCH(QString, file);
    QFETCH(QString, code);
    const QByteArray bytes = readFile(test::dataPath(QStringLiteral("hostile/") + file));
    auto decoded = decodeImage(bytes);
    QVERIFY2(!decoded.ok(), "a hostile file decoded");
    QVERIFY2(decoded.error().code == code, qPrintable(decoded.error().toString()));
    QVERIFY(!decoded.error().message.isEmpty());
    // Every reduced decode and every rendition refuses it the same way.
    QVERIFY(!decodeImage(bytes, {}, 8).ok());
    QVERIFY(!renderRendition(bytes, {}, {}).ok());
#if !defined(__SANITIZE_ADDRESS__)
    // Bounded memory: nothing here may allocate anywhere near the bombs' declared sizes (40 GB for bomb.png).
    QVERIFY2(maxRssKb() - m_rssAtStart < 256 * 1024, "hostile input made the process grow by over 256 MB");
#endif
}

void TstMedia::noTemporaryFiles()
{
    for (const QString &name :
         {QStringLiteral("pdq/misc-images/modes/RGB.jpg"), QStringLiteral("pdq/misc-images/modes/P.png"),
          QStringLiteral("pdq/misc-images/modes/F.webp")}) {
        const QByteArray bytes = readFile(test::dataPath(name));
        QVERIFY(decodeImage(bytes).ok());
        QVERIFY(decodeImage(bytes, {}, 4).ok());
        QVERIFY(renderRendition(bytes, {}, {}).ok());
    }
    QCOMPARE(QDir(m_opencvTemp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList());
}

// OpenCV's OpenCL probe loaded GPU driver libraries into the process at the first face search, and broke
// LeakSanitizer's thread scan at exit (veil-cli sync died under ASan). Image work is CPU-only.
void TstMedia::openClIsNeverProbed()
{
    QCOMPARE(qgetenv("OPENCV_OPENCL_RUNTIME"), QByteArray("disabled"));
    auto faces = FaceDetector::load();
    QVERIFY(faces.ok());
    auto synthetic = drawSynthetic(7, 1, Variant::Original, 320, 240);
    QVERIFY(synthetic.ok());
    auto decoded = decodeImage(synthetic->bytes);
    QVERIFY(decoded.ok());
    QVERIFY(faces.value()->detect(decoded->pixels).ok());
    QVERIFY(!cv::ocl::useOpenCL());
}

void TstMedia::headersOfRealFiles()
{
    auto jpeg =
        readImageHeader(readFile(test::dataPath(QStringLiteral("pdq/bridge-mods/square-256x256.jpg"))));
    QVERIFY(jpeg.ok());
    QCOMPARE(jpeg->format, ImageFormat::Jpeg);
    QCOMPARE(jpeg->width, 256);
    QCOMPARE(jpeg->height, 256);
    QCOMPARE(jpeg->jpegScans, 1);
    QVERIFY(!jpeg->truncated);
    for (const QString &name :
         {QStringLiteral("pdq/misc-images/modes/P.png"), QStringLiteral("pdq/misc-images/modes/F.webp"),
          QStringLiteral("pdq/misc-images/modes/LAB.webp")}) {
        const QByteArray bytes = readFile(test::dataPath(name));
        auto header = readImageHeader(bytes);
        QVERIFY2(header.ok(), qPrintable(name));
        auto decoded = decodeImage(bytes);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->pixels.cols, header->width);
        QCOMPARE(decoded->pixels.rows, header->height);
    }
    // Greyscale files stay single-channel (PDQ hashes grey as is, like the reference).
    auto grey = decodeImage(readFile(test::dataPath(QStringLiteral("pdq/misc-images/modes/L.png"))));
    QVERIFY(grey.ok());
    QCOMPARE(grey->pixels.channels(), 1);
}

void TstMedia::limitsAreConfigurable()
{
    const QByteArray bytes = readFile(test::dataPath(QStringLiteral("pdq/bridge-mods/square-256x256.jpg")));
    DecodeLimits limits;
    limits.maxWidth = 255;
    QCOMPARE(decodeImage(bytes, limits).error().code, QStringLiteral("media_too_large"));
    limits = {};
    limits.maxPixels = 256 * 256 - 1;
    QCOMPARE(decodeImage(bytes, limits).error().code, QStringLiteral("media_too_large"));
    limits = {};
    limits.maxBytes = bytes.size() - 1;
    QCOMPARE(decodeImage(bytes, limits).error().code, QStringLiteral("media_too_large"));
    limits = {};
    limits.maxPixels = 256 * 256;
    QVERIFY(decodeImage(bytes, limits).ok());
    QCOMPARE(decodeImage(bytes, {}, 3).error().code, QStringLiteral("invalid_argument"));
}

void TstMedia::exifOrientationIsRecordedNotHashed()
{
    auto synthetic = drawSynthetic(7, 1, Variant::Reencoded, 320, 200);
    QVERIFY(synthetic.ok());
    PdqHasher hasher;
    auto plain = decodeImage(synthetic->bytes);
    QVERIFY(plain.ok());
    QCOMPARE(plain->header.orientation, 1);
    const PdqResult plainHash = hasher.hashImage(plain->pixels);
    for (int orientation : {3, 6, 8}) {
        auto rotated = decodeImage(withExifOrientation(synthetic->bytes, orientation));
        QVERIFY(rotated.ok());
        QCOMPARE(rotated->header.orientation, orientation);
        // Stored pixel order, as the reference hashes it.
        QCOMPARE(rotated->pixels.cols, 320);
        QCOMPARE(hasher.hashImage(rotated->pixels).hash, plainHash.hash);
        // The viewer shows it upright.
        const cv::Mat upright = applyOrientation(rotated->pixels, orientation);
        QCOMPARE(upright.cols, orientation == 3 ? 320 : 200);
        auto rendition = renderRendition(withExifOrientation(synthetic->bytes, orientation), {}, {});
        QVERIFY(rendition.ok());
        QCOMPARE(rendition->cols > rendition->rows, orientation == 3);
    }
    // Orientation 6 is a clockwise quarter turn: the stored top-left corner ends top-right.
    const cv::Mat stored = plain->pixels;
    const cv::Mat turned = applyOrientation(stored, 6);
    QCOMPARE(turned.at<cv::Vec3b>(0, turned.cols - 1), stored.at<cv::Vec3b>(0, 0));
    QCOMPARE(exifOrientation(QByteArrayView("garbage")), 1);
}

void TstMedia::reducedDecodeIsSmaller()
{
    const QByteArray bytes = readFile(test::dataPath(QStringLiteral("pdq/bridge-mods/aaa-orig.jpg")));
    auto full = decodeImage(bytes);
    auto reduced = decodeImage(bytes, {}, 4);
    QVERIFY(full.ok() && reduced.ok());
    QCOMPARE(reduced->reduction, 4);
    QCOMPARE(reduced->pixels.cols, (full->pixels.cols + 3) / 4);
    QCOMPARE(reductionFor(full->header, 384), full->header.width / 8 >= 384   ? 8
                                              : full->header.width / 4 >= 384 ? 4
                                                                              : 2);
}

void TstMedia::pdqMatchesReference_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("quality");
    QFile csv(test::dataPath(QStringLiteral("pdq/expected-pdq.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    while (!csv.atEnd()) {
        const QStringList fields = QString::fromUtf8(csv.readLine()).trimmed().split(QLatin1Char(','));
        if (fields.size() != 3)
            continue;
        QTest::newRow(qPrintable(fields[2])) << fields[2] << fields[0] << fields[1].toInt();
    }
}

void TstMedia::pdqMatchesReference()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QFETCH(int, quality);
    auto decoded = decodeImage(readFile(test::dataPath(QStringLiteral("pdq/") + path)));
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().toString()));
    PdqHasher hasher;
    const PdqResult result = hasher.hashImage(decoded->pixels);
    auto reference = PdqHash::fromHex(expected);
    QVERIFY(reference.ok());
    const int distance = result.hash.distance(reference.value());
    qInfo("%s %s q=%d d=%d", qPrintable(path), qPrintable(result.hash.toHex()), result.quality, distance);
    // The reference's own bar for hashes from files (decoders differ): within 10 bits at quality >= 80.
    if (quality >= 80)
        QVERIFY2(distance <= 10, qPrintable(QStringLiteral("distance %1").arg(distance)));
    // PNG decoding is exact, so the luma input is the reference's: the hash must be bit-exact.
    if (path.endsWith(QLatin1String(".png")))
        QCOMPARE(result.hash.toHex(), expected);
    QCOMPARE(result.quality >= 80, quality >= 80);
}

void TstMedia::pdqHexRoundTrip()
{
    const QString hex = QStringLiteral("d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22");
    auto hash = PdqHash::fromHex(hex);
    QVERIFY(hash.ok());
    QCOMPARE(hash->toHex(), hex);
    QCOMPARE(PdqHash::fromBytes(hash->toBytes()), hash.value());
    // Bit k is 2^k of the 256-bit number the hex spells: the lowest hex digit holds bits 0-3.
    QCOMPARE(hash->words[0] & 0xF, quint64(0x2));
    QCOMPARE(PdqHash::fromHex(QStringLiteral("xyz")).error().code, QStringLiteral("invalid_hash"));
    QCOMPARE(PdqHash::fromHex(QString(64, QLatin1Char('g'))).error().code, QStringLiteral("invalid_hash"));
}

void TstMedia::nearDuplicateIndexIsExact()
{
    QRandomGenerator rng(42);
    auto randomHash = [&] {
        PdqHash h;
        for (auto &w : h.words)
            w = rng.generate64();
        return h;
    };
    auto flipBits = [&](PdqHash h, int n) {
        QList<int> bits;
        while (bits.size() < n) {
            const int b = int(rng.bounded(256));
            if (!bits.contains(b))
                bits << b;
        }
        for (int b : bits)
            h.words[b / 64] ^= quint64(1) << (b % 64);
        return h;
    };
    std::vector<PdqHash> stored;
    NearDuplicateIndex index;
    for (int i = 0; i < 3000; ++i) {
        // Every third hash is a near copy of an earlier one at a distance of 0-40 bits.
        const PdqHash h =
            (i % 3 == 2) ? flipBits(stored[rng.bounded(i)], int(rng.bounded(41))) : randomHash();
        stored.push_back(h);
        index.insert(quint32(i), h);
    }
    QCOMPARE(index.size(), 3000);
    for (int q = 0; q < 300; ++q) {
        const PdqHash query = flipBits(stored[rng.bounded(3000)], int(rng.bounded(20)));
        for (int radius : {0, 10, 15, 16, 31}) {
            QList<quint32> expected;
            for (int i = 0; i < 3000; ++i)
                if (stored[i].distance(query) <= radius)
                    expected << quint32(i);
            QList<quint32> found;
            for (const auto &m : index.query(query, radius)) {
                QVERIFY(m.distance <= radius);
                QCOMPARE(m.distance, stored[m.id].distance(query));
                found << m.id;
            }
            std::sort(found.begin(), found.end());
            QCOMPARE(found, expected);
        }
    }
    // Radius is capped at what the pigeonhole argument guarantees.
    const PdqHash far = flipBits(stored[0], 32);
    for (const auto &m : index.query(far, 40))
        QVERIFY(m.distance <= NearDuplicateIndex::MaxRadius);
    QVERIFY(index.nearest(stored[5], 0).has_value());
    QCOMPARE(index.nearest(stored[5], 0)->id, quint32(5));
}

void TstMedia::blurredIsUnrecognisableButKeepsLayout()
{
    auto detector = FaceDetector::load();
    QVERIFY2(detector.ok(), qPrintable(detector.ok() ? QString() : detector.error().toString()));
    const QByteArray messi = readFile(test::dataPath(QStringLiteral("faces/messi5.jpg")));
    RenditionOptions clearOptions;
    clearOptions.mode = RenditionMode::Clear;
    clearOptions.revealFaces = true;
    auto clear = renderRendition(messi, clearOptions, {});
    auto blurred = renderRendition(messi, {}, {});
    QVERIFY(clear.ok() && blurred.ok());
    const cv::Mat clear256 = atWidth(clear.value(), 256);
    cv::Mat blurred256;
    cv::resize(blurred.value(), blurred256, clear256.size(), 0, 0, cv::INTER_AREA);
    QCOMPARE(blurred256.size(), clear256.size());
    // Detail gone: the Laplacian (edge) energy is under 5% of the clear image's.
    const double ratio = laplacianEnergy(blurred256) / laplacianEnergy(clear256);
    qInfo("laplacian energy ratio %.4f", ratio);
    QVERIFY(ratio < 0.05);
    // Layout kept: the 16x16 block averages stay close (mean difference under 12 of 255).
    cv::Mat clearBlocks, blurredBlocks, diff;
    cv::resize(clear256, clearBlocks, cv::Size(16, 16), 0, 0, cv::INTER_AREA);
    cv::resize(blurred256, blurredBlocks, cv::Size(16, 16), 0, 0, cv::INTER_AREA);
    cv::absdiff(clearBlocks, blurredBlocks, diff);
    const cv::Scalar meanDiff = cv::mean(diff);
    qInfo("16x16 mean difference %.2f %.2f %.2f", meanDiff[0], meanDiff[1], meanDiff[2]);
    QVERIFY(meanDiff[0] < 12 && meanDiff[1] < 12 && meanDiff[2] < 12);
    // The face detector finds the face in the clear image and nothing once blurred (or pixelated).
    QVERIFY(facesIn(*detector.value(), clear.value()) >= 1);
    QCOMPARE(facesIn(*detector.value(), blurred.value()), 0);
    QCOMPARE(facesIn(*detector.value(), atWidth(blurred.value(), clear->cols)), 0);
    RenditionOptions pixelated;
    pixelated.mode = RenditionMode::Pixelated;
    auto pix = renderRendition(messi, pixelated, {});
    QVERIFY(pix.ok());
    QCOMPARE(facesIn(*detector.value(), atWidth(pix.value(), clear->cols)), 0);
}

void TstMedia::facesStayBlurredUntilRevealed()
{
    auto detector = FaceDetector::load();
    QVERIFY(detector.ok());
    const QByteArray messi = readFile(test::dataPath(QStringLiteral("faces/messi5.jpg")));
    auto decoded = decodeImage(messi);
    QVERIFY(decoded.ok());
    auto found = detector.value()->detect(decoded->pixels);
    QVERIFY(found.ok());
    QVERIFY(!found->isEmpty());
    FaceRegions faces{true, found.value()};
    RenditionOptions clearOptions;
    clearOptions.mode = RenditionMode::Clear;
    auto guarded = renderRendition(messi, clearOptions, faces);
    clearOptions.revealFaces = true;
    auto revealed = renderRendition(messi, clearOptions, faces);
    QVERIFY(guarded.ok() && revealed.ok());
    QCOMPARE(facesIn(*detector.value(), revealed.value()), int(found->size()));
    QCOMPARE(facesIn(*detector.value(), guarded.value()), 0);
    // Outside the face boxes the clear rendition is untouched.
    const QRectF face = found->first();
    const int outsideY = std::min(guarded->rows - 1, int((face.bottom() + 0.05) * guarded->rows));
    QCOMPARE(guarded->at<cv::Vec3b>(outsideY, 2), revealed->at<cv::Vec3b>(outsideY, 2));
    // Faces unknown (no detector ran): the clear rendition is blurred whole until faces are revealed.
    clearOptions.revealFaces = false;
    auto unknown = renderRendition(messi, clearOptions, FaceRegions{});
    QVERIFY(unknown.ok());
    QVERIFY(laplacianEnergy(unknown.value()) < 0.05 * laplacianEnergy(revealed.value()));
}

void TstMedia::missingFaceModelIsAClearError()
{
    auto missing = FaceDetector::load(QStringLiteral("/nonexistent/cascade.xml"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, QStringLiteral("face_model_missing"));
    QVERIFY(missing.error().message.contains(QLatin1String("/nonexistent/cascade.xml")));
    QTemporaryDir dir;
    QFile bogus(dir.filePath(QStringLiteral("bogus.xml")));
    QVERIFY(bogus.open(QIODevice::WriteOnly));
    bogus.write("<?xml version=\"1.0\"?><opencv_storage></opencv_storage>");
    bogus.close();
    QCOMPARE(FaceDetector::load(bogus.fileName()).error().code, QStringLiteral("face_model_missing"));
}

void TstMedia::renditionModes()
{
    auto synthetic = drawSynthetic(3, 2, Variant::Original, 800, 600);
    QVERIFY(synthetic.ok());
    for (const QString &mode : {QStringLiteral("blurred"), QStringLiteral("pixelated"),
                                QStringLiteral("grayscale"), QStringLiteral("clear")}) {
        auto options = renditionOptionsFor(mode);
        QVERIFY(options.ok());
        options->revealFaces = true;
        auto image = renderRendition(synthetic->bytes, options.value(), {});
        QVERIFY(image.ok());
        QCOMPARE(image->type(), CV_8UC3);
        // Blurred and pixelated renditions are small; the clear one keeps its size here (under the cap).
        if (mode == QLatin1String("blurred") || mode == QLatin1String("pixelated"))
            QVERIFY(std::max(image->cols, image->rows) <= 400);
        else
            QCOMPARE(image->cols, 800);
        if (mode == QLatin1String("grayscale")) {
            std::vector<cv::Mat> channels;
            cv::split(image.value(), channels);
            QCOMPARE(cv::countNonZero(channels[0] != channels[2]), 0);
        }
        if (mode == QLatin1String("pixelated")) {
            // Flat blocks: neighbouring pixels inside a block are equal.
            QCOMPARE(image->at<cv::Vec3b>(1, 1), image->at<cv::Vec3b>(2, 2));
        }
    }
    QCOMPARE(renditionOptionsFor(QStringLiteral("sepia")).error().code, QStringLiteral("invalid_argument"));
}

QTEST_GUILESS_MAIN(TstMedia)
// The same file arriving with another item gets the facts stored for it (not decoded and analysed again):
// exactly the facts a fresh analysis gives; never for other bytes under that hash; never past limits made
// stricter since.
void TstMedia::aFileSeenBeforeKeepsItsFacts()
{
    QTemporaryDir dir;
    auto db = veil::store::Database::open(dir.filePath(QStringLiteral("ws.db")));
    QVERIFY(db.ok());
    QVERIFY(veil::store::migrate(*db.value(), veil::store::workstationMigrations()).ok());
    const QByteArray messi = readFile(test::dataPath(QStringLiteral("faces/messi5.jpg")));
    const QString sha = veil::crypto::sha256Hex(messi);
    MediaFacts first;
    {
        MediaCatalog catalog(*db.value());
        auto analysed = catalog.analyse(messi, sha);
        QVERIFY(analysed.ok());
        first = analysed.value();
        QVERIFY(!first.faces.known); // not looked for at ingest
        QVERIFY(catalog.record(QStringLiteral("item-a"), {first}).ok());
    }
    // Another run (nothing in memory): the stored facts, field for field.
    MediaCatalog again(*db.value());
    auto second = again.analyse(messi, sha);
    QVERIFY(second.ok());
    QCOMPARE(second->header.format, first.header.format);
    QCOMPARE(second->header.width, first.header.width);
    QCOMPARE(second->header.height, first.header.height);
    QCOMPARE(second->header.orientation, first.header.orientation);
    QCOMPARE(second->pdq.hash.toHex(), first.pdq.hash.toHex());
    QCOMPARE(second->pdq.quality, first.pdq.quality);
    QCOMPARE(second->faces.known, false);
    // Other bytes claiming that hash are analysed as what they are.
    const auto other = drawSynthetic(1, 2).value();
    auto impostor = again.analyse(other.bytes, sha);
    QVERIFY(impostor.ok());
    QCOMPARE(impostor->header.width, 640);
    QVERIFY(impostor->pdq.hash.toHex() != first.pdq.hash.toHex());
    // ... and leave nothing behind under it: the real file still gets its own facts.
    QCOMPARE(again.analyse(messi, sha)->pdq.hash.toHex(), first.pdq.hash.toHex());
    QCOMPARE(again.analyse(messi, sha)->header.width, first.header.width);
    // Limits made stricter since: the file is refused as a fresh decode would refuse it.
    MediaSettings strict;
    strict.limits.maxWidth = 100;
    MediaCatalog stricter(*db.value(), strict);
    QVERIFY(!stricter.analyse(messi, sha).ok());
}

// Faces are found once per file, where first needed: what findFaces sees in the file is kept for every
// item holding it (and one ingested later), and bytes that are not the file are refused.
void TstMedia::facesAreFoundOncePerFile()
{
    QTemporaryDir dir;
    auto db = veil::store::Database::open(dir.filePath(QStringLiteral("ws.db")));
    QVERIFY(db.ok());
    QVERIFY(veil::store::migrate(*db.value(), veil::store::workstationMigrations()).ok());
    auto detector = FaceDetector::load();
    QVERIFY(detector.ok());
    const QByteArray messi = readFile(test::dataPath(QStringLiteral("faces/messi5.jpg")));
    const QString sha = veil::crypto::sha256Hex(messi);
    MediaCatalog catalog(*db.value());
    const MediaFacts facts = catalog.analyse(messi, sha).value();
    QVERIFY(catalog.record(QStringLiteral("item-a"), {facts}).ok());
    QVERIFY(catalog.record(QStringLiteral("item-b"), {facts}).ok());
    QCOMPARE(catalog.faces(sha)->known, false);

    // The same regions the detector finds in the full decode (within a few pixels: reduced decode).
    auto found = MediaCatalog::findFaces(*detector.value(), messi, sha, {});
    QVERIFY2(found.ok(), qPrintable(found.ok() ? QString() : found.error().toString()));
    QVERIFY(found->known);
    auto direct = detector.value()->detect(decodeImage(messi)->pixels);
    QCOMPARE(found->faces.size(), direct->size());
    QVERIFY(!found->faces.isEmpty());
    QVERIFY(std::abs(found->faces.first().center().x() - direct->first().center().x()) < 0.02);
    QVERIFY(catalog.recordFaces(sha, found.value()).ok());
    QCOMPARE(catalog.faces(sha)->faces, found->faces);
    for (const char *item : {"item-a", "item-b"}) {
        auto stmt = db.value()->prepare("SELECT faces IS NOT NULL FROM media_facts WHERE item_id = ?");
        stmt->bind(1, QString::fromLatin1(item));
        QVERIFY(stmt->step().value());
        QCOMPARE(stmt->int64(0), 1);
    }
    // An item ingested later, by another run, gets them with the rest of the facts.
    MediaCatalog later(*db.value());
    auto again = later.analyse(messi, sha);
    QVERIFY(again->faces.known);
    QCOMPARE(again->faces.faces, found->faces);

    // Bytes that are not the file: refused, nothing kept under its hash.
    const auto other = drawSynthetic(1, 2).value();
    auto wrong = MediaCatalog::findFaces(*detector.value(), other.bytes, sha, {});
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code, QStringLiteral("media_hash_mismatch"));
    // Bytes the decoder refuses: its error.
    const QByteArray cut = messi.left(200);
    QVERIFY(!MediaCatalog::findFaces(*detector.value(), cut, veil::crypto::sha256Hex(cut), {}).ok());
}

// The cascade's threads finish in any order; the faces of one image are listed the same way every time
// (found once, compared and stored by value: a different order read as different faces).
void TstMedia::facesAreListedInOneOrder()
{
    auto detector = FaceDetector::load();
    QVERIFY(detector.ok());
    const cv::Mat pixels = decodeImage(readFile(test::dataPath(QStringLiteral("faces/messi5.jpg"))))->pixels;
    const QList<QRectF> first = detector.value()->detect(pixels).value();
    QVERIFY(!first.isEmpty());
    for (int run = 0; run < 12; ++run)
        QCOMPARE(detector.value()->detect(pixels).value(), first);
}

// A flood's variants are closer to their source than to each other: an item joins the cluster of its nearest
// member, not only of the leader (so a family is not split), but never one whose leader is over twice the
// radius away (so a cluster decision never reaches far from the item shown for it), across runs too.
void TstMedia::clustersGrowByNearestMember()
{
    QTemporaryDir dir;
    auto db = veil::store::Database::open(dir.filePath(QStringLiteral("ws.db")));
    QVERIFY(db.ok());
    QVERIFY(veil::store::migrate(*db.value(), veil::store::workstationMigrations()).ok());
    PdqHash base;
    base.words = {0x0123456789abcdefULL, 0xfedcba9876543210ULL, 0x0f0f0f0f0f0f0f0fULL, 0x5555aaaa5555aaaaULL};
    // Each step flips 25 bits the earlier ones left alone: a chain 25 bits a link, 50 and 75 from its start.
    const auto flipped = [&](int from, int count) {
        PdqHash h = base;
        for (int bit = 0; bit < from + count; ++bit)
            h.words[bit / 64] ^= 1ULL << (bit % 64);
        return h;
    };
    const auto facts = [](const PdqHash &hash, int n) {
        MediaFacts f;
        f.sha256 = QString(64, QLatin1Char('a' + n));
        f.header.width = f.header.height = 64;
        f.pdq = {hash, 100};
        return f;
    };
    const PdqHash a = base, b = flipped(0, 25), c = flipped(0, 50), d = flipped(0, 75);
    QCOMPARE(a.distance(c), 50);
    QCOMPARE(b.distance(c), 25);
    {
        MediaCatalog catalog(*db.value());
        QVERIFY(catalog.record(QStringLiteral("a"), {facts(a, 0)}).ok());
        QVERIFY(catalog.record(QStringLiteral("b"), {facts(b, 1)}).ok());
        QVERIFY(catalog.record(QStringLiteral("c"), {facts(c, 2)}).ok());
        QCOMPARE(catalog.cluster(QStringLiteral("b"))->value().clusterId, QStringLiteral("a"));
        // 50 from the leader, 25 from b: joins by b (leader-only clusters made it a cluster of its own).
        QCOMPARE(catalog.cluster(QStringLiteral("c"))->value().clusterId, QStringLiteral("a"));
        QCOMPARE(catalog.cluster(QStringLiteral("c"))->value().distance, 50);
    }
    // Another run, from what is stored: d is 25 from c but 75 from the leader, too far: a cluster of its own.
    MediaCatalog again(*db.value());
    QVERIFY(again.record(QStringLiteral("d"), {facts(d, 3)}).ok());
    QCOMPARE(again.cluster(QStringLiteral("d"))->value().clusterId, QStringLiteral("d"));
    QCOMPARE(again.cluster(QStringLiteral("d"))->value().distance, 0);
    QVERIFY(again.record(QStringLiteral("e"), {facts(flipped(0, 26), 4)}).ok());
    QCOMPARE(again.cluster(QStringLiteral("e"))->value().clusterId, QStringLiteral("a"));
}

// The mirrored hash samples the original's columns right to left: the same pixels, so the same hash bit for
// bit as hashing a flipped copy, for images sampled down (over 512 px), hashed as they are, and greyscale.
void TstMedia::mirroredHashIsTheFlippedImagesHash()
{
    PdqHasher hasher;
    for (const QString &name :
         {QStringLiteral("pdq/bridge-mods/aaa-orig.jpg"),
          QStringLiteral("pdq/bridge-mods/square-256x256.jpg"), QStringLiteral("pdq/misc-images/modes/L.png"),
          QStringLiteral("faces/messi5.jpg")}) {
        auto decoded = decodeImage(readFile(test::dataPath(name)));
        QVERIFY2(decoded.ok(), qPrintable(name));
        const PdqHash before = hasher.hashImage(decoded->pixels).hash;
        cv::Mat flipped;
        cv::flip(decoded->pixels, flipped, 1);
        const PdqHash mirrored = hasher.hashMirrored(decoded->pixels);
        QCOMPARE(mirrored.toHex(), PdqHasher().hashImage(flipped).hash.toHex());
        QVERIFY2(mirrored.distance(before) > 64, qPrintable(name)); // a mirror is far: why it is tried at all
        QCOMPARE(hasher.hashImage(decoded->pixels).hash.toHex(), before.toHex()); // no state left behind
    }
}

// A mirrored re-post of a clustered image joins its cluster at the workstation (tried only where the image as
// it is finds none), is kept in the orientation it joined by, and an unrelated image still stands alone;
// across runs too.
void TstMedia::aMirroredCopyJoinsItsCluster()
{
    QTemporaryDir dir;
    auto db = veil::store::Database::open(dir.filePath(QStringLiteral("ws.db")));
    QVERIFY(db.ok());
    QVERIFY(veil::store::migrate(*db.value(), veil::store::workstationMigrations()).ok());
    const QByteArray original = readFile(test::dataPath(QStringLiteral("pdq/bridge-mods/aaa-orig.jpg")));
    const auto mirroredJpeg = [&](int quality) {
        cv::Mat flipped;
        cv::flip(decodeImage(original)->pixels, flipped, 1);
        std::vector<uchar> out;
        cv::imencode(".jpg", flipped, out, {cv::IMWRITE_JPEG_QUALITY, quality});
        return QByteArray(reinterpret_cast<const char *>(out.data()), qsizetype(out.size()));
    };
    const QByteArray unrelated = readFile(test::dataPath(QStringLiteral("faces/messi5.jpg")));
    const auto record = [](MediaCatalog &catalog, const QString &item, const QByteArray &bytes) {
        auto facts = catalog.analyse(bytes, veil::crypto::sha256Hex(bytes));
        return facts.ok() && catalog.record(item, {facts.value()}).ok();
    };
    {
        MediaCatalog catalog(*db.value());
        QVERIFY(record(catalog, QStringLiteral("a"), original));
        QVERIFY(record(catalog, QStringLiteral("b"), mirroredJpeg(90)));
        QVERIFY(record(catalog, QStringLiteral("c"), unrelated));
        QCOMPARE(catalog.cluster(QStringLiteral("b"))->value().clusterId, QStringLiteral("a"));
        QVERIFY(catalog.cluster(QStringLiteral("b"))->value().distance <= 31);
        QCOMPARE(catalog.cluster(QStringLiteral("c"))->value().clusterId, QStringLiteral("c"));
    }
    // Another run, from what is stored: another mirrored re-encode joins too, and so does the very file b
    // re-posted (its facts read back, mirror included: b is indexed by its mirror, not its own hash).
    MediaCatalog again(*db.value());
    QVERIFY(record(again, QStringLiteral("d"), mirroredJpeg(60)));
    QCOMPARE(again.cluster(QStringLiteral("d"))->value().clusterId, QStringLiteral("a"));
    QVERIFY(record(again, QStringLiteral("e"), mirroredJpeg(90)));
    QCOMPARE(again.cluster(QStringLiteral("e"))->value().clusterId, QStringLiteral("a"));
    // A hash list naming b's own hash, imported later, flags b (its cluster row holds its mirror), and the
    // unrelated image stays unflagged.
    const QByteArray b = mirroredJpeg(90);
    PdqHasher hasher;
    const QString listed = hasher.hashImage(decodeImage(b)->pixels).hash.toHex();
    auto imported =
        again.importHashList(listed.toLatin1() + "\n", QStringLiteral("known"), QStringLiteral("test"));
    QVERIFY(imported.ok());
    QCOMPARE(again.hashListMatches(QStringLiteral("b"))->size(), 1);
    QCOMPARE(again.hashListMatches(QStringLiteral("b"))->first().distance, 0);
    QVERIFY(again.hashListMatches(QStringLiteral("c"))->isEmpty());

    // A file stored before mirrors were kept (schema 22) is analysed again once, and every row of it gets
    // its mirror.
    QVERIFY(db.value()->exec("UPDATE media_facts SET pdq_mirrored = NULL WHERE item_id = 'c'").ok());
    MediaCatalog third(*db.value());
    auto reposted = third.analyse(unrelated, veil::crypto::sha256Hex(unrelated));
    QVERIFY(reposted.ok());
    QVERIFY(reposted->pdq.mirrored.has_value());
    QVERIFY(third.record(QStringLiteral("f"), {reposted.value()}).ok());
    auto missing = db.value()->queryRow("SELECT COUNT(*) FROM media_facts WHERE pdq_mirrored IS NULL");
    QVERIFY(missing.ok() && missing.value());
    QCOMPARE(missing.value()->int64(0), 0);
}

#include "tst_media.moc"
