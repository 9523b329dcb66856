// A whole veil-cli process against djpeg (libjpeg-turbo's own command-line decoder) on the same 4 MP JPEG:
// what a person or a script waits for when it renders one file, start-up (loading shared libraries)
// included. And in the same run, in-process: the blurred rendition (a reduced decode, blurred) against one
// full decode of the file, the anchor that says the rendition does not cost a decode's worth.
// Usage: veil-bench-startup [RUNS [VEIL_CLI]]   (default 30 runs, the veil-cli built with this bench;
// pass an older binary to measure before/after)
#include "media/ImageCodecs.h"
#include "media/Renditions.h"
#include "media/SafeDecoder.h"
#include "media/SyntheticImage.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace veil;

namespace {

double median(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    return ms.empty() ? 0 : ms[ms.size() / 2];
}

double msOf(const std::function<bool()> &work)
{
    QElapsedTimer timer;
    timer.start();
    if (!work()) {
        std::fprintf(stderr, "veil-bench-startup: a measured run failed\n");
        std::exit(1);
    }
    return timer.nsecsElapsed() / 1e6;
}

bool run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(program, arguments);
    return process.waitForFinished(60'000) && process.exitStatus() == QProcess::NormalExit &&
           process.exitCode() == 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int runs = args.size() > 1 ? std::max(3, args.at(1).toInt()) : 30;
    const QString cli = args.size() > 2 ? args.at(2) : QStringLiteral(VEIL_CLI_PATH);
    const QString djpeg = QStandardPaths::findExecutable(QStringLiteral("djpeg"));
    if (djpeg.isEmpty()) {
        std::fprintf(stderr, "veil-bench-startup: djpeg not found (Debian package libjpeg-turbo-progs)\n");
        return 1;
    }

    // 2448 x 1632 = 4.0 MP, JPEG quality 90: the size of a phone photo.
    auto image = media::drawSynthetic(19, 1, media::Variant::Reencoded, 2448, 1632);
    QTemporaryDir dir;
    const QString jpeg = dir.filePath(QStringLiteral("photo.jpg"));
    QFile file(jpeg);
    if (!image.ok() || !dir.isValid() || !file.open(QIODevice::WriteOnly) || file.write(image->bytes) < 0)
        return 1;
    file.close();

    const QString png = dir.filePath(QStringLiteral("blurred.png"));
    const QStringList cliArgs{QStringLiteral("render"), jpeg,
                              QStringLiteral("--mode"), QStringLiteral("blurred"),
                              QStringLiteral("-o"),     png};
    // djpeg decodes the whole image and writes it (PPM, the cheapest output it has) to /dev/null.
    const QStringList djpegArgs{QStringLiteral("-outfile"), QStringLiteral("/dev/null"), jpeg};
    run(cli, cliArgs); // warm the page cache for both binaries
    run(djpeg, djpegArgs);
    std::vector<double> cliMs, djpegMs, emptyMs, floorCliMs, floorRenderMs;
    for (int i = 0; i < runs; ++i) { // interleaved, so a busy moment costs both sides alike
        cliMs.push_back(msOf([&] { return run(cli, cliArgs); }));
        djpegMs.push_back(msOf([&] { return run(djpeg, djpegArgs); }));
        emptyMs.push_back(msOf([&] { return run(cli, {QStringLiteral("--version")}); }));
        floorCliMs.push_back(msOf([&] { return run(QStringLiteral(VEIL_FLOOR_CLI), {}); }));
        floorRenderMs.push_back(msOf([&] { return run(QStringLiteral(VEIL_FLOOR_RENDER), {}); }));
    }

    auto header = media::inspectImage(image->bytes);
    if (!header.ok())
        return 1;
    std::vector<double> blurMs, decodeMs, eighthMs;
    for (int i = 0; i < runs; ++i) {
        blurMs.push_back(msOf([&] { return media::renderRendition(image->bytes, {}, {}).ok(); }));
        decodeMs.push_back(msOf([&] { return media::codec::decodeJpeg(image->bytes, *header).ok(); }));
        eighthMs.push_back(msOf([&] { return media::codec::decodeJpeg(image->bytes, *header, 8).ok(); }));
    }

    std::printf("4 MP JPEG (%lld bytes), %d runs each, medians:\n", qlonglong(image->bytes.size()), runs);
    std::printf("  veil-cli render --mode blurred (whole process)  %7.1f ms\n", median(cliMs));
    std::printf("  anchor: djpeg of the same file (whole process)   %7.1f ms\n", median(djpegMs));
    std::printf("  ratio                                            %7.2fx  (goal <= 1.5x)\n",
                median(cliMs) / median(djpegMs));
    std::printf("  veil-cli --version (start-up alone)              %7.1f ms\n", median(emptyMs));
    std::printf("  an empty main loading veil-cli's libraries       %7.1f ms\n", median(floorCliMs));
    std::printf("  an empty main loading Qt Core, OpenSSL, OpenCV core+imgproc, libjpeg, libpng %5.1f ms\n",
                median(floorRenderMs));
    std::printf("  in-process blurred rendition                     %7.1f ms\n", median(blurMs));
    std::printf("    of which the 1/8 decode (every coefficient still entropy-decoded) %5.1f ms\n",
                median(eighthMs));
    std::printf("  anchor: one full decode in-process               %7.1f ms\n", median(decodeMs));
    std::printf("  ratio                                            %7.2fx  (goal <= 0.5x)\n",
                median(blurMs) / median(decodeMs));
    return 0;
}
