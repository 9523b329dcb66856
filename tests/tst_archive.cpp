// Archiving decided cases (issue 18), on a real store of either engine: what is settled leaves the live
// tables for a JSON Lines file whose every record checks out on its own (the service's signature over each
// payload, each device's over each verdict); what is not settled (open, under appeal, behind a webhook)
// stays; what is left behind (tombstones) answers a verdict pushed again, a verdict or an appeal for an
// archived case and a second filing by name; the SLA summary keeps the archived decisions; media only
// archived items used is dropped, media a live item uses is kept; an archive file is never overwritten.
#include "Seeder.h"
#include "ServiceApi.h"
#include "ServiceDatabase.h"
#include "common/Base64Url.h"
#include "crypto/Ed25519.h"
#include "crypto/Sha256.h"
#include "pg/PgDatabase.h"
#include "protocol/Verdict.h"
#include "servicestore/AppealIntake.h"
#include "servicestore/CaseArchive.h"
#include "servicestore/QaReviews.h"
#include "servicestore/ServiceSchema.h"
#include "servicestore/ServiceStore.h"
#include "servicestore/SlaSummary.h"
#include "servicestore/WebhookSubscriptions.h"
#include "store/Migrations.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace veil;
using namespace veil::service;

namespace {

QList<QJsonObject> linesOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QJsonObject> lines;
    for (const QByteArray &line : file.readAll().split('\n'))
        if (!line.isEmpty())
            lines << QJsonDocument::fromJson(line).object();
    return lines;
}

} // namespace

class TestArchive : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_store = std::move(ServiceStore::open(m_dir->path(), test::serviceDatabase(m_dir->path())).value());
        m_now = QDateTime::currentMSecsSinceEpoch();
        // 30 escalations: 20 decided (with QA re-reviews), 10 left open; 3 decided ones under open appeal.
        QCOMPARE(seedEscalations(*m_store, 30, 7, m_now).value(), 30);
        const QStringList queued =
            ids("SELECT item_id FROM items WHERE queue = 'escalations' ORDER BY item_id");
        QCOMPARE(seedDecisionHistory(*m_store, queued.first(20), 7).value(), 20);
        QCOMPARE(seedAppeals(*m_store, 3, 7, m_now).value(), 3);
        // Decisions here are archivable at once (the service never served a policy with an appeal window).
        QVERIFY(m_store->noteAppealWindow(0).ok());
        // One appeal decided: its case (the escalation and the appeal) is settled, the other two are not.
        auto pair = crypto::ed25519::generate().value();
        m_zoe.emplace(crypto::ed25519::SigningKey::fromSeed(pair.seed).value());
        m_zoeDevice = m_store->enroll(QStringLiteral("zoe"), m_zoe->publicKey()).value();
        m_appeal = ids("SELECT item_id FROM items WHERE queue = 'appeals' ORDER BY item_id").first();
        const QByteArray upheld = "{\"decision\":\"remove\",\"outcome\":\"uphold\"}";
        QVERIFY(m_store
                    ->acceptVerdict(QStringLiteral("v-appeal"), m_appeal, upheld, m_zoe->sign(upheld).value(),
                                    m_zoeDevice.keyId, QStringLiteral("zoe"))
                    .ok());
        m_appealed = ids("SELECT v.item_id FROM items a CROSS JOIN verdicts v ON v.verdict_id = a.appeal_of "
                         "WHERE a.item_id = ?",
                         m_appeal)
                         .first();
        m_decided = ids("SELECT item_id FROM items WHERE queue = 'escalations' AND state = 'decided' AND NOT "
                        "EXISTS (SELECT 1 FROM verdicts v CROSS JOIN items a ON a.appeal_of = v.verdict_id "
                        "WHERE v.item_id = items.item_id) ORDER BY item_id");
        QCOMPARE(m_decided.size(), 20);
    }
    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    // The 20 settled cases leave; every line of the archive verifies without the service; the open
    // escalations, the appealed ones and their appeals stay; the summary's decision times do not change,
    // not even when the store is opened again (the count check at open knows the archived ones).
    void settledCasesLeaveForAFileThatChecksOut()
    {
        const QJsonObject before = decisionTimes();
        QStringList settled = m_decided + QStringList{m_appealed};
        std::sort(settled.begin(), settled.end());
        QMap<QString, QStringList> mediaOf; // from each payload, as the service signed it
        for (const QString &itemId : std::as_const(settled) + QStringList{m_appeal})
            for (const QJsonValue &m : m_store->itemPayload(itemId)->value(QStringLiteral("media")).toArray())
                mediaOf[itemId] << m[QStringLiteral("sha256")].toString();
        QVERIFY(!mediaOf.value(m_decided.first()).isEmpty());
        const qint64 liveItems = count("SELECT count(*) FROM items");

        const ArchiveReport report = archive(path(QStringLiteral("a.jsonl"))).value();
        QCOMPARE(report.cases, 21);
        QCOMPARE(report.items, 22); // the decided appeal goes with its escalation
        QCOMPARE(report.verdicts, 22);
        QCOMPARE(report.held, 2); // decided before the cutoff, but their appeals are open
        QCOMPARE(count("SELECT count(*) FROM items"), liveItems - 22);
        QCOMPARE(count("SELECT count(*) FROM items WHERE queue = 'appeals' AND state = 'queued'"), 2);
        QCOMPARE(count("SELECT count(*) FROM items WHERE queue = 'appeals'"), 2);
        QCOMPARE(count("SELECT count(*) FROM items WHERE queue = 'escalations' AND state = 'queued'"), 10);

        const QList<QJsonObject> lines = linesOf(path(QStringLiteral("a.jsonl")));
        QCOMPARE(lines.size(), 24);
        QCOMPARE(lines.first()[QStringLiteral("type")].toString(), QStringLiteral("veil.archive.v1"));
        const QByteArray serviceKey =
            fromBase64Url(lines.first()[QStringLiteral("service_public_key")].toString());
        QCOMPARE(serviceKey, m_store->signingKey().publicKey());
        QCOMPARE(lines.last()[QStringLiteral("type")].toString(), QStringLiteral("veil.archive.end"));
        QCOMPARE(lines.last()[QStringLiteral("cases")].toInt(), 21);
        QCOMPARE(lines.last()[QStringLiteral("items")].toInt(), 22);
        QVERIFY(lines.last()[QStringLiteral("complete")].toBool());
        QStringList roots;
        int reReviewed = 0;
        for (const QJsonObject &item : lines.mid(1, 22)) {
            const QString itemId = item[QStringLiteral("item_id")].toString();
            const bool appeal = item[QStringLiteral("queue")].toString() == QLatin1String("appeals");
            QCOMPARE(item[QStringLiteral("case")].toString(), appeal ? m_appealed : itemId);
            if (!appeal)
                roots << itemId;
            QVERIFY(item[QStringLiteral("decided_at_ms")].toDouble() > 0);
            // The payload as the service signed it.
            QVERIFY(crypto::ed25519::verify(serviceKey, item[QStringLiteral("payload")].toString().toUtf8(),
                                            fromBase64Url(item[QStringLiteral("signature")].toString())));
            const QJsonArray verdicts = item[QStringLiteral("verdicts")].toArray();
            QCOMPARE(verdicts.size(), 1);
            const QJsonObject v = verdicts.first().toObject();
            const QByteArray body = v[QStringLiteral("verdict")].toString().toUtf8();
            const QByteArray publicKey = fromBase64Url(v[QStringLiteral("public_key")].toString());
            QVERIFY(crypto::ed25519::verify(publicKey, body,
                                            fromBase64Url(v[QStringLiteral("signature")].toString())));
            if (appeal) {
                QCOMPARE(itemId, m_appeal);
                QCOMPARE(item[QStringLiteral("appeal_of")].toString(),
                         lines
                             .at(lines.indexOf(item) -
                                 1)[QStringLiteral("verdicts")][0][QStringLiteral("verdict_id")]
                             .toString());
            } else {
                const auto verified = protocol::verifyVerdict(
                    body, fromBase64Url(v[QStringLiteral("signature")].toString()), publicKey);
                QVERIFY(verified.ok());
                QCOMPARE(verified.value()[QStringLiteral("item_id")].toString(), itemId);
            }
            reReviewed += item.contains(QStringLiteral("qa_review")) ? 1 : 0;
            QStringList files;
            for (const QJsonValue &m : item[QStringLiteral("media")].toArray())
                files << m[QStringLiteral("sha256")].toString();
            QStringList expected = mediaOf.value(itemId);
            std::sort(expected.begin(), expected.end());
            expected.removeDuplicates();
            QCOMPARE(files, expected);
            // Gone from the live tables, its tombstones left.
            QCOMPARE(m_store->itemPayload(itemId).error().code, QStringLiteral("item_unknown"));
            QVERIFY(!m_store->verdict(v[QStringLiteral("verdict_id")].toString()));
            QCOMPARE(m_store->archivedVerdict(v[QStringLiteral("verdict_id")].toString()).value()->bodySha256,
                     crypto::sha256Hex(body));
            QCOMPARE(*m_store->archiveOf(itemId).value(), path(QStringLiteral("a.jsonl")));
        }
        std::sort(roots.begin(), roots.end());
        QCOMPARE(roots, settled);
        QVERIFY(reReviewed > 0); // seedDecisionHistory re-reviewed each decision it made
        QCOMPARE(count("SELECT count(*) FROM qa_reviews"), 0);

        QCOMPARE(decisionTimes(), before);
        m_store.reset();
        m_store = std::move(ServiceStore::open(m_dir->path(), test::serviceDatabase(m_dir->path())).value());
        QCOMPARE(decisionTimes(), before);

        // Nothing left to archive; the same file again is refused and left as it was.
        QCOMPARE(archive(path(QStringLiteral("b.jsonl")))->cases, 0);
        const auto again = archive(path(QStringLiteral("a.jsonl")));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("io_error"));
        QCOMPARE(linesOf(path(QStringLiteral("a.jsonl"))).size(), 24);
    }

    // Nothing an appeal could still reach is archived: the longest window the service ever served holds,
    // also after a policy with a shorter one; no file is made.
    void theLongestAppealWindowServedHolds()
    {
        QVERIFY(m_store->noteAppealWindow(365).ok());
        QVERIFY(m_store->noteAppealWindow(30).ok());
        QCOMPARE(m_store->longestAppealWindow().value(), 365);
        ArchiveOptions options;
        options.path = path(QStringLiteral("early.jsonl"));
        options.nowMs = QDateTime::currentMSecsSinceEpoch();
        options.decidedBeforeMs = options.nowMs - 200LL * 24 * 3600 * 1000;
        QCOMPARE(CaseArchive(*m_store).run(options).error().code, QStringLiteral("appeal_window_open"));
        QVERIFY(!QFile::exists(options.path));
        options.decidedBeforeMs = options.nowMs - 366LL * 24 * 3600 * 1000;
        QCOMPARE(CaseArchive(*m_store).run(options)->cases, 0);
    }

    // QA agreement counts every re-review ever recorded: archiving a case keeps its re-review in the
    // numbers (as the SLA histogram keeps its decision), and the newest disagreements come newest first.
    void qaAgreementKeepsArchivedReReviews()
    {
        // Each re-review was counted as it was recorded (the report has nothing left to catch up).
        QCOMPARE(count("SELECT count(*) FROM qa_reviews WHERE disagrees IS NULL"), 0);
        QCOMPARE(count("SELECT count(*) FROM qa_reviews"), 20);
        QaReviews reviews(*m_store, 0.1);
        const qa::AgreementReport before = reviews.report().value();
        QCOMPARE(before.overall.n, 20); // seedDecisionHistory re-reviewed each decision it made
        QVERIFY(!before.disagreements.isEmpty());
        QVERIFY(before.byReviewer.size() >= 2);
        QVERIFY(!before.byLabel.isEmpty());
        // The counts say what the pairs say.
        QList<qa::RatedPair> pairs;
        auto rows =
            m_store->database().prepare("SELECT q.item_id, q.reviewer, v.body, q.decision, q.labels, q.at "
                                        "FROM qa_reviews q JOIN verdicts v "
                                        "ON v.verdict_id = q.verdict_id ORDER BY q.at DESC, q.item_id");
        while (rows->step().value()) {
            const QJsonObject verdict = QJsonDocument::fromJson(rows->blob(2)).object();
            QStringList qaLabels;
            for (const QJsonValue &l : QJsonDocument::fromJson(rows->blob(4)).array())
                qaLabels << l.toString();
            pairs.append({rows->text(0), rows->text(1), verdict.value(QStringLiteral("decision")).toString(),
                          protocol::verdictLabels(verdict), rows->text(3), qaLabels});
        }
        const qa::AgreementReport direct = qa::report(pairs);
        same(before, direct);
        QCOMPARE(before.disagreements.size(), direct.disagreements.size());
        QCOMPARE(before.disagreements.first().itemId, direct.disagreements.first().itemId); // newest first

        QVERIFY(archive(path(QStringLiteral("a.jsonl"))).ok());
        QCOMPARE(count("SELECT count(*) FROM qa_reviews"), 0);
        const qa::AgreementReport after = reviews.report().value();
        same(after, before);
        QVERIFY(after.disagreements.isEmpty()); // the list is of cases still here
    }

    // A file only archived items used is dropped with them; one a live item also uses stays.
    void mediaALiveItemUsesStays()
    {
        const QString shared =
            ids("SELECT sha256 FROM item_media WHERE item_id = ?", m_decided.first()).first();
        const QString alone =
            ids("SELECT sha256 FROM item_media WHERE item_id = ?", m_decided.last()).first();
        QJsonObject payload = m_store->itemPayload(m_decided.first()).value();
        payload[QStringLiteral("item_id")] = QStringLiteral("uses-the-same-file");
        QVERIFY(m_store->addItem(QStringLiteral("escalations"), payload, m_now, 1).ok());
        QVERIFY(m_store->media(shared));
        QVERIFY(m_store->media(alone));
        QVERIFY(archive(path(QStringLiteral("a.jsonl"))).ok());
        QVERIFY(m_store->media(shared));
        QVERIFY(!m_store->media(alone));
        // A filing that names a file dropped since its upload is refused, not stored without its media.
        QJsonObject late = m_store->itemPayload(QStringLiteral("uses-the-same-file")).value();
        late[QStringLiteral("item_id")] = QStringLiteral("names-a-dropped-file");
        late[QStringLiteral("media")] = QJsonArray{QJsonObject{{QStringLiteral("sha256"), alone}}};
        QCOMPARE(m_store->addItem(QStringLiteral("escalations"), late, m_now, 1).error().code,
                 QStringLiteral("media_missing"));
        QCOMPARE(m_store->itemPayload(QStringLiteral("names-a-dropped-file")).error().code,
                 QStringLiteral("item_unknown"));
    }

    // What is left of an archived case answers for it: the same verdict pushed again is a duplicate (an
    // outbox offline for months is told it arrived), a new verdict for it is refused as archived, an appeal
    // of it is past its window, and its id cannot be filed again.
    void tombstonesAnswerForArchivedCases()
    {
        QVERIFY(archive(path(QStringLiteral("a.jsonl"))).ok());
        const QJsonObject record = linesOf(path(QStringLiteral("a.jsonl")))[1];
        const QString itemId = record[QStringLiteral("item_id")].toString();
        const QJsonObject v = record[QStringLiteral("verdicts")].toArray().first().toObject();
        ServiceApi api(*m_store);
        const QString reviewer = v[QStringLiteral("reviewer")].toString();
        const QJsonObject again{{QStringLiteral("verdict"), v[QStringLiteral("verdict")]},
                                {QStringLiteral("signature"), v[QStringLiteral("signature")]},
                                {QStringLiteral("key_id"), v[QStringLiteral("key_id")]}};
        QCOMPARE(push(api, reviewer, again)[QStringLiteral("status")].toString(),
                 QStringLiteral("duplicate"));

        // Another reviewer's new decision on the archived item.
        auto pair = crypto::ed25519::generate().value();
        auto key = crypto::ed25519::SigningKey::fromSeed(pair.seed).value();
        const Device zoe = m_store->enroll(QStringLiteral("zoe"), key.publicKey()).value();
        protocol::Decision decision;
        decision.itemId = itemId;
        decision.leaseId = QStringLiteral("lease-of-long-ago");
        decision.evidenceSha256 = {QString(64, QLatin1Char('a'))};
        decision.decision = QStringLiteral("no_violation");
        decision.reviewer = QStringLiteral("zoe");
        decision.frontEnd = QStringLiteral("tst_archive/1");
        auto late = protocol::signVerdict(decision, key, m_now).value();
        const QJsonObject lateEntry{{QStringLiteral("verdict"), QString::fromUtf8(late.body)},
                                    {QStringLiteral("signature"), toBase64Url(late.signature)},
                                    {QStringLiteral("key_id"), zoe.keyId}};
        const QJsonObject refused = push(api, QStringLiteral("zoe"), lateEntry);
        QCOMPARE(refused[QStringLiteral("status")].toString(), QStringLiteral("rejected"));
        QCOMPARE(refused[QStringLiteral("code")].toString(), QStringLiteral("item_archived"));

        AppealFiling filing;
        filing.appealOf = v[QStringLiteral("verdict_id")].toString();
        filing.statement = QStringLiteral("I was never told.");
        QCOMPARE(fileAppeal(*m_store, defaultPolicy(), filing, m_now).error().code,
                 QStringLiteral("appeal_window_closed"));

        const QJsonObject payload =
            QJsonDocument::fromJson(record[QStringLiteral("payload")].toString().toUtf8()).object();
        QCOMPARE(m_store->addItem(QStringLiteral("escalations"), payload, m_now, 1).error().code,
                 QStringLiteral("item_archived"));
    }

    // Only what is settled before the cutoff goes, at most --max-cases of it; a pipeline's webhook that has
    // not taken every verdict of its items yet holds those back (a quiet pipeline's webhook holds nothing).
    void onlyWhatIsSettledAndDeliveredGoes()
    {
        ArchiveOptions early;
        early.path = path(QStringLiteral("early.jsonl"));
        early.nowMs = m_now;
        early.decidedBeforeMs = m_now - 24 * 3600 * 1000; // every decision here is newer
        QCOMPARE(CaseArchive(*m_store).run(early)->cases, 0);

        // Six items a pipeline filed, decided.
        QCOMPARE(seedFlood(*m_store, 2, 3, 7, m_now).value(), 6);
        const QStringList filed = ids("SELECT item_id FROM intake ORDER BY item_id");
        QCOMPARE(filed.size(), 6);
        QCOMPARE(seedDecisionHistory(*m_store, filed, 8).value(), 6);
        WebhookSubscriptions hooks(*m_store);
        QVERIFY(hooks
                    .subscribe(QStringLiteral("demo-pipeline"),
                               QStringLiteral("https://pipeline.example/hook"), 0)
                    .ok());
        QVERIFY(
            hooks.subscribe(QStringLiteral("quiet"), QStringLiteral("https://quiet.example/hook"), 0).ok());

        ArchiveOptions one;
        one.path = path(QStringLiteral("one.jsonl"));
        one.nowMs = QDateTime::currentMSecsSinceEpoch() + 2000;
        one.decidedBeforeMs = one.nowMs;
        one.maxCases = 1;
        QCOMPARE(CaseArchive(*m_store).run(one)->cases, 1);
        const ArchiveReport rest = archive(path(QStringLiteral("rest.jsonl"))).value();
        QCOMPARE(rest.cases, 20); // 21 settled, one of them archived already
        QCOMPARE(rest.held, 6 + 2);
        for (const QString &itemId : filed)
            QVERIFY(m_store->itemPayload(itemId).ok());

        // Acknowledged: they go too, and a pipeline's retry of a filing still gets its first answer.
        const qint64 newest = count("SELECT MAX(seq) FROM verdicts");
        const auto hook = hooks.find(QStringLiteral("demo-pipeline")).value().value();
        QVERIFY(hooks.acknowledged(QStringLiteral("demo-pipeline"), hook.generation, newest, m_now).ok());
        QCOMPARE(archive(path(QStringLiteral("delivered.jsonl")))->cases, 6);
        QCOMPARE(count("SELECT count(*) FROM intake"), 6);
        QCOMPARE(count("SELECT count(*) FROM items WHERE queue = 'escalations' AND state = 'decided'"), 2);
    }

    // Schema 20 lists each item's media from the items before it (both engines), so an archive after the
    // upgrade never takes a file an old item uses for unused.
    void theUpgradeListsEveryItemsMedia()
    {
        m_store.reset();
        QTemporaryDir old;
        const QString database = test::serviceDatabase(old.path());
        {
            auto db = database.isEmpty() ? store::Database::open(old.filePath(QStringLiteral("service.db")))
                                         : pg::openDatabase(database, servicePgMigrations().first(19));
            QVERIFY(db.ok());
            if (database.isEmpty())
                QCOMPARE(store::migrate(*db.value(), serviceMigrations().first(19)).value(), 19);
            QVERIFY(
                db.value()
                    ->run("INSERT INTO items(item_id, queue, payload, signature, media, due_at, priority) "
                          "VALUES ('old-1', 'escalations', '{}', ?, 'aaa,bbb', 0, 1), "
                          "('old-2', 'escalations', '{}', ?, 'bbb', 0, 1), "
                          "('old-3', 'escalations', '{}', ?, '', 0, 1)",
                          QByteArray("s"), QByteArray("s"), QByteArray("s"))
                    .ok());
            // A re-review recorded before schema 20 (its verdict's labels differ from the QA's).
            QVERIFY(db.value()
                        ->run("INSERT INTO verdicts(verdict_id, item_id, body, signature, key_id, reviewer, "
                              "accepted_at) VALUES ('v-old-1', 'old-1', ?, ?, 'k', 'ana', 1)",
                              QStringLiteral("{\"decision\":\"remove\",\"labels\":[\"hate_symbol\"]}"),
                              QByteArray("s"))
                        .ok());
            QVERIFY(
                db.value()
                    ->run(
                        "INSERT INTO qa_reviews(item_id, verdict_id, reviewer, supervisor, decision, labels, "
                        "at) VALUES ('old-1', 'v-old-1', 'ana', 'pat', 'remove', '[]', 1)")
                    .ok());
        }
        m_store = std::move(ServiceStore::open(old.path(), database).value());
        QCOMPARE(ids("SELECT sha256 || ':' || item_id FROM item_media ORDER BY sha256, item_id"),
                 (QStringList{QStringLiteral("aaa:old-1"), QStringLiteral("bbb:old-1"),
                              QStringLiteral("bbb:old-2")}));
        // The older re-review is counted at the first report, once.
        for (int twice = 0; twice < 2; ++twice) {
            const qa::AgreementReport r = QaReviews(*m_store, 0.1).report().value();
            QCOMPARE(r.overall.n, 1);
            QCOMPARE(r.overall.percent, 100.0);
            QCOMPARE(r.byLabel.size(), 1);
            QCOMPARE(r.byLabel.first().agreement.percent, 0.0); // the label: present vs absent
            QCOMPARE(r.disagreements.size(), 1);
        }
        m_store.reset();
    }

    // The command: refused below the appeal window (a case is archived only once it cannot be appealed)
    // and without a file; otherwise it says what it did.
    void theCommandWaitsForTheAppealWindow()
    {
        m_store.reset();
        const QString database = test::serviceDatabase(m_dir->path());
        const auto run = [&](const QStringList &args, QString *output) {
            QProcess p;
            QStringList all{QStringLiteral("--data-dir"), m_dir->path()};
            if (!database.isEmpty())
                all << QStringLiteral("--database") << database;
            p.start(QStringLiteral(VEIL_SERVICE_PATH), all + args);
            p.waitForFinished(60000);
            *output = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
            return p.exitCode();
        };
        QString output;
        QCOMPARE(run({QStringLiteral("archive"), QStringLiteral("--older-than-days"), QStringLiteral("30"),
                      QStringLiteral("--to"), path(QStringLiteral("x.jsonl"))},
                     &output),
                 2);
        QVERIFY2(output.contains(QStringLiteral("appeal window (184 days)")), qPrintable(output));
        QVERIFY(!QFile::exists(path(QStringLiteral("x.jsonl"))));
        QCOMPARE(run({QStringLiteral("archive"), QStringLiteral("--older-than-days"), QStringLiteral("200")},
                     &output),
                 2);
        QCOMPARE(run({QStringLiteral("archive"), QStringLiteral("--older-than-days"), QStringLiteral("200"),
                      QStringLiteral("--to"), path(QStringLiteral("x.jsonl"))},
                     &output),
                 0);
        QVERIFY2(output.startsWith(QStringLiteral("archived 0 cases")), qPrintable(output));
        QCOMPARE(linesOf(path(QStringLiteral("x.jsonl"))).size(), 2);
    }

private:
    static void same(const qa::AgreementReport &a, const qa::AgreementReport &b)
    {
        const auto equal = [](const qa::Agreement &x, const qa::Agreement &y) {
            QCOMPARE(x.n, y.n);
            QCOMPARE(x.kappaDefined, y.kappaDefined);
            QVERIFY(qAbs(x.percent - y.percent) < 1e-9);
            QVERIFY(qAbs(x.kappa - y.kappa) < 1e-9);
        };
        equal(a.overall, b.overall);
        QCOMPARE(a.byReviewer.size(), b.byReviewer.size());
        for (qsizetype i = 0; i < a.byReviewer.size(); ++i) {
            QCOMPARE(a.byReviewer[i].key, b.byReviewer[i].key);
            equal(a.byReviewer[i].agreement, b.byReviewer[i].agreement);
        }
        QCOMPARE(a.byLabel.size(), b.byLabel.size());
        for (qsizetype i = 0; i < a.byLabel.size(); ++i) {
            QCOMPARE(a.byLabel[i].key, b.byLabel[i].key);
            equal(a.byLabel[i].agreement, b.byLabel[i].agreement);
        }
    }
    Result<ArchiveReport> archive(const QString &file)
    {
        ArchiveOptions options;
        options.path = file;
        // Everything decided so far (verdicts are accepted at the service's wall clock).
        options.nowMs = QDateTime::currentMSecsSinceEpoch() + 2000;
        options.decidedBeforeMs = options.nowMs;
        options.batch = 7; // several batches
        return CaseArchive(*m_store).run(options);
    }
    QJsonObject push(ServiceApi &api, const QString &reviewer, const QJsonObject &entry)
    {
        const QByteArray token =
            m_store->createToken(reviewer, QStringLiteral("moderator")).value().toLatin1();
        ApiRequest request;
        request.method = "POST";
        request.path = QStringLiteral("/v1/verdicts");
        request.authorization = "Bearer " + token;
        request.body = QJsonDocument(QJsonObject{{QStringLiteral("verdicts"), QJsonArray{entry}}}).toJson();
        const ApiResponse response = api.handle(request);
        if (response.status != 200)
            qWarning() << response.status << response.body;
        return QJsonDocument::fromJson(response.body)
            .object()[QStringLiteral("results")]
            .toArray()
            .first()
            .toObject();
    }
    QJsonObject decisionTimes()
    {
        for (const QJsonValue &q :
             slaSummary(*m_store, defaultPolicy(), m_now)->value(QStringLiteral("queues")).toArray())
            if (q[QStringLiteral("queue")].toString() == QLatin1String("escalations"))
                return q[QStringLiteral("time_to_decision")].toObject();
        return {};
    }
    QStringList ids(const char *sql, const QString &arg = {})
    {
        auto stmt = m_store->database().prepare(sql);
        if (!arg.isEmpty())
            stmt->bind(1, arg);
        QStringList out;
        while (stmt->step().value())
            out << stmt->text(0);
        return out;
    }
    qint64 count(const char *sql, const QVariant &arg = {})
    {
        auto stmt = m_store->database().prepare(sql);
        if (arg.typeId() == QMetaType::QString)
            stmt->bind(1, arg.toString());
        else if (arg.isValid())
            stmt->bind(1, arg.toLongLong());
        return stmt->step().value() ? stmt->int64(0) : -1;
    }
    QString path(const QString &name) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServiceStore> m_store;
    QStringList m_decided; // the 20 settled cases without an appeal
    QString m_appeal;      // the decided appeal
    QString m_appealed;    // the escalation it contests
    std::optional<crypto::ed25519::SigningKey> m_zoe;
    Device m_zoeDevice;
    qint64 m_now = 0;
};

QTEST_GUILESS_MAIN(TestArchive)
#include "tst_archive.moc"
