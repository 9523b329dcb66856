// Near-duplicate families at the service, on a real store with real decoded flood variants: each filed item
// joins the family of its nearest earlier item (never one of another drawing, never an unrelated image), and
// claims hand families out whole: a reviewer's claim takes the rest of a family with its most urgent member,
// another reviewer's claim leaves a family being worked alone, and a member filed later goes to the reviewer
// who holds its family — until that reviewer's leases lapse.
#include "Policy.h"
#include "ServiceDatabase.h"
#include "TestSupport.h"
#include "crypto/Sha256.h"
#include "media/SyntheticImage.h"
#include "servicestore/EscalationIntake.h"
#include "servicestore/ServiceStore.h"
#include "store/Database.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

using namespace veil;
using namespace veil::service;

class TestFamilies : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto store = ServiceStore::open(m_dir->path(), test::serviceDatabase(m_dir->path()));
        QVERIFY(store.ok());
        m_store = std::move(store.value());
        m_now = QDateTime::currentMSecsSinceEpoch();
        m_filed = 0;
        m_drawingOf.clear();
    }
    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    // 3 drawings x 5 variants and 4 unrelated images, interleaved as a flood arrives: each drawing's variants
    // share one family, which no other drawing or unrelated image shares.
    void variantsOfOneDrawingShareAFamily()
    {
        fileFlood(5);
        QHash<int, QSet<QString>> familiesOfDrawing;
        QHash<QString, QSet<int>> drawingsOfFamily;
        for (auto it = m_drawingOf.cbegin(); it != m_drawingOf.cend(); ++it) {
            const QString family = m_store->families().familyOf(it.key()).value();
            QVERIFY(!family.isEmpty());
            familiesOfDrawing[it.value()].insert(family);
            drawingsOfFamily[family].insert(it.value());
        }
        for (int drawing = 1; drawing <= 3; ++drawing)
            QCOMPARE(familiesOfDrawing.value(drawing).size(), 1);
        for (auto it = drawingsOfFamily.cbegin(); it != drawingsOfFamily.cend(); ++it)
            QCOMPARE(it.value().size(), 1);
        // Unrelated images (drawing 0) stand alone: one family each.
        QCOMPARE(familiesOfDrawing.value(0).size(), 4);
        // A file's hash is kept once, at upload.
        const auto image = media::drawFloodMember(Seed, 1, 0).value();
        auto hash = m_store->families().mediaHash(crypto::sha256Hex(image.bytes));
        QVERIFY(hash.ok() && hash.value().has_value());
        QVERIFY(hash.value()->quality >= NearDuplicateFamilies::MinQuality);
    }

    void claimsHandOutWholeFamilies()
    {
        fileFlood(5);
        // The most urgent item is drawing 1's first variant: ann's claim of 4 takes it and 3 more of its
        // family, in due order, not the next urgent items of other drawings.
        const QList<Lease> first = claim(QStringLiteral("ann"), 4);
        QCOMPARE(drawings(first), QList<int>({1, 1, 1, 1}));
        QCOMPARE(first.first().itemId, idOf(1, 0));
        // bob's claim leaves drawing 1 to ann and starts drawing 2 the same way.
        const QList<Lease> bobs = claim(QStringLiteral("bob"), 4);
        QCOMPARE(drawings(bobs), QList<int>({2, 2, 2, 2}));
        // ann's next claim: the rest of her family first, then the most urgent item left, with its family.
        const QList<Lease> second = claim(QStringLiteral("ann"), 6);
        QCOMPARE(drawings(second), QList<int>({1, 3, 3, 3, 3, 3}));
        // bob: what is left of drawing 2, then the unrelated items; never drawing 1 or 3.
        QCOMPARE(drawings(claim(QStringLiteral("bob"), 10)), QList<int>({2, 0, 0, 0, 0}));
        // Nothing of ann's families is left for carl while she works them.
        QCOMPARE(claim(QStringLiteral("carl"), 10).size(), 0);

        // A variant filed later joins drawing 1's family and goes to ann, not to the others.
        fileVariant(1, 6);
        QCOMPARE(claim(QStringLiteral("bob"), 10).size(), 0);
        QCOMPARE(drawings(claim(QStringLiteral("ann"), 10)), QList<int>({1}));
        // Once ann's leases lapse, her families are anyone's again: carl's claim starts with the most urgent
        // item, drawing 1's first variant, and takes all 7 of drawing 1 with it.
        fileVariant(1, 7);
        const QList<Lease> late = claim(QStringLiteral("carl"), 8, m_now + LeaseMs + 1);
        QCOMPARE(drawings(late), QList<int>({1, 1, 1, 1, 1, 1, 1, 2}));
    }

    // A member its family's holder gave back (a skip with a reason) goes to another reviewer at once; it
    // does not wait behind the holder's leases, and the holder is not offered it again.
    void aSkippedMemberIsAnyonesElse()
    {
        fileFlood(5);
        const QList<Lease> anns = claim(QStringLiteral("ann"), 4);
        QCOMPARE(drawings(anns), QList<int>({1, 1, 1, 1}));
        QVERIFY(m_store
                    ->release(anns.at(1).leaseId, QStringLiteral("ann"),
                              Skip{QStringLiteral("ann"), QStringLiteral("conflict"), m_now})
                    .ok());
        // bob's claim reaches it in due order (after drawings 2 and 3 and an unrelated item) and takes it,
        // alone: taking it over does not make drawing 1 bob's, the rest of it stays with ann.
        const QList<Lease> bobs = claim(QStringLiteral("bob"), 20);
        QVERIFY(itemIds(bobs).contains(anns.at(1).itemId));
        QCOMPARE(drawings(bobs).count(1), 1);
        QVERIFY(!drawings(claim(QStringLiteral("bob"), 10)).contains(1));
        const QList<Lease> again = claim(QStringLiteral("ann"), 10);
        QVERIFY(!itemIds(again).contains(anns.at(1).itemId));
        QCOMPARE(drawings(again).first(), 1);
    }

    // A flood re-posts mirrored copies, which PDQ puts as far apart as unrelated images: a mirrored variant
    // joins its drawing's family by the mirrored hash, and a later mirrored variant finds it there too.
    void mirroredVariantsJoinTheirFamily()
    {
        for (int v = 0; v < 3; ++v)
            fileVariant(1, v);
        fileVariant(2, 0);
        const QString family = m_store->families().familyOf(idOf(1, 0)).value();
        for (int v = 10; v < 14; ++v) {
            auto image = media::drawFloodMember(Seed, 1, v, 100);
            QVERIFY(image.ok());
            const QString sha = crypto::sha256Hex(image->bytes);
            QVERIFY(uploadMedia(*m_store, sha, image->bytes).ok());
            auto filed = file(QStringLiteral("mirrored-%1").arg(v), sha, m_filed++);
            QVERIFY(filed.ok());
            QCOMPARE(m_store->families().familyOf(filed->itemId).value(), family);
        }
        QVERIFY(m_store->families().familyOf(idOf(2, 0)).value() != family);
    }

    // Only the holder's own skip frees a member: one skipped earlier by somebody else stays with the family,
    // so the family is not split between its holder and whoever claims next.
    void aSkipByAnotherReviewerDoesNotSplitAFamily()
    {
        fileFlood(5);
        const QList<Lease> carls = claim(QStringLiteral("carl"), 5);
        QCOMPARE(drawings(carls), QList<int>({1, 1, 1, 1, 1}));
        const QString skipped = carls.at(4).itemId;
        QVERIFY(m_store
                    ->release(carls.at(4).leaseId, QStringLiteral("carl"),
                              Skip{QStringLiteral("carl"), QStringLiteral("conflict"), m_now})
                    .ok());
        // carl's other leases lapse; ann takes three of drawing 1 (not the one carl skipped, the last due).
        const qint64 later = m_now + LeaseMs + 1;
        const QList<Lease> anns = claim(QStringLiteral("ann"), 3, later);
        QCOMPARE(drawings(anns), QList<int>({1, 1, 1}));
        QVERIFY(!itemIds(anns).contains(skipped));
        // bob gets nothing of drawing 1: carl's skip does not give the member away from ann.
        const QList<Lease> bobs = claim(QStringLiteral("bob"), 20, later);
        QVERIFY(!bobs.isEmpty());
        QVERIFY(!drawings(bobs).contains(1));
        // ann's next claim has the rest of her family, the skipped member with it.
        const QList<Lease> rest = claim(QStringLiteral("ann"), 2, later);
        QCOMPARE(drawings(rest), QList<int>({1, 1}));
        QVERIFY(itemIds(rest).contains(skipped));
    }

    // Items that name media without a usable hash (a flat image) join no family and are claimed one by one.
    void flatImagesStandAlone()
    {
        cv::Mat grey(64, 64, CV_8UC1, cv::Scalar(128));
        std::vector<uchar> png;
        QVERIFY(cv::imencode(".png", grey, png));
        const QByteArray bytes(reinterpret_cast<const char *>(png.data()), qsizetype(png.size()));
        const QString sha = crypto::sha256Hex(bytes);
        QVERIFY(uploadMedia(*m_store, sha, bytes).ok());
        for (int i = 0; i < 3; ++i)
            QVERIFY(file(QStringLiteral("flat:%1").arg(i), sha, i).ok());
        QCOMPARE(m_store->families().familyOf(m_idOf.value(QStringLiteral("flat:0"))).value(), QString());
        // No family: nothing holds the third for ann while she works the first two.
        QCOMPARE(claim(QStringLiteral("ann"), 2).size(), 2);
        QCOMPARE(claim(QStringLiteral("bob"), 10).size(), 1);
    }

    // Several instances on one PostgreSQL database: a claim takes neither the writers' lock (it runs while
    // another instance holds it) nor an item another claim has locked, nor a family another claim is taking
    // — it passes them over instead of waiting — and they are there for the next claim.
    void claimsOnOneDatabaseRunSideBySide()
    {
        if (!test::onPostgres())
            QSKIP("row locks are PostgreSQL's; on SQLite one writer at a time serialises claims");
        fileFlood(5);
        auto other = ServiceStore::open(m_dir->path(), test::serviceDatabase(m_dir->path()));
        QVERIFY(other.ok());
        store::Database &db = other.value()->database();
        const QString lockedItem = idOf(0, 0);
        const QString lockedFamily = m_store->families().familyOf(idOf(1, 0)).value();
        QVERIFY(!lockedFamily.isEmpty());
        {
            auto writers = store::Transaction::begin(db); // the writers' lock, held meanwhile
            QVERIFY(writers.ok());
            auto row = db.prepare("SELECT 1 FROM items WHERE item_id = ? FOR UPDATE");
            QVERIFY(row.ok());
            row->bind(1, lockedItem);
            QVERIFY(row->step().value());
            row->reset();
            auto family =
                db.prepare("SELECT pg_advisory_xact_lock(hashtextextended(?, 8531340983704643957))");
            QVERIFY(family.ok());
            family->bind(1, lockedFamily);
            QVERIFY(family->step().ok());
            family->reset();
            // On a thread: were the claim to wait for a lock held here, the test would see it time out
            // rather than hang.
            std::optional<Result<QList<Lease>>> claimed;
            std::atomic_bool done = false;
            std::thread claimer([&] {
                claimed.emplace(m_store->claim(QStringLiteral("escalations"), QStringLiteral("ann"), 30,
                                               m_now, LeaseMs, QStringLiteral("ann")));
                done = true;
            });
            QDeadlineTimer deadline(20000);
            while (!done && !deadline.hasExpired())
                QThread::msleep(20);
            const bool finished = done;
            const bool committed = writers->commit().ok(); // lets a waiting claim go, so it can be joined
            claimer.join();
            QVERIFY(committed);
            QVERIFY2(finished, "the claim waited for a lock another instance held");
            QVERIFY(claimed->ok());
            const QStringList taken = itemIds(claimed->value());
            QVERIFY(!taken.contains(lockedItem));
            for (const QString &item : taken)
                QVERIFY(m_store->families().familyOf(item).value() != lockedFamily);
            // Everything else was there to take: the other two drawings' families and three unrelated images.
            QCOMPARE(taken.size(), 10 + 3);
        }
        // Released, they are the next claim's.
        const QStringList bobs = itemIds(claim(QStringLiteral("bob"), 30));
        QVERIFY(bobs.contains(lockedItem));
        QCOMPARE(bobs.size(), 1 + 5);
    }

    // Two instances on one database: each joins the families the other formed after it started (each
    // used to load the families once, so a flood split in two, one family per instance).
    void familiesFormedByAnotherInstanceAreJoined()
    {
        auto other = ServiceStore::open(m_dir->path(), test::serviceDatabase(m_dir->path()));
        QVERIFY(other.ok());
        fileVariant(0, 0, other.value().get()); // the other instance has its families in memory now
        fileVariant(0, 1);                      // and so has this one
        fileVariant(1, 0);                      // drawing 1 starts a family here
        fileVariant(1, 1, other.value().get()); // its variant is filed there
        fileVariant(2, 0, other.value().get()); // drawing 2 starts one there
        fileVariant(2, 1);                      // its variant is filed here
        QCOMPARE(m_store->families().familyOf(idOf(1, 1)).value(), idOf(1, 0));
        QCOMPARE(m_store->families().familyOf(idOf(2, 1)).value(), idOf(2, 0));
        QCOMPARE(m_store->families().familyOf(idOf(0, 1)).value(), idOf(0, 1)); // unrelated: its own
    }

    // Two instances claiming at once for two reviewers, small claims until the backlog is gone: no item is
    // handed to both, nothing is left out, and no family is split between them.
    void racingClaimsNeverShareAnItemOrAFamily()
    {
        if (!test::onPostgres())
            QSKIP("on SQLite one writer at a time serialises claims");
        fileFlood(5);
        auto other = ServiceStore::open(m_dir->path(), test::serviceDatabase(m_dir->path()));
        QVERIFY(other.ok());
        QHash<QString, QString> holder; // item -> device
        QStringList failures;
        std::mutex guard;
        auto claimer = [&](ServiceStore *store, const QString &device) {
            for (int empty = 0; empty < 3;) {
                auto leases = store->claim(QStringLiteral("escalations"), device, 2, m_now, LeaseMs, device);
                const std::lock_guard lock(guard);
                if (!leases.ok()) {
                    failures << leases.error().toString();
                    return;
                }
                empty = leases->isEmpty() ? empty + 1 : 0;
                for (const Lease &lease : leases.value()) {
                    if (holder.contains(lease.itemId))
                        failures << QStringLiteral("%1 leased to %2 and %3")
                                        .arg(lease.itemId, holder.value(lease.itemId), device);
                    holder.insert(lease.itemId, device);
                }
            }
        };
        std::thread ann(claimer, m_store.get(), QStringLiteral("ann"));
        std::thread bob(claimer, other.value().get(), QStringLiteral("bob"));
        ann.join();
        bob.join();
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        QCOMPARE(holder.size(), m_drawingOf.size());
        QHash<QString, QSet<QString>> devicesOfFamily;
        for (auto it = holder.cbegin(); it != holder.cend(); ++it)
            devicesOfFamily[m_store->families().familyOf(it.key()).value()].insert(it.value());
        for (auto it = devicesOfFamily.cbegin(); it != devicesOfFamily.cend(); ++it)
            QVERIFY2(it.value().size() == 1, qPrintable(it.key()));
    }

    // A claim retried under its request id is answered with the first claim's leases, not new ones; another
    // id claims anew.
    void aRetriedClaimGetsTheSameLeases()
    {
        fileFlood(2);
        auto claimOnce = [&](const QString &requestId) {
            auto leases = m_store->claimOnce(QStringLiteral("escalations"), QStringLiteral("ann"), requestId,
                                             2, m_now, LeaseMs, QStringLiteral("ann"));
            if (!leases.ok())
                qFatal("claim failed: %s", qPrintable(leases.error().toString()));
            QStringList ids;
            for (const Lease &lease : leases.value())
                ids << lease.leaseId;
            return ids;
        };
        const QStringList first = claimOnce(QStringLiteral("req-1"));
        QCOMPARE(first.size(), 2);
        QCOMPARE(claimOnce(QStringLiteral("req-1")), first);
        const QStringList second = claimOnce(QStringLiteral("req-2"));
        QCOMPARE(second.size(), 2);
        for (const QString &id : second)
            QVERIFY(!first.contains(id));
        QCOMPARE(claimOnce(QStringLiteral("req-1")), first);
    }

    // A verdict is stored only while its item is still queued under the lease it names: checked by the
    // write itself, so a claim on another instance that took the item since wins, and nothing is stored.
    void aVerdictNeedsItsLeaseWhenItIsStored()
    {
        fileFlood(1);
        const QList<Lease> anns = claim(QStringLiteral("ann"), 1);
        QCOMPARE(anns.size(), 1);
        const Lease &lease = anns.first();
        auto stale =
            m_store->acceptVerdict(QStringLiteral("v-stale"), lease.itemId, "{}", "sig", QStringLiteral("k"),
                                   QStringLiteral("ann"), QStringLiteral("other"));
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().code, QStringLiteral("lease_lost"));
        QVERIFY(!m_store->verdict(QStringLiteral("v-stale")));
        QVERIFY(m_store
                    ->acceptVerdict(QStringLiteral("v-live"), lease.itemId, "{}", "sig", QStringLiteral("k"),
                                    QStringLiteral("ann"), lease.leaseId)
                    .ok());
        QVERIFY(m_store->verdict(QStringLiteral("v-live")));
        // Decided now: the same lease stores nothing more.
        auto again = m_store->acceptVerdict(QStringLiteral("v-again"), lease.itemId, "{}", "sig",
                                            QStringLiteral("k"), QStringLiteral("ann"), lease.leaseId);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("lease_lost"));
        QVERIFY(!m_store->verdict(QStringLiteral("v-again")));
    }

private:
    static constexpr quint64 Seed = 20261202;
    static constexpr qint64 LeaseMs = 15 * 60 * 1000;

    // Files one escalation for media sha; `order` makes it the order-th most urgent (older: due sooner).
    Result<IntakeAnswer> file(const QString &externalId, const QString &sha, int order,
                              ServiceStore *store = nullptr)
    {
        const QJsonObject filing{
            {QStringLiteral("external_id"), externalId},
            {QStringLiteral("category"), QStringLiteral("violence_gore")},
            {QStringLiteral("source"), QStringLiteral("prompt_filter")},
            {QStringLiteral("priority"), 1},
            {QStringLiteral("created_at"),
             QDateTime::fromMSecsSinceEpoch(m_now - 3600000 + order * 1000, Qt::UTC).toString(Qt::ISODate)},
            {QStringLiteral("prompt"), QStringLiteral("p")},
            {QStringLiteral("model_version"), QStringLiteral("m")},
            {QStringLiteral("account"), QStringLiteral("a")},
            {QStringLiteral("scores"), QJsonObject{{QStringLiteral("violence"), 0.7}}},
            {QStringLiteral("media"), QJsonArray{sha}}};
        auto filed = fileEscalation(store ? *store : *m_store, defaultPolicy(), QStringLiteral("flood"),
                                    filing, m_now);
        if (filed.ok())
            m_idOf.insert(externalId, filed->itemId);
        return filed;
    }

    // Drawing d's variant v (d 0: an unrelated image, v its number), filed as the next most urgent item.
    void fileVariant(int drawing, int variant, ServiceStore *store = nullptr)
    {
        auto image = drawing == 0 ? media::drawSynthetic(900 + variant, 1)
                                  : media::drawFloodMember(Seed, drawing, variant);
        QVERIFY(image.ok());
        const QString sha = crypto::sha256Hex(image->bytes);
        QVERIFY(uploadMedia(store ? *store : *m_store, sha, image->bytes).ok());
        const QString externalId = QStringLiteral("d%1-v%2").arg(drawing).arg(variant);
        auto filed = file(externalId, sha, m_filed++, store);
        QVERIFY2(filed.ok(), qPrintable(filed.ok() ? QString() : filed.error().toString()));
        m_drawingOf.insert(filed->itemId, drawing);
    }

    // Variants interleaved, drawing by drawing, then the unrelated images among them.
    void fileFlood(int variants)
    {
        for (int v = 0; v < variants; ++v) {
            for (int drawing = 1; drawing <= 3; ++drawing)
                fileVariant(drawing, v);
            if (v < 4)
                fileVariant(0, v);
        }
    }

    QString idOf(int drawing, int variant) const
    {
        return m_idOf.value(QStringLiteral("d%1-v%2").arg(drawing).arg(variant));
    }

    QList<Lease> claim(const QString &device, int max, qint64 at = 0)
    {
        auto leases =
            m_store->claim(QStringLiteral("escalations"), device, max, at ? at : m_now, LeaseMs, device);
        if (!leases.ok())
            qFatal("claim failed: %s", qPrintable(leases.error().toString()));
        return leases.value();
    }

    static QStringList itemIds(const QList<Lease> &leases)
    {
        QStringList out;
        for (const Lease &lease : leases)
            out << lease.itemId;
        return out;
    }

    QList<int> drawings(const QList<Lease> &leases) const
    {
        QList<int> out;
        for (const Lease &lease : leases)
            out << m_drawingOf.value(lease.itemId, -1);
        return out;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServiceStore> m_store;
    qint64 m_now = 0;
    int m_filed = 0;
    QHash<QString, int> m_drawingOf; // item id -> drawing (0: unrelated)
    QHash<QString, QString> m_idOf;  // external id -> item id
};

QTEST_GUILESS_MAIN(TestFamilies)
#include "tst_families.moc"
