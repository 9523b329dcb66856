// Sync throughput on loopback: the reference service in-process over real HTTP, the workstation's
// SyncEngine, vault and outbox on real files. Prints items/s for lease+ingest and verdicts/s for
// sign+persist (decide), push, and the two together, next to raw Ed25519 signing for the ratio.
#include "BenchSeed.h"
#include "HttpFrontend.h"
#include "ServiceApi.h"
#include "crypto/Ed25519.h"
#include "crypto/Random.h"
#include "crypto/Sha256.h"
#include "media/SyntheticImage.h"
#include "queue/ReviewQueue.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <cstdio>

using namespace veil;

namespace {

void report(const char *what, int count, qint64 ms)
{
    std::printf("%-46s %6d in %6lld ms  = %8.0f /s\n", what, count, qlonglong(ms),
                ms > 0 ? count * 1000.0 / ms : 0.0);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("veil.*.info=false"));
    const int items = argc > 1 ? QByteArray(argv[1]).toInt() : 2000;
    QTemporaryDir dir;

    auto store = std::move(service::ServiceStore::open(dir.filePath(QStringLiteral("svc"))).value());
    // One small real PNG shared by every item: the bench measures the pipeline, not the image size.
    bench::seedPlainItems(*store, items,
                          media::drawSynthetic(1, 1, media::Variant::Original, 64, 64).value());
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
    (void)engine.enroll(url, token);

    QElapsedTimer timer;
    timer.start();
    int ingested = 0;
    while (ingested < items) {
        auto round = engine.syncOnce(100);
        if (!round.ok() || round->ingested == 0)
            break;
        ingested += round->ingested;
    }
    report("lease + verify + fetch + seal + store (items)", ingested, timer.elapsed());

    queue::ReviewQueue queue(*ws);
    const auto open = queue.openItems(items).value();
    // Half decided one by one (each durable on its own, as a reviewer works), half as clusters of 50.
    const qsizetype half = open.size() / 2;
    timer.restart();
    for (qsizetype i = 0; i < half; ++i)
        (void)queue.decide(open[i].itemId, QStringLiteral("no_violation"), {}, {}, QStringLiteral("bench"));
    const qint64 singleMs = timer.elapsed();
    report("decide one by one: sign + persist + audit", int(half), singleMs);
    timer.restart();
    for (qsizetype i = half; i < open.size(); i += 50) {
        QStringList cluster;
        for (qsizetype j = i; j < qMin(i + 50, open.size()); ++j)
            cluster << open[j].itemId;
        (void)queue.decideMany(cluster, QStringLiteral("no_violation"), {}, {}, QStringLiteral("bench"));
    }
    const qint64 clusterMs = timer.elapsed();
    report("decide clusters of 50: sign + persist + audit", int(open.size() - half), clusterMs);

    timer.restart();
    int pushed = 0;
    for (;;) {
        auto round = engine.push(500);
        if (!round.ok() || round->pushed == 0)
            break;
        pushed += round->accepted;
    }
    const qint64 pushMs = timer.elapsed();
    report("push in batches of 500 (per verdict)", pushed, pushMs);
    report("clusters: sign + persist + push (per verdict)", int(open.size() - half),
           clusterMs + pushMs * (open.size() - half) / qMax(1, pushed));

    auto pair = crypto::ed25519::generate().value();
    const auto signer = crypto::ed25519::SigningKey::fromSeed(pair.seed).value();
    const QByteArray message = crypto::randomBytes(400);
    timer.restart();
    constexpr int signatures = 5000;
    for (int i = 0; i < signatures; ++i)
        (void)signer.sign(message);
    report("raw Ed25519 sign, one core (the ceiling)", signatures, timer.elapsed());
    // The service checks every verdict's signature: its floor, next to the push line above.
    const QByteArray signature = signer.sign(message).value();
    const auto verifier = crypto::ed25519::VerifyingKey::fromRaw(pair.publicKey).value();
    timer.restart();
    for (int i = 0; i < signatures; ++i)
        (void)verifier.verify(message, signature);
    report("raw Ed25519 verify, one core", signatures, timer.elapsed());
    return 0;
}
