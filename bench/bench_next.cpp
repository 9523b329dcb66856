// The next item after a submit, as the reviewer waits for it: the decision signed and made durable, the
// queue's first page reloaded (what the window does on every change), the next item's texts unsealed and
// its blurred review view rendered from the vault — real JPEGs of a few megapixels, decoded and blurred.
// Twice: without prefetch (the render starts after the submit) and with it (the next item's view rendered
// on another thread while the reviewer looks at the current one, as Qt Quick's image thread does).
// Anchors in the same run: one full decode of the same JPEG, and a decision alone.
// Usage: veil-bench-next [ITEMS [DECISIONS [WIDTH HEIGHT]]]   (default 2000 items, 200 decisions, 2560x1600)
#include "BenchSeed.h"
#include "HttpFrontend.h"
#include "MediaRenderer.h"
#include "QueueModel.h"
#include "ServiceApi.h"
#include "Workstation.h"
#include "queue/ReviewQueue.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdio>
#include <future>
#include <vector>

using namespace veil;

namespace {

struct Spread
{
    double p50, p95, max;
};

Spread spread(std::vector<double> ms)
{
    if (ms.empty())
        return {0, 0, 0};
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms[std::min(ms.size() - 1, size_t(q * double(ms.size())))]; };
    return {at(0.5), at(0.95), ms.back()};
}

void print(const char *what, const Spread &s)
{
    std::printf("%-58s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms\n", what, s.p50, s.p95, s.max);
}

double msSince(const QElapsedTimer &timer)
{
    return timer.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("veil.*.info=false"));
    const int items = argc > 1 ? std::max(10, std::atoi(argv[1])) : 2000;
    const int decisions = std::min(items / 2 - 1, argc > 2 ? std::atoi(argv[2]) : 200);
    const int width = argc > 4 ? std::atoi(argv[3]) : 2560, height = argc > 4 ? std::atoi(argv[4]) : 1600;
    QTemporaryDir dir;

    auto image = media::drawSynthetic(7, 1, media::Variant::Reencoded, width, height);
    if (!image.ok())
        return 1;
    auto store = std::move(service::ServiceStore::open(dir.filePath(QStringLiteral("svc"))).value());
    bench::seedPlainItems(*store, items, image.value());
    service::ServiceApi::Options options;
    options.maxClaim = 100;
    service::ServiceApi api(*store, options);
    service::HttpFrontend http(api);
    const QUrl url(
        QStringLiteral("http://127.0.0.1:%1").arg(http.listen(QHostAddress::LocalHost, 0).value()));
    const QByteArray token =
        store->createToken(QStringLiteral("bench"), QStringLiteral("moderator")).value().toLatin1();
    auto ws = std::move(Workspace::open(dir.filePath(QStringLiteral("ws")), true).value());
    (void)ws->initialize("bench");
    sync::SyncEngine engine(*ws);
    if (!engine.enroll(url, token).ok())
        return 1;
    int ingested = 0;
    while (ingested < items) {
        auto round = engine.syncOnce(100);
        if (!round.ok() || round->ingested == 0)
            break;
        ingested += round->ingested;
    }
    std::printf("%d items in the queue, each a %dx%d JPEG of %lld KB sealed in the vault\n", ingested, width,
                height, qlonglong(image->bytes.size() / 1024));

    gui::Workstation workstation(*ws, engine, false);
    gui::QueueModel model;
    model.setWorkstation(&workstation);
    gui::MediaRenderer renderer(std::move(ws->openPeer().value()), media::MediaSettings{}, nullptr);
    queue::ReviewQueue queue(*ws);
    const media::RenditionOptions blurred; // the review view: blurred, default strength

    // The wait after one submit, prefetched or not. With prefetch, the item after the next is rendered on
    // another thread before returning, as the view asks for it while the reviewer looks at the next one.
    std::future<bool> ahead;
    auto submitAndOpenNext = [&](bool prefetch, double &decideMs) -> double {
        const QString current = model.itemIdAt(0);
        QElapsedTimer timer;
        timer.start();
        (void)queue.decide(current, QStringLiteral("no_violation"), {}, {}, QStringLiteral("bench"));
        decideMs = msSince(timer);
        emit workstation.queueChanged(); // the window's model reloads its first page
        const QString next = model.itemIdAt(0);
        (void)queue.openTexts(next);
        if (prefetch && ahead.valid()) {
            ahead.get(); // rendered while the reviewer looked at the current item
        } else {
            auto view = renderer.render(next, QString(), blurred);
            if (!view.ok() || view->isNull())
                return -1;
        }
        const double waited = msSince(timer);
        if (prefetch) {
            const QString afterNext = model.itemIdAt(1);
            ahead = std::async(std::launch::async, [&renderer, afterNext, blurred] {
                auto view = renderer.render(afterNext, QString(), blurred);
                return view.ok() && !view->isNull();
            });
        }
        return waited;
    };

    std::vector<double> plain, prefetched, decide;
    for (int i = 0; i < decisions; ++i) {
        double d = 0;
        const double w = submitAndOpenNext(false, d);
        if (w < 0)
            return 1;
        plain.push_back(w);
        decide.push_back(d);
    }
    // The first prefetched open has nothing ahead yet: prime it, then measure.
    double ignored = 0;
    (void)submitAndOpenNext(true, ignored);
    for (int i = 0; i < decisions; ++i) {
        double d = 0;
        const double w = submitAndOpenNext(true, d);
        if (w < 0)
            return 1;
        prefetched.push_back(w);
        decide.push_back(d);
    }
    if (ahead.valid())
        ahead.get();

    std::vector<double> decodes;
    for (int i = 0; i < 30; ++i) {
        QElapsedTimer timer;
        timer.start();
        const cv::Mat raw(1, int(image->bytes.size()), CV_8UC1, const_cast<char *>(image->bytes.data()));
        const cv::Mat decoded = cv::imdecode(raw, cv::IMREAD_COLOR);
        decodes.push_back(msSince(timer));
        if (decoded.empty())
            return 1;
    }
    std::printf("%d decisions each way:\n", decisions);
    print("next item ready after submit, no prefetch", spread(plain));
    print("next item ready after submit, with prefetch", spread(prefetched));
    print("anchor: the decision alone (signed, fsync'd)", spread(decide));
    print("anchor: one full decode of the same JPEG (cv::imdecode)", spread(decodes));
    return 0;
}
