// The load test (issue 18): N simulated workstations against a real veil-service process on loopback. Each
// workstation is a thread with its own HTTP client and Ed25519 device key, speaking the protocol as the
// workstation does (enrol, claim with a request id, sign a verdict per lease, push the batch), without a
// GUI, vault or outbox. The service's database is seeded first with a backlog of escalations and one
// moderator token per workstation. Prints claims/s, leased items/s, accepted verdicts/s, latency
// percentiles per request and errors by code; then stops the service and checks the invariants in its
// database: every verdict the service acknowledged is stored, once; no item decided twice; no item leased
// to two workstations while a lease lived; nothing left under a lease.
//
//   veil-bench-load WORKSTATIONS BACKLOG SECONDS [CLAIM_MAX] [VEIL_SERVICE_BINARY]
//                   [--postgres | --database URI] [--instances K] [--workers N] [--proxy] [--history H]
// --postgres starts a throwaway PostgreSQL cluster (tests/PgCluster.h) and serves from it; --database uses
// an existing one (an empty database). --instances K starts K service processes on that one database, the
// workstations spread over them round-robin (as a reverse proxy would); SQLite serves one instance.
// --workers N passes each instance its worker threads (veil-service --workers; 0 = the HTTP thread only).
// --proxy puts nginx in front (bench/ReverseProxy.h: the configuration of docs/operations.md, without TLS):
// every workstation talks to it, and it spreads their requests over the instances. --history H seeds H
// decided items with their verdicts first: the same run on a long history costs the same per request.
#include "BenchDatabase.h"
#include "ReverseProxy.h"
#include "common/Base64Url.h"
#include "crypto/Ed25519.h"
#include "crypto/Sha256.h"
#include "media/SyntheticImage.h"
#include "protocol/Verdict.h"
#include "servicestore/ServiceStore.h"
#include "sync/ServiceClient.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <thread>
#include <vector>

using namespace veil;

namespace {

struct Grant
{
    QString itemId;
    QString leaseId;
    int workstation = 0;
    qint64 grantedAtMs = 0;
    qint64 expiresAtMs = 0;
};

// What one workstation saw; merged after the run.
struct Tally
{
    std::vector<double> claimMs, pushMs;
    std::vector<Grant> grants;
    QStringList acknowledged; // verdict ids answered accepted or duplicate
    std::map<QString, int> errors;
    int claims = 0, pushes = 0, accepted = 0, conflicts = 0, rejected = 0;
};

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[size_t(q * double(v.size() - 1))];
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

void seed(service::ServiceStore &store, int backlog)
{
    // One small real PNG shared by every item: the load is on claims and verdicts, not on media.
    const auto image = media::drawSynthetic(1, 1, media::Variant::Original, 64, 64).value();
    const QString sha = crypto::sha256Hex(image.bytes);
    (void)store.addMedia(sha, image.mime, image.bytes);
    const qint64 now = nowMs();
    for (int start = 0; start < backlog; start += 5000) {
        auto tx = store::Transaction::begin(store.database());
        for (int i = start; i < std::min(backlog, start + 5000); ++i) {
            const QJsonObject payload{
                {QStringLiteral("type"), QStringLiteral("veil.escalation.v1")},
                {QStringLiteral("item_id"), QStringLiteral("load-%1").arg(i, 7, 10, QLatin1Char('0'))},
                {QStringLiteral("source"), QStringLiteral("prompt_filter")},
                {QStringLiteral("created_at"),
                 QDateTime::fromMSecsSinceEpoch(now - i, Qt::UTC).toString(Qt::ISODateWithMs)},
                {QStringLiteral("due_at"),
                 QDateTime::fromMSecsSinceEpoch(now + 4 * 3600000LL, Qt::UTC).toString(Qt::ISODateWithMs)},
                {QStringLiteral("priority"), 1},
                {QStringLiteral("category"), QStringLiteral("violence_gore")},
                {QStringLiteral("scores"), QJsonObject{{QStringLiteral("violence"), 0.5}}},
                {QStringLiteral("prompt"), QStringLiteral("synthetic load prompt")},
                {QStringLiteral("model_version"), QStringLiteral("imagegen-2.0")},
                {QStringLiteral("account"), QStringLiteral("acct-00001")},
                {QStringLiteral("media"),
                 QJsonArray{QJsonObject{{QStringLiteral("sha256"), sha},
                                        {QStringLiteral("mime"), image.mime},
                                        {QStringLiteral("size"), double(image.bytes.size())}}}}};
            (void)store.addItem(QStringLiteral("escalations"), payload, now + 4 * 3600000LL - i, 1);
        }
        (void)tx->commit();
    }
}

// A decided history before the run (--history H): H items with a verdict each, as months of work leave
// them, so the run shows whether a request's cost follows the history (it must not).
void seedHistory(service::ServiceStore &store, int history)
{
    auto pair = crypto::ed25519::generate().value();
    const auto key = crypto::ed25519::SigningKey::fromSeed(pair.seed).value();
    const QString keyId = store.enroll(QStringLiteral("historian"), key.publicKey()).value().keyId;
    const qint64 now = nowMs();
    for (int start = 0; start < history; start += 5000) {
        auto tx = store::Transaction::begin(store.database());
        for (int i = start; i < std::min(history, start + 5000); ++i) {
            const QString id = QStringLiteral("hist-%1").arg(i, 7, 10, QLatin1Char('0'));
            const QJsonObject payload{
                {QStringLiteral("type"), QStringLiteral("veil.escalation.v1")},
                {QStringLiteral("item_id"), id},
                {QStringLiteral("created_at"),
                 QDateTime::fromMSecsSinceEpoch(now - 48 * 3600000LL, Qt::UTC).toString(Qt::ISODateWithMs)},
                {QStringLiteral("category"), QStringLiteral("violence_gore")},
                {QStringLiteral("media"), QJsonArray()}};
            (void)store.addItem(QStringLiteral("escalations"), payload, now - 44 * 3600000LL, 1);
            const QByteArray body = QStringLiteral("{\"decision\":\"no_violation\",\"item_id\":\"%1\","
                                                   "\"verdict_id\":\"v-%1\"}")
                                        .arg(id)
                                        .toUtf8();
            (void)store.acceptVerdict(QStringLiteral("v-") + id, id, body, key.sign(body).value(), keyId,
                                      QStringLiteral("historian"));
        }
        (void)tx->commit();
    }
}

// One workstation's whole run, on its own thread (its own event loop for the blocking client).
void workstation(int index, const QUrl &url, const QByteArray &token, const QString &reviewer, int claimMax,
                 const QDeadlineTimer &until, std::atomic<bool> &drained, Tally &tally)
{
    sync::ServiceClient::Options options;
    options.deadlineMs = 120000;
    options.idleTimeoutMs = 120000;
    sync::ServiceClient client(url, token, options);
    auto pair = crypto::ed25519::generate().value();
    const auto key = crypto::ed25519::SigningKey::fromSeed(pair.seed).value();
    auto enrolled = client.post(QStringLiteral("/v1/devices"),
                                {{QStringLiteral("public_key"), toBase64Url(key.publicKey())}});
    if (!enrolled.ok()) {
        tally.errors[QStringLiteral("enrol ") + enrolled.error().code]++;
        return;
    }
    const QString deviceId = enrolled->json.value(QStringLiteral("device_id")).toString();
    QElapsedTimer timer;
    while (!until.hasExpired() && !drained) {
        const QJsonObject claim{
            {QStringLiteral("queue"), QStringLiteral("escalations")},
            {QStringLiteral("max"), claimMax},
            {QStringLiteral("device_id"), deviceId},
            {QStringLiteral("request_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)}};
        timer.start();
        auto claimed = client.post(QStringLiteral("/v1/leases/claim"), claim);
        if (!claimed.ok() && sync::ServiceClient::isRetryable(claimed.error())) {
            // As the workstation does: once more with the same request id, so leases granted to an answer
            // that was lost come back rather than being held unseen.
            tally.errors[QStringLiteral("claim retried ") + claimed.error().code]++;
            claimed = client.post(QStringLiteral("/v1/leases/claim"), claim);
        }
        tally.claimMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        tally.claims++;
        if (!claimed.ok()) {
            tally.errors[QStringLiteral("claim ") + claimed.error().code]++;
            QThread::msleep(50);
            continue;
        }
        const QJsonArray leases = claimed->json.value(QStringLiteral("leases")).toArray();
        if (leases.isEmpty()) {
            drained = true;
            break;
        }
        QJsonArray entries;
        for (const QJsonValue &value : leases) {
            const QJsonObject lease = value.toObject();
            const QJsonObject payload = lease.value(QStringLiteral("payload")).toObject();
            tally.grants.push_back({lease.value(QStringLiteral("item_id")).toString(),
                                    lease.value(QStringLiteral("lease_id")).toString(), index,
                                    qint64(lease.value(QStringLiteral("last_claimed_at_ms")).toDouble()),
                                    qint64(lease.value(QStringLiteral("expires_at_ms")).toDouble())});
            protocol::Decision d;
            d.itemId = tally.grants.back().itemId;
            d.leaseId = tally.grants.back().leaseId;
            for (const QJsonValue &m : payload.value(QStringLiteral("media")).toArray())
                d.evidenceSha256 << m.toObject().value(QStringLiteral("sha256")).toString();
            d.decision = QStringLiteral("no_violation");
            d.rationale = QStringLiteral("Load test: nothing against the policy.");
            d.reviewer = reviewer;
            d.frontEnd = QStringLiteral("veil-bench-load");
            auto verdict = protocol::signVerdict(d, key, nowMs());
            if (!verdict.ok()) {
                tally.errors[QStringLiteral("sign ") + verdict.error().code]++;
                continue;
            }
            entries.append(QJsonDocument::fromJson(verdict->toExportLine()).object());
        }
        // Pushed until every verdict has its answer, as the outbox does: a lost answer or a "retry" is sent
        // again (the service answers a verdict it stored already with "duplicate").
        for (int attempt = 0; !entries.isEmpty() && attempt < 5; ++attempt) {
            timer.start();
            auto pushed =
                client.post(QStringLiteral("/v1/verdicts"), {{QStringLiteral("verdicts"), entries}});
            tally.pushMs.push_back(double(timer.nsecsElapsed()) / 1e6);
            tally.pushes++;
            if (!pushed.ok()) {
                tally.errors[QStringLiteral("push ") + pushed.error().code]++;
                QThread::msleep(100);
                continue;
            }
            QJsonArray again;
            const QJsonArray results = pushed->json.value(QStringLiteral("results")).toArray();
            for (qsizetype r = 0; r < results.size() && r < entries.size(); ++r) {
                const QJsonValue value = results[r];
                const QString status = value[QStringLiteral("status")].toString();
                if (status == QLatin1String("accepted") || status == QLatin1String("duplicate")) {
                    tally.acknowledged << value[QStringLiteral("verdict_id")].toString();
                    tally.accepted++;
                } else if (status == QLatin1String("retry")) {
                    again.append(entries[r]);
                } else {
                    (status == QLatin1String("conflict") ? tally.conflicts : tally.rejected)++;
                    tally.errors[status + QLatin1Char(' ') + value[QStringLiteral("code")].toString()]++;
                }
            }
            entries = again;
        }
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("veil.*.info=false\nveil.*.warning=false"));
    // Options anywhere; the rest are positional.
    int instances = 1;
    bench::BenchDatabase storeOption;
    if (!storeOption.parse(argc, argv, &instances))
        return 1;
    // --workers N: each instance's worker threads (veil-service --workers; its default when not given).
    QStringList serviceWorkers;
    // --proxy: the workstations reach the instances through nginx (ReverseProxy.h), as docs/operations.md
    // sets it up.
    bool proxied = false;
    for (int i = 1; i < argc; ++i) {
        if (QByteArray(argv[i]) == "--proxy") {
            proxied = true;
            std::copy(argv + i + 1, argv + argc, argv + i);
            --argc;
            break;
        }
    }
    // --history H: H decided items (with their verdicts) in the database before the run.
    int history = 0;
    for (int i = 1; i + 1 < argc; ++i) {
        if (QByteArray(argv[i]) == "--history") {
            history = QByteArray(argv[i + 1]).toInt();
            std::copy(argv + i + 2, argv + argc, argv + i);
            argc -= 2;
            break;
        }
    }
    for (int i = 1; i + 1 < argc; ++i) {
        if (QByteArray(argv[i]) == "--workers") {
            serviceWorkers = {QStringLiteral("--workers"), QString::fromLocal8Bit(argv[i + 1])};
            std::copy(argv + i + 2, argv + argc, argv + i);
            argc -= 2;
            break;
        }
    }
    const QString database = storeOption.uri();
    if (instances < 1 || (instances > 1 && database.isEmpty())) {
        std::fprintf(stderr, "--instances K (1 or more; more than one needs --postgres or --database)\n");
        return 1;
    }
    const int workstations = argc > 1 ? QByteArray(argv[1]).toInt() : 20;
    const int backlog = argc > 2 ? QByteArray(argv[2]).toInt() : 50000;
    const int seconds = argc > 3 ? QByteArray(argv[3]).toInt() : 60;
    const int claimMax = argc > 4 ? QByteArray(argv[4]).toInt() : 10;
    if (workstations < 1 || backlog < 1 || seconds < 1 || claimMax < 1 || claimMax > 100) {
        std::fprintf(
            stderr,
            "usage: veil-bench-load WORKSTATIONS>=1 BACKLOG>=1 SECONDS>=1 [CLAIM_MAX 1..100] "
            "[VEIL_SERVICE_BINARY] [--postgres|--database URI] [--instances K] [--workers N] [--proxy] "
            "[--history H]\n");
        return 1;
    }
    const QString binary =
        argc > 5 ? QString::fromLocal8Bit(argv[5])
                 : QCoreApplication::applicationDirPath() + QStringLiteral("/../app/service/veil-service");
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("svc"));
    QList<QByteArray> tokens;
    {
        auto opened = service::ServiceStore::open(dataDir, database);
        if (!opened.ok()) {
            std::fprintf(stderr, "cannot open the service's store: %s\n", qPrintable(opened.error().message));
            return 1;
        }
        auto store = std::move(opened.value());
        seedHistory(*store, history);
        seed(*store, backlog);
        // Fresh statistics for the planner, as autovacuum would gather within its first minute.
        if (!database.isEmpty() && !store->database().exec("ANALYZE").ok()) {
            std::fprintf(stderr, "ANALYZE failed\n");
            return 1;
        }
        for (int i = 0; i < workstations; ++i)
            tokens << store
                          ->createToken(QStringLiteral("r%1").arg(i, 3, 10, QLatin1Char('0')),
                                        QStringLiteral("moderator"))
                          .value()
                          .toLatin1();
    }
    // Port 0: each instance picks a free port and says which on its first line.
    std::vector<std::unique_ptr<QProcess>> services;
    QList<QUrl> urls;
    for (int k = 0; k < instances; ++k) {
        auto &service = services.emplace_back(std::make_unique<QProcess>());
        service->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const QStringList arguments{QStringLiteral("--data-dir"), dataDir, QStringLiteral("--database"),
                                    database, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                    QStringLiteral("--max-connections-per-address"),
                                    // Behind the proxy, docs/operations.md's setting.
                                    QString::number(proxied ? 512 : workstations * 2 + 16)};
        service->start(binary, arguments + serviceWorkers);
        QUrl url;
        QDeadlineTimer startup(30000);
        while (url.isEmpty() && !startup.hasExpired() && service->state() != QProcess::NotRunning) {
            service->waitForReadyRead(200);
            while (service->canReadLine()) {
                const QString line = QString::fromUtf8(service->readLine()).trimmed();
                const qsizetype at = line.indexOf(QLatin1String("http://127.0.0.1:"));
                if (at >= 0)
                    url = QUrl(line.mid(at).section(QLatin1Char(' '), 0, 0));
            }
        }
        if (url.isEmpty()) {
            std::fprintf(stderr, "%s did not start listening\n", qPrintable(binary));
            return 1;
        }
        if (!sync::ServiceClient(url, tokens.first()).get(QStringLiteral("/v1/policy")).ok()) {
            std::fprintf(stderr, "the service did not answer\n");
            return 1;
        }
        urls << url;
    }
    bench::ReverseProxy proxy;
    if (proxied) {
        const QUrl front = proxy.start(urls, dir.filePath(QStringLiteral("nginx")));
        if (front.isEmpty())
            return 1;
        urls = {front};
    }

    std::printf(
        "%d workstations, backlog %d, claims of up to %d, at most %d s, %s, %d instance(s)%s, workers %s\n",
        workstations, backlog, claimMax, seconds, database.isEmpty() ? "SQLite" : "PostgreSQL", instances,
        proxied ? " behind nginx" : "",
        serviceWorkers.isEmpty() ? "default" : qPrintable(serviceWorkers.last()));
    std::vector<Tally> tallies(static_cast<size_t>(workstations));
    std::atomic<bool> drained{false};
    const QDeadlineTimer until(qint64(seconds) * 1000);
    QElapsedTimer wall;
    wall.start();
    std::vector<std::thread> threads;
    for (int i = 0; i < workstations; ++i)
        threads.emplace_back([&, i] {
            workstation(i, urls.at(i % int(urls.size())), std::as_const(tokens)[i],
                        QStringLiteral("r%1").arg(i, 3, 10, QLatin1Char('0')), claimMax, until, drained,
                        tallies[size_t(i)]);
        });
    for (auto &t : threads)
        t.join();
    const double elapsed = double(wall.elapsed()) / 1000.0;
    for (auto &service : services) {
        service->terminate();
        service->waitForFinished(30000);
    }

    Tally all;
    for (Tally &t : tallies) {
        all.claimMs.insert(all.claimMs.end(), t.claimMs.begin(), t.claimMs.end());
        all.pushMs.insert(all.pushMs.end(), t.pushMs.begin(), t.pushMs.end());
        all.grants.insert(all.grants.end(), t.grants.begin(), t.grants.end());
        all.acknowledged += t.acknowledged;
        for (const auto &[code, n] : t.errors)
            all.errors[code] += n;
        all.claims += t.claims;
        all.pushes += t.pushes;
        all.accepted += t.accepted;
        all.conflicts += t.conflicts;
        all.rejected += t.rejected;
    }
    std::printf("%.1f s: %d claims (%.0f/s), %zu items leased (%.0f/s), %d verdicts accepted (%.0f/s)\n",
                elapsed, all.claims, all.claims / elapsed, all.grants.size(),
                double(all.grants.size()) / elapsed, all.accepted, all.accepted / elapsed);
    std::printf("claim latency  p50 %7.1f  p95 %7.1f  p99 %7.1f ms\n", percentile(all.claimMs, 0.5),
                percentile(all.claimMs, 0.95), percentile(all.claimMs, 0.99));
    std::printf("push latency   p50 %7.1f  p95 %7.1f  p99 %7.1f ms\n", percentile(all.pushMs, 0.5),
                percentile(all.pushMs, 0.95), percentile(all.pushMs, 0.99));
    std::printf("conflicts %d, rejected %d\n", all.conflicts, all.rejected);
    for (const auto &[code, n] : all.errors)
        std::printf("  error %s: %d\n", qPrintable(code), n);

    // The invariants, read from the service's own database once it has stopped.
    auto store = service::ServiceStore::open(dataDir, database).value();
    int violations = 0;
    QHash<QString, int> verdictsPerItem;
    QSet<QString> stored;
    (void)store->forEachVerdict([&](const service::StoredVerdict &v) {
        if (v.verdictId.startsWith(QLatin1String("v-hist-")))
            return true; // the history seeded before the run
        stored.insert(v.verdictId);
        verdictsPerItem
            [QJsonDocument::fromJson(v.body).object().value(QStringLiteral("item_id")).toString()]++;
        return true;
    });
    int missing = 0;
    for (const QString &id : std::as_const(all.acknowledged))
        missing += !stored.contains(id);
    int twice = 0;
    for (auto it = verdictsPerItem.cbegin(); it != verdictsPerItem.cend(); ++it)
        twice += it.value() > 1;
    // Two grants of one item overlap when the later came before the earlier's lease ran out.
    std::map<QString, std::vector<const Grant *>> byItem;
    for (const Grant &g : all.grants)
        byItem[g.itemId].push_back(&g);
    int doubleLeased = 0, stuck = 0;
    for (auto &[item, grants] : byItem) {
        std::sort(grants.begin(), grants.end(),
                  [](const Grant *a, const Grant *b) { return a->grantedAtMs < b->grantedAtMs; });
        for (size_t k = 1; k < grants.size(); ++k)
            doubleLeased += grants[k]->grantedAtMs < grants[k - 1]->expiresAtMs;
    }
    // Anything under a live lease at the end, seen by the driver or not (a lease granted to a lost answer).
    auto live = store->database().prepare("SELECT count(*) FROM items WHERE state = 'queued' AND "
                                          "lease_device IS NOT NULL AND lease_expires_at >= ?");
    live->bind(1, nowMs());
    stuck = live->step().ok() ? int(live->int64(0)) : -1;
    const qsizetype unacknowledged = stored.size() - (qsizetype(all.acknowledged.size()) - missing);
    violations = missing + twice + doubleLeased + qAbs(stuck);
    std::printf(
        "invariants: acknowledged %lld, stored %lld (%lld never acknowledged to the driver), missing %d, "
        "items decided twice %d, leased twice while a lease lived %d, left under a live lease %d -> %s\n",
        qlonglong(all.acknowledged.size()), qlonglong(stored.size()), qlonglong(unacknowledged), missing,
        twice, doubleLeased, stuck, violations == 0 ? "held" : "VIOLATED");
    if (drained)
        std::printf("the backlog was drained: %lld of %d items decided\n", qlonglong(stored.size()), backlog);
    if (violations != 0)
        return 2;
    // For the smoke: any error, or nothing done, fails it (a timing never does).
    return all.errors.empty() && all.accepted > 0 && (!drained || stored.size() == backlog) ? 0 : 3;
}
