// Media pipeline speed. Google Benchmark for decode, renditions and PDQ; "veil-bench-media cluster N" for
// the near-duplicate index over N random-plus-planted hashes (time and recall).
#include "media/NearDuplicateIndex.h"
#include "media/PdqHasher.h"
#include "media/Renditions.h"
#include "media/SafeDecoder.h"
#include "media/SyntheticImage.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>
#include <span>
#include <thread>

using namespace veil::media;

namespace {

// A 4-megapixel JPEG (2304 x 1728, quality 90): a synthetic drawing with Gaussian noise of the given sigma,
// so the entropy-coded data is as dense as a camera's (sigma 4: a clean photo, ~0.6 MB) or denser (sigma
// 12: a noisy high-ISO shot, ~1.4 MB) rather than a flat drawing's. Entropy decoding is the part no
// reduced-scale decode can skip, so the dense file is the hard case.
QByteArray makeJpeg(int sigma)
{
    {
        auto drawing = drawSynthetic(11, 1, Variant::Original, 2304, 1728);
        cv::Mat image = cv::imdecode(cv::Mat(1, int(drawing->bytes.size()), CV_8U, drawing->bytes.data()),
                                     cv::IMREAD_COLOR);
        cv::Mat noise(image.size(), CV_16SC3);
        cv::randn(noise, 0, sigma);
        cv::Mat noisy;
        image.convertTo(noisy, CV_16SC3);
        noisy += noise;
        noisy.convertTo(image, CV_8UC3);
        std::vector<uchar> jpeg;
        cv::imencode(".jpg", image, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90});
        return QByteArray(reinterpret_cast<const char *>(jpeg.data()), qsizetype(jpeg.size()));
    }
}

const QByteArray &fourMegapixelJpeg(int sigma)
{
    static const QByteArray clean = makeJpeg(4), noisy = makeJpeg(12);
    return sigma == 4 ? clean : noisy;
}

QList<QByteArray> referenceImages()
{
    QList<QByteArray> images;
    for (const QString &dir : {QStringLiteral(VEIL_TEST_DATA "/pdq/bridge-mods"),
                               QStringLiteral(VEIL_TEST_DATA "/pdq/misc-images/modes")}) {
        for (const QFileInfo &info : QDir(dir).entryInfoList(QDir::Files, QDir::Name)) {
            QFile file(info.filePath());
            if (file.open(QIODevice::ReadOnly))
                images.append(file.readAll());
        }
    }
    return images;
}

void BM_OpenCvFullDecode(benchmark::State &state)
{
    const QByteArray &jpeg = fourMegapixelJpeg(int(state.range(0)));
    for (auto _ : state) {
        cv::Mat image = cv::imdecode(cv::Mat(1, int(jpeg.size()), CV_8U, const_cast<char *>(jpeg.data())),
                                     cv::IMREAD_COLOR);
        benchmark::DoNotOptimize(image.data);
    }
}
BENCHMARK(BM_OpenCvFullDecode)->Arg(4)->Arg(12)->Unit(benchmark::kMillisecond);

void BM_SafeDecodeFull(benchmark::State &state)
{
    const QByteArray &jpeg = fourMegapixelJpeg(int(state.range(0)));
    for (auto _ : state)
        benchmark::DoNotOptimize(decodeImage(jpeg).ok());
}
BENCHMARK(BM_SafeDecodeFull)->Arg(4)->Arg(12)->Unit(benchmark::kMillisecond);

void BM_Rendition(benchmark::State &state)
{
    const QByteArray &jpeg = fourMegapixelJpeg(int(state.range(1)));
    RenditionOptions options;
    options.mode = RenditionMode(state.range(0));
    options.revealFaces = true;
    for (auto _ : state)
        benchmark::DoNotOptimize(renderRendition(jpeg, options, {}).ok());
    state.SetLabel(options.mode == RenditionMode::Blurred     ? "blurred"
                   : options.mode == RenditionMode::Pixelated ? "pixelated"
                                                              : "clear (2048 px)");
}
BENCHMARK(BM_Rendition)
    ->ArgsProduct({{int(RenditionMode::Blurred), int(RenditionMode::Pixelated), int(RenditionMode::Clear)},
                   {4, 12}})
    ->Unit(benchmark::kMillisecond);

// djpeg (libjpeg-turbo-progs) decoding the same file in full: the outside reference. Includes process
// start-up (about 1 ms), which the figure in docs/benchmarks.md notes.
void BM_DjpegFullDecode(benchmark::State &state)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("4mp.jpg"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(fourMegapixelJpeg(int(state.range(0)))) < 0) {
        state.SkipWithError("cannot write the sample");
        return;
    }
    file.close();
    for (auto _ : state) {
        QProcess djpeg;
        djpeg.start(QStringLiteral("djpeg"), {QStringLiteral("-outfile"), QStringLiteral("/dev/null"), path});
        if (!djpeg.waitForFinished(30000) || djpeg.exitCode() != 0) {
            state.SkipWithError("djpeg missing or failed (install libjpeg-turbo-progs)");
            return;
        }
    }
}
BENCHMARK(BM_DjpegFullDecode)->Arg(4)->Arg(12)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PdqEndToEnd(benchmark::State &state)
{
    const QList<QByteArray> images = referenceImages();
    PdqHasher hasher;
    qsizetype i = 0;
    for (auto _ : state) {
        auto decoded = decodeImage(images[i++ % images.size()]);
        benchmark::DoNotOptimize(hasher.hashImage(decoded->pixels).quality);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetLabel(QStringLiteral("%1 reference images").arg(images.size()).toStdString());
}
BENCHMARK(BM_PdqEndToEnd)->Unit(benchmark::kMillisecond);

// Hash only, from a 512 x 512 luma buffer (what the reference hashes after its resize).
void BM_PdqHashOnly512(benchmark::State &state)
{
    std::vector<float> source(512 * 512);
    QRandomGenerator rng(5);
    for (float &v : source)
        v = float(rng.bounded(256));
    PdqHasher hasher;
    std::vector<float> luma;
    for (auto _ : state) {
        luma = source;
        benchmark::DoNotOptimize(hasher.hashLuma(luma, 512, 512).quality);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PdqHashOnly512)->Unit(benchmark::kMillisecond);

PdqHash randomHash(QRandomGenerator &rng)
{
    PdqHash h;
    for (auto &w : h.words)
        w = rng.generate64();
    return h;
}

// Leader clustering as MediaCatalog does it, one hash at a time: each joins its nearest leader within 31
// (ties: the older), or leads a new cluster. Returns each hash's cluster (its leader's index).
std::vector<int> clusterOneByOne(const std::vector<PdqHash> &hashes, int n)
{
    NearDuplicateIndex leaders;
    std::vector<int> clusterOf(n), leaderIds;
    for (int i = 0; i < n; ++i) {
        if (const auto nearest = leaders.nearest(hashes[i], 31)) {
            clusterOf[i] = leaderIds[nearest->id];
        } else {
            clusterOf[i] = i;
            leaders.insert(quint32(leaderIds.size()), hashes[i]);
            leaderIds.push_back(i);
        }
    }
    return clusterOf;
}

// The same clusters, batched: a batch is looked up against the leaders so far on two threads, then walked in
// order, each hash also compared with the leaders the batch itself has made so far; the nearer wins, and on
// a tie the index's (an older leader, so a smaller id), exactly as one at a time. `tenth` gets the time
// taken by the first n / 10.
std::vector<int> clusterBatched(const std::vector<PdqHash> &hashes, int n, double &tenth)
{
    constexpr int Batch = 256; // the walk's linear scan grows with it, thread start-up shrinks
    QElapsedTimer timer;
    timer.start();
    NearDuplicateIndex leaders;
    std::vector<int> clusterOf(n), leaderIds;
    for (int start = 0; start < n; start += Batch) {
        const int end = std::min(n, start + Batch);
        const qsizetype before = leaders.size();
        // The index is only read meanwhile: each thread looks up half the batch.
        const int half = (end - start) / 2;
        std::vector<std::optional<NearDuplicateIndex::Match>> found, second;
        std::thread helper([&] {
            second = leaders.nearestEach(std::span(hashes).subspan(start + half, end - start - half), 31);
        });
        found = leaders.nearestEach(std::span(hashes).subspan(start, half), 31);
        helper.join();
        found.insert(found.end(), second.begin(), second.end());
        for (int i = start; i < end; ++i) {
            auto nearest = found[i - start];
            if (const auto recent = leaders.nearestSince(hashes[i], 31, before);
                recent && (!nearest || recent->distance < nearest->distance))
                nearest = recent;
            if (nearest) {
                clusterOf[i] = leaderIds[nearest->id];
            } else {
                clusterOf[i] = i;
                leaders.insert(quint32(leaderIds.size()), hashes[i]);
                leaderIds.push_back(i);
            }
            if (i + 1 == n / 10)
                tenth = timer.nsecsElapsed() / 1e9;
        }
    }
    return clusterOf;
}

// N hashes: 90% random, 10% planted near-duplicates of an earlier random one (1-31 bits flipped), clustered
// batched on two threads; recall = planted items that land in their original's cluster. One at a time on
// the first 100,000 as well, which must give the same clusters.
int clusterBench(int n)
{
    QRandomGenerator rng(2026);
    std::vector<PdqHash> hashes;
    std::vector<int> plantedFrom(n, -1);
    hashes.reserve(n);
    std::vector<int> originals;
    for (int i = 0; i < n; ++i) {
        if (i >= 100 && rng.bounded(10) == 0) {
            const int from = originals[rng.bounded(int(originals.size()))];
            PdqHash h = hashes[from];
            const int flips = 1 + int(rng.bounded(31));
            for (int f = 0; f < flips;) {
                const int bit = int(rng.bounded(256));
                const quint64 mask = quint64(1) << (bit % 64);
                if ((h.words[bit / 64] ^ hashes[from].words[bit / 64]) & mask)
                    continue; // flip each bit once: exactly `flips` bits from the original
                h.words[bit / 64] ^= mask;
                ++f;
            }
            hashes.push_back(h);
            plantedFrom[i] = from;
        } else {
            hashes.push_back(randomHash(rng));
            originals.push_back(i);
        }
    }
    QElapsedTimer timer;
    timer.start();
    double tenth = 0;
    const std::vector<int> clusterOf = clusterBatched(hashes, n, tenth);
    const double seconds = timer.nsecsElapsed() / 1e9;
    const int prefix = std::min(n, 100'000);
    timer.restart();
    const std::vector<int> oneByOne = clusterOneByOne(hashes, prefix);
    const double oneByOneSeconds = timer.nsecsElapsed() / 1e9;
    const bool same = std::equal(oneByOne.begin(), oneByOne.end(), clusterOf.begin());
    int planted = 0, recalled = 0;
    for (int i = 0; i < n; ++i) {
        if (plantedFrom[i] < 0)
            continue;
        ++planted;
        recalled += clusterOf[i] == clusterOf[plantedFrom[i]];
    }
    // Brute force for scale: 2,000 queries against all N, extrapolated.
    timer.restart();
    int found = 0;
    for (int q = 0; q < 2000; ++q)
        for (int i = 0; i < n; ++i)
            found += hashes[q].distance(hashes[i]) <= 31;
    const double bruteSeconds = timer.nsecsElapsed() / 1e9 * (double(n) / 2000);
    int leaders = 0;
    for (int i = 0; i < n; ++i)
        leaders += clusterOf[i] == i;
    std::printf("cluster %d hashes: %.2f s (%.1f us/hash), %d clusters; planted pairs %d, recalled %d "
                "(%.2f%%); all-pairs brute force would take ~%.0f s (%d); batched on 2 threads, %.1f us/hash "
                "over the first %d and %.1f over the rest; one at a time (the old path) on the first %d: "
                "%.2f s (%.1f us/hash), %s clusters\n",
                n, seconds, seconds * 1e6 / n, leaders, planted, recalled, 100.0 * recalled / planted,
                bruteSeconds, found > 0, tenth * 1e6 / std::max(n / 10, 1), n / 10,
                (seconds - tenth) * 1e6 / std::max(n - n / 10, 1), prefix, oneByOneSeconds,
                oneByOneSeconds * 1e6 / prefix, same ? "the same" : "DIFFERENT");
    return recalled == planted && same ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc == 3 && std::string(argv[1]) == "cluster")
        return clusterBench(std::atoi(argv[2]));
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
