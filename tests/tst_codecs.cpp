// The image codecs under SafeDecoder (libjpeg-turbo, libpng, libwebp straight, issue 19 P1) against
// OpenCV's imgcodecs, which they replace: the same pixels for every file the workstation accepts, at every
// reduction, so PDQ hashes and renditions are unchanged; the same bytes when writing; clear errors for
// broken files; and nothing a file says printed on the terminal.
#include "TestSupport.h"

#include "media/ImageCodecs.h"
#include "media/SafeDecoder.h"
#include "media/SyntheticImage.h"

#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

using namespace veil;
using namespace veil::media;
using veil::test::maxRssKb;
using veil::test::readFile;

namespace {

QByteArray imencode(const char *ext, const cv::Mat &image, const std::vector<int> &params = {})
{
    std::vector<uchar> out;
    if (!cv::imencode(ext, image, out, params))
        qFatal("OpenCV could not encode a test image");
    return QByteArray(reinterpret_cast<const char *>(out.data()), qsizetype(out.size()));
}

cv::Mat drawing(int width = 640, int height = 480)
{
    auto png = drawSynthetic(7, 3, Variant::Original, width, height);
    if (!png.ok())
        qFatal("no synthetic drawing");
    const cv::Mat raw(1, int(png->bytes.size()), CV_8UC1, png->bytes.data());
    return cv::imdecode(raw, cv::IMREAD_COLOR);
}

// What SafeDecoder asked imdecode for before: any colour (grey stays grey), orientation ours, reduced.
cv::Mat openCvDecode(const QByteArray &bytes, int reduction)
{
    int flags = cv::IMREAD_ANYCOLOR | cv::IMREAD_IGNORE_ORIENTATION;
    if (reduction == 2)
        flags |= cv::IMREAD_REDUCED_GRAYSCALE_2;
    else if (reduction == 4)
        flags |= cv::IMREAD_REDUCED_GRAYSCALE_4;
    else if (reduction == 8)
        flags |= cv::IMREAD_REDUCED_GRAYSCALE_8;
    const cv::Mat raw(1, int(bytes.size()), CV_8UC1, const_cast<char *>(bytes.data()));
    try {
        return cv::imdecode(raw, flags);
    } catch (const cv::Exception &) {
        return {};
    }
}

Result<cv::Mat> decodeAs(const QByteArray &bytes, const ImageHeader &header, int reduction)
{
    return header.format == ImageFormat::Jpeg  ? codec::decodeJpeg(bytes, header, reduction)
           : header.format == ImageFormat::Png ? codec::decodePng(bytes, header, reduction)
                                               : codec::decodeWebP(bytes, header, reduction);
}

// Runs work with stderr redirected to a file and returns what was written there.
template <typename Work> QByteArray stderrOf(Work work)
{
    std::fflush(stderr);
    FILE *capture = std::tmpfile();
    const int saved = dup(fileno(stderr));
    dup2(fileno(capture), fileno(stderr));
    work();
    std::fflush(stderr);
    dup2(saved, fileno(stderr));
    close(saved);
    std::rewind(capture);
    QByteArray written;
    char buffer[512];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, capture)) > 0;)
        written.append(buffer, qsizetype(n));
    std::fclose(capture);
    return written;
}

} // namespace

class TstCodecs : public QObject
{
    Q_OBJECT

private slots:
    void samePixelsAsOpenCv_data();
    void samePixelsAsOpenCv();
    void sameBytesAsOpenCv();
    void brokenFilesAreClearErrors_data();
    void brokenFilesAreClearErrors();
    void theDecoderSeesWhatWasInspected();
    void parserAndLibraryReadOneImage();
    void compressedTextIsNotInflated();
    void nothingIsPrinted();
};

void TstCodecs::samePixelsAsOpenCv_data()
{
    QTest::addColumn<QByteArray>("bytes");
    // Every image in the test data the workstation accepts: PDQ's reference set (its modes directory has
    // CMYK, 1-bit, grey+alpha, palette, RGBA and several WebP kinds), faces, the fuzz seeds.
    QDirIterator it(QStringLiteral(VEIL_TEST_DATA),
                    {QStringLiteral("*.jpg"), QStringLiteral("*.png"), QStringLiteral("*.webp")}, QDir::Files,
                    QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        const QString path = it.next();
        const QByteArray bytes = readFile(path);
        if (!inspectImage(bytes).ok() || path.contains(QLatin1String("/hostile/")))
            continue;
        QTest::newRow(qPrintable(path.mid(path.indexOf(QLatin1String("data/")) + 5))) << bytes;
        ++files;
    }
    QVERIFY2(files >= 20, "the test data's images are missing");
    // Kinds the files above lack, written by OpenCV.
    const cv::Mat bgr = drawing();
    cv::Mat grey;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    cv::Mat bgra;
    cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);
    bgra.col(5).setTo(cv::Scalar(10, 20, 30, 0)); // a transparent column: dropped, not composited
    cv::Mat deep;
    bgr.convertTo(deep, CV_16UC3, 257.0);
    QTest::newRow("progressive JPEG") << imencode(".jpg", bgr, {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
    QTest::newRow("grey JPEG") << imencode(".jpg", grey);
    QTest::newRow("odd-sized JPEG") << imencode(".jpg", drawing(333, 217));
    QTest::newRow("16-bit PNG") << imencode(".png", deep);
    QTest::newRow("grey PNG") << imencode(".png", grey);
    QTest::newRow("BGRA PNG") << imencode(".png", bgra);
    QTest::newRow("lossy WebP") << imencode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 80});
    QTest::newRow("lossless WebP") << imencode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 101});
    QTest::newRow("WebP with alpha") << imencode(".webp", bgra, {cv::IMWRITE_WEBP_QUALITY, 101});
}

void TstCodecs::samePixelsAsOpenCv()
{
    QFETCH(QByteArray, bytes);
    auto header = inspectImage(bytes);
    QVERIFY2(header.ok(), header.ok() ? "" : qPrintable(header.error().toString()));
    for (int reduction : {1, 2, 4, 8}) {
        const cv::Mat expected = openCvDecode(bytes, reduction);
        auto ours = decodeAs(bytes, *header, reduction);
        if (expected.empty()) { // a fuzz seed OpenCV refused (a wrong CRC, a broken frame): so do we
            QVERIFY(!ours.ok());
            QCOMPARE(ours.error().code, QStringLiteral("media_decode_failed"));
            QVERIFY(!decodeImage(bytes, {}, reduction).ok());
            continue;
        }
        QVERIFY2(ours.ok(), ours.ok() ? "" : qPrintable(ours.error().toString()));
        QCOMPARE(ours->type(), expected.type());
        QCOMPARE(ours->cols, expected.cols);
        QCOMPARE(ours->rows, expected.rows);
        QCOMPARE(cv::norm(ours.value(), expected, cv::NORM_INF), 0.0);
        // And through SafeDecoder, what the rest of the workstation calls.
        auto decoded = decodeImage(bytes, {}, reduction);
        QVERIFY(decoded.ok());
        QCOMPARE(cv::norm(decoded->pixels, expected, cv::NORM_INF), 0.0);
    }
}

void TstCodecs::sameBytesAsOpenCv()
{
    // The synthetic demo images and veil-cli's renditions keep their bytes: the demo's pinned hashes, the
    // flood families' near-duplicate distances, the files people already have.
    const cv::Mat bgr = drawing();
    cv::Mat grey;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    cv::Mat bgra;
    cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);
    for (const cv::Mat &image : {bgr, grey}) {
        for (int quality : {35, 90}) {
            auto ours = codec::encodeJpeg(image, quality);
            QVERIFY(ours.ok());
            QCOMPARE(ours.value(), imencode(".jpg", image,
                                            {cv::IMWRITE_JPEG_QUALITY, quality, cv::IMWRITE_JPEG_OPTIMIZE, 0,
                                             cv::IMWRITE_JPEG_PROGRESSIVE, 0}));
        }
    }
    for (const cv::Mat &image : {bgr, grey, bgra}) {
        auto level6 = codec::encodePng(image, 6);
        QVERIFY(level6.ok());
        QCOMPARE(level6.value(), imencode(".png", image, {cv::IMWRITE_PNG_COMPRESSION, 6}));
        auto fast = codec::encodePng(image);
        QVERIFY(fast.ok());
        QCOMPARE(fast.value(), imencode(".png", image));
    }
    // What cannot be written is an error, not a crash.
    QCOMPARE(codec::encodeJpeg(bgra, 90).error().code, QStringLiteral("encode_failed"));
    QCOMPARE(codec::encodeJpeg(bgr, 0).error().code, QStringLiteral("encode_failed"));
    QCOMPARE(codec::encodePng(cv::Mat()).error().code, QStringLiteral("encode_failed"));
    cv::Mat deep;
    bgr.convertTo(deep, CV_16UC3);
    QCOMPARE(codec::encodePng(deep).error().code, QStringLiteral("encode_failed"));
}

void TstCodecs::brokenFilesAreClearErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("format"); // ImageFormat
    const cv::Mat bgr = drawing();
    const QByteArray jpeg = imencode(".jpg", bgr);
    const QByteArray png = imencode(".png", bgr);
    const QByteArray webp = imencode(".webp", bgr);
    QTest::newRow("empty JPEG") << QByteArray() << int(ImageFormat::Jpeg);
    QTest::newRow("JPEG header only") << jpeg.left(600) << int(ImageFormat::Jpeg);
    QTest::newRow("JPEG without a frame") << QByteArray::fromHex("ffd8ffd9") << int(ImageFormat::Jpeg);
    QByteArray noComponents = jpeg;
    noComponents[noComponents.indexOf(QByteArray::fromHex("ffc0")) + 9] = 0; // the frame's component count
    QTest::newRow("JPEG frame without components") << noComponents << int(ImageFormat::Jpeg);
    QTest::newRow("PNG cut in its data") << png.left(png.size() / 2) << int(ImageFormat::Png);
    QTest::newRow("PNG without its end") << png.left(png.size() - 12) << int(ImageFormat::Png);
    QByteArray badCrc = png;
    badCrc[29] = char(badCrc[29] ^ 0x01); // IHDR's CRC
    QTest::newRow("PNG header CRC wrong") << badCrc << int(ImageFormat::Png);
    QTest::newRow("WebP cut") << webp.left(webp.size() / 2) << int(ImageFormat::WebP);
    QTest::newRow("random bytes as WebP") << QByteArray(4096, 'x') << int(ImageFormat::WebP);
}

void TstCodecs::brokenFilesAreClearErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, format);
    ImageHeader header; // what the parser read of the intact file
    header.format = ImageFormat(format);
    header.width = 640;
    header.height = 480;
    header.jpegScans = 1;
    for (int reduction : {1, 8}) {
        auto result = decodeAs(bytes, header, reduction);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, QStringLiteral("media_decode_failed"));
        QVERIFY(result.error().message.contains(QLatin1String("corrupt or truncated")));
    }
    QCOMPARE(decodeAs(bytes, header, 3).error().code, QStringLiteral("invalid_argument"));
}

void TstCodecs::theDecoderSeesWhatWasInspected()
{
    // The limits are checked on our parser's reading; a library that reads another size (or more JPEG
    // scans) is stopped before it allocates or decodes anything.
    const cv::Mat bgr = drawing();
    for (const char *ext : {".jpg", ".png", ".webp"}) {
        const QByteArray bytes = imencode(ext, bgr);
        auto header = inspectImage(bytes);
        QVERIFY(header.ok());
        QVERIFY(decodeAs(bytes, *header, 1).ok());
        ImageHeader smaller = *header;
        smaller.width = 8; // what a crafted file could show the parser while the library sees 640 x 480
        smaller.height = 8;
        auto refused = decodeAs(bytes, smaller, 1);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("media_decode_failed"));
        QVERIFY2(refused.error().message.contains(QLatin1String("another image")),
                 qPrintable(refused.error().message));
    }
    const QByteArray progressive = imencode(".jpg", bgr, {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
    auto header = inspectImage(progressive);
    QVERIFY(header.ok());
    QVERIFY(header->jpegScans > 2);
    QVERIFY(decodeAs(progressive, *header, 1).ok());
    ImageHeader fewer = *header;
    fewer.jpegScans = header->jpegScans - 1;
    QVERIFY(!decodeAs(progressive, fewer, 1).ok());
    QVERIFY(!decodeAs(progressive, fewer, 8).ok());
}

void TstCodecs::parserAndLibraryReadOneImage()
{
    // FF 00 is no JPEG marker: libjpeg skips it and reads on, and the parser once took the two bytes after
    // it for a segment length and skipped what the decoder would read (a second frame, extra scans).
    const cv::Mat bgr = drawing(64, 48);
    QByteArray jpeg = imencode(".jpg", bgr);
    jpeg.insert(2, QByteArray::fromHex("ff000004abcd"));
    auto stray = inspectImage(jpeg);
    QVERIFY(!stray.ok());
    QCOMPARE(stray.error().code, QStringLiteral("media_bad_header"));
    // libwebp decodes a file's first frame; the parser read its last. A second frame is refused.
    QByteArray webp = imencode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 101});
    webp += webp.mid(12); // the VP8L chunk again
    auto twice = inspectImage(webp);
    QVERIFY(!twice.ok());
    QCOMPARE(twice.error().code, QStringLiteral("media_bad_header"));
}

void TstCodecs::compressedTextIsNotInflated()
{
    // A PNG of 40 zTXt chunks, each 4 MB of one letter compressed to 4 KB: libpng inflates and keeps every
    // one unless told to skip them (160 MB from a 160 KB file; a thousand 8 MB chunks fit in 8 MB).
    const QByteArray png = imencode(".png", drawing(64, 48));
    QByteArray text("bomb", 5);               // keyword and its terminating zero
    text += char(0);                          // compression method
    std::vector<Bytef> letters(4 << 20, 'a'); // text: stored up to its first zero byte
    uLongf packedSize = compressBound(uLong(letters.size()));
    std::vector<Bytef> packed(packedSize);
    QCOMPARE(compress2(packed.data(), &packedSize, letters.data(), uLong(letters.size()), 9), Z_OK);
    text.append(reinterpret_cast<const char *>(packed.data()), qsizetype(packedSize));
    QByteArray chunk;
    const quint32 length = quint32(text.size());
    for (int shift : {24, 16, 8, 0})
        chunk += char((length >> shift) & 0xFF);
    const QByteArray body = QByteArray("zTXt") + text;
    const quint32 crc = quint32(crc32(0, reinterpret_cast<const Bytef *>(body.data()), uInt(body.size())));
    chunk += body;
    for (int shift : {24, 16, 8, 0})
        chunk += char((crc >> shift) & 0xFF);
    QByteArray bomb = png.left(33); // signature and IHDR
    for (int i = 0; i < 40; ++i)
        bomb += chunk;
    bomb += png.mid(33);
    auto header = inspectImage(bomb);
    QVERIFY(header.ok());
    const long before = maxRssKb();
    auto decoded = codec::decodePng(bomb, *header);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->cols, 64);
#if !defined(__SANITIZE_ADDRESS__)
    QVERIFY2(maxRssKb() - before < 64 * 1024, "compressed text was inflated");
#endif
}

void TstCodecs::nothingIsPrinted()
{
    // libjpeg and libpng print their warnings on stderr unless told not to; OpenCV let them ("Corrupt JPEG
    // data: premature end of data segment" for every damaged upload). A file's words stay out of logs.
    QByteArray jpeg = imencode(".jpg", drawing());
    jpeg = jpeg.left(jpeg.size() / 2) + QByteArray::fromHex("ffd9"); // data cut, end marker kept
    QByteArray png = imencode(".png", drawing());
    png.insert(33, QByteArray::fromHex("0000000474455874") + QByteArray("Ab\0c", 4) +
                       QByteArray::fromHex("00000000")); // a tEXt chunk with a wrong CRC: a warning
    auto jpegHeader = inspectImage(jpeg);
    auto pngHeader = inspectImage(png);
    QVERIFY(jpegHeader.ok() && pngHeader.ok());
    const QByteArray printed = stderrOf([&] {
        QVERIFY(codec::decodeJpeg(jpeg, *jpegHeader).ok()); // recovered: the missing rows grey, as before
        QVERIFY(codec::decodePng(png, *pngHeader).ok());
        QVERIFY(!codec::decodeJpeg(QByteArray::fromHex("ffd8ffd9"), *jpegHeader).ok());
    });
    QCOMPARE(printed, QByteArray());
    // OpenCV's decode of the same JPEG did print: this is what the test guards against.
    const QByteArray openCvPrinted = stderrOf([&] { (void)openCvDecode(jpeg, 1); });
    QVERIFY(!openCvPrinted.isEmpty());
}

QTEST_GUILESS_MAIN(TstCodecs)
#include "tst_codecs.moc"
