// What a service request costs as history grows: one real service database (SQLite in a temp directory)
// grown to each history size in turn (decided items and their verdicts), with an open backlog of which
// most is held under live leases by other workstations. At each size: GET /v1/sla/summary's computation,
// a claim of 20 (the walk past held items), the next QA re-review item (GET /v1/qa/next, at the policy's
// 5 % sample, a tenth of the history's sample re-reviewed already) and the QA agreement over them, the
// verdicts export (time and the peak memory it adds), and the WAL file's size. A flat service costs the same
// at every size. Then the whole history archived (veil-service archive): cases per second, the file, the same
// requests after it.
//   veil-bench-service [HISTORY] [BACKLOG] [HELD] [--postgres | --database URI] [--bulk]
// --postgres runs the same against a throwaway PostgreSQL cluster (tests/PgCluster.h), --database against
// the given one (its WAL is PostgreSQL's business: not reported).
#include "BenchDatabase.h"
#include "Policy.h"
#include "qa/Agreement.h"
#include "servicestore/CaseArchive.h"
#include "servicestore/QaReviews.h"
#include "servicestore/ServiceStore.h"
#include "servicestore/SlaSummary.h"

#include "crypto/Ed25519.h"
#include "protocol/Verdict.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace veil;

namespace {

constexpr qint64 HourMs = 3600LL * 1000;

QJsonObject payloadFor(const QString &itemId, qint64 createdMs)
{
    return {{QStringLiteral("type"), QStringLiteral("veil.escalation.v1")},
            {QStringLiteral("item_id"), itemId},
            {QStringLiteral("source"), QStringLiteral("prompt_filter")},
            {QStringLiteral("created_at"),
             QDateTime::fromMSecsSinceEpoch(createdMs, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("due_at"),
             QDateTime::fromMSecsSinceEpoch(createdMs + 4 * HourMs, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("priority"), 1},
            {QStringLiteral("category"), QStringLiteral("violence_gore")},
            {QStringLiteral("scores"), QJsonObject{{QStringLiteral("violence"), 0.5}}},
            {QStringLiteral("prompt"), QStringLiteral("synthetic benchmark prompt")},
            {QStringLiteral("model_version"), QStringLiteral("imagegen-2.0")},
            {QStringLiteral("account"), QStringLiteral("acct-00001")},
            {QStringLiteral("media"), QJsonArray()}};
}

// Adds items [from, to) due after createdMs + 4 h, in transactions of 5,000.
void addItems(service::ServiceStore &store, const QString &prefix, int from, int to, qint64 createdMs)
{
    for (int start = from; start < to; start += 5000) {
        auto tx = store::Transaction::begin(store.database());
        for (int i = start; i < std::min(to, start + 5000); ++i) {
            const QString id = prefix + QString::number(i).rightJustified(7, QLatin1Char('0'));
            const qint64 created = createdMs + i;
            (void)store.addItem(QStringLiteral("escalations"), payloadFor(id, created), created + 4 * HourMs,
                                1);
        }
        (void)tx->commit();
    }
}

// Decides the history items [from, to) as accepted verdicts signed by the device's key.
void decideItems(service::ServiceStore &store, const crypto::ed25519::SigningKey &key, const QString &keyId,
                 int from, int to)
{
    for (int start = from; start < to; start += 5000) {
        auto tx = store::Transaction::begin(store.database());
        for (int i = start; i < std::min(to, start + 5000); ++i) {
            const QString id =
                QStringLiteral("hist-") + QString::number(i).rightJustified(7, QLatin1Char('0'));
            const QByteArray body = QStringLiteral("{\"decision\":\"no_violation\",\"item_id\":\"%1\","
                                                   "\"verdict_id\":\"v-%1\"}")
                                        .arg(id)
                                        .toUtf8();
            (void)store.acceptVerdict(QStringLiteral("v-") + id, id, body, key.sign(body).value(), keyId,
                                      QStringLiteral("alex"));
        }
        (void)tx->commit();
    }
}

// --bulk on PostgreSQL: the history [from, to) written by the server itself (generate_series), decided
// items and their verdicts as the per-item path leaves them but for the signatures' bytes (no request read
// here checks them) and the SLA histogram's counts of them: a million items in minutes rather than an hour
// of round trips.
bool bulkHistory(service::ServiceStore &store, const QString &keyId, int from, int to, qint64 now)
{
    QByteArray payload =
        QJsonDocument(payloadFor(QStringLiteral("@ID@"), now - 48 * HourMs)).toJson(QJsonDocument::Compact);
    payload.replace('\'', "''");
    const QByteArray id = "'hist-' || lpad(g::text, 7, '0')";
    const QByteArray items =
        "INSERT INTO items(item_id, queue, payload, signature, media, due_at, priority, start_at, state, "
        "decided_at) SELECT " +
        id + ", 'escalations', replace('" + payload + "', '@ID@', " + id + "), decode('00', 'hex'), '', " +
        QByteArray::number(now - 44 * HourMs) + ", 1, " + QByteArray::number(now - 48 * HourMs) +
        ", 'decided', " + QByteArray::number(now) + " FROM generate_series(" + QByteArray::number(from) +
        ", " + QByteArray::number(to - 1) + ") g";
    const QByteArray verdicts =
        "INSERT INTO verdicts(verdict_id, item_id, body, signature, key_id, reviewer, accepted_at) SELECT "
        "'v-' || " +
        id + ", " + id + ", '{\"decision\":\"no_violation\",\"item_id\":\"' || " + id +
        " || '\",\"verdict_id\":\"v-' || " + id + " || '\"}', decode('00', 'hex'), '" + keyId.toLatin1() +
        "', 'alex', " + QByteArray::number(now) + " FROM generate_series(" + QByteArray::number(from) + ", " +
        QByteArray::number(to - 1) + ") g ORDER BY g";
    auto tx = store::Transaction::begin(store.database());
    return tx.ok() && store.database().exec(items.constData()).ok() &&
           store.database().exec(verdicts.constData()).ok() && tx->commit().ok();
}

// The agreement as it was computed before the counts (QaReviews::pairs, removed): every re-review read with
// its verdict, both parsed, qa::report over the pairs. The "before" of the qa agreement column.
qa::AgreementReport everyReReview(service::ServiceStore &store)
{
    QList<qa::RatedPair> pairs;
    auto stmt = store.database().prepare("SELECT q.item_id, q.reviewer, v.body, q.decision, q.labels "
                                         "FROM qa_reviews q JOIN verdicts v ON v.verdict_id = q.verdict_id "
                                         "ORDER BY q.at, q.item_id");
    if (!stmt.ok())
        return {};
    while (stmt->step().value()) {
        const QJsonObject verdict = QJsonDocument::fromJson(stmt->blob(2)).object();
        QStringList qaLabels;
        for (const QJsonValue &l : QJsonDocument::fromJson(stmt->text(4).toUtf8()).array())
            qaLabels << l.toString();
        pairs.append({stmt->text(0), stmt->text(1), verdict.value(QStringLiteral("decision")).toString(),
                      protocol::verdictLabels(verdict), stmt->text(3), qaLabels});
    }
    return qa::report(pairs);
}

qint64 kib(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    return 0;
}

double medianMs(std::vector<double> samples)
{
    std::sort(samples.begin(), samples.end());
    return samples.empty() ? 0 : samples[samples.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("veil.*.info=false"));
    bench::BenchDatabase storeOption;
    if (!storeOption.parse(argc, argv))
        return 1;
    const QString database = storeOption.uri();
    // --bulk: on PostgreSQL, the history written server-side (bulkHistory).
    bool bulk = false;
    for (int i = 1; i < argc; ++i) {
        if (QByteArray(argv[i]) == "--bulk") {
            bulk = true;
            std::copy(argv + i + 1, argv + argc, argv + i);
            --argc;
            break;
        }
    }
    const int history = argc > 1 ? QByteArray(argv[1]).toInt() : 300000;
    const int backlog = argc > 2 ? QByteArray(argv[2]).toInt() : 50000;
    const int held = std::min(backlog, argc > 3 ? QByteArray(argv[3]).toInt() : 45000);
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("svc"));
    auto opened = service::ServiceStore::open(dataDir, database);
    if (!opened.ok()) {
        std::fprintf(stderr, "cannot open the service's store: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    auto store = std::move(opened.value());
    std::printf("store: %s\n", database.isEmpty() ? "SQLite" : "PostgreSQL");
    const QJsonObject policy = service::defaultPolicy();

    auto deviceKey = [&](const QString &reviewer) {
        auto pair = crypto::ed25519::generate().value();
        auto key = crypto::ed25519::SigningKey::fromSeed(pair.seed).value();
        const auto device = store->enroll(reviewer, key.publicKey()).value();
        return std::make_pair(std::move(key), device);
    };
    auto [historyKey, historyDevice] = deviceKey(QStringLiteral("alex"));
    auto [holderKey, holder] = deviceKey(QStringLiteral("sam"));
    auto [claimerKey, claimer] = deviceKey(QStringLiteral("kim"));
    Q_UNUSED(historyKey)
    Q_UNUSED(holderKey)
    Q_UNUSED(claimerKey)

    // The held part of the backlog is due first: a claim that walks in due order walks past all of it.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    addItems(*store, QStringLiteral("open-"), 0, backlog, now - 6 * HourMs);
    for (int taken = 0; taken < held;) {
        auto leases = store->claim(QStringLiteral("escalations"), holder.deviceId,
                                   std::min(1000, held - taken), now, 24 * HourMs, QStringLiteral("sam"));
        if (!leases.ok() || leases->isEmpty())
            break;
        taken += int(leases->size());
    }
    std::printf("backlog %d open items, %d of them under live leases of another workstation\n", backlog,
                held);
    std::printf("%9s %14s %14s %14s %24s %12s %14s %10s\n", "history", "sla summary", "claim 20", "qa next",
                "qa agreement (before)", "export", "export +RSS", "WAL");

    // The SLA summary (median of 5) and a claim of 20 by a third workstation, released after each (of 20).
    const auto summaryTimes = [&] {
        std::vector<double> times;
        QElapsedTimer timer;
        for (int run = 0; run < 5; ++run) {
            timer.start();
            (void)service::slaSummary(*store, policy, now);
            times.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        return times;
    };
    const auto claimTimes = [&, claimerId = claimer.deviceId] {
        std::vector<double> times;
        QElapsedTimer timer;
        for (int run = 0; run < 20; ++run) {
            timer.start();
            auto leases =
                store->claim(QStringLiteral("escalations"), claimerId, 20, now, 60000, QStringLiteral("kim"));
            times.push_back(double(timer.nsecsElapsed()) / 1e6);
            for (const service::Lease &lease : leases.value())
                (void)store->release(lease.leaseId, claimerId);
        }
        return times;
    };

    std::vector<int> sizes;
    for (int size : {0, history / 5, history / 2, history})
        if (sizes.empty() || size > sizes.back())
            sizes.push_back(size);
    int grown = 0;
    for (const int size : sizes) {
        if (bulk && !database.isEmpty()) {
            if (!bulkHistory(*store, historyDevice.keyId, grown, size, now)) {
                std::fprintf(stderr, "the bulk history could not be written\n");
                return 1;
            }
        } else {
            addItems(*store, QStringLiteral("hist-"), grown, size, now - 48 * HourMs);
            decideItems(*store, historyKey, historyDevice.keyId, grown, size);
        }
        grown = size;
        // As autovacuum would soon after a bulk load: the decided items' entries in the open-items index
        // are dead until a vacuum, and every read through the index visits them.
        if (!database.isEmpty())
            (void)store->database().run("VACUUM ANALYZE");

        // A tenth of the new history's sample re-reviewed, oldest first, as supervisors work through it.
        service::QaReviews qa(*store, 0.05);
        for (int reviewed = 0, i = 0; i < size && reviewed < size / 200; ++i) {
            const QString id =
                QStringLiteral("hist-") + QString::number(i).rightJustified(7, QLatin1Char('0'));
            if (!qa.sampled(QStringLiteral("v-") + id).value())
                continue;
            auto recorded = qa.record(QStringLiteral("sam"), id, QStringLiteral("no_violation"), {}, now);
            reviewed += recorded.ok() || recorded.error().code == QLatin1String("already_reviewed");
        }
        const std::vector<double> summary = summaryTimes();
        const std::vector<double> claim = claimTimes();
        std::vector<double> qaNext;
        QElapsedTimer timer;
        for (int run = 0; run < 5; ++run) {
            timer.start();
            (void)qa.next(QStringLiteral("pat"));
            qaNext.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        std::vector<double> qaAgreement, qaEveryReview;
        for (int run = 0; run < 5; ++run) {
            timer.start();
            (void)qa.report();
            qaAgreement.push_back(double(timer.nsecsElapsed()) / 1e6);
            timer.start();
            (void)everyReReview(*store);
            qaEveryReview.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        // Peak RSS is reset so the export's own growth shows (Linux: clear_refs 5).
        QFile clear(QStringLiteral("/proc/self/clear_refs"));
        if (clear.open(QIODevice::WriteOnly))
            clear.write("5");
        clear.close();
        const qint64 rssBefore = kib("VmRSS:");
        qint64 lines = 0, bytes = 0;
        timer.start();
        (void)store->forEachVerdict([&](const service::StoredVerdict &v) {
            const protocol::SignedVerdict line{v.verdictId, {}, v.body, v.signature, v.keyId};
            bytes += line.toExportLine().size() + 1;
            ++lines;
            return true;
        });
        const double exportMs = double(timer.nsecsElapsed()) / 1e6;
        const qint64 rssGrowth = kib("VmHWM:") - rssBefore;
        const qint64 wal = QFileInfo(dataDir + QStringLiteral("/service.db-wal")).size();
        std::printf("%9d %11.2f ms %11.2f ms %11.2f ms %8.2f ms (%8.2f ms) %9.0f ms %10lld KiB %7.1f MB\n",
                    size, medianMs(summary), medianMs(claim), medianMs(qaNext), medianMs(qaAgreement),
                    medianMs(qaEveryReview), exportMs, qlonglong(rssGrowth), double(wal) / 1e6);
        if (lines != size)
            std::printf("  (exported %lld verdicts, %lld bytes)\n", qlonglong(lines), qlonglong(bytes));
    }

    // Archiving the whole history (veil-service archive): its rate, the file, and the same requests after.
    // This service never served a policy: nothing waits for an appeal window here.
    (void)store->noteAppealWindow(0);
    service::ArchiveOptions options;
    options.path = dir.filePath(QStringLiteral("cases.jsonl"));
    options.nowMs = QDateTime::currentMSecsSinceEpoch() + 2000;
    options.decidedBeforeMs = options.nowMs;
    QElapsedTimer timer;
    timer.start();
    auto archived = service::CaseArchive(*store).run(options);
    const double archiveS = double(timer.nsecsElapsed()) / 1e9;
    if (!archived.ok()) {
        std::fprintf(stderr, "archive failed: %s\n", qPrintable(archived.error().message));
        return 1;
    }
    const std::vector<double> summary = summaryTimes(), claim = claimTimes();
    std::printf("archive: %lld cases (%lld verdicts) in %.1f s, %.0f cases/s, file %.1f MB; after it: sla "
                "summary %.2f ms, claim 20 %.2f ms\n",
                qlonglong(archived->cases), qlonglong(archived->verdicts), archiveS,
                double(archived->cases) / archiveS, double(QFileInfo(options.path).size()) / 1e6,
                medianMs(summary), medianMs(claim));
    return 0;
}
