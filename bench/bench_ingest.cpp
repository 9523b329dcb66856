// Ingest at flood size: the reference service in-process over real HTTP and a workstation's SyncEngine on
// real files, fed 640x480 JPEGs (Variant::Reencoded, quality 90) filed by the intake's code
// (EscalationIntake, in-process, not over HTTP: the filing is not what is timed). Two runs: every item its
// own image, and every item the same image (a flood re-posting one file). Prints items/s for claim + verify +
// fetch + decode + hash + faces + seal + store.
//   veil-bench-ingest [items per run, default 300]
// `claims` mode times the service's family-aware claims on a flood's backlog (ServiceStore::claim, in
// process): ITEMS filed in FAMILIES families (5 % of them unrelated items), one device claiming 100 at a time
// until nothing is left, as bench/flood.sh's workstation does.
//   veil-bench-ingest claims [ITEMS, default 10000] [FAMILIES, default 50]
#include "HttpFrontend.h"
#include "ServiceApi.h"
#include "crypto/Sha256.h"
#include "media/SyntheticImage.h"
#include "servicestore/EscalationIntake.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <ctime>

#include <cstdio>

using namespace veil;

namespace {

// Files `items` escalations through the intake, each naming image i % distinct; then times a workstation
// ingesting them all.
double ingestRate(const QString &dir, int items, int distinct)
{
    auto store = std::move(service::ServiceStore::open(dir + QStringLiteral("/svc")).value());
    service::ServiceApi::Options options;
    options.maxClaim = 100;
    service::ServiceApi api(*store, options);
    QStringList hashes;
    for (int i = 0; i < distinct; ++i) {
        const auto image = media::drawSynthetic(3, i + 1, media::Variant::Reencoded).value();
        hashes << crypto::sha256Hex(image.bytes);
        if (!service::uploadMedia(*store, hashes.last(), image.bytes).ok())
            qFatal("upload failed");
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < items; ++i) {
        const QJsonObject filing{{QStringLiteral("external_id"), QStringLiteral("bench:%1").arg(i)},
                                 {QStringLiteral("category"), QStringLiteral("violence_gore")},
                                 {QStringLiteral("source"), QStringLiteral("prompt_filter")},
                                 {QStringLiteral("priority"), 1},
                                 {QStringLiteral("prompt"), QStringLiteral("synthetic benchmark prompt")},
                                 {QStringLiteral("model_version"), QStringLiteral("imagegen-2.0")},
                                 {QStringLiteral("account"), QStringLiteral("acct-00001")},
                                 {QStringLiteral("scores"), QJsonObject{{QStringLiteral("violence"), 0.5}}},
                                 {QStringLiteral("media"), QJsonArray{hashes.at(i % distinct)}}};
        if (!service::fileEscalation(*store, api.policy(), QStringLiteral("bench"), filing, now).ok())
            qFatal("filing failed");
    }
    service::HttpFrontend http(api);
    const QUrl url(
        QStringLiteral("http://127.0.0.1:%1").arg(http.listen(QHostAddress::LocalHost, 0).value()));
    const QByteArray token =
        store->createToken(QStringLiteral("bench"), QStringLiteral("moderator")).value().toLatin1();
    auto ws = std::move(Workspace::open(dir + QStringLiteral("/ws"), true).value());
    (void)ws->initialize("bench");
    sync::SyncEngine engine(*ws);
    (void)engine.enroll(url, token);
    QElapsedTimer timer;
    timer.start();
    const std::clock_t cpuStart = std::clock();
    int ingested = 0;
    while (ingested < items) {
        auto round = engine.syncOnce(100);
        if (!round.ok() || round->ingested == 0)
            break;
        ingested += round->ingested;
    }
    const qint64 ms = timer.elapsed();
    std::fprintf(stderr, "  (%d items: %lld ms wall, %.0f ms CPU)\n", ingested, ms,
                 double(std::clock() - cpuStart) * 1000.0 / CLOCKS_PER_SEC);
    if (ingested != items)
        qFatal("ingested %d of %d", ingested, items);
    return ms > 0 ? ingested * 1000.0 / ms : 0.0;
}

void claimTimes(const QString &dir, int items, int families)
{
    auto store = std::move(service::ServiceStore::open(dir + QStringLiteral("/svc")).value());
    service::ServiceApi api(*store);
    const int unrelated = items / 20;
    QStringList hashes;
    for (int i = 0; i < families + unrelated; ++i) {
        const auto image = media::drawSynthetic(5, i + 1, media::Variant::Reencoded).value();
        hashes << crypto::sha256Hex(image.bytes);
        if (!service::uploadMedia(*store, hashes.last(), image.bytes).ok())
            qFatal("upload failed");
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto tx = store::Transaction::begin(store->database());
    for (int i = 0; i < items; ++i) {
        // Every twentieth item unrelated; the others in turn through the families.
        const QString sha = i % 20 == 19 ? hashes.at(families + i / 20) : hashes.at(i % families);
        const QJsonObject filing{{QStringLiteral("external_id"), QStringLiteral("bench:%1").arg(i)},
                                 {QStringLiteral("category"), QStringLiteral("violence_gore")},
                                 {QStringLiteral("source"), QStringLiteral("prompt_filter")},
                                 {QStringLiteral("priority"), 1},
                                 {QStringLiteral("prompt"), QStringLiteral("synthetic benchmark prompt")},
                                 {QStringLiteral("model_version"), QStringLiteral("imagegen-2.0")},
                                 {QStringLiteral("account"), QStringLiteral("acct-00001")},
                                 {QStringLiteral("scores"), QJsonObject{{QStringLiteral("violence"), 0.5}}},
                                 {QStringLiteral("media"), QJsonArray{sha}}};
        if (!service::fileEscalation(*store, api.policy(), QStringLiteral("bench"), filing, now).ok())
            qFatal("filing failed");
    }
    if (!tx->commit().ok())
        qFatal("commit failed");
    QList<qint64> perClaim;
    int claimed = 0;
    QElapsedTimer timer;
    for (;;) {
        timer.start();
        auto leases = store->claim(QStringLiteral("escalations"), QStringLiteral("device-1"), 100, now,
                                   2 * 3600 * 1000, QStringLiteral("bench"));
        perClaim << timer.nsecsElapsed() / 1000;
        if (!leases.ok())
            qFatal("claim failed");
        if (leases->isEmpty())
            break;
        claimed += int(leases->size());
    }
    qint64 total = 0;
    for (qint64 us : perClaim)
        total += us;
    std::printf("claims of 100 on a backlog of %d items in %d families: %d claimed in %lld claims, "
                "%.1f ms per claim (first %.1f, middle %.1f, last %.1f)\n",
                items, families, claimed, qlonglong(perClaim.size()), total / 1000.0 / perClaim.size(),
                perClaim.first() / 1000.0, perClaim.at(perClaim.size() / 2) / 1000.0,
                perClaim.last() / 1000.0);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("veil.*.info=false"));
    if (argc > 1 && QByteArray(argv[1]) == "claims") {
        QTemporaryDir dir;
        claimTimes(dir.path(), argc > 2 ? QByteArray(argv[2]).toInt() : 10000,
                   argc > 3 ? QByteArray(argv[3]).toInt() : 50);
        return 0;
    }
    const int items = argc > 1 ? QByteArray(argv[1]).toInt() : 300;
    QTemporaryDir unique, same;
    std::printf("ingest %d items, 640x480 JPEG, every image its own:  %7.1f items/s\n", items,
                ingestRate(unique.path(), items, items));
    std::printf("ingest %d items, 640x480 JPEG, one image for all:    %7.1f items/s\n", items,
                ingestRate(same.path(), items, 1));
}
