// The queue view at scale: N open items in a real workspace database (rows written directly: ingest
// speed is bench_sync's business), then what the workstation does when it opens — the queue model's first
// load — and what scrolling to the end costs, with the process's memory before and after; then the same
// queue grouped by family, as the window shows it.
// Usage: veil-bench-queue [N [FAMILY]]   (default 100000 items, families of 10)
#include "QueueModel.h"
#include "Workstation.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

using namespace veil;

namespace {

long rssKb()
{
    FILE *status = std::fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (status) {
        if (std::fscanf(status, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        std::fclose(status);
    }
    return resident * 4;
}

bool populate(store::Database &db, int n, int family)
{
    auto tx = store::Transaction::begin(db);
    if (!tx.ok())
        return false;
    auto item = db.prepare("INSERT INTO items(id, created_at) VALUES (?, 0)");
    // Through the table's owner, as ingest writes it.
    queue::QueueStore rows(db);
    auto cluster = db.prepare("INSERT INTO clusters(item_id, cluster_id, distance, pdq) VALUES (?, ?, 0, ?)");
    if (!item.ok() || !cluster.ok())
        return false;
    static const char *sources[] = {"prompt_filter", "output_classifier", "user_report", "hash_match"};
    static const char *categories[] = {"violence_gore", "hate_symbol", "likeness_real_person", "self_harm"};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < n; ++i) {
        const QString id = QStringLiteral("esc-%1").arg(i, 7, 10, QLatin1Char('0'));
        item->reset();
        item->bind(1, id);
        queue::NewQueueItem row;
        row.itemId = id;
        row.queue = QStringLiteral("escalations");
        row.leaseId = QStringLiteral("lease");
        row.source = QString::fromLatin1(sources[i % 4]);
        row.category = QString::fromLatin1(categories[i % 4]);
        row.priority = i % 4;
        row.dueAtMs = now - 3600000LL + qint64(i) * 1000;
        row.scores = QJsonObject{{QStringLiteral("nsfw"), 0.12},
                                 {QStringLiteral("violence"), 0.87},
                                 {QStringLiteral("hate"), 0.05},
                                 {QStringLiteral("likeness"), 0.3}};
        row.modelVersion = QStringLiteral("imagegen-2.1");
        row.media = {
            {QString(64, QLatin1Char('a')), QStringLiteral("image/jpeg"), 1000, QStringLiteral("b")}};
        row.sealedPrompt = row.sealedAccount = row.payloadSignature = QByteArray(1, '\0');
        cluster->reset();
        // Flood-like: every `family` items share one leader, interleaved (a flood's variants arrive mixed):
        // item i belongs to family i % families.
        const int families = std::max(1, n / family);
        cluster->bind(1, id).bind(2, QStringLiteral("fam-%1").arg(i % families, 7, 10, QLatin1Char('0')));
        cluster->bindBlob(3, QByteArray(32, char(i)));
        if (!item->run().ok() || !rows.insert(row).ok() || !cluster->run().ok())
            return false;
    }
    return tx->commit().ok();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? std::atoi(argv[1]) : 100000;
    const int family = std::max(1, argc > 2 ? std::atoi(argv[2]) : 10);
    QTemporaryDir dir;
    auto ws = Workspace::open(dir.filePath(QStringLiteral("ws")), true);
    if (!ws.ok() || !ws.value()->initialize("bench passphrase").ok())
        return 1;
    QElapsedTimer timer;
    timer.start();
    if (!populate(ws.value()->database(), n, family))
        return 1;
    std::printf("populated %d items in families of %d in %.1f s\n", n, family, timer.nsecsElapsed() / 1e9);

    sync::SyncEngine engine(*ws.value()); // not enrolled: offline, as a workstation on a train
    gui::Workstation workstation(*ws.value(), engine, false);
    const long before = rssKb();
    gui::QueueModel model;
    timer.restart();
    model.setWorkstation(&workstation); // the first load: counts + the first page
    const double open = timer.nsecsElapsed() / 1e6;
    std::printf("open the queue: %.1f ms (%d rows loaded of %d; %d overdue, %d due within the hour)\n", open,
                model.rowCount(), model.count(), model.breachedCount(), model.dueSoonCount());
    timer.restart();
    int pages = 0;
    double worstPage = 0;
    while (model.canFetchMore({})) {
        QElapsedTimer page;
        page.start();
        model.fetchMore({});
        worstPage = std::max(worstPage, page.nsecsElapsed() / 1e6);
        ++pages;
    }
    std::printf("scroll to the end: %.2f s for %d more pages (slowest page %.1f ms); %d rows\n",
                timer.nsecsElapsed() / 1e9, pages, worstPage, model.rowCount());
    const int loaded = model.rowCount();
    std::printf("memory: %.1f MB before the model, %.1f MB with all %d rows loaded\n", before / 1024.0,
                rssKb() / 1024.0, loaded);
    timer.restart();
    model.setSortBy(QStringLiteral("priority"));
    std::printf("re-sort by priority: %.1f ms\n", timer.nsecsElapsed() / 1e6);
    // What every decision and sync does: the queue changed, the model reloads its first page. Once with
    // only that page loaded (the usual case), once with the whole queue scrolled in.
    timer.restart();
    emit workstation.queueChanged();
    std::printf("reload after a change, first page loaded: %.1f ms\n", timer.nsecsElapsed() / 1e6);
    while (model.canFetchMore({}))
        model.fetchMore({});
    timer.restart();
    emit workstation.queueChanged();
    std::printf("reload after a change, %d rows loaded: %.1f ms\n", n, timer.nsecsElapsed() / 1e6);

    // The same queue as the window shows it: one row per family, the first family open.
    gui::QueueModel grouped;
    grouped.setGroupFamilies(true);
    timer.restart();
    grouped.setWorkstation(&workstation);
    std::printf("grouped: open the queue: %.1f ms (%d rows loaded of %d rows for %d items)\n",
                timer.nsecsElapsed() / 1e6, grouped.rowCount(), grouped.count(), grouped.itemCount());
    timer.restart();
    grouped.toggleFamilyAt(0);
    std::printf("grouped: open the first family: %.1f ms (%d rows)\n", timer.nsecsElapsed() / 1e6,
                grouped.count());
    timer.restart();
    pages = 0;
    worstPage = 0;
    while (grouped.canFetchMore({})) {
        QElapsedTimer page;
        page.start();
        grouped.fetchMore({});
        worstPage = std::max(worstPage, page.nsecsElapsed() / 1e6);
        ++pages;
    }
    std::printf("grouped: scroll to the end: %.2f s for %d more pages (slowest page %.1f ms); %d rows\n",
                timer.nsecsElapsed() / 1e9, pages, worstPage, grouped.rowCount());
    timer.restart();
    emit workstation.queueChanged(); // both models reload; the first one's cost is printed above
    std::printf("reload after a change, both models: %.1f ms\n", timer.nsecsElapsed() / 1e6);
    const bool groupedWhole = grouped.rowCount() == grouped.count() && grouped.itemCount() == n;
    return loaded == n && groupedWhole ? 0 : 1;
}
