// The supervisor's view of the team, against the in-process reference service: the verdict feed pulled
// into the decision log (checked, incremental, a tampered entry quarantined and the rest kept), the team
// log's filters, and reference items — a decided item's media, or a blind QA sample, sealed into the vault
// under an id of its own and shredded when the supervisor is done.
#include "Policy.h"
#include "ServiceFixture.h"
#include "common/Base64Url.h"
#include "export/DecisionLog.h"
#include "queue/ReviewQueue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace veil;

namespace {

// Decides the first `count` open items of the seat's queue and pushes the verdicts.
QStringList decide(test::Seat &seat, int count, const QString &decision, const QStringList &labels)
{
    queue::ReviewQueue queue(*seat.ws);
    QStringList decided;
    for (const queue::QueueItem &item : queue.openItems(count).value()) {
        if (!queue.decide(item.itemId, decision, labels, QStringLiteral("reason"), QStringLiteral("t")).ok())
            qFatal("cannot decide");
        decided << item.itemId;
    }
    if (!seat.engine->push().ok())
        qFatal("cannot push");
    return decided;
}

qint64 count(test::Seat &seat, const char *sql)
{
    return seat.scalar(sql);
}

} // namespace

class TestSupervision : public QObject
{
    Q_OBJECT

private slots:
    void theTeamsDecisionsArePulledIntoTheLog()
    {
        QTemporaryDir dir;
        test::Service service(dir.filePath(QStringLiteral("svc")), 8);
        test::Seat lea(dir.filePath(QStringLiteral("lea")), service, QStringLiteral("lea"));
        test::Seat sam(dir.filePath(QStringLiteral("sam")), service, QStringLiteral("sam"));
        test::Seat sup(dir.filePath(QStringLiteral("sup")), service, QStringLiteral("sue"),
                       QStringLiteral("supervisor"));
        QVERIFY(lea.engine->syncOnce(3).ok());
        QVERIFY(sam.engine->syncOnce(3).ok());
        const QStringList byLea = decide(lea, 3, QStringLiteral("remove"), {QStringLiteral("violence_gore")});
        const QStringList bySam = decide(sam, 2, QStringLiteral("no_violation"), {});

        // A moderator has no feed; a supervisor pulls all five, with the item's facts.
        QCOMPARE(lea.engine->feed().pullFeed().value(), 0);
        QCOMPARE(sup.engine->feed().pullFeed(2).value(), 5); // pages of two: the cursor carries on
        QCOMPARE(count(sup, "SELECT COUNT(*) FROM decision_feed"), 5);
        QCOMPARE(sup.engine->feed().pullFeed().value(), 0); // nothing new, nothing twice

        exports::DecisionLog team(sup.ws->database(), exports::DecisionLog::Source::Team);
        const auto all = team.records().value();
        QCOMPARE(all.size(), 5);
        for (const exports::DecisionRecord &r : all) {
            QCOMPARE(r.state, QStringLiteral("accepted"));
            QVERIFY(!r.category.isEmpty());
            QVERIFY(!r.source.isEmpty());
            QVERIFY(r.decidedAtMs > 0);
            QVERIFY(r.contentDateMs > 0);
            QVERIFY(byLea.contains(r.itemId) || bySam.contains(r.itemId));
        }
        exports::DecisionFilter f;
        f.reviewer = QStringLiteral("sam");
        QCOMPARE(team.records(f)->size(), 2);
        f = {};
        f.label = QStringLiteral("violence_gore");
        QCOMPARE(team.records(f)->size(), 3);
        f = {};
        f.decision = QStringLiteral("no_violation");
        f.category = all.first().category;
        for (const auto &r : team.records(f).value())
            QCOMPARE(r.verdict.value(QStringLiteral("decision")).toString(), QStringLiteral("no_violation"));
        f = {};
        f.fromMs = all.last().decidedAtMs + 1;
        QCOMPARE(team.records(f)->size(), 0);
        // The supervisor's own log stays their own.
        QCOMPARE(exports::DecisionLog(sup.ws->database()).records()->size(), 0);
    }

    void aTamperedFeedEntryIsQuarantinedAndTheRestKept()
    {
        QTemporaryDir dir;
        test::Service service(dir.filePath(QStringLiteral("svc")), 4);
        test::Seat lea(dir.filePath(QStringLiteral("lea")), service, QStringLiteral("lea"));
        test::Seat sup(dir.filePath(QStringLiteral("sup")), service, QStringLiteral("sue"),
                       QStringLiteral("supervisor"));
        QVERIFY(lea.engine->syncOnce(3).ok());
        const QStringList decided =
            decide(lea, 3, QStringLiteral("remove"), {QStringLiteral("violence_gore")});
        // The stored verdict is altered after it was accepted: its signature no longer holds.
        auto edit = service.store->database().prepare(
            "UPDATE verdicts SET body = replace(body, '\"remove\"', '\"no_violation\"') WHERE item_id = ?");
        edit->bind(1, decided[1]);
        QVERIFY(edit->run().ok());

        QCOMPARE(sup.engine->feed().pullFeed().value(), 2);
        QCOMPARE(count(sup, "SELECT COUNT(*) FROM decision_feed"), 2);
        auto reason = sup.ws->database().prepare("SELECT item_id, reason_code FROM quarantine");
        QVERIFY(reason->step().value());
        QCOMPARE(reason->text(0), decided[1]);
        QCOMPARE(reason->text(1), QStringLiteral("bad_signature"));
        reason->reset();
        // The cursor moved past it: the next pull does not fetch it again.
        QCOMPARE(sup.engine->feed().pullFeed().value(), 0);
        QCOMPARE(count(sup, "SELECT COUNT(*) FROM quarantine"), 1);
        // A full sync round pulls the feed too.
        QVERIFY(lea.engine->syncOnce(1).ok());
        decide(lea, 1, QStringLiteral("remove"), {QStringLiteral("violence_gore")});
        QCOMPARE(sup.engine->syncOnce(1)->feed, 1);
    }

    void aDecisionOpensAsAReferenceAndIsShredded()
    {
        QTemporaryDir dir;
        test::Service service(dir.filePath(QStringLiteral("svc")), 3);
        test::Seat lea(dir.filePath(QStringLiteral("lea")), service, QStringLiteral("lea"));
        test::Seat sup(dir.filePath(QStringLiteral("sup")), service, QStringLiteral("sue"),
                       QStringLiteral("supervisor"));
        QVERIFY(lea.engine->syncOnce(1).ok());
        const QString itemId =
            decide(lea, 1, QStringLiteral("remove"), {QStringLiteral("violence_gore")}).first();
        QCOMPARE(sup.engine->feed().pullFeed().value(), 1);

        auto opened = sup.engine->feed().openRecord(itemId);
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
        const QString vaultId = opened.value();
        QVERIFY(vaultId.startsWith(QLatin1String("ref-")));
        auto media =
            sup.ws->database().prepare("SELECT media, purpose FROM reference_items WHERE vault_id = ?");
        media->bind(1, vaultId);
        QVERIFY(media->step().value());
        QCOMPARE(media->text(1), QStringLiteral("record"));
        const QJsonObject file = QJsonDocument::fromJson(media->text(0).toUtf8()).array().first().toObject();
        media->reset();
        // Sealed in the vault, read back intact.
        auto bytes = sup.ws->vault()->loadBlob(
            vaultId, QStringLiteral("media:") + file[QStringLiteral("sha256")].toString(),
            file[QStringLiteral("blob_id")].toString());
        QVERIFY(bytes.ok());
        QCOMPARE(qint64(bytes->size()), qint64(file[QStringLiteral("size")].toDouble()));
        // Opened twice, two looks; dropped, the evidence is gone.
        auto again = sup.engine->feed().openRecord(itemId);
        QVERIFY(again.ok());
        QVERIFY(again.value() != vaultId);
        QVERIFY(sup.engine->feed().dropReference(vaultId).ok());
        QVERIFY(sup.ws->vault()->isShredded(vaultId));
        QVERIFY(!sup.ws->vault()
                     ->loadBlob(vaultId, QStringLiteral("media:") + file[QStringLiteral("sha256")].toString(),
                                file[QStringLiteral("blob_id")].toString())
                     .ok());
        QCOMPARE(sup.engine->feed().dropAllReferences().value(), 1);
        QCOMPARE(count(sup, "SELECT COUNT(*) FROM reference_items"), 0);
        QCOMPARE(count(sup, "SELECT COUNT(*) FROM audit_log WHERE action = 'reference.shred'"), 2);
        QCOMPARE(sup.engine->feed().openRecord(QStringLiteral("no-such-item")).error().code,
                 QStringLiteral("item_unknown"));
        QCOMPARE(sup.engine->feed().dropReference(vaultId).error().code, QStringLiteral("item_unknown"));
    }

    void aQaSampleOpensBlindAndAForgedOneIsRefused()
    {
        QTemporaryDir dir;
        test::Service service(dir.filePath(QStringLiteral("svc")), 3);
        // Every decision in the sample: the draw is salted at random, and a test must not depend on luck.
        QJsonObject policy = service::defaultPolicy();
        policy[QStringLiteral("qa_sample_rate")] = 1.0;
        service.api->setPolicy(policy);
        test::Seat lea(dir.filePath(QStringLiteral("lea")), service, QStringLiteral("lea"));
        test::Seat sup(dir.filePath(QStringLiteral("sup")), service, QStringLiteral("sue"),
                       QStringLiteral("supervisor"));
        QVERIFY(lea.engine->syncOnce(3).ok());
        decide(lea, 3, QStringLiteral("remove"), {QStringLiteral("violence_gore")});
        auto next = sup.engine->session().get(QStringLiteral("/v1/qa/next"));
        QVERIFY(next.ok());
        QJsonObject sample = next->value(QStringLiteral("item")).toObject();
        QVERIFY(!sample.isEmpty());
        // Blind: the payload has no verdict in it.
        QVERIFY(!QJsonDocument(sample).toJson().contains("\"decision\""));
        auto opened = sup.engine->feed().openQaSample(sample);
        QVERIFY(opened.ok());
        auto purpose =
            sup.ws->database().prepare("SELECT purpose, item_id FROM reference_items WHERE vault_id = ?");
        purpose->bind(1, opened.value());
        QVERIFY(purpose->step().value());
        QCOMPARE(purpose->text(0), QStringLiteral("qa"));
        QCOMPARE(purpose->text(1), sample.value(QStringLiteral("item_id")).toString());
        purpose->reset();

        QJsonObject forged = sample;
        QJsonObject payload = forged.value(QStringLiteral("payload")).toObject();
        payload[QStringLiteral("category")] = QStringLiteral("spam");
        forged[QStringLiteral("payload")] = payload;
        QCOMPARE(sup.engine->feed().openQaSample(forged).error().code,
                 QStringLiteral("bad_service_signature"));
        QCOMPARE(count(sup, "SELECT COUNT(*) FROM reference_items"), 1);
    }
};

QTEST_GUILESS_MAIN(TestSupervision)
#include "tst_supervision.moc"
