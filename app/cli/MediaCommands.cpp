#include "MediaCommands.h"

#include "CliCommands.h"
#include "common/TerminalText.h"
#include "media/FaceDetector.h"
#include "media/PdqHasher.h"
#include "media/Renditions.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <opencv2/imgcodecs.hpp>

namespace veil::cli {

namespace {

Result<QByteArray> readBounded(const QString &path, const media::DecodeLimits &limits)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("io_error"), QStringLiteral("cannot read %1").arg(path));
    if (file.size() > limits.maxBytes)
        return makeError(QStringLiteral("media_too_large"),
                         QStringLiteral("%1 is over the %2-byte limit").arg(path).arg(limits.maxBytes));
    return file.readAll();
}

} // namespace

int printPdq(const QStringList &files, QTextStream &out, QTextStream &err)
{
    const media::DecodeLimits limits;
    media::PdqHasher hasher;
    int failures = 0;
    for (const QString &path : files) {
        auto bytes = readBounded(path, limits);
        auto decoded = bytes.ok() ? media::decodeImage(bytes.value(), limits)
                                  : Result<media::DecodedImage>(bytes.error());
        if (!decoded.ok()) {
            err << "veil-cli: " << terminalSafe(path) << ": " << terminalSafe(decoded.error().toString())
                << '\n';
            ++failures;
            continue;
        }
        const media::PdqResult result = hasher.hashImage(decoded->pixels);
        out << result.hash.toHex() << ',' << result.quality << ',' << terminalSafe(path) << '\n';
    }
    return failures == 0 ? ExitOk : ExitFailed;
}

int renderFile(const QString &file, const QString &mode, const QString &outFile, bool revealFaces,
               QTextStream &err)
{
    auto fail = [&](const Error &e) {
        err << "veil-cli: " << terminalSafe(e.toString()) << '\n';
        return ExitFailed;
    };
    auto options = media::renditionOptionsFor(mode);
    if (!options.ok())
        return fail(options.error());
    options->revealFaces = revealFaces;
    const media::DecodeLimits limits;
    auto bytes = readBounded(file, limits);
    if (!bytes.ok())
        return fail(bytes.error());
    media::FaceRegions faces;
    if (options->mode == media::RenditionMode::Clear && !revealFaces) {
        auto detector = media::FaceDetector::load();
        auto decoded = media::decodeImage(bytes.value(), limits);
        if (!decoded.ok())
            return fail(decoded.error());
        if (!detector.ok()) {
            err << "veil-cli: " << terminalSafe(detector.error().message)
                << "; the whole image stays blurred\n";
        } else if (auto found = detector.value()->detect(
                       media::applyOrientation(decoded->pixels, decoded->header.orientation));
                   found.ok()) {
            faces = media::FaceRegions{true, found.value()};
        }
    }
    auto image = media::renderRendition(bytes.value(), options.value(), faces, limits);
    if (!image.ok())
        return fail(image.error());
    std::vector<uchar> png;
    if (!cv::imencode(".png", image.value(), png))
        return fail(makeError(QStringLiteral("encode_failed"), QStringLiteral("could not encode the PNG")));
    QSaveFile out(outFile);
    if (!out.open(QIODevice::WriteOnly) ||
        out.write(reinterpret_cast<const char *>(png.data()), qint64(png.size())) != qint64(png.size()) ||
        !out.commit())
        return fail(makeError(QStringLiteral("io_error"), QStringLiteral("cannot write %1").arg(outFile)));
    return ExitOk;
}

} // namespace veil::cli
