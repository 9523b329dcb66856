// The sync loop for real: a veil-service process (or the service in-process where a test must move
// its clock) on loopback, the workstation's SyncEngine, the vault, the outbox and the audit chain.
#include "ServiceFixture.h"
#include "TestSupport.h"
#include "TlsIdentity.h"
#include "crypto/Sha256.h"
#include "media/MediaCatalog.h"
#include "media/SyntheticImage.h"
#include "queue/Retention.h"
#include "queue/ReviewQueue.h"
#include "servicestore/AuditWitness.h"
#include "sync/ServiceClient.h"
#include "sync/SyncEngine.h"
#include "json/CanonicalJson.h"

#include <QProcess>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace veil;

class TestSync : public QObject
{
    Q_OBJECT

private slots:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void cleanup() { m_dir.reset(); }

    void endToEndAgainstTheServiceProcess()
    {
        const QString serviceDir = m_dir->filePath(QStringLiteral("svc"));
        const QByteArray token =
            runService({QStringLiteral("--data-dir"), serviceDir, QStringLiteral("token"),
                        QStringLiteral("create"), QStringLiteral("--reviewer"), QStringLiteral("alice"),
                        QStringLiteral("--role"), QStringLiteral("moderator")})
                .trimmed();
        QVERIFY(token.startsWith("veil_"));
        QProcess server;
        const QUrl url = startService(server, serviceDir, 200);
        QVERIFY(url.isValid());

        auto ws = workspace(QStringLiteral("alice"));
        sync::SyncEngine engine(*ws);
        auto link = engine.enroll(url, token);
        QVERIFY2(link.ok(), qPrintable(link.ok() ? QString() : link.error().toString()));
        QCOMPARE(link->reviewer, QStringLiteral("alice"));
        int ingested = 0;
        for (int round = 0; round < 5 && ingested < 200; ++round) {
            auto report = engine.syncOnce(100);
            QVERIFY(report.ok());
            QCOMPARE(report->quarantined, 0);
            ingested += report->ingested;
        }
        QCOMPARE(ingested, 200);

        // Evidence is in the vault, sealed: prompts are not on disk in the clear.
        QVERIFY(!test::treeContains(ws->directory(), "photorealistic"));
        queue::ReviewQueue queue(*ws);
        const auto items = queue.openItems().value();
        QCOMPARE(items.size(), 200);
        for (int i = 1; i < items.size(); ++i)
            QVERIFY(items[i - 1].dueAtMs <= items[i].dueAtMs);
        for (const queue::QueueItem &item : items) {
            const bool remove = item.priority >= 2;
            auto verdict =
                queue.decide(item.itemId, remove ? QStringLiteral("remove") : QStringLiteral("no_violation"),
                             remove ? QStringList{item.category} : QStringList{}, QStringLiteral("e2e"),
                             QStringLiteral("tst_sync"));
            QVERIFY2(verdict.ok(), qPrintable(verdict.ok() ? QString() : verdict.error().toString()));
        }
        auto pushed = engine.push(500);
        QVERIFY(pushed.ok());
        QCOMPARE(pushed->accepted, 200);
        QCOMPARE(outbox::Outbox(ws->database()).counts()->accepted, 200);

        // The service's own export: 200 distinct verdicts, each verifying with this device's key.
        const QList<QByteArray> lines = runService({QStringLiteral("--data-dir"), serviceDir,
                                                    QStringLiteral("verdicts"), QStringLiteral("export")})
                                            .trimmed()
                                            .split('\n');
        QSet<QString> ids;
        for (const QByteArray &raw : lines) {
            const QJsonObject line = QJsonDocument::fromJson(raw).object();
            if (line.value(QStringLiteral("key_id")).toString() != ws->deviceKey()->keyId())
                continue; // the seeded original decisions of the appeals
            const QByteArray sig = QByteArray::fromBase64(
                line.value(QStringLiteral("signature")).toString().toLatin1(), QByteArray::Base64UrlEncoding);
            auto body = protocol::verifyVerdict(line.value(QStringLiteral("verdict")).toString().toUtf8(),
                                                sig, ws->deviceKey()->publicKey());
            QVERIFY(body.ok());
            ids.insert(body->value(QStringLiteral("verdict_id")).toString());
        }
        QCOMPARE(ids.size(), 200);
        auto audit = audit::AuditLog::verify(ws->database(), ws->deviceKey()->publicKey());
        QVERIFY(audit->intact);
        server.kill();
        server.waitForFinished();
    }

    // A redirect is never followed: the token would go to another address, past the https-or-loopback rule.
    void redirectsAreRefusedAndTheTokenStaysHome()
    {
        QTcpServer elsewhere;
        QVERIFY(elsewhere.listen(QHostAddress::LocalHost, 0));
        int contacted = 0;
        connect(&elsewhere, &QTcpServer::newConnection, this, [&] { ++contacted; });
        QTcpServer redirector;
        QVERIFY(redirector.listen(QHostAddress::LocalHost, 0));
        const QByteArray answer =
            "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:" + QByteArray::number(elsewhere.serverPort()) +
            "/v1/policy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        connect(&redirector, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *socket = redirector.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket, answer] {
                    socket->readAll();
                    socket->write(answer);
                    socket->disconnectFromHost();
                });
            }
        });
        const QUrl base(QStringLiteral("http://127.0.0.1:%1").arg(redirector.serverPort()));
        sync::ServiceClient client(base, "veil_secret", {});
        auto got = client.get(QStringLiteral("/v1/policy"));
        QVERIFY(!got.ok());
        QCOMPARE(got.error().code, QStringLiteral("redirect_refused"));
        // Enrolment (which sends the token) stops there too.
        auto ws = std::move(Workspace::open(m_dir->filePath(QStringLiteral("ws")), true).value());
        QVERIFY(ws->initialize("redirect test").ok());
        sync::SyncEngine engine(*ws);
        auto enrolled = engine.enroll(base, "veil_secret");
        QVERIFY(!enrolled.ok());
        QCOMPARE(enrolled.error().code, QStringLiteral("redirect_refused"));
        QTest::qWait(100);
        QCOMPARE(contacted, 0);
    }

    // The link has one owner: what enrolment saves, a sync's outcome and the cursors read back as written.
    void theLinkStoreKeepsTheLink()
    {
        auto ws = workspace(QStringLiteral("link"));
        link::LinkStore links(ws->database());
        QCOMPARE(links.load().error().code, QStringLiteral("not_enrolled"));
        QCOMPARE(links.credentials().error().code, QStringLiteral("not_enrolled"));
        QCOMPARE(links.clockOffsetMs(), 0);
        const link::ServiceLink link{QUrl(QStringLiteral("https://svc.example")),
                                     QStringLiteral("dev-1"),
                                     QStringLiteral("ada"),
                                     QStringLiteral("moderator"),
                                     QByteArray(32, 'k'),
                                     -1500,
                                     1764547200000};
        QVERIFY(links.save(link, "sealed", QByteArray(32, 'p')).ok());
        const auto loaded = links.load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->url, link.url);
        QCOMPARE(loaded->deviceId, link.deviceId);
        QCOMPARE(loaded->reviewer, link.reviewer);
        QCOMPARE(loaded->role, link.role);
        QCOMPARE(loaded->servicePublicKey, link.servicePublicKey);
        QCOMPARE(loaded->clockOffsetMs, -1500);
        QCOMPARE(loaded->enrolledAtMs, 1764547200000);
        QCOMPARE(links.credentials()->sealedToken, QByteArray("sealed"));
        QCOMPARE(links.credentials()->tlsPin, QByteArray(32, 'p'));
        QCOMPARE(links.lastOutcome()->lastSyncAtMs, 0);
        QVERIFY(links.recordOutcome(42, QStringLiteral("offline"), 900, QStringLiteral("unsigned")).ok());
        QCOMPARE(links.lastOutcome()->lastSyncAtMs, 42);
        QCOMPARE(links.lastOutcome()->lastError, QStringLiteral("offline"));
        QCOMPARE(links.clockOffsetMs(), 900);
        QVERIFY(links.recordOutcome(43, {}, 901, {}).ok());
        QVERIFY(links.lastOutcome()->lastError.isEmpty());
        QVERIFY(links.policyJson()->isNull());
        QVERIFY(links.setPolicyJson(QStringLiteral("{}")).ok());
        QCOMPARE(links.policyJson().value(), QStringLiteral("{}"));
        QVERIFY(links.setFeedCursor(7).ok());
        QVERIFY(links.setAuditSeenSeq(9).ok());
        QCOMPARE(links.feedCursor().value(), 7);
        QCOMPARE(links.auditSeenSeq().value(), 9);
        // Saved again (a new enrolment): no pin is no pin.
        QVERIFY(links.save(link, "sealed2", {}).ok());
        QVERIFY(links.credentials()->tlsPin.isEmpty());
    }

    void offlineDecisionsSyncLater()
    {
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 3, 3);
        auto ws = workspace(QStringLiteral("alice"));
        sync::SyncEngine engine(*ws);
        QVERIFY(engine.enroll(service.url, service.token(QStringLiteral("alice"))).ok());
        QCOMPARE(engine.syncOnce()->ingested, 3);
        service.http.reset(); // the service goes away
        queue::ReviewQueue queue(*ws);
        for (const auto &item : queue.openItems().value()) {
            auto decided =
                queue.decide(item.itemId, QStringLiteral("no_violation"), {}, {}, QStringLiteral("t"));
            QVERIFY2(decided.ok(), qPrintable(decided.ok() ? QString() : decided.error().toString()));
        }
        const qint64 failedAt = QDateTime::currentMSecsSinceEpoch(); // the backoff counts from the failure
        auto offline = engine.push();
        QVERIFY(!offline.ok());
        QCOMPARE(offline.error().code, QStringLiteral("network"));
        outbox::Outbox outbox(ws->database());
        QCOMPARE(outbox.counts()->pending, 3);
        QCOMPARE(outbox.due(failedAt + 499, 10)->size(), 0); // backing off (the first wait: 500-1000 ms)
        service.listen();                                    // back, on a new port
        QVERIFY(ws->database().exec("UPDATE service_link SET url = 'x'").ok());
        sync::SyncEngine reconnected(*ws);
        QVERIFY(reconnected.enroll(service.url, service.token(QStringLiteral("alice"))).ok());
        QTRY_VERIFY_WITH_TIMEOUT(outbox.due(QDateTime::currentMSecsSinceEpoch(), 10)->size() == 3, 5000);
        QCOMPARE(reconnected.push()->accepted, 3);
        QCOMPARE(outbox.counts()->pending, 0);
    }

    void lostLeaseIsKeptAsConflict()
    {
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 1, 3);
        auto alice = workspace(QStringLiteral("alice"));
        sync::SyncEngine aliceSync(*alice);
        QVERIFY(aliceSync.enroll(service.url, service.token(QStringLiteral("alice"))).ok());
        QCOMPARE(aliceSync.syncOnce()->ingested, 1);
        service.now += service.api->options().leaseMs + 1;
        auto bob = workspace(QStringLiteral("bob"));
        sync::SyncEngine bobSync(*bob);
        QVERIFY(bobSync.enroll(service.url, service.token(QStringLiteral("bob"))).ok());
        QCOMPARE(bobSync.syncOnce()->ingested, 1);
        queue::ReviewQueue queue(*alice);
        auto verdict = queue.decide(QStringLiteral("esc-000001"), QStringLiteral("no_violation"), {}, {},
                                    QStringLiteral("t"));
        QVERIFY(verdict.ok());
        QCOMPARE(aliceSync.push()->conflicted, 1);
        auto kept = outbox::Outbox(alice->database()).find(verdict->verdictId);
        QCOMPARE(kept->state, QStringLiteral("conflicted"));
        QVERIFY(kept->lastError.contains(QStringLiteral("lease_lost")));
        QCOMPARE(kept->verdict.body, verdict->body);
    }

    void renewAndReleaseLeases()
    {
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 2, 3);
        auto ws = workspace(QStringLiteral("alice"));
        sync::SyncEngine engine(*ws);
        QVERIFY(engine.enroll(service.url, service.token(QStringLiteral("alice"))).ok());
        QCOMPARE(engine.syncOnce()->ingested, 2);
        service.now += 60000;
        auto renewed = engine.leases().renewLease(QStringLiteral("esc-000001"));
        QVERIFY(renewed.ok());
        QCOMPARE(renewed.value(), service.now + service.api->options().leaseMs);
        QCOMPARE(queue::ReviewQueue(*ws).item(QStringLiteral("esc-000001"))->leaseExpiresAtMs,
                 renewed.value());
        // Leases about to run out are renewed together (the workstation does this every minute); one with
        // time left, or already lapsed, is left alone.
        {
            auto soon =
                ws->database().prepare("UPDATE queue_items SET lease_expires_at = ? WHERE item_id = ?");
            soon->bind(1, service.now + 2 * 60 * 1000).bind(2, QStringLiteral("esc-000001"));
            QVERIFY(soon->run().ok());
        }
        QCOMPARE(engine.leases().renewExpiring(5 * 60 * 1000).value(), 1);
        QCOMPARE(queue::ReviewQueue(*ws).item(QStringLiteral("esc-000001"))->leaseExpiresAtMs,
                 service.now + service.api->options().leaseMs);
        QCOMPARE(engine.leases().renewExpiring(5 * 60 * 1000).value(), 0);
        QVERIFY(engine.leases().releaseItem(QStringLiteral("esc-000002"), QStringLiteral("wellness")).ok());
        QCOMPARE(queue::ReviewQueue(*ws).openItems()->size(), 1);
        QCOMPARE(
            engine.leases().releaseItem(QStringLiteral("esc-000002"), QStringLiteral("again")).error().code,
            QStringLiteral("item_not_open"));
        // Released at the service too, with its reason: this reviewer is not offered it again.
        auto report = engine.syncOnce();
        QCOMPARE(report->leased, 0);
        QCOMPARE(queue::ReviewQueue(*ws).openItems()->size(), 1);
        // A skip made on this queue first (offline, say) is given back at the next sync.
        QVERIFY(queue::ReviewQueue(*ws).skip(QStringLiteral("esc-000001"), QStringLiteral("language")).ok());
        QCOMPARE(queue::ReviewQueue(*ws).openItems()->size(), 0);
        QCOMPARE(queue::ReviewQueue(*ws).item(QStringLiteral("esc-000001"))->state,
                 QStringLiteral("skipping"));
        report = engine.syncOnce();
        QCOMPARE(report->released, 1);
        QCOMPARE(queue::ReviewQueue(*ws).item(QStringLiteral("esc-000001"))->state,
                 QStringLiteral("released"));
    }

    // The parts of a sync stand on their own over one session, as SyncEngine puts them together: claim,
    // ingest, push and release, each checked at the service by what it holds, not by counts alone.
    void thePartsOfASyncWorkWithoutTheEngine()
    {
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 2, 5);
        auto ws = workspace(QStringLiteral("alice"));
        sync::ServiceSession session(*ws);
        QVERIFY(!session.connect().ok()); // not enrolled yet: said, not crashed
        QVERIFY(session.enroll(service.url, service.token(QStringLiteral("alice"))).ok());
        QVERIFY(session.connect().ok());
        QCOMPARE(session.link().reviewer, QStringLiteral("alice"));
        sync::LeaseClient leases(session);
        sync::Ingestor ingestor(session, leases);
        sync::OutboxPusher pusher(session);

        auto claimed = leases.claim(5);
        QVERIFY(claimed.ok());
        QCOMPARE(claimed->size(), 2);
        sync::SyncReport report;
        QVERIFY(ingestor.ingestLeases(claimed.value(), report).ok());
        QCOMPARE(report.ingested, 2);
        QVERIFY(ws->vault()->hasItem(QStringLiteral("esc-000001")));

        queue::ReviewQueue queue(*ws);
        auto signedVerdict =
            queue.decide(QStringLiteral("esc-000001"), QStringLiteral("remove"),
                         {QStringLiteral("violence_gore")}, QStringLiteral("parts"), QStringLiteral("t"));
        QVERIFY(signedVerdict.ok());
        QCOMPARE(pusher.push()->accepted, 1);
        auto atService =
            service.store->database().prepare("SELECT item_id, body FROM verdicts WHERE verdict_id = ?");
        atService->bind(1, signedVerdict->verdictId);
        QVERIFY(atService->step().value());
        QCOMPARE(atService->text(0), QStringLiteral("esc-000001"));
        QCOMPARE(atService->text(1).toUtf8(), signedVerdict->body); // what was signed is what arrived

        QVERIFY(leases.releaseItem(QStringLiteral("esc-000002"), QStringLiteral("wellness")).ok());
        QCOMPARE(queue.item(QStringLiteral("esc-000002"))->state, QStringLiteral("released"));
        QVERIFY(pusher.sendCheckpoint().ok());
    }

    void clusterDecisionIsAllOrNothing()
    {
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 4, 3);
        auto ws = workspace(QStringLiteral("alice"));
        sync::SyncEngine engine(*ws);
        QVERIFY(engine.enroll(service.url, service.token(QStringLiteral("alice"))).ok());
        QCOMPARE(engine.syncOnce()->ingested, 4);
        queue::ReviewQueue queue(*ws);
        QVERIFY(queue
                    .decide(QStringLiteral("esc-000003"), QStringLiteral("no_violation"), {}, {},
                            QStringLiteral("t"))
                    .ok());
        const QStringList cluster{QStringLiteral("esc-000001"), QStringLiteral("esc-000002"),
                                  QStringLiteral("esc-000003")};
        auto refused = queue.decideMany(cluster, QStringLiteral("remove"), {QStringLiteral("hate_symbol")},
                                        {}, QStringLiteral("t"));
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.startsWith(QStringLiteral("esc-000003")));
        QCOMPARE(outbox::Outbox(ws->database()).counts()->pending, 1); // nothing of the cluster was recorded
        QCOMPARE(queue.openItems()->size(), 3);
        auto decided = queue.decideMany(cluster.first(2), QStringLiteral("remove"),
                                        {QStringLiteral("hate_symbol")}, {}, QStringLiteral("t"));
        QVERIFY(decided.ok());
        QCOMPARE(decided->size(), 2);
        QCOMPARE(engine.push()->accepted, 3);
    }

    void tlsWithAPinnedSelfSignedCertificate()
    {
        const QString dir = m_dir->filePath(QStringLiteral("svc"));
        auto store = std::move(service::ServiceStore::open(dir).value());
        QCOMPARE(service::seedEscalations(*store, 2, 5, QDateTime::currentMSecsSinceEpoch()).value(), 2);
        service::ServiceApi api(*store);
        service::HttpFrontend https(api);
        auto identity = service::loadOrCreateTlsIdentity(dir);
        QVERIFY2(identity.ok(), qPrintable(identity.ok() ? QString() : identity.error().toString()));
        QCOMPARE(identity->publicKeySha256.size(), 32);
        // Made once, then reused: the pin a workstation holds stays valid across restarts.
        QCOMPARE(service::loadOrCreateTlsIdentity(dir)->publicKeySha256, identity->publicKeySha256);
        const quint16 port = https.listenTls(QHostAddress::LocalHost, 0, identity->configuration).value();
        const QUrl url(QStringLiteral("https://127.0.0.1:%1").arg(port));
        const QByteArray token =
            store->createToken(QStringLiteral("tia"), QStringLiteral("moderator")).value().toLatin1();

        auto unpinnedWs = workspace(QStringLiteral("unpinned"));
        auto unpinned = sync::SyncEngine(*unpinnedWs).enroll(url, token);
        QVERIFY(!unpinned.ok()); // self-signed and not pinned: refused, and said so (not "network")
        QCOMPARE(unpinned.error().code, QStringLiteral("tls_untrusted"));
        QVERIFY(!sync::ServiceClient::isRetryable(unpinned.error()));
        sync::ServiceClient::Options wrong;
        wrong.pinnedPublicKeySha256 = QByteArray(32, 'x');
        auto wrongWs = workspace(QStringLiteral("wrong"));
        // Another key than the pinned one: fatal, named as a pin mismatch, never retried.
        auto mismatch = sync::SyncEngine(*wrongWs, wrong).enroll(url, token);
        QVERIFY(!mismatch.ok());
        QCOMPARE(mismatch.error().code, QStringLiteral("pin_mismatch"));
        QVERIFY(!sync::ServiceClient::isRetryable(mismatch.error()));

        sync::ServiceClient::Options pinned;
        pinned.pinnedPublicKeySha256 = identity->publicKeySha256;
        auto ws = workspace(QStringLiteral("pinned"));
        QVERIFY(sync::SyncEngine(*ws, pinned).enroll(url, token).ok());
        // A later engine takes the pin from the stored link.
        sync::SyncEngine later(*ws);
        auto report = later.syncOnce();
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().toString()));
        QCOMPARE(report->ingested, 2);
        // Answers over the size cap are refused, not buffered without bound.
        sync::ServiceClient::Options tiny = pinned;
        tiny.maxResponseBytes = 200;
        sync::ServiceClient capped(url, token, tiny);
        QCOMPARE(capped.get(QStringLiteral("/v1/policy")).error().code, QStringLiteral("response_too_large"));
        sync::ServiceClient uncapped(url, token, pinned);
        QVERIFY(uncapped.get(QStringLiteral("/v1/policy")).ok());
        QVERIFY(std::abs(uncapped.clockOffsetMs()) < 60000); // measured from X-Veil-Server-Time-Ms
        // Plain HTTP to a non-loopback host is refused before anything is sent.
        sync::ServiceClient plain(QUrl(QStringLiteral("http://192.0.2.1:9")), token);
        QCOMPARE(plain.get(QStringLiteral("/v1/policy")).error().code, QStringLiteral("insecure_url"));
    }

    void appealsAreDecidedByAnotherHandler()
    {
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 1, 3);
        QCOMPARE(service::seedAppeals(*service.store, 2, 4, service.now).value(), 2);
        auto ws = workspace(QStringLiteral("hana"));
        sync::SyncEngine engine(*ws);
        const QByteArray token =
            service.store->createToken(QStringLiteral("hana"), QStringLiteral("appeals")).value().toLatin1();
        QVERIFY(engine.enroll(service.url, token).ok());
        auto report = engine.syncOnce();
        QCOMPARE(report->ingested, 2); // the appeals, not the escalation
        queue::ReviewQueue queue(*ws);
        const auto items = queue.openItems().value();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0].queue, QStringLiteral("appeals"));
        QCOMPARE(items[0].originalReviewer, QLatin1String(service::SeedModerator));
        QVERIFY(!items[0].appealOf.isEmpty());
        QVERIFY(!test::treeContains(ws->directory(), "my own artwork")); // the statement is sealed
        QCOMPARE(
            queue.decide(items[0].itemId, QStringLiteral("remove"), {}, {}, QStringLiteral("t")).error().code,
            QStringLiteral("invalid_decision")); // an appeal needs an outcome
        auto overturned =
            queue.decideAppeal(items[0].itemId, QStringLiteral("overturn"), QStringLiteral("no_violation"),
                               {}, QStringLiteral("Satire, clearly labelled."), QStringLiteral("t"));
        QVERIFY(overturned.ok());
        // Four-eyes in core: were the contested verdict this reviewer's own, no verdict is signed at all.
        auto relabel =
            ws->database().prepare("UPDATE queue_items SET appeal = json_set(appeal, '$.original_reviewer', "
                                   "'hana') WHERE item_id = ?");
        relabel->bind(1, items[1].itemId);
        QVERIFY(relabel->run().ok());
        QCOMPARE(queue
                     .decideAppeal(items[1].itemId, QStringLiteral("uphold"), QStringLiteral("remove"),
                                   {QStringLiteral("likeness_real_person")}, {}, QStringLiteral("t"))
                     .error()
                     .code,
                 QStringLiteral("four_eyes"));
        QCOMPARE(engine.push()->accepted, 1);
        // Roles in core too: were this workstation a moderator's, it could not decide an appeal; the
        // refusal is audited.
        QVERIFY(ws->database().exec("UPDATE service_link SET role = 'moderator'").ok());
        QCOMPARE(queue
                     .decideAppeal(items[1].itemId, QStringLiteral("uphold"), QStringLiteral("remove"),
                                   {QStringLiteral("likeness_real_person")}, QStringLiteral("It stands."),
                                   QStringLiteral("t"))
                     .error()
                     .code,
                 QStringLiteral("forbidden"));
        auto denied = ws->database().prepare("SELECT count(*) FROM audit_log WHERE action = 'role.denied'");
        QVERIFY(denied->step().value());
        QCOMPARE(denied->int64(0), 1);
    }

    void evidenceIsShreddedWhenItsRetentionEnds()
    {
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 4, 3);
        auto ws = workspace(QStringLiteral("ws"));
        sync::SyncEngine engine(*ws);
        QVERIFY(engine.enroll(service.url, service.token(QStringLiteral("alice"))).ok());
        QVERIFY(engine.fetchPolicy().ok());
        QVERIFY(engine.syncOnce(4).ok());
        queue::ReviewQueue queue(*ws);
        const auto items = queue.openItems().value();
        QCOMPARE(items.size(), 4);
        // Categories fixed for the test: the third is under legal hold in the reference policy.
        for (int i = 0; i < 4; ++i) {
            auto set = ws->database().prepare("UPDATE queue_items SET category = ? WHERE item_id = ?");
            set->bind(1, i == 2 ? QStringLiteral("sexual_minor") : QStringLiteral("violence_gore"));
            set->bind(2, items[i].itemId);
            QVERIFY(set->run().ok());
        }
        const QStringList gore{QStringLiteral("violence_gore")};
        QVERIFY(
            queue.decide(items[0].itemId, QStringLiteral("no_violation"), {}, {}, QStringLiteral("t")).ok());
        QVERIFY(
            queue.decide(items[1].itemId, QStringLiteral("remove_and_report"), gore, {}, QStringLiteral("t"))
                .ok());
        QVERIFY(queue.decide(items[2].itemId, QStringLiteral("remove"), gore, {}, QStringLiteral("t")).ok());
        const auto rules = queue::RetentionRules::fromPolicy(engine.cachedPolicy().value()).value();
        QCOMPARE(rules.defaultDays, 30);
        QCOMPARE(rules.reportedDays, 365);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 day = 24LL * 3600 * 1000;
        queue::Retention retention(*ws);
        QCOMPARE(retention.sweep(rules, now + 29 * day).value(), 0);
        // A month on: the plain decision's evidence goes; the reported one and the held one stay.
        QCOMPARE(retention.sweep(rules, now + 31 * day).value(), 1);
        QVERIFY(ws->vault()->isShredded(items[0].itemId));
        QVERIFY(!ws->vault()->isShredded(items[1].itemId));
        QCOMPARE(retention.sweep(rules, now + 31 * day).value(), 0); // once
        // A year on: the reported one goes too; legal hold and the open item are never swept.
        QCOMPARE(retention.sweep(rules, now + 400 * day).value(), 1);
        QVERIFY(ws->vault()->isShredded(items[1].itemId));
        QVERIFY(!ws->vault()->isShredded(items[2].itemId));
        QVERIFY(!ws->vault()->isShredded(items[3].itemId));
        auto audited =
            ws->database().prepare("SELECT count(*) FROM audit_log WHERE action = 'evidence.retention'");
        QVERIFY(audited->step().value());
        QCOMPARE(audited->int64(0), 2);
        audited->reset();
        // A bad retention section is refused by field.
        QJsonObject bad = engine.cachedPolicy().value();
        bad[QStringLiteral("retention")] = QJsonObject{{QStringLiteral("default_days"), -1}};
        QCOMPARE(queue::RetentionRules::fromPolicy(bad).error().code, QStringLiteral("bad_policy"));
        // A legal hold written as a string, not a list, is refused rather than read as "no hold".
        bad[QStringLiteral("retention")] =
            QJsonObject{{QStringLiteral("legal_hold_categories"), QStringLiteral("sexual_minor")}};
        QCOMPARE(queue::RetentionRules::fromPolicy(bad).error().code, QStringLiteral("bad_policy"));
        bad[QStringLiteral("retention")] = QStringLiteral("30 days");
        QCOMPARE(queue::RetentionRules::fromPolicy(bad).error().code, QStringLiteral("bad_policy"));
    }

    void aLongOfflineStretchIsWitnessedInSteps()
    {
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 2, 3);
        auto ws = workspace(QStringLiteral("ws"));
        auto engine = std::make_unique<sync::SyncEngine>(*ws);
        const auto link = engine->enroll(service.url, service.token(QStringLiteral("alice")));
        QVERIFY(link.ok());
        QVERIFY(engine->pusher().sendCheckpoint(10).ok());
        service::AuditWitness witness(*service.store);
        const qint64 first = witness.lastSeen(link->deviceId)->seq;
        // More entries than one checkpoint may carry: sent in steps, each one checked by the witness.
        for (int i = 0; i < 37; ++i)
            QVERIFY(ws->auditLog().append(QStringLiteral("test.filler"), QString::number(i)).ok());
        const auto before = audit::AuditLog::verify(ws->database(), ws->deviceKey()->publicKey()).value();
        QVERIFY(engine->pusher().sendCheckpoint(10).ok());
        const qint64 head = ws->auditLog().signHead()->seq;
        QCOMPARE(witness.lastSeen(link->deviceId)->seq, head);
        QVERIFY(head >= first + 37);
        QCOMPARE(witness.alerts()->size(), 0);
        // The steps are checkpoints of the local chain too, and it still verifies.
        const auto after = audit::AuditLog::verify(ws->database(), ws->deviceKey()->publicKey()).value();
        QVERIFY(after.intact);
        QVERIFY(after.checkpoints >= before.checkpoints + 4); // 37 links in steps of 9, then the head
        QVERIFY(engine->pusher().sendCheckpoint(10).ok());    // nothing new: the head again, accepted
    }

    void theServiceWitnessesTheAuditChain()
    {
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 6, 3);
        auto ws = workspace(QStringLiteral("ws"));
        const QString dbPath = ws->database().path();
        auto engine = std::make_unique<sync::SyncEngine>(*ws);
        const auto link = engine->enroll(service.url, service.token(QStringLiteral("alice")));
        QVERIFY(link.ok());
        service::AuditWitness witness(*service.store);
        const auto device = service.store->deviceById(link->deviceId).value().value();
        auto first = engine->syncOnce(2);
        QVERIFY(first.ok());
        QCOMPARE(first->auditError, QString());
        const auto seen1 = witness.lastSeen(link->deviceId).value();
        QVERIFY(seen1.seq > 0);
        // A copy of the workspace as it is now, for the rollback below.
        const QString snapshot = m_dir->filePath(QStringLiteral("snapshot.db"));
        QVERIFY(
            ws->database().exec(QStringLiteral("VACUUM INTO '%1'").arg(snapshot).toUtf8().constData()).ok());

        // Work goes on; the next head descends from the one seen, and the witness moves with it.
        queue::ReviewQueue queue(*ws);
        QVERIFY(queue
                    .decide(queue.openItems()->first().itemId, QStringLiteral("no_violation"), {}, {},
                            QStringLiteral("t"))
                    .ok());
        auto second = engine->syncOnce(2);
        QVERIFY(second.ok());
        QCOMPARE(second->auditError, QString());
        const auto seen2 = witness.lastSeen(link->deviceId).value();
        QVERIFY(seen2.seq > seen1.seq);

        // Restored from the copy: the chain is behind what the service saw. Refused, and an alert is kept.
        engine.reset();
        ws.reset();
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(dbPath + suffix);
        QVERIFY(QFile::copy(snapshot, dbPath));
        ws = std::move(Workspace::open(m_dir->filePath(QStringLiteral("ws")), false).value());
        QVERIFY(ws->unlock("sync test").ok());
        engine = std::make_unique<sync::SyncEngine>(*ws);
        auto rolledBack = engine->pusher().sendCheckpoint();
        QVERIFY(!rolledBack.ok());
        QCOMPARE(rolledBack.error().code, QStringLiteral("audit_rollback"));
        // Made longer than before, it is a different history from the entry seen last: a fork.
        while (ws->auditLog().links(1, 100000)->size() <= seen2.seq)
            QVERIFY(ws->auditLog().append(QStringLiteral("test.filler"), QStringLiteral("x")).ok());
        auto forked = engine->syncOnce(1);
        QVERIFY(forked.ok()); // the round itself goes on; the refusal is reported
        QCOMPARE(forked->auditError, QStringLiteral("audit_fork"));
        const auto alerts = witness.alerts().value();
        QCOMPARE(alerts.size(), 2);
        QCOMPARE(alerts[0].code, QStringLiteral("audit_rollback"));
        QCOMPARE(alerts[1].code, QStringLiteral("audit_fork"));
        QCOMPARE(alerts[1].reviewer, QStringLiteral("alice"));
        QCOMPARE(witness.lastSeen(link->deviceId)->seq, seen2.seq); // what was seen stays
        auto lastError = ws->database().prepare("SELECT last_error FROM service_link WHERE id = 1");
        QVERIFY(lastError->step().value());
        QVERIFY2(lastError->text(0).contains(QStringLiteral("rewritten")), qPrintable(lastError->text(0)));

        // Malformed checkpoints are refused as such: a bad signature, links that do not reach the head.
        auto head = ws->auditLog().signHead().value();
        QByteArray forged = head.signature;
        forged[0] = char(forged[0] ^ 1);
        QCOMPARE(
            witness
                .witness(device, head.payload, forged, {{head.seq, QString(), head.entryHash}}, service.now)
                .error()
                .code,
            QStringLiteral("bad_checkpoint"));
        QCOMPARE(witness
                     .witness(device, head.payload, head.signature,
                              {{head.seq - 1, QString(), head.entryHash}}, service.now)
                     .error()
                     .code,
                 QStringLiteral("bad_checkpoint"));
    }

    void badItemsAreQuarantinedAndTheRestIngested()
    {
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 4, 3);
        // One payload signed by a stranger, one whose media bytes do not match their hash.
        auto stranger = crypto::ed25519::generate().value();
        const QByteArray forged = "{\"item_id\":\"esc-000001\"}";
        auto sign =
            service.store->database().prepare("UPDATE items SET signature = ? WHERE item_id = 'esc-000001'");
        sign->bindBlob(1, crypto::ed25519::sign(stranger.seed, forged).value());
        QVERIFY(sign->run().ok());
        auto media =
            service.store->database().prepare("UPDATE media SET bytes = X'00' WHERE sha256 = (SELECT media "
                                              "FROM items WHERE item_id = 'esc-000004')");
        QVERIFY(media->run().ok());
        auto ws = workspace(QStringLiteral("alice"));
        sync::SyncEngine engine(*ws);
        QVERIFY(engine.enroll(service.url, service.token(QStringLiteral("alice"))).ok());
        auto report = engine.syncOnce();
        QVERIFY(report.ok());
        QCOMPARE(report->leased, 4);
        QCOMPARE(report->quarantined, 2);
        QCOMPARE(report->ingested, 2);
        auto reasons = ws->database().prepare("SELECT item_id, reason_code FROM quarantine ORDER BY item_id");
        QStringList found;
        while (reasons->step().value())
            found << reasons->text(0) + QLatin1Char('=') + reasons->text(1);
        QCOMPARE(found, QStringList({QStringLiteral("esc-000001=bad_service_signature"),
                                     QStringLiteral("esc-000004=media_hash_mismatch")}));
    }

    void undecodableMediaIsQuarantinedWithItsReason()
    {
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 3, 3);
        // Three more items, correctly signed and hashed, whose media no decoder should accept.
        // The last is a sound file declared as another type (caught after its decode, in a worker).
        const QStringList hostile = {QStringLiteral("truncated.jpg"), QStringLiteral("bomb.png"),
                                     QStringLiteral("wrong-magic.jpg"), QStringLiteral("pdq-as.png")};
        for (int i = 0; i < hostile.size(); ++i) {
            QFile file(test::dataPath(hostile[i] == QLatin1String("pdq-as.png")
                                          ? QStringLiteral("pdq/misc-images/small.jpg")
                                          : QStringLiteral("hostile/") + hostile[i]));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            const QString sha = crypto::sha256Hex(bytes);
            const QString mime = hostile[i].endsWith(QLatin1String(".png")) ? QStringLiteral("image/png")
                                                                            : QStringLiteral("image/jpeg");
            QVERIFY(service.store->addMedia(sha, mime, bytes).ok());
            const QJsonObject payload{
                {QStringLiteral("type"), QStringLiteral("veil.escalation.v1")},
                {QStringLiteral("item_id"), QStringLiteral("bad-%1").arg(i)},
                {QStringLiteral("source"), QStringLiteral("user_report")},
                {QStringLiteral("created_at"), QStringLiteral("2026-11-23T10:00:00.000Z")},
                {QStringLiteral("due_at"), QStringLiteral("2026-11-23T11:00:00.000Z")},
                {QStringLiteral("priority"), 3},
                {QStringLiteral("category"), QStringLiteral("violence_gore")},
                {QStringLiteral("scores"), QJsonObject{{QStringLiteral("violence"), 0.5}}},
                {QStringLiteral("prompt"), QStringLiteral("p")},
                {QStringLiteral("model_version"), QStringLiteral("m")},
                {QStringLiteral("account"), QStringLiteral("a")},
                {QStringLiteral("media"),
                 QJsonArray{QJsonObject{{QStringLiteral("sha256"), sha},
                                        {QStringLiteral("mime"), mime},
                                        {QStringLiteral("size"), double(bytes.size())},
                                        {QStringLiteral("width"), 10},
                                        {QStringLiteral("height"), 10}}}}};
            QVERIFY(service.store->addItem(QStringLiteral("escalations"), payload, 0, 3).ok());
        }
        auto ws = workspace(QStringLiteral("alice"));
        sync::SyncEngine engine(*ws);
        QVERIFY(engine.enroll(service.url, service.token(QStringLiteral("alice"))).ok());
        auto report = engine.syncOnce();
        QVERIFY(report.ok());
        QCOMPARE(report->leased, 7);
        QCOMPARE(report->ingested, 3);
        QCOMPARE(report->quarantined, 4);
        auto reasons =
            ws->database().prepare("SELECT item_id, reason_code, reason FROM quarantine ORDER BY item_id");
        QStringList found;
        while (reasons->step().value()) {
            found << reasons->text(0) + QLatin1Char('=') + reasons->text(1);
            qInfo() << reasons->text(2);
        }
        QCOMPARE(found, QStringList({QStringLiteral("bad-0=media_decode_failed"),
                                     QStringLiteral("bad-1=media_too_large"),
                                     QStringLiteral("bad-2=media_unsupported_format"),
                                     QStringLiteral("bad-3=media_type_mismatch")}));
        // Nothing of the quarantined items reached the vault or the queue.
        QVERIFY(!ws->vault()->hasItem(QStringLiteral("bad-0")));
        QCOMPARE(queue::ReviewQueue(*ws).openItems()->size(), 3);
    }

    void filesAnalysedInWorkersKeepTheirOwnFacts()
    {
        // Decode and PDQ run in workers (two at once, each with its own hasher) while the next item
        // downloads: every item's stored hash must be its own file's (a hasher shared by overlapping workers
        // mixes them), and progress counts each item once.
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 30, 5);
        auto ws = workspace(QStringLiteral("alice"));
        sync::SyncEngine engine(*ws);
        QVERIFY(engine.enroll(service.url, service.token(QStringLiteral("alice"))).ok());
        QList<int> done;
        engine.ingestor().setProgress([&](int d, int total) {
            QCOMPARE(total, 30);
            done << d;
        });
        auto report = engine.syncOnce();
        QVERIFY(report.ok());
        QCOMPARE(report->ingested, 30);
        QList<int> expected;
        for (int i = 1; i <= 30; ++i)
            expected << i;
        QCOMPARE(done, expected);
        auto stored = ws->database().prepare("SELECT item_id, sha256, pdq FROM media_facts ORDER BY item_id");
        auto files = service.store->database().prepare("SELECT bytes FROM media WHERE sha256 = ?");
        media::PdqHasher hasher;
        QSet<QString> hashes;
        int checked = 0;
        while (stored->step().value()) {
            files->reset();
            files->bind(1, stored->text(1));
            QVERIFY(files->step().value());
            const QByteArray bytes = files->blob(0);
            auto fresh = media::MediaCatalog::analyseFresh(bytes, stored->text(1), {}, hasher);
            QVERIFY(fresh.ok());
            QCOMPARE(media::PdqHash::fromBytes(stored->blob(2)).toHex(), fresh->pdq.hash.toHex());
            hashes.insert(fresh->pdq.hash.toHex());
            ++checked;
        }
        QCOMPARE(checked, 30);
        QVERIFY2(hashes.size() > 10, "the seeded files are mostly distinct drawings");
    }

    void nearDuplicatesClusterAndOneDecisionSignsEach()
    {
        // The seeder opens every block of ten with one drawing in three encodings (PNG, JPEG, resized JPEG).
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 20, 3);
        auto ws = workspace(QStringLiteral("alice"));
        sync::SyncEngine engine(*ws);
        QVERIFY(engine.enroll(service.url, service.token(QStringLiteral("alice"))).ok());
        QCOMPARE(engine.syncOnce()->ingested, 20);
        queue::ReviewQueue queue(*ws);
        // The leader is whichever of the three arrived first (the service leases most urgent first).
        auto first = queue.item(QStringLiteral("esc-000001"));
        QVERIFY(first.ok());
        const QString clusterId = first->clusterId;
        QVERIFY(QStringList({QStringLiteral("esc-000001"), QStringLiteral("esc-000002"),
                             QStringLiteral("esc-000003")})
                    .contains(clusterId));
        QCOMPARE(first->clusterOpen, 3);
        for (const QString &id : {QStringLiteral("esc-000002"), QStringLiteral("esc-000003")})
            QCOMPARE(queue.item(id)->clusterId, clusterId);
        QCOMPARE(queue.item(QStringLiteral("esc-000011"))->clusterOpen, 3);
        QCOMPARE(queue.item(QStringLiteral("esc-000004"))->clusterOpen, 1);
        // Faces are not looked for at ingest (the review view finds them when first needed).
        auto faces = engine.ingestor().mediaCatalog().faces(
            queue.item(QStringLiteral("esc-000002"))->mediaSha256.value(0));
        QVERIFY(faces.ok());
        QVERIFY(!faces->known);

        // What the reviewer confirmed is signed, or nothing: an item that is not an open member (here a lone
        // item; in the GUI one decided meanwhile) refuses the whole decision, and so does leaving out the
        // item looked at.
        const QStringList notMember{QStringLiteral("esc-000002"), QStringLiteral("esc-000004")};
        QCOMPARE(queue
                     .decideCluster(QStringLiteral("esc-000002"), QStringLiteral("remove"), {}, {},
                                    QStringLiteral("t"), notMember)
                     .error()
                     .code,
                 QStringLiteral("cluster_changed"));
        QCOMPARE(queue
                     .decideCluster(QStringLiteral("esc-000002"), QStringLiteral("remove"), {}, {},
                                    QStringLiteral("t"), {QStringLiteral("esc-000003")})
                     .error()
                     .code,
                 QStringLiteral("invalid_argument"));
        QCOMPARE(queue.item(QStringLiteral("esc-000002"))->state, QStringLiteral("open"));
        QCOMPARE(queue.item(QStringLiteral("esc-000003"))->state, QStringLiteral("open"));

        // The reviewer looked at esc-000002; one decision signs all three, each naming cluster and
        // representative.
        auto verdicts = queue.decideCluster(QStringLiteral("esc-000002"), QStringLiteral("remove"),
                                            {QStringLiteral("sexual_minor")}, QStringLiteral("flood"),
                                            QStringLiteral("t"));
        QVERIFY2(verdicts.ok(), qPrintable(verdicts.ok() ? QString() : verdicts.error().toString()));
        QCOMPARE(verdicts->size(), 3);
        QSet<QString> items;
        for (const auto &v : verdicts.value()) {
            const QJsonObject body = QJsonDocument::fromJson(v.body).object();
            const QJsonObject cluster = body.value(QStringLiteral("cluster")).toObject();
            QCOMPARE(cluster.value(QStringLiteral("id")).toString(), clusterId);
            QCOMPARE(cluster.value(QStringLiteral("representative")).toString(),
                     QStringLiteral("esc-000002"));
            QCOMPARE(cluster.value(QStringLiteral("size")).toInt(), 3);
            items << v.itemId;
        }
        QCOMPARE(items.size(), 3);
        QCOMPARE(queue.item(QStringLiteral("esc-000001"))->state, QStringLiteral("decided"));
        auto pushed = engine.push();
        QVERIFY2(pushed.ok(), qPrintable(pushed.ok() ? QString() : pushed.error().toString()));
        QCOMPARE(pushed->accepted, 3);
        // A lone item has no cluster to decide.
        QCOMPARE(queue
                     .decideCluster(QStringLiteral("esc-000004"), QStringLiteral("remove"), {}, {},
                                    QStringLiteral("t"))
                     .error()
                     .code,
                 QStringLiteral("no_cluster"));
    }

    void hashListMatchesAtIngestAndOnImport()
    {
        test::Service service(m_dir->filePath(QStringLiteral("svc")), 12, 3);
        auto ws = workspace(QStringLiteral("alice"));
        // A list holding the hash of sample 11's drawing, imported before the items arrive.
        auto drawing = media::drawSynthetic(3, 11);
        QVERIFY(drawing.ok());
        media::PdqHasher hasher;
        const QString known = hasher.hashImage(media::decodeImage(drawing->bytes)->pixels).hash.toHex();
        {
            media::MediaCatalog catalog(ws->database());
            auto imported = catalog.importHashList(("# known\n" + known + ",100,sample.png\n").toLatin1(),
                                                   QStringLiteral("ncmec-demo"), QStringLiteral("test"));
            QVERIFY(imported.ok());
            QCOMPARE(imported->hashes, 1);
            QCOMPARE(imported->matchedItems, 0);
            QCOMPARE(catalog.importHashList("nothex\n", QStringLiteral("x"), {}).error().code,
                     QStringLiteral("invalid_hash_list"));
        }
        sync::SyncEngine engine(*ws);
        QVERIFY(engine.enroll(service.url, service.token(QStringLiteral("alice"))).ok());
        QCOMPARE(engine.syncOnce()->ingested, 12);
        queue::ReviewQueue queue(*ws);
        for (const QString &id : {QStringLiteral("esc-000011"), QStringLiteral("esc-000012")}) {
            const auto item = queue.item(id).value();
            QCOMPARE(item.hashMatches.size(), 1);
            QVERIFY(item.hashMatches.first().startsWith(QLatin1String("ncmec-demo:")));
        }
        QVERIFY(queue.item(QStringLiteral("esc-000005"))->hashMatches.isEmpty());
        // A list imported later marks what is already stored.
        QVERIFY(engine.ingestor().mediaCatalog().cluster(QStringLiteral("esc-000005")).value().has_value());
        QString hash5;
        {
            auto stmt = ws->database().prepare("SELECT pdq FROM clusters WHERE item_id = 'esc-000005'");
            QVERIFY(stmt->step().value());
            hash5 = media::PdqHash::fromBytes(stmt->blob(0)).toHex();
        }
        media::MediaCatalog later(ws->database());
        auto imported =
            later.importHashList(hash5.toLatin1(), QStringLiteral("late-list"), QStringLiteral("t"));
        QVERIFY(imported.ok());
        QCOMPARE(imported->matchedItems, 1);
        QCOMPARE(queue.item(QStringLiteral("esc-000005"))->hashMatches,
                 QStringList{QStringLiteral("late-list:0")});
        // Shredding an item removes what was derived from its evidence.
        auto shredded = ws->vault()->shredItem(QStringLiteral("esc-000005"));
        QVERIFY2(shredded.ok(), qPrintable(shredded.ok() ? QString() : shredded.error().toString()));
        auto left = ws->database().prepare(
            "SELECT (SELECT COUNT(*) FROM media_facts WHERE item_id = 'esc-000005') + (SELECT COUNT(*) FROM "
            "clusters WHERE item_id = 'esc-000005') + (SELECT COUNT(*) FROM hash_matches WHERE item_id = "
            "'esc-000005')");
        QVERIFY(left->step().value());
        QCOMPARE(left->int64(0), 0);
    }

private:
    std::unique_ptr<Workspace> workspace(const QString &name)
    {
        auto ws = Workspace::open(m_dir->filePath(name), true);
        if (!ws.ok() || !ws.value()->initialize("sync test").ok())
            qFatal("cannot make a workspace");
        return std::move(ws.value());
    }

    QByteArray runService(const QStringList &args)
    {
        QProcess process;
        process.start(QStringLiteral(VEIL_SERVICE_PATH), args);
        process.waitForFinished(120000);
        return process.readAllStandardOutput();
    }

    QUrl startService(QProcess &server, const QString &dir, int seed)
    {
        server.start(QStringLiteral(VEIL_SERVICE_PATH),
                     {QStringLiteral("--data-dir"), dir, QStringLiteral("--listen"),
                      QStringLiteral("127.0.0.1:0"), QStringLiteral("--seed"), QString::number(seed)});
        if (!server.waitForReadyRead(240000))
            return {};
        const QString line = QString::fromUtf8(server.readLine()).trimmed();
        return QUrl(line.mid(QStringLiteral("listening on ").size()));
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_GUILESS_MAIN(TestSync)
#include "tst_sync.moc"
