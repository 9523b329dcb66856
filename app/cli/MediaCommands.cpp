#include "MediaCommands.h"

#include "CliCommands.h"
#include "common/TerminalText.h"
#include "media/FaceDetector.h"
#include "media/ImageCodecs.h"
#include "media/PdqHasher.h"
#include "media/Renditions.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>
#include <vector>

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
    // Every core: each worker decodes and hashes whole files (its own hasher and buffers); the lines are
    // printed in the order the files were given, as the reference tool prints them.
    const media::DecodeLimits limits;
    std::vector<Result<media::PdqResult>> results(size_t(files.size()), Error{});
    std::atomic<qsizetype> next{0};
    auto work = [&] {
        media::PdqHasher hasher;
        for (qsizetype i = next++; i < files.size(); i = next++) {
            auto bytes = readBounded(files[i], limits);
            auto decoded = bytes.ok() ? media::decodeImage(bytes.value(), limits)
                                      : Result<media::DecodedImage>(bytes.error());
            results[size_t(i)] = decoded.ok() ? Result<media::PdqResult>(hasher.hashImage(decoded->pixels))
                                              : Result<media::PdqResult>(decoded.error());
        }
    };
    // At most four at once: each may hold a 50 MB file and its decoded pixels.
    const qsizetype threads =
        std::clamp<qsizetype>(QThread::idealThreadCount(), 1, std::min<qsizetype>(4, qMax(1, files.size())));
    std::vector<std::thread> workers;
    for (qsizetype t = 1; t < threads; ++t) {
        try {
            workers.emplace_back(work);
        } catch (const std::system_error &) {
            break; // the files left are hashed by the threads there are
        }
    }
    work();
    for (std::thread &worker : workers)
        worker.join();
    int failures = 0;
    for (qsizetype i = 0; i < files.size(); ++i) {
        const auto &result = results[size_t(i)];
        if (!result.ok()) {
            err << "veil-cli: " << terminalSafe(files[i]) << ": " << terminalSafe(result.error().toString())
                << '\n';
            ++failures;
            continue;
        }
        out << result->hash.toHex() << ',' << result->quality << ',' << terminalSafe(files[i]) << '\n';
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
    auto png = media::codec::encodePng(image.value());
    if (!png.ok())
        return fail(png.error());
    QSaveFile out(outFile);
    if (!out.open(QIODevice::WriteOnly) || out.write(png.value()) != png->size() || !out.commit())
        return fail(makeError(QStringLiteral("io_error"), QStringLiteral("cannot write %1").arg(outFile)));
    return ExitOk;
}

} // namespace veil::cli
