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

#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

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

private:
    static constexpr quint64 Seed = 20261202;
    static constexpr qint64 LeaseMs = 15 * 60 * 1000;

    // Files one escalation for media sha; `order` makes it the order-th most urgent (older: due sooner).
    Result<IntakeAnswer> file(const QString &externalId, const QString &sha, int order)
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
        auto filed = fileEscalation(*m_store, defaultPolicy(), QStringLiteral("flood"), filing, m_now);
        if (filed.ok())
            m_idOf.insert(externalId, filed->itemId);
        return filed;
    }

    // Drawing d's variant v (d 0: an unrelated image, v its number), filed as the next most urgent item.
    void fileVariant(int drawing, int variant)
    {
        auto image = drawing == 0 ? media::drawSynthetic(900 + variant, 1)
                                  : media::drawFloodMember(Seed, drawing, variant);
        QVERIFY(image.ok());
        const QString sha = crypto::sha256Hex(image->bytes);
        QVERIFY(uploadMedia(*m_store, sha, image->bytes).ok());
        const QString externalId = QStringLiteral("d%1-v%2").arg(drawing).arg(variant);
        auto filed = file(externalId, sha, m_filed++);
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
