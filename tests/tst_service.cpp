// The reference service over real HTTP on loopback: auth, enrollment, signed payloads, leases, media,
// verdict batches (accepted / duplicate / rejected / conflict), the supervisors' feed, and limits.
#include "HttpFrontend.h"
#include "IntakeSupport.h"
#include "Policy.h"
#include "Seeder.h"
#include "ServiceDatabase.h"
#include "TestSupport.h"
#include "TlsIdentity.h"
#include "crypto/Ed25519.h"
#include "crypto/Sha256.h"
#include "media/SyntheticImage.h"
#include "protocol/PolicyRules.h"
#include "protocol/Uuid7.h"
#include "protocol/Verdict.h"
#include "queue/ReviewQueue.h"
#include "servicestore/AppealIntake.h"
#include "servicestore/QaReviews.h"
#include "servicestore/ServiceSchema.h"
#include "sync/SyncEngine.h"
#include "workspace/Workspace.h"
#include "json/CanonicalJson.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace veil;
using namespace veil::service;

namespace {

struct Reply
{
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
};

QString b64url(const QByteArray &bytes)
{
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

class TestService : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto store = ServiceStore::open(m_dir->filePath(QStringLiteral("service")),
                                        test::serviceDatabase(m_dir->filePath(QStringLiteral("service"))));
        QVERIFY(store.ok());
        m_store = std::move(store.value());
        QCOMPARE(seedEscalations(*m_store, 12, 7, QDateTime::currentMSecsSinceEpoch()).value(), 12);
        m_api = std::make_unique<ServiceApi>(*m_store);
        m_now = QDateTime::currentMSecsSinceEpoch();
        m_api->setClock([this] { return m_now; });
        m_http = std::make_unique<HttpFrontend>(*m_api);
        auto port = m_http->listen(QHostAddress::LocalHost, 0);
        QVERIFY(port.ok());
        m_base = QStringLiteral("http://127.0.0.1:%1").arg(port.value());
        m_moderator =
            m_store->createToken(QStringLiteral("alice"), QStringLiteral("moderator")).value().toLatin1();
        m_ws = makeWorkspace(QStringLiteral("alice-ws"));
        QVERIFY(m_ws);
        m_deviceId = enroll(m_moderator, *m_ws);
        QVERIFY(!m_deviceId.isEmpty());
    }

    void cleanup()
    {
        m_signers.clear();
        m_http.reset();
        m_api.reset();
        m_store.reset();
        m_ws.reset();
        m_dir.reset();
    }

    // The signing seed and the QA salt are made once: a second write is refused, never a replacement (a new
    // seed would orphan every pinned workstation; a new salt would redraw the QA sample). Team settings
    // are replaced, as a supervisor changes them.
    void createOnceValuesAreNeverReplaced()
    {
        auto seed = m_store->meta(QStringLiteral("signing_seed_sealed"));
        QVERIFY(seed.ok() && seed.value() && seed.value()->size() == 1 + 12 + 32 + 16);
        auto again = m_store->addMeta(QStringLiteral("signing_seed_sealed"), QByteArray(61, 'x'));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("db_constraint"));
        QCOMPARE(*m_store->meta(QStringLiteral("signing_seed_sealed")).value(), *seed.value());
        QVERIFY(m_store->setMeta(QStringLiteral("team_settings"), "{\"a\":1}").ok());
        QVERIFY(m_store->setMeta(QStringLiteral("team_settings"), "{\"a\":2}").ok());
        QCOMPARE(*m_store->meta(QStringLiteral("team_settings")).value(), QByteArray("{\"a\":2}"));
    }

    // The signing seed is never in clear in the database: sealed with a key file of its own (0600), so a
    // copy of the database alone cannot sign. A seed from before is sealed at the next open, the same key;
    // without the key file, or with another, the store refuses to open rather than make a new key.
    void theSigningSeedIsSealed()
    {
        const QString dir = m_dir->filePath(QStringLiteral("sealed"));
        const QString database = test::serviceDatabase(dir);
        const QString keyFile = dir + QStringLiteral("/service-key.bin");
        const QByteArray marker("sealed: see signing_seed_sealed");
        QByteArray firstKey;
        {
            auto store = ServiceStore::open(dir, database);
            QVERIFY(store.ok());
            firstKey = store.value()->signingKey().publicKey();
            // Where the seed was, a marker an older binary cannot load as a seed (it refuses to start).
            QCOMPARE(store.value()->meta(QStringLiteral("signing_seed")).value().value_or(QByteArray()),
                     marker);
            QVERIFY(store.value()->meta(QStringLiteral("signing_seed_sealed")).value());
            struct stat info
            {};
            QVERIFY(::stat(QFile::encodeName(keyFile).constData(), &info) == 0);
            QCOMPARE(info.st_mode & 0777, 0600u);
            QCOMPARE(QFileInfo(keyFile).size(), 32);
            QVERIFY(QDir(dir)
                        .entryList({QStringLiteral(".service-key.*")}, QDir::Hidden | QDir::Files)
                        .isEmpty()); // the temporary file it was written to is gone
            // A database from before sealing: the seed in clear, and no key file yet.
            auto legacy = crypto::ed25519::generate();
            QVERIFY(legacy.ok());
            QVERIFY(store.value()->setMeta(QStringLiteral("signing_seed"), legacy->seed.view()).ok());
            QVERIFY(store.value()
                        ->database()
                        .run("DELETE FROM service_meta WHERE name = 'signing_seed_sealed'")
                        .ok());
            firstKey = legacy->publicKey;
        }
        QVERIFY(QFile::remove(keyFile));
        {
            auto store = ServiceStore::open(dir, database);
            QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().toString()));
            QCOMPARE(store.value()->signingKey().publicKey(), firstKey);
            QCOMPARE(store.value()->meta(QStringLiteral("signing_seed")).value().value_or(QByteArray()),
                     marker);
            QVERIFY(store.value()->meta(QStringLiteral("signing_seed_sealed")).value());
            QVERIFY(QFileInfo::exists(keyFile));
            // Sealed by the version before the marker (which deleted the clear row): the marker comes back.
            QVERIFY(
                store.value()->database().run("DELETE FROM service_meta WHERE name = 'signing_seed'").ok());
        }
        {
            auto store = ServiceStore::open(dir, database);
            QVERIFY(store.ok());
            QCOMPARE(store.value()->signingKey().publicKey(), firstKey);
            QCOMPARE(store.value()->meta(QStringLiteral("signing_seed")).value().value_or(QByteArray()),
                     marker);
        }
        QVERIFY(ServiceStore::open(dir, database).value()->signingKey().publicKey() == firstKey);
        QVERIFY(QFile::rename(keyFile, keyFile + QStringLiteral(".elsewhere")));
        auto without = ServiceStore::open(dir, database);
        QVERIFY(!without.ok());
        QCOMPARE(without.error().code, QStringLiteral("key_missing"));
        QVERIFY(!QFileInfo::exists(keyFile)); // not made anew over a sealed seed
        QFile other(keyFile);
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write(QByteArray(32, '\x5a'));
        other.close();
        QVERIFY(other.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        auto wrong = ServiceStore::open(dir, database);
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().code, QStringLiteral("key_mismatch"));
        QVERIFY(other.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
        auto exposed = ServiceStore::open(dir, database);
        QVERIFY(!exposed.ok());
        QCOMPARE(exposed.error().code, QStringLiteral("key_exposed"));
        QVERIFY(QFile::resize(keyFile, 16));
        QVERIFY(other.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        auto shortKey = ServiceStore::open(dir, database);
        QVERIFY(!shortKey.ok());
        QCOMPARE(shortKey.error().code, QStringLiteral("key_invalid"));
        // The right key given from elsewhere (--key-file, here relative to the working directory): the same
        // key.
        const QString cwd = QDir::currentPath();
        QVERIFY(QDir::setCurrent(dir));
        auto given = ServiceStore::open(dir, database, QStringLiteral("service-key.bin.elsewhere"));
        QVERIFY(QDir::setCurrent(cwd));
        QVERIFY2(given.ok(), qPrintable(given.ok() ? QString() : given.error().toString()));
        QCOMPARE(given.value()->signingKey().publicKey(), firstKey);
        given.value().reset();
        // The sealed row gone while the marker says there was one: refused, never a new key.
        {
            auto store = ServiceStore::open(dir, database, keyFile + QStringLiteral(".elsewhere"));
            QVERIFY(store.ok());
            QVERIFY(store.value()
                        ->database()
                        .run("DELETE FROM service_meta WHERE name = 'signing_seed_sealed'")
                        .ok());
        }
        QVERIFY(QFile::remove(keyFile));
        auto gone = ServiceStore::open(dir, database);
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().code, QStringLiteral("db_corrupt"));
        QVERIFY(!QFileInfo::exists(keyFile));
    }

    // A binary from before sealing, started on a sealed database without the marker, made a second key in
    // clear beside the sealed one (and workstations may have enrolled with it): refused, neither replaced.
    void aSecondKeyInClearBesideTheSealedOneIsRefused()
    {
        const QString dir = m_dir->filePath(QStringLiteral("twokeys"));
        const QString database = test::serviceDatabase(dir);
        auto other = crypto::ed25519::generate();
        QVERIFY(other.ok());
        {
            auto store = ServiceStore::open(dir, database);
            QVERIFY(store.ok());
            QVERIFY(store.value()->setMeta(QStringLiteral("signing_seed"), other->seed.view()).ok());
        }
        auto twice = ServiceStore::open(dir, database);
        QVERIFY(!twice.ok());
        QCOMPARE(twice.error().code, QStringLiteral("db_corrupt"));
    }

    void malformedRequestsGetClearErrors()
    {
        auto raw = [this](const QByteArray &body) {
            return request(m_base + QStringLiteral("/v1/leases/claim"), m_moderator, &body);
        };
        QCOMPARE(errorCode(raw("{not json")), QStringLiteral("malformed_json"));
        QCOMPARE(errorCode(raw("{\"queue\":\"escalations\",\"queue\":\"appeals\"}")),
                 QStringLiteral("malformed_json"));
        QCOMPARE(errorCode(raw("[1,2]")), QStringLiteral("malformed_json"));
        QCOMPARE(errorCode(raw("{\"queue\":\"escalations\",\"max\":\"5\",\"device_id\":\"x\"}")),
                 QStringLiteral("invalid_request"));
        QCOMPARE(get(QStringLiteral("/v1/policy"), m_moderator).status, 200); // the service carries on
    }

    void authIsRequiredAndTimeIsReported()
    {
        QCOMPARE(get(QStringLiteral("/v1/policy"), {}).status, 401);
        Reply bad = get(QStringLiteral("/v1/policy"), "not-a-token");
        QCOMPARE(bad.status, 401);
        QCOMPARE(bad.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("unauthorized"));
        Reply policy = get(QStringLiteral("/v1/policy"), m_moderator);
        QCOMPARE(policy.status, 200);
        QCOMPARE(policy.json.value(QStringLiteral("decision_types")).toArray().size(), 6);
        QCOMPARE(policy.json.value(QStringLiteral("decision_types"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
                 QStringLiteral("no_violation"));
        QCOMPARE(policy.header("X-Veil-Server-Time-Ms"), QByteArray::number(m_now));
        QVERIFY(!policy.header("Date").isEmpty());
        Reply missing = get(QStringLiteral("/v1/nothing"), m_moderator);
        QCOMPARE(missing.status, 404);
        QCOMPARE(
            missing.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
            QStringLiteral("not_found"));
    }

    // A request the service refuses by its head is answered before its body is read: the test sends the
    // head only and gets the answer; the connection closes after it.
    void refusalsComeBeforeTheBody_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        const QByteArray verdicts = "POST /v1/verdicts HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        QTest::newRow("100 MB, no token") << verdicts + "Content-Length: 104857600\r\n\r\n"
                                          << 413 << QStringLiteral("payload_too_large");
        QTest::newRow("no token") << verdicts + "Content-Length: 1000\r\n\r\n"
                                  << 401 << QStringLiteral("unauthorized");
        QTest::newRow("unknown token")
            << verdicts + "Authorization: Bearer veil_forged\r\nContent-Length: 10\r\n\r\n"
            << 401 << QStringLiteral("unauthorized");
        QTest::newRow("valid token, 100 MB")
            << verdicts + "Authorization: Bearer TOKEN\r\nContent-Length: 104857600\r\n\r\n"
            << 413 << QStringLiteral("payload_too_large");
        QTest::newRow("valid token, 4 MiB + 1")
            << verdicts + "Authorization: Bearer TOKEN\r\nContent-Length: 4194305\r\n\r\n"
            << 413 << QStringLiteral("payload_too_large");
        QTest::newRow("chunked") << verdicts +
                                        "Authorization: Bearer TOKEN\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 << 411 << QStringLiteral("length_required");
        QTest::newRow("two lengths")
            << verdicts +
                   "Authorization: Bearer TOKEN\r\nContent-Length: 5\r\nContent-Length: 900000000\r\n\r\n"
            << 400 << QStringLiteral("invalid_request");
        QTest::newRow("head over 16 KiB") << verdicts + "X-Pad: " + QByteArray(17000, 'a') + "\r\n\r\n"
                                          << 431 << QStringLiteral("headers_too_large");
    }

    void refusalsComeBeforeTheBody()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, status);
        QFETCH(QString, code);
        QTcpSocket socket;
        QVERIFY(connectRaw(socket, QUrl(m_base).port()));
        const RawReply reply = exchange(socket, QByteArray(head).replace("TOKEN", m_moderator));
        QCOMPARE(reply.status, status);
        QCOMPARE(errorCode(reply), code);
        QVERIFY(reply.head.contains("\r\nConnection: close\r\n"));
        QVERIFY(reply.head.contains("\r\nX-Veil-Server-Time-Ms: " + QByteArray::number(m_now) + "\r\n"));
        QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, 5000));
    }

    void keepAliveRequestsAreEachChecked()
    {
        QTcpSocket socket;
        QVERIFY(connectRaw(socket, QUrl(m_base).port()));
        const QByteArray body =
            "{\"queue\":\"escalations\",\"max\":1,\"device_id\":\"" + m_deviceId.toLatin1() + "\"}";
        const QByteArray claim =
            "POST /v1/leases/claim HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_moderator +
            "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        RawReply first = exchange(socket, claim);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json.value(QStringLiteral("leases")).toArray().size(), 1);
        // The second head arrives in pieces, its body after a pause: still one request, still served.
        const qsizetype headEnd = claim.indexOf("\r\n\r\n") + 4;
        const RawReply second =
            exchange(socket, {claim.left(20), claim.mid(20, headEnd - 22), claim.mid(headEnd - 2, 2),
                              claim.mid(headEnd, 10), claim.mid(headEnd + 10)});
        QCOMPARE(second.status, 200);
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        // Two requests at once: the good one is served, the oversized one after it refused unread.
        const RawReply third =
            exchange(socket, claim + "POST /v1/verdicts HTTP/1.1\r\nAuthorization: Bearer " + m_moderator +
                                 "\r\nContent-Length: 104857600\r\n\r\n");
        QCOMPARE(third.status, 200);
        const RawReply fourth = exchange(socket, QList<QByteArray>());
        QCOMPARE(fourth.status, 413);
        QCOMPARE(errorCode(fourth), QStringLiteral("payload_too_large"));
        QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, 5000));
    }

    void connectionsAreCappedPerAddress()
    {
        HttpFrontend::Options options;
        options.maxConnectionsPerAddress = 4;
        HttpFrontend capped(*m_api, options);
        const quint16 port = capped.listen(QHostAddress::LocalHost, 0).value();
        std::vector<std::unique_ptr<QTcpSocket>> open;
        for (int i = 0; i < 4; ++i) {
            open.push_back(std::make_unique<QTcpSocket>());
            QVERIFY(connectRaw(*open.back(), port));
        }
        QTcpSocket extra;
        QVERIFY(connectRaw(extra, port)); // the kernel accepts it; the service closes it unanswered
        QVERIFY(QTest::qWaitFor([&] { return extra.state() == QAbstractSocket::UnconnectedState; }, 5000));
        QVERIFY(extra.readAll().isEmpty());
        const QByteArray policy =
            "GET /v1/policy HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_moderator + "\r\n\r\n";
        QCOMPARE(exchange(*open.front(), policy).status, 200);
        // A closed connection gives its place back.
        open.front()->disconnectFromHost();
        QTcpSocket next;
        QTest::qWait(200);
        QVERIFY(connectRaw(next, port));
        QCOMPARE(exchange(next, policy).status, 200);
    }

    // The same guard over TLS: connections in their handshake count against the address, and a refusal
    // comes before the body.
    void tlsConnectionsAreGuardedToo()
    {
        auto identity = loadOrCreateTlsIdentity(m_dir->filePath(QStringLiteral("service")));
        QVERIFY(identity.ok());
        HttpFrontend::Options options;
        options.maxConnectionsPerAddress = 2;
        HttpFrontend tls(*m_api, options);
        const quint16 port = tls.listenTls(QHostAddress::LocalHost, 0, identity->configuration).value();
        const auto encrypted = [port](QSslSocket &socket) {
            socket.setPeerVerifyMode(QSslSocket::VerifyNone);
            socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
            (void)QTest::qWaitFor(
                [&] { return socket.isEncrypted() || socket.state() == QAbstractSocket::UnconnectedState; },
                5000);
            return socket.isEncrypted();
        };
        auto idle = std::make_unique<QTcpSocket>(); // connected, never starts its handshake
        QVERIFY(connectRaw(*idle, port));
        QSslSocket first;
        QVERIFY(encrypted(first));
        QSslSocket third;
        QVERIFY(!encrypted(third));
        QCOMPARE(third.state(), QAbstractSocket::UnconnectedState);
        idle.reset();
        QTest::qWait(200);
        QSslSocket next;
        QVERIFY(encrypted(next));
        const QByteArray head = "POST /v1/verdicts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                                m_moderator + "\r\nContent-Length: 104857600\r\n\r\n";
        const RawReply reply = exchange(next, head);
        QCOMPARE(reply.status, 413);
        QCOMPARE(errorCode(reply), QStringLiteral("payload_too_large"));
        // And a request within the limits is served on the other connection.
        const RawReply policy =
            exchange(first, "GET /v1/policy HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                                m_moderator + "\r\n\r\n");
        QCOMPARE(policy.status, 200);
    }

    // The veil-service process, sent 64 MB of a body announced as 100 MB without a token, answers 413 and
    // drops the bytes: its peak resident memory barely moves (it buffered the whole body before).
    void aHugeBodyLeavesTheProcessSmall()
    {
        const QString dir = m_dir->filePath(QStringLiteral("hwm"));
        QProcess server;
        const QString base = startProcess(
            server, {QStringLiteral("--data-dir"), dir, QStringLiteral("--database"),
                     test::serviceDatabase(dir), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QVERIFY(!base.isEmpty());
        const auto peakKiB = [&server] {
            QFile status(QStringLiteral("/proc/%1/status").arg(server.processId()));
            if (!status.open(QIODevice::ReadOnly))
                return qint64(-1);
            const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("VmHWM:\\s+(\\d+) kB"))
                                                  .match(QString::fromLatin1(status.readAll()));
            return m.hasMatch() ? m.captured(1).toLongLong() : qint64(-1);
        };
        const qint64 before = peakKiB();
        if (before < 0)
            QSKIP("no /proc/<pid>/status here");
        QTcpSocket socket;
        QVERIFY(connectRaw(socket, QUrl(base).port()));
        socket.write("POST /v1/verdicts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 104857600\r\n\r\n");
        const QByteArray chunk(1 << 20, 'x');
        for (int i = 0; i < 64 && socket.state() == QAbstractSocket::ConnectedState; ++i) {
            socket.write(chunk);
            (void)QTest::qWaitFor([&] { return socket.bytesToWrite() < 4 * chunk.size(); }, 5000);
        }
        const RawReply reply = exchange(socket, QList<QByteArray>());
        QCOMPARE(reply.status, 413);
        const qint64 after = peakKiB();
        qInfo("veil-service VmHWM %lld kB before, %lld kB after", before, after);
        server.kill();
        server.waitForFinished();
#ifndef __SANITIZE_ADDRESS__ // under ASan, shadow memory and the free quarantine say nothing of ours
        QVERIFY2(after - before < 24 * 1024,
                 qPrintable(QStringLiteral("VmHWM %1 kB -> %2 kB").arg(before).arg(after)));
#endif
    }

    void enrollmentIsIdempotentAndValidated()
    {
        QCOMPARE(enroll(m_moderator, *m_ws), m_deviceId);
        Reply bad = post(QStringLiteral("/v1/devices"), m_moderator,
                         {{QStringLiteral("public_key"), QStringLiteral("AAAA")}});
        QCOMPARE(bad.status, 400);
        QCOMPARE(errorCode(bad), QStringLiteral("invalid_key"));
        // Another reviewer cannot claim a key already enrolled by alice.
        const QByteArray bob =
            m_store->createToken(QStringLiteral("bob"), QStringLiteral("moderator")).value().toLatin1();
        Reply stolen = post(QStringLiteral("/v1/devices"), bob,
                            {{QStringLiteral("public_key"), b64url(m_ws->deviceKey()->publicKey())}});
        QCOMPARE(stolen.status, 409);
    }

    // A device lookup the store cannot make is the store's failure (503, or "retry" for a verdict), never an
    // answer about the device: a verdict rejected as unknown_key is dropped by the workstation for good.
    // Before, the lookup's failed prepare was dereferenced: the exception ended the service.
    void aFailedDeviceLookupIsNeverAnAnswerAboutTheDevice()
    {
        QVERIFY(m_store->database()
                    .exec(test::onPostgres() ? "DROP TABLE devices CASCADE"
                                             : "PRAGMA foreign_keys = OFF; DROP TABLE devices")
                    .ok());
        Reply claim = claimItems(m_moderator, m_deviceId, 1);
        QCOMPARE(claim.status, 503);
        Reply pushed = post(QStringLiteral("/v1/verdicts"), m_moderator,
                            {{QStringLiteral("verdicts"),
                              QJsonArray{QJsonObject{{QStringLiteral("verdict"), QStringLiteral("{}")},
                                                     {QStringLiteral("signature"), QStringLiteral("AAAA")},
                                                     {QStringLiteral("key_id"), QStringLiteral("k1")}}}}});
        if (pushed.status == 200) {
            const QJsonObject entry = pushed.json.value(QStringLiteral("results")).toArray().at(0).toObject();
            QCOMPARE(entry.value(QStringLiteral("status")).toString(), QStringLiteral("retry"));
        } else {
            QCOMPARE(pushed.status, 503); // PostgreSQL: the failed statement spoilt the batch's transaction
        }
    }

    void claimedPayloadsAreSignedByTheService()
    {
        Reply claim = claimItems(m_moderator, m_deviceId, 5);
        QCOMPARE(claim.status, 200);
        const QJsonArray leases = claim.json.value(QStringLiteral("leases")).toArray();
        QCOMPARE(leases.size(), 5);
        const QByteArray servicePub = m_store->signingKey().publicKey();
        for (const QJsonValue &value : leases) {
            const QJsonObject lease = value.toObject();
            const QByteArray canonical =
                json::canonicalize(lease.value(QStringLiteral("payload")).toObject()).value();
            const QByteArray sig =
                QByteArray::fromBase64(lease.value(QStringLiteral("payload_signature")).toString().toLatin1(),
                                       QByteArray::Base64UrlEncoding);
            QVERIFY(crypto::ed25519::verify(servicePub, canonical, sig));
            QVERIFY(lease.value(QStringLiteral("expires_at_ms")).toDouble() > double(m_now));
        }
        // Leased items are not handed out twice.
        QCOMPARE(
            claimItems(m_moderator, m_deviceId, 100).json.value(QStringLiteral("leases")).toArray().size(),
            7);
        QCOMPARE(
            claimItems(m_moderator, m_deviceId, 100).json.value(QStringLiteral("leases")).toArray().size(),
            0);
    }

    void claimChecksRoleDeviceAndLimits()
    {
        const QByteArray appeals =
            m_store->createToken(QStringLiteral("carol"), QStringLiteral("appeals")).value().toLatin1();
        auto carol = makeWorkspace(QStringLiteral("carol-ws"));
        const QString carolDevice = enroll(appeals, *carol);
        QCOMPARE(claimItems(appeals, carolDevice, 1).status, 403);
        QCOMPARE(claimItems(m_moderator, carolDevice, 1).status, 403); // not alice's device
        QCOMPARE(claimItems(m_moderator, m_deviceId, 0).status, 400);
        QCOMPARE(claimItems(m_moderator, m_deviceId, 101).status, 400);
        Reply huge = post(QStringLiteral("/v1/leases/claim"), m_moderator,
                          {{QStringLiteral("pad"), QString(5 * 1024 * 1024, QLatin1Char('x'))}});
        QCOMPARE(huge.status, 413);
    }

    void mediaIsServedByHash()
    {
        const QJsonObject lease = claimItems(m_moderator, m_deviceId, 1)
                                      .json.value(QStringLiteral("leases"))
                                      .toArray()
                                      .first()
                                      .toObject();
        const QJsonObject media = lease.value(QStringLiteral("payload"))
                                      .toObject()
                                      .value(QStringLiteral("media"))
                                      .toArray()
                                      .first()
                                      .toObject();
        const QString sha = media.value(QStringLiteral("sha256")).toString();
        Reply bytes = get(QStringLiteral("/v1/media/") + sha, m_moderator);
        QCOMPARE(bytes.status, 200);
        QCOMPARE(crypto::sha256Hex(bytes.body), sha);
        QCOMPARE(bytes.header("Content-Type"), media.value(QStringLiteral("mime")).toString().toLatin1());
        QCOMPARE(get(QStringLiteral("/v1/media/") + QString(64, QLatin1Char('0')), m_moderator).status, 404);
    }

    void aLargeBatchIsJudgedEntryByEntry()
    {
        // 16 entries and more: the signatures are checked on every core before the batch's transaction.
        // Each entry must still get exactly its own answer, whatever its neighbours are.
        const QJsonArray leases =
            claimItems(m_moderator, m_deviceId, 12).json.value(QStringLiteral("leases")).toArray();
        QCOMPARE(leases.size(), 12);
        QList<protocol::SignedVerdict> good;
        for (int i = 0; i < 10; ++i)
            good << sign(leases[i].toObject(), QStringLiteral("no_violation"), {});
        protocol::SignedVerdict forged = sign(leases[10].toObject(), QStringLiteral("no_violation"), {});
        forged.signature[5] = char(forged.signature[5] ^ 0x10);
        protocol::SignedVerdict strangeKey = sign(leases[11].toObject(), QStringLiteral("no_violation"), {});
        strangeKey.keyId = QStringLiteral("no-such-key");
        protocol::SignedVerdict forgedReplay = good[1];
        forgedReplay.signature[0] = char(forgedReplay.signature[0] ^ 1);
        QByteArray altered = good[2].body;
        altered.replace("no_violation", "age_restrict");
        const protocol::SignedVerdict reused{good[2].verdictId, good[2].itemId, altered,
                                             m_ws->deviceKey()->sign(altered).value(), good[2].keyId};
        QList<protocol::SignedVerdict> batch = good;
        batch << forged << strangeKey << good.mid(0, 6) << forgedReplay << reused;
        QCOMPARE(batch.size(), 20);
        Reply reply = pushVerdicts(batch);
        QCOMPARE(reply.status, 200);
        const QJsonArray results = reply.json.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 20);
        for (int i = 0; i < 10; ++i) {
            QCOMPARE(status(results[i]), QStringLiteral("accepted"));
            QCOMPARE(results[i].toObject().value(QStringLiteral("verdict_id")).toString(), good[i].verdictId);
        }
        QCOMPARE(code(results[10]), QStringLiteral("bad_signature"));
        QCOMPARE(code(results[11]), QStringLiteral("unknown_key"));
        for (int i = 12; i < 18; ++i)
            QCOMPARE(status(results[i]), QStringLiteral("duplicate"));
        QCOMPARE(code(results[18]), QStringLiteral("bad_signature"));
        QCOMPARE(code(results[19]), QStringLiteral("verdict_id_reused"));
        QCOMPARE(m_store->itemLease(good[9].itemId)->state, QStringLiteral("decided"));
        QVERIFY(m_store->itemLease(forged.itemId)->state != QStringLiteral("decided"));
    }

    void verdictBatchOutcomes()
    {
        const QJsonArray leases =
            claimItems(m_moderator, m_deviceId, 4).json.value(QStringLiteral("leases")).toArray();
        auto good = sign(leases[0].toObject(), QStringLiteral("remove"), {QStringLiteral("violence_gore")});
        auto noLabel = sign(leases[1].toObject(), QStringLiteral("remove"), {});
        auto wrongEvidence =
            sign(leases[2].toObject(), QStringLiteral("no_violation"), {}, QString(64, QLatin1Char('c')));
        protocol::SignedVerdict forged = sign(leases[3].toObject(), QStringLiteral("no_violation"), {});
        forged.signature[0] = char(forged.signature[0] ^ 1);
        Reply batch = pushVerdicts({good, noLabel, wrongEvidence, forged});
        QCOMPARE(batch.status, 200);
        const QJsonArray results = batch.json.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 4);
        QCOMPARE(status(results[0]), QStringLiteral("accepted"));
        QCOMPARE(code(results[1]), QStringLiteral("policy_violation"));
        QCOMPARE(code(results[2]), QStringLiteral("evidence_mismatch"));
        QCOMPARE(code(results[3]), QStringLiteral("bad_signature"));

        // Replays are duplicates (exactly-once effect); a changed body under an old id is refused.
        QCOMPARE(status(pushVerdicts({good}).json.value(QStringLiteral("results")).toArray()[0]),
                 QStringLiteral("duplicate"));
        QByteArray altered = good.body;
        altered.replace("violence_gore", "hate_symbol");
        protocol::SignedVerdict reused{good.verdictId, good.itemId, altered,
                                       m_ws->deviceKey()->sign(altered).value(), good.keyId};
        QCOMPARE(code(pushVerdicts({reused}).json.value(QStringLiteral("results")).toArray()[0]),
                 QStringLiteral("verdict_id_reused"));
        // The decided item never comes back to the queue.
        QCOMPARE(m_store->itemLease(good.itemId)->state, QStringLiteral("decided"));
    }

    void labelsMustFitTheDecisionType()
    {
        const QJsonArray leases =
            claimItems(m_moderator, m_deviceId, 3).json.value(QStringLiteral("leases")).toArray();
        const QJsonObject lease = leases[0].toObject();
        const QString itemId = lease.value(QStringLiteral("item_id")).toString();
        // Correctly signed, but "no violation" naming a violation is incoherent: refused, and the item
        // stays leased to this device, undecided.
        auto incoherent = sign(lease, QStringLiteral("no_violation"), {QStringLiteral("sexual_minor")});
        auto escalated =
            sign(leases[1].toObject(), QStringLiteral("escalate"), {QStringLiteral("violence_gore")});
        auto unlabelled = sign(leases[2].toObject(), QStringLiteral("remove"), {});
        const QJsonArray results =
            pushVerdicts({incoherent, escalated, unlabelled}).json.value(QStringLiteral("results")).toArray();
        for (const QJsonValue &r : results) {
            QCOMPARE(status(r), QStringLiteral("rejected"));
            QCOMPARE(code(r), QStringLiteral("policy_violation"));
        }
        const QString reason = results[0].toObject().value(QStringLiteral("reason")).toString();
        QVERIFY2(reason.contains(QStringLiteral("no_violation")) &&
                     reason.contains(QStringLiteral("sexual_minor")),
                 qPrintable(reason));
        QVERIFY(results[1]
                    .toObject()
                    .value(QStringLiteral("reason"))
                    .toString()
                    .contains(QStringLiteral("escalate")));
        QVERIFY(results[2]
                    .toObject()
                    .value(QStringLiteral("reason"))
                    .toString()
                    .contains(QStringLiteral("label")));
        const auto held = m_store->itemLease(itemId);
        QCOMPARE(held->state, QStringLiteral("queued"));
        QCOMPARE(held->leaseId, lease.value(QStringLiteral("lease_id")).toString());
        QCOMPARE(held->leaseDevice, m_deviceId);
        QVERIFY(!m_store->verdict(incoherent.verdictId));
        // The coherent decision under the same lease goes through.
        QCOMPARE(status(pushVerdicts({sign(lease, QStringLiteral("no_violation"), {})})
                            .json.value(QStringLiteral("results"))
                            .toArray()[0]),
                 QStringLiteral("accepted"));
        // The reference policy says so explicitly, and suggests labels by category or classifier score.
        const QJsonObject policy = get(QStringLiteral("/v1/policy"), m_moderator).json;
        for (const QJsonValue &type : policy.value(QStringLiteral("decision_types")).toArray()) {
            const QJsonObject t = type.toObject();
            QVERIFY(t.value(QStringLiteral("takes_labels")).isBool());
            QCOMPARE(t.value(QStringLiteral("takes_labels")).toBool(),
                     t.value(QStringLiteral("requires_label")).toBool());
        }
        QVERIFY(!protocol::decisionTakesLabels(policy, QStringLiteral("escalate")));
        QVERIFY(protocol::decisionTakesLabels(policy, QStringLiteral("age_restrict")));
        QCOMPARE(protocol::suggestedLabel(policy, QStringLiteral("hate_symbol"), {}),
                 QStringLiteral("hate_symbol"));
        QCOMPARE(
            protocol::suggestedLabel(policy, QStringLiteral("unsorted"),
                                     {{QStringLiteral("violence"), 0.85}, {QStringLiteral("nsfw"), 0.3}}),
            QStringLiteral("violence_gore"));
        QCOMPARE(
            protocol::suggestedLabel(policy, QStringLiteral("unsorted"), {{QStringLiteral("violence"), 0.5}}),
            QString());
    }

    void correctionsSupersedeAVerdict()
    {
        const QJsonObject lease = claimItems(m_moderator, m_deviceId, 1)
                                      .json.value(QStringLiteral("leases"))
                                      .toArray()
                                      .first()
                                      .toObject();
        const QString itemId = lease.value(QStringLiteral("item_id")).toString();
        auto first = sign(lease, QStringLiteral("remove"), {QStringLiteral("violence_gore")});
        QCOMPARE(status(pushVerdicts({first}).json.value(QStringLiteral("results")).toArray()[0]),
                 QStringLiteral("accepted"));
        const qint64 decidedAt = m_store->itemTimes(itemId)->decidedAtMs;
        // The same reviewer corrects the label, later, under the lease that ended with the verdict.
        m_now += m_api->options().leaseMs + 60000;
        protocol::Decision d = decisionFor(lease, QStringLiteral("remove"), {QStringLiteral("hate_symbol")});
        d.supersedes = first.verdictId;
        auto correction = protocol::signVerdict(d, *m_ws->deviceKey(), m_now).value();
        QCOMPARE(status(pushVerdicts({correction}).json.value(QStringLiteral("results")).toArray()[0]),
                 QStringLiteral("accepted"));
        QCOMPARE(m_store->verdict(first.verdictId)->supersededBy, correction.verdictId);
        QVERIFY(m_store->verdict(correction.verdictId)->supersededBy.isEmpty());
        QCOMPARE(m_store->itemLease(itemId)->state, QStringLiteral("decided"));
        QCOMPARE(m_store->itemTimes(itemId)->decidedAtMs, decidedAt); // decided when it was first decided
        // A retry of the correction is a duplicate; a second correction of the same verdict is refused.
        QCOMPARE(status(pushVerdicts({correction}).json.value(QStringLiteral("results")).toArray()[0]),
                 QStringLiteral("duplicate"));
        d.labels = {QStringLiteral("self_harm")};
        auto again = protocol::signVerdict(d, *m_ws->deviceKey(), m_now).value();
        QCOMPARE(code(pushVerdicts({again}).json.value(QStringLiteral("results")).toArray()[0]),
                 QStringLiteral("already_superseded"));
        QVERIFY(!m_store->verdict(again.verdictId));
        // The feed shows both, the correction naming what it supersedes and the first marked superseded.
        const QByteArray sup =
            m_store->createToken(QStringLiteral("sam"), QStringLiteral("supervisor")).value().toLatin1();
        const QJsonArray feed =
            get(QStringLiteral("/v1/verdicts/feed"), sup).json.value(QStringLiteral("verdicts")).toArray();
        QCOMPARE(feed.size(), 2);
        const auto body = [](const QJsonValue &entry) {
            return QJsonDocument::fromJson(
                       entry.toObject().value(QStringLiteral("verdict")).toString().toUtf8())
                .object();
        };
        QCOMPARE(body(feed[0]).value(QStringLiteral("verdict_id")).toString(), first.verdictId);
        QVERIFY(!body(feed[0]).contains(QStringLiteral("supersedes")));
        QCOMPARE(feed[0].toObject().value(QStringLiteral("superseded_by")).toString(), correction.verdictId);
        QCOMPARE(body(feed[1]).value(QStringLiteral("supersedes")).toString(), first.verdictId);
        QCOMPARE(body(feed[1]).value(QStringLiteral("labels")).toArray(),
                 QJsonArray{QStringLiteral("hate_symbol")});
        QVERIFY(!feed[1].toObject().contains(QStringLiteral("superseded_by")));
        // An appeal contests the verdict in force, never the one it replaced.
        const auto file = [&](const QString &verdictId) {
            return post(QStringLiteral("/v1/appeals"), sup,
                        {{QStringLiteral("appeal_of"), verdictId},
                         {QStringLiteral("statement"), QStringLiteral("It was a film still.")}});
        };
        Reply stale = file(first.verdictId);
        QCOMPARE(stale.status, 422);
        QCOMPARE(errorCode(stale), QStringLiteral("verdict_superseded"));
        QCOMPARE(file(correction.verdictId).status, 201);
    }

    // An appealed verdict is settled by its appeal (four-eyes): its reviewer cannot correct around it.
    void anAppealedVerdictIsNotCorrected()
    {
        const QJsonObject lease = claimItems(m_moderator, m_deviceId, 1)
                                      .json.value(QStringLiteral("leases"))
                                      .toArray()
                                      .first()
                                      .toObject();
        auto first = sign(lease, QStringLiteral("remove"), {QStringLiteral("violence_gore")});
        QCOMPARE(status(pushVerdicts({first}).json.value(QStringLiteral("results")).toArray()[0]),
                 QStringLiteral("accepted"));
        service::AppealFiling filing;
        filing.appealOf = first.verdictId;
        filing.statement = QStringLiteral("The image is satire.");
        QVERIFY(service::fileAppeal(*m_store, service::defaultPolicy(), filing, m_now).ok());
        protocol::Decision d = decisionFor(lease, QStringLiteral("no_violation"), {});
        d.supersedes = first.verdictId;
        QCOMPARE(code(pushVerdicts({protocol::signVerdict(d, *m_ws->deviceKey(), m_now).value()})
                          .json.value(QStringLiteral("results"))
                          .toArray()[0]),
                 QStringLiteral("appealed"));
        QVERIFY(m_store->verdict(first.verdictId)->supersededBy.isEmpty());
    }

    void correctionsAreByTheReviewerOrASupervisor()
    {
        const QJsonObject lease = claimItems(m_moderator, m_deviceId, 1)
                                      .json.value(QStringLiteral("leases"))
                                      .toArray()
                                      .first()
                                      .toObject();
        auto first = sign(lease, QStringLiteral("remove"), {QStringLiteral("violence_gore")});
        QCOMPARE(status(pushVerdicts({first}).json.value(QStringLiteral("results")).toArray()[0]),
                 QStringLiteral("accepted"));
        const auto correctAs = [&](const QString &reviewer, const QString &role,
                                   const QString &supersedes) -> QPair<QString, QString> {
            const QByteArray token = m_store->createToken(reviewer, role).value().toLatin1();
            auto ws = makeWorkspace(reviewer + QStringLiteral("-ws"));
            enroll(token, *ws);
            protocol::Decision d =
                decisionFor(lease, QStringLiteral("remove"), {QStringLiteral("hate_symbol")});
            d.reviewer = reviewer;
            d.supersedes = supersedes;
            auto v = protocol::signVerdict(d, *ws->deviceKey(), m_now).value();
            const QJsonObject r = pushAs(token, {v})[0].toObject();
            return {v.verdictId, r.value(QStringLiteral("status")).toString() + QLatin1Char('/') +
                                     r.value(QStringLiteral("code")).toString()};
        };
        // Another moderator may not correct alice's verdict; a supervisor may.
        QCOMPARE(correctAs(QStringLiteral("bob"), QStringLiteral("moderator"), first.verdictId).second,
                 QStringLiteral("rejected/forbidden"));
        QVERIFY(m_store->verdict(first.verdictId)->supersededBy.isEmpty());
        const auto bySupervisor =
            correctAs(QStringLiteral("sam"), QStringLiteral("supervisor"), first.verdictId);
        QCOMPARE(bySupervisor.second, QStringLiteral("accepted/"));
        QCOMPARE(m_store->verdict(first.verdictId)->supersededBy, bySupervisor.first);
        // The supervisor's correction is now in force: alice's own verdict is replaced already, and the
        // supervisor's is not hers to correct.
        protocol::Decision d = decisionFor(lease, QStringLiteral("remove"), {QStringLiteral("self_harm")});
        d.supersedes = first.verdictId;
        QCOMPARE(code(pushVerdicts({protocol::signVerdict(d, *m_ws->deviceKey(), m_now).value()})
                          .json.value(QStringLiteral("results"))
                          .toArray()[0]),
                 QStringLiteral("already_superseded"));
        d.supersedes = bySupervisor.first;
        QCOMPARE(code(pushVerdicts({protocol::signVerdict(d, *m_ws->deviceKey(), m_now).value()})
                          .json.value(QStringLiteral("results"))
                          .toArray()[0]),
                 QStringLiteral("forbidden"));
    }

    void correctionsNameAVerdictInForceOnTheItem()
    {
        const QJsonArray leases =
            claimItems(m_moderator, m_deviceId, 2).json.value(QStringLiteral("leases")).toArray();
        const QJsonObject decided = leases[0].toObject(), open = leases[1].toObject();
        auto first = sign(decided, QStringLiteral("remove"), {QStringLiteral("violence_gore")});
        QCOMPARE(status(pushVerdicts({first}).json.value(QStringLiteral("results")).toArray()[0]),
                 QStringLiteral("accepted"));
        const auto correction = [&](const QJsonObject &lease, const QString &supersedes,
                                    const QString &decision, const QStringList &labels,
                                    const QString &evidence = {}) {
            protocol::Decision d = decisionFor(lease, decision, labels, evidence);
            d.supersedes = supersedes;
            const QJsonObject r = pushVerdicts({protocol::signVerdict(d, *m_ws->deviceKey(), m_now).value()})
                                      .json.value(QStringLiteral("results"))
                                      .toArray()[0]
                                      .toObject();
            return r.value(QStringLiteral("status")).toString() + QLatin1Char('/') +
                   r.value(QStringLiteral("code")).toString();
        };
        const QStringList hate{QStringLiteral("hate_symbol")};
        // A verdict the service never accepted; one on another item; a correction of an undecided item.
        QCOMPARE(correction(decided, protocol::newUuid7(m_now), QStringLiteral("remove"), hate),
                 QStringLiteral("rejected/supersedes_unknown"));
        QCOMPARE(correction(open, first.verdictId, QStringLiteral("remove"), hate),
                 QStringLiteral("rejected/supersedes_unknown"));
        // Every other check still holds: the evidence, the policy's labels.
        QCOMPARE(correction(decided, first.verdictId, QStringLiteral("remove"), hate,
                            QString(64, QLatin1Char('d'))),
                 QStringLiteral("rejected/evidence_mismatch"));
        QCOMPARE(correction(decided, first.verdictId, QStringLiteral("no_violation"), hate),
                 QStringLiteral("rejected/policy_violation"));
        QVERIFY(m_store->verdict(first.verdictId)->supersededBy.isEmpty());
        // The open item is still leased and decidable as usual.
        QCOMPARE(status(pushVerdicts({sign(open, QStringLiteral("no_violation"), {})})
                            .json.value(QStringLiteral("results"))
                            .toArray()[0]),
                 QStringLiteral("accepted"));
        QCOMPARE(correction(decided, first.verdictId, QStringLiteral("no_violation"), {}),
                 QStringLiteral("accepted/"));
    }

    void qaReReviewsTheVerdictInForce()
    {
        const QJsonObject lease = claimItems(m_moderator, m_deviceId, 1)
                                      .json.value(QStringLiteral("leases"))
                                      .toArray()
                                      .first()
                                      .toObject();
        const QString itemId = lease.value(QStringLiteral("item_id")).toString();
        auto first = sign(lease, QStringLiteral("remove"), {QStringLiteral("violence_gore")});
        protocol::Decision d = decisionFor(lease, QStringLiteral("no_violation"), {});
        d.supersedes = first.verdictId;
        auto correction = protocol::signVerdict(d, *m_ws->deviceKey(), m_now).value();
        const QJsonArray results =
            pushVerdicts({first, correction}).json.value(QStringLiteral("results")).toArray();
        QCOMPARE(status(results[0]), QStringLiteral("accepted"));
        QCOMPARE(status(results[1]), QStringLiteral("accepted"));
        QJsonObject policy = defaultPolicy();
        policy[QStringLiteral("qa_sample_rate")] = 1.0;
        m_api->setPolicy(policy);
        const QByteArray supervisor =
            m_store->createToken(QStringLiteral("sam"), QStringLiteral("supervisor")).value().toLatin1();
        QCOMPARE(get(QStringLiteral("/v1/qa/next"), supervisor)
                     .json.value(QStringLiteral("item"))
                     .toObject()
                     .value(QStringLiteral("item_id"))
                     .toString(),
                 itemId);
        QCOMPARE(post(QStringLiteral("/v1/qa/reviews"), supervisor,
                      {{QStringLiteral("item_id"), itemId},
                       {QStringLiteral("decision"), QStringLiteral("no_violation")}})
                     .status,
                 201);
        QVERIFY(get(QStringLiteral("/v1/qa/next"), supervisor).json.value(QStringLiteral("item")).isNull());
        // Measured against the correction: the supervisor agrees with what is in force.
        const QJsonObject overall = get(QStringLiteral("/v1/qa/agreement"), supervisor)
                                        .json.value(QStringLiteral("overall"))
                                        .toObject();
        QCOMPARE(overall.value(QStringLiteral("n")).toInt(), 1);
        QCOMPARE(overall.value(QStringLiteral("percent")).toDouble(), 100.0);
    }

    void unknownKeysAndOtherReviewersAreRejected()
    {
        const QJsonObject lease = claimItems(m_moderator, m_deviceId, 1)
                                      .json.value(QStringLiteral("leases"))
                                      .toArray()
                                      .first()
                                      .toObject();
        auto stranger = makeWorkspace(QStringLiteral("stranger-ws"));
        protocol::Decision d = decisionFor(lease, QStringLiteral("no_violation"), {});
        auto unknown = protocol::signVerdict(d, *stranger->deviceKey(), m_now).value();
        QCOMPARE(code(pushVerdicts({unknown}).json.value(QStringLiteral("results")).toArray()[0]),
                 QStringLiteral("unknown_key"));
        Reply malformed =
            post(QStringLiteral("/v1/verdicts"), m_moderator,
                 {{QStringLiteral("verdicts"), QJsonArray{QJsonObject{{QStringLiteral("verdict"), 5}}}}});
        QCOMPARE(code(malformed.json.value(QStringLiteral("results")).toArray()[0]),
                 QStringLiteral("malformed"));
        QCOMPARE(
            post(QStringLiteral("/v1/verdicts"), m_moderator, {{QStringLiteral("verdicts"), QJsonArray{}}})
                .status,
            400);
    }

    void expiredLeasesReturnToTheQueueAndConflict()
    {
        const QJsonObject lease = claimItems(m_moderator, m_deviceId, 1)
                                      .json.value(QStringLiteral("leases"))
                                      .toArray()
                                      .first()
                                      .toObject();
        const QString itemId = lease.value(QStringLiteral("item_id")).toString();
        auto late = sign(lease, QStringLiteral("no_violation"), {});
        m_now += m_api->options().leaseMs + 1; // the lease runs out
        QCOMPARE(code(pushVerdicts({late}).json.value(QStringLiteral("results")).toArray()[0]),
                 QStringLiteral("lease_expired"));
        // Another reviewer's device now gets the item.
        const QByteArray dave =
            m_store->createToken(QStringLiteral("dave"), QStringLiteral("moderator")).value().toLatin1();
        auto daveWs = makeWorkspace(QStringLiteral("dave-ws"));
        const QString daveDevice = enroll(dave, *daveWs);
        QStringList claimed;
        for (const QJsonValue &v :
             claimItems(dave, daveDevice, 100).json.value(QStringLiteral("leases")).toArray())
            claimed << v.toObject().value(QStringLiteral("item_id")).toString();
        QVERIFY(claimed.contains(itemId));
        Reply lost = pushVerdicts({late});
        QCOMPARE(status(lost.json.value(QStringLiteral("results")).toArray()[0]), QStringLiteral("conflict"));
        QCOMPARE(code(lost.json.value(QStringLiteral("results")).toArray()[0]), QStringLiteral("lease_lost"));
        // Supervisors see the conflicting decision, once, with its signed body.
        QCOMPARE(get(QStringLiteral("/v1/conflicts"), m_moderator).status, 403);
        const QByteArray sup =
            m_store->createToken(QStringLiteral("sam"), QStringLiteral("supervisor")).value().toLatin1();
        const QJsonArray conflicts =
            get(QStringLiteral("/v1/conflicts"), sup).json.value(QStringLiteral("conflicts")).toArray();
        QCOMPARE(conflicts.size(), 1); // the same verdict twice (expired, then lost) is one conflict
        QCOMPARE(conflicts[0].toObject().value(QStringLiteral("verdict_id")).toString(), late.verdictId);
        QCOMPARE(conflicts[0].toObject().value(QStringLiteral("reviewer")).toString(),
                 QStringLiteral("alice"));
        QCOMPARE(conflicts[0].toObject().value(QStringLiteral("verdict")).toString().toUtf8(), late.body);
    }

    void renewAndRelease()
    {
        const QJsonObject lease = claimItems(m_moderator, m_deviceId, 1)
                                      .json.value(QStringLiteral("leases"))
                                      .toArray()
                                      .first()
                                      .toObject();
        const QString leaseId = lease.value(QStringLiteral("lease_id")).toString();
        const QJsonObject device{{QStringLiteral("device_id"), m_deviceId}};
        m_now += 60000;
        Reply renewed = post(QStringLiteral("/v1/leases/%1/renew").arg(leaseId), m_moderator, device);
        QCOMPARE(renewed.status, 200);
        QCOMPARE(qint64(renewed.json.value(QStringLiteral("expires_at_ms")).toDouble()),
                 m_now + m_api->options().leaseMs);
        QCOMPARE(post(QStringLiteral("/v1/leases/%1/release").arg(leaseId), m_moderator, device).status, 200);
        QCOMPARE(post(QStringLiteral("/v1/leases/%1/renew").arg(leaseId), m_moderator, device).status, 409);
        // Released: the item can be claimed again.
        bool back = false;
        for (const QJsonValue &v :
             claimItems(m_moderator, m_deviceId, 100).json.value(QStringLiteral("leases")).toArray())
            back = back ||
                   v.toObject().value(QStringLiteral("item_id")) == lease.value(QStringLiteral("item_id"));
        QVERIFY(back);
    }

    void skippedItemsAreNotOfferedToTheSameReviewerAgain()
    {
        const QJsonArray leases =
            claimItems(m_moderator, m_deviceId, 2).json.value(QStringLiteral("leases")).toArray();
        QCOMPARE(leases.size(), 2);
        const QJsonObject skipped = leases[0].toObject(), plain = leases[1].toObject();
        const auto leasePath = [](const QJsonObject &lease) {
            return QStringLiteral("/v1/leases/%1/release")
                .arg(lease.value(QStringLiteral("lease_id")).toString());
        };
        // A reason the policy does not know is refused, and the lease is kept.
        Reply bad = post(
            leasePath(skipped), m_moderator,
            {{QStringLiteral("device_id"), m_deviceId}, {QStringLiteral("reason"), QStringLiteral("meh")}});
        QCOMPARE(bad.status, 400);
        QCOMPARE(errorCode(bad), QStringLiteral("invalid_reason"));
        QCOMPARE(post(leasePath(skipped), m_moderator,
                      {{QStringLiteral("device_id"), m_deviceId},
                       {QStringLiteral("reason"), QStringLiteral("wellness")}})
                     .status,
                 200);
        QCOMPARE(post(leasePath(plain), m_moderator, {{QStringLiteral("device_id"), m_deviceId}}).status,
                 200);
        QStringList again;
        for (const QJsonValue &v :
             claimItems(m_moderator, m_deviceId, 100).json.value(QStringLiteral("leases")).toArray())
            again << v.toObject().value(QStringLiteral("item_id")).toString();
        QVERIFY(
            again.contains(plain.value(QStringLiteral("item_id")).toString())); // a plain release comes back
        QVERIFY(!again.contains(skipped.value(QStringLiteral("item_id")).toString()));
        // Another reviewer gets the skipped item.
        const QByteArray erin =
            m_store->createToken(QStringLiteral("erin"), QStringLiteral("moderator")).value().toLatin1();
        auto erinWs = makeWorkspace(QStringLiteral("erin-ws"));
        const QString erinDevice = enroll(erin, *erinWs);
        QStringList hers;
        for (const QJsonValue &v :
             claimItems(erin, erinDevice, 100).json.value(QStringLiteral("leases")).toArray())
            hers << v.toObject().value(QStringLiteral("item_id")).toString();
        QVERIFY(hers.contains(skipped.value(QStringLiteral("item_id")).toString()));
    }

    void supervisorFeedPagesSignedVerdicts()
    {
        const QJsonArray leases =
            claimItems(m_moderator, m_deviceId, 3).json.value(QStringLiteral("leases")).toArray();
        QList<protocol::SignedVerdict> verdicts;
        for (const QJsonValue &lease : leases)
            verdicts << sign(lease.toObject(), QStringLiteral("no_violation"), {});
        pushVerdicts(verdicts);
        QCOMPARE(get(QStringLiteral("/v1/verdicts/feed"), m_moderator).status, 403);
        const QByteArray sup =
            m_store->createToken(QStringLiteral("sam"), QStringLiteral("supervisor")).value().toLatin1();
        Reply first = get(QStringLiteral("/v1/verdicts/feed?limit=2"), sup);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json.value(QStringLiteral("verdicts")).toArray().size(), 2);
        const qint64 cursor = qint64(first.json.value(QStringLiteral("next_cursor")).toDouble());
        Reply rest = get(QStringLiteral("/v1/verdicts/feed?cursor=%1").arg(cursor), sup);
        QCOMPARE(rest.json.value(QStringLiteral("verdicts")).toArray().size(), 1);
        const QJsonObject entry = rest.json.value(QStringLiteral("verdicts")).toArray().first().toObject();
        const QByteArray sig = QByteArray::fromBase64(
            entry.value(QStringLiteral("signature")).toString().toLatin1(), QByteArray::Base64UrlEncoding);
        QVERIFY(protocol::verifyVerdict(entry.value(QStringLiteral("verdict")).toString().toUtf8(), sig,
                                        m_ws->deviceKey()->publicKey())
                    .ok());
    }

    void appealsAreFourEyes()
    {
        QCOMPARE(seedAppeals(*m_store, 2, 9, m_now).value(), 2);
        const QByteArray handler =
            m_store->createToken(QStringLiteral("hana"), QStringLiteral("appeals")).value().toLatin1();
        auto hanaWs = makeWorkspace(QStringLiteral("hana-ws"));
        const QString hanaDevice = enroll(handler, *hanaWs);
        // Moderators do not see appeals; appeal handlers do.
        QCOMPARE(post(QStringLiteral("/v1/leases/claim"), m_moderator,
                      {{QStringLiteral("queue"), QStringLiteral("appeals")},
                       {QStringLiteral("max"), 5},
                       {QStringLiteral("device_id"), m_deviceId}})
                     .status,
                 403);
        const QJsonArray leases = post(QStringLiteral("/v1/leases/claim"), handler,
                                       {{QStringLiteral("queue"), QStringLiteral("appeals")},
                                        {QStringLiteral("max"), 5},
                                        {QStringLiteral("device_id"), hanaDevice}})
                                      .json.value(QStringLiteral("leases"))
                                      .toArray();
        QCOMPARE(leases.size(), 2);
        const QJsonObject payload = leases[0].toObject().value(QStringLiteral("payload")).toObject();
        QCOMPARE(payload.value(QStringLiteral("type")).toString(), QStringLiteral("veil.appeal.v1"));
        QCOMPARE(payload.value(QStringLiteral("original_reviewer")).toString(), QLatin1String(SeedModerator));

        protocol::Decision d = decisionFor(leases[0].toObject(), QStringLiteral("remove"),
                                           {QStringLiteral("likeness_real_person")});
        d.queue = QStringLiteral("appeals");
        d.reviewer = QStringLiteral("hana");
        d.outcome = QStringLiteral("uphold");
        d.appealOf = payload.value(QStringLiteral("appeal_of")).toString();
        d.rationale = QStringLiteral("A second reviewer confirmed the decision.");
        // An appeal verdict names the contested verdict's exact bytes: a wrong hash is refused.
        d.appealOfSha256 = QString(64, QLatin1Char('0'));
        auto wrongHash = protocol::signVerdict(d, *hanaWs->deviceKey(), m_now).value();
        QCOMPARE(code(post(QStringLiteral("/v1/verdicts"), handler,
                           {{QStringLiteral("verdicts"),
                             QJsonArray{QJsonDocument::fromJson(wrongHash.toExportLine()).object()}}})
                          .json.value(QStringLiteral("results"))
                          .toArray()[0]),
                 QStringLiteral("appeal_mismatch"));
        d.appealOfSha256 =
            crypto::sha256Hex(payload.value(QStringLiteral("original_verdict")).toString().toUtf8());
        auto upheld = protocol::signVerdict(d, *hanaWs->deviceKey(), m_now).value();
        QJsonArray entries{QJsonDocument::fromJson(upheld.toExportLine()).object()};
        QCOMPARE(status(post(QStringLiteral("/v1/verdicts"), handler, {{QStringLiteral("verdicts"), entries}})
                            .json.value(QStringLiteral("results"))
                            .toArray()[0]),
                 QStringLiteral("accepted"));

        // The original decider, even with an appeals token and a device of their own, is never offered
        // the appeal, and a forged verdict from a patched client is refused.
        const QByteArray original =
            m_store->createToken(QLatin1String(SeedModerator), QStringLiteral("appeals")).value().toLatin1();
        auto origWs = makeWorkspace(QStringLiteral("orig-ws"));
        const QString origDevice = enroll(original, *origWs);
        QVERIFY(!origDevice.isEmpty());
        QCOMPARE(post(QStringLiteral("/v1/leases/claim"), original,
                      {{QStringLiteral("queue"), QStringLiteral("appeals")},
                       {QStringLiteral("max"), 5},
                       {QStringLiteral("device_id"), origDevice}})
                     .json.value(QStringLiteral("leases"))
                     .toArray()
                     .size(),
                 0);
        protocol::Decision forged = decisionFor(leases[1].toObject(), QStringLiteral("no_violation"), {});
        forged.queue = QStringLiteral("appeals");
        forged.reviewer = QLatin1String(SeedModerator);
        forged.outcome = QStringLiteral("overturn");
        forged.rationale = QStringLiteral("Reversed.");
        forged.appealOf = leases[1]
                              .toObject()
                              .value(QStringLiteral("payload"))
                              .toObject()
                              .value(QStringLiteral("appeal_of"))
                              .toString();
        forged.appealOfSha256 = crypto::sha256Hex(leases[1]
                                                      .toObject()
                                                      .value(QStringLiteral("payload"))
                                                      .toObject()
                                                      .value(QStringLiteral("original_verdict"))
                                                      .toString()
                                                      .toUtf8());
        auto forgedVerdict = protocol::signVerdict(forged, *origWs->deviceKey(), m_now).value();
        QJsonArray forgedEntries{QJsonDocument::fromJson(forgedVerdict.toExportLine()).object()};
        QCOMPARE(
            code(post(QStringLiteral("/v1/verdicts"), original, {{QStringLiteral("verdicts"), forgedEntries}})
                     .json.value(QStringLiteral("results"))
                     .toArray()[0]),
            QStringLiteral("four_eyes"));
    }

    void appealsAreFiledWithinTheWindow()
    {
        const qint64 day = 24 * 3600 * 1000;
        const auto decided = [&](const QString &itemId, qint64 ageDays) {
            return acceptedVerdict(itemId, QStringLiteral("mo"), QStringLiteral("remove"),
                                   {QStringLiteral("violence_gore")}, m_now - ageDays * day);
        };
        const QString recent = decided(QStringLiteral("esc-000001"), 3);
        const QString halfYear = decided(QStringLiteral("esc-000002"), 183);
        const QString stale = decided(QStringLiteral("esc-000003"), 200);
        const QByteArray supervisor =
            m_store->createToken(QStringLiteral("sam"), QStringLiteral("supervisor")).value().toLatin1();
        const QByteArray moderator =
            m_store->createToken(QStringLiteral("mia"), QStringLiteral("moderator")).value().toLatin1();
        const auto file = [&](const QByteArray &token, const QString &verdictId) {
            return post(QStringLiteral("/v1/appeals"), token,
                        {{QStringLiteral("appeal_of"), verdictId},
                         {QStringLiteral("statement"), QStringLiteral("It was satire.")},
                         {QStringLiteral("notified_at_ms"), double(m_now - 2 * day)}});
        };
        QCOMPARE(file(moderator, recent).status, 403);
        Reply filed = file(supervisor, recent);
        QCOMPARE(filed.status, 201);
        QCOMPARE(filed.json.value(QStringLiteral("item_id")).toString(), QStringLiteral("apl-") + recent);
        QCOMPARE(file(supervisor, recent)
                     .json.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("appeal_exists"));
        // Six months after the decision an appeal is still taken; well past the window it is refused.
        QCOMPARE(file(supervisor, halfYear).status, 201);
        Reply late = file(supervisor, stale);
        QCOMPARE(late.status, 422);
        QCOMPARE(late.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("appeal_window_closed"));
        QCOMPARE(file(supervisor, QStringLiteral("no-such-verdict")).status, 404);
        // The appeal's clock starts at the notification: the policy's 7 days from there.
        const auto times = m_store->itemTimes(QStringLiteral("apl-") + recent).value();
        QCOMPARE(times.dueAtMs, m_now - 2 * day + 7 * day);
        // Its payload carries the contested verdict exactly as signed.
        const QJsonObject payload = m_store->itemPayload(QStringLiteral("apl-") + recent).value();
        QCOMPARE(payload.value(QStringLiteral("original_verdict")).toString().toUtf8(),
                 m_store->verdict(recent)->body);
        QCOMPARE(payload.value(QStringLiteral("original_reviewer")).toString(), QStringLiteral("mo"));
    }

    void qaReReviewIsBlindAndMeasured()
    {
        // Two moderators' decisions; a supervisor re-reviews what the sample holds (all of it, here).
        const QStringList items{QStringLiteral("esc-000001"), QStringLiteral("esc-000002"),
                                QStringLiteral("esc-000003"), QStringLiteral("esc-000004")};
        acceptedVerdict(items[0], QStringLiteral("mia"), QStringLiteral("remove"),
                        {QStringLiteral("hate_symbol")}, m_now);
        acceptedVerdict(items[1], QStringLiteral("mia"), QStringLiteral("no_violation"), {}, m_now);
        acceptedVerdict(items[2], QStringLiteral("noa"), QStringLiteral("remove"),
                        {QStringLiteral("violence_gore")}, m_now);
        acceptedVerdict(items[3], QStringLiteral("sam"), QStringLiteral("no_violation"), {},
                        m_now); // the supervisor's own
        QJsonObject policy = defaultPolicy();
        policy[QStringLiteral("qa_sample_rate")] = 1.0;
        m_api->setPolicy(policy);
        const QByteArray supervisor =
            m_store->createToken(QStringLiteral("sam"), QStringLiteral("supervisor")).value().toLatin1();
        const QByteArray moderator =
            m_store->createToken(QStringLiteral("mia"), QStringLiteral("moderator")).value().toLatin1();
        QCOMPARE(get(QStringLiteral("/v1/qa/next"), moderator).status, 403);
        // Each offered item comes without its verdict; the supervisor's own decision is never offered.
        QStringList offered;
        for (int i = 0; i < 5; ++i) {
            const Reply next = get(QStringLiteral("/v1/qa/next"), supervisor);
            if (next.json.value(QStringLiteral("item")).isNull())
                break;
            const QJsonObject item = next.json.value(QStringLiteral("item")).toObject();
            const QString itemId = item.value(QStringLiteral("item_id")).toString();
            QVERIFY(!item.value(QStringLiteral("payload")).toObject().contains(QStringLiteral("decision")));
            offered << itemId;
            // Agrees with mia on esc-000001 and esc-000002, not with noa on esc-000003.
            const bool removal = itemId == items[0];
            QCOMPARE(post(QStringLiteral("/v1/qa/reviews"), supervisor,
                          {{QStringLiteral("item_id"), itemId},
                           {QStringLiteral("decision"),
                            removal ? QStringLiteral("remove") : QStringLiteral("no_violation")},
                           {QStringLiteral("labels"),
                            removal ? QJsonArray{QStringLiteral("hate_symbol")} : QJsonArray{}}})
                         .status,
                     201);
        }
        QCOMPARE(offered, items.mid(0, 3));
        QCOMPARE(post(QStringLiteral("/v1/qa/reviews"), supervisor,
                      {{QStringLiteral("item_id"), items[0]},
                       {QStringLiteral("decision"), QStringLiteral("remove")},
                       {QStringLiteral("labels"), QJsonArray{QStringLiteral("hate_symbol")}}})
                     .json.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("already_reviewed"));
        QCOMPARE(post(QStringLiteral("/v1/qa/reviews"), supervisor,
                      {{QStringLiteral("item_id"), items[3]},
                       {QStringLiteral("decision"), QStringLiteral("remove")}})
                     .json.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("own_decision"));
        // 2 of 3 agree: remove 2/3 vs 1/3, p_e = 2/9 + 2/9 = 4/9, kappa = (2/3 - 4/9) / (5/9) = 0.4.
        const QJsonObject agreement = get(QStringLiteral("/v1/qa/agreement"), supervisor).json;
        const QJsonObject overall = agreement.value(QStringLiteral("overall")).toObject();
        QCOMPARE(overall.value(QStringLiteral("n")).toInt(), 3);
        QVERIFY(qAbs(overall.value(QStringLiteral("kappa")).toDouble() - 0.4) < 1e-9);
        QCOMPARE(agreement.value(QStringLiteral("reviewers")).toArray().size(), 2);
        const QJsonArray disagreements = agreement.value(QStringLiteral("disagreements")).toArray();
        QCOMPARE(disagreements.size(), 1);
        QCOMPARE(disagreements[0].toObject().value(QStringLiteral("reviewer")).toString(),
                 QStringLiteral("noa"));
    }

    void teamSettingsAreSetBySupervisors()
    {
        const QByteArray supervisor =
            m_store->createToken(QStringLiteral("sam"), QStringLiteral("supervisor")).value().toLatin1();
        const QByteArray moderator =
            m_store->createToken(QStringLiteral("mia"), QStringLiteral("moderator")).value().toLatin1();
        // Everyone reads them (built-in defaults at first); only supervisors set them.
        QCOMPARE(get(QStringLiteral("/v1/team/settings"), moderator)
                     .json.value(QStringLiteral("defaults"))
                     .toObject()
                     .value(QStringLiteral("blur_strength"))
                     .toInt(),
                 2);
        const QJsonObject strict{
            {QStringLiteral("defaults"), QJsonObject{{QStringLiteral("require_label"), true}}},
            {QStringLiteral("overridable"), QJsonArray{QStringLiteral("grayscale")}}};
        QCOMPARE(post(QStringLiteral("/v1/team/settings"), moderator, strict).status, 403);
        // Refused by field: out of range, unknown, a rule left to reviewers.
        for (const QJsonObject &bad :
             {QJsonObject{{QStringLiteral("defaults"), QJsonObject{{QStringLiteral("blur_strength"), 9}}}},
              QJsonObject{{QStringLiteral("defaults"), QJsonObject{{QStringLiteral("autoplay"), true}}}},
              QJsonObject{{QStringLiteral("overridable"), QJsonArray{QStringLiteral("require_label")}}}}) {
            Reply refused = post(QStringLiteral("/v1/team/settings"), supervisor, bad);
            QCOMPARE(refused.status, 400);
            QCOMPARE(refused.json.value(QStringLiteral("error"))
                         .toObject()
                         .value(QStringLiteral("code"))
                         .toString(),
                     QStringLiteral("bad_settings"));
        }
        QCOMPARE(post(QStringLiteral("/v1/team/settings"), supervisor, strict).status, 200);
        const QJsonObject now = get(QStringLiteral("/v1/team/settings"), moderator).json;
        QVERIFY(
            now.value(QStringLiteral("defaults")).toObject().value(QStringLiteral("require_label")).toBool());
        QCOMPARE(now.value(QStringLiteral("overridable")).toArray(), QJsonArray{QStringLiteral("grayscale")});
        // The rule binds verdicts on the decision types that carry labels: under a policy where a removal
        // may go without one, the team still asks for it. Escalating names no violation (the policy's
        // takes_labels), so the rule cannot ask for a label there.
        QJsonObject lenient = defaultPolicy();
        QJsonArray types = lenient.value(QStringLiteral("decision_types")).toArray();
        for (qsizetype i = 0; i < types.size(); ++i) {
            QJsonObject type = types[i].toObject();
            if (type.value(QStringLiteral("name")).toString() == QLatin1String("remove"))
                type[QStringLiteral("requires_label")] = false;
            types[i] = type;
        }
        lenient[QStringLiteral("decision_types")] = types;
        QVERIFY(service::checkPolicy(lenient).ok());
        m_api->setPolicy(lenient);
        auto ws = makeWorkspace(QStringLiteral("mia-ws"));
        const QString device = enroll(moderator, *ws);
        const QJsonArray leases =
            claimItems(moderator, device, 2).json.value(QStringLiteral("leases")).toArray();
        const auto decide = [&](const QJsonObject &lease, const QString &decision) {
            protocol::Decision d = decisionFor(lease, decision, {});
            d.reviewer = QStringLiteral("mia");
            return pushAs(moderator, {protocol::signVerdict(d, *ws->deviceKey(), m_now).value()})[0]
                .toObject();
        };
        const QJsonObject removal = decide(leases[0].toObject(), QStringLiteral("remove"));
        QCOMPARE(code(removal), QStringLiteral("policy_violation"));
        QVERIFY(removal.value(QStringLiteral("reason")).toString().contains(QStringLiteral("team")));
        QCOMPARE(status(decide(leases[1].toObject(), QStringLiteral("escalate"))),
                 QStringLiteral("accepted"));
    }

    void theSlaDashboardCountsAndMeasures()
    {
        // Two escalations decided (the seeded ones were created up to 6 h ago), the rest open.
        acceptedVerdict(QStringLiteral("esc-000001"), QStringLiteral("mia"), QStringLiteral("no_violation"),
                        {}, m_now);
        acceptedVerdict(QStringLiteral("esc-000002"), QStringLiteral("mia"), QStringLiteral("no_violation"),
                        {}, m_now);
        const QByteArray supervisor =
            m_store->createToken(QStringLiteral("sam"), QStringLiteral("supervisor")).value().toLatin1();
        const QByteArray moderator =
            m_store->createToken(QStringLiteral("mia"), QStringLiteral("moderator")).value().toLatin1();
        QCOMPARE(get(QStringLiteral("/v1/sla/summary"), moderator).status, 403);
        // Mia holds every open item now.
        auto ws = makeWorkspace(QStringLiteral("mia-ws"));
        QCOMPARE(claimItems(moderator, enroll(moderator, *ws), 20)
                     .json.value(QStringLiteral("leases"))
                     .toArray()
                     .size(),
                 10);
        const QJsonObject summary = get(QStringLiteral("/v1/sla/summary"), supervisor).json;
        QJsonObject escalations;
        for (const QJsonValue &q : summary.value(QStringLiteral("queues")).toArray())
            if (q.toObject().value(QStringLiteral("queue")).toString() == QLatin1String("escalations"))
                escalations = q.toObject();
        QCOMPARE(escalations.value(QStringLiteral("open")).toInt(), 10);
        // Breached: open items past their due time at the service's now, counted here from the store.
        int breached = 0;
        for (int i = 3; i <= 12; ++i)
            breached +=
                m_store->itemTimes(QStringLiteral("esc-%1").arg(i, 6, 10, QLatin1Char('0')))->dueAtMs < m_now;
        QCOMPARE(escalations.value(QStringLiteral("breached")).toInt(), breached);
        QVERIFY(escalations.value(QStringLiteral("due_soon")).toInt() + breached <= 10);
        // Both decisions took under 6 h from creation: in the first three buckets, none in the last two.
        const QJsonObject ttd = escalations.value(QStringLiteral("time_to_decision")).toObject();
        QCOMPARE(ttd.value(QStringLiteral("n")).toInt(), 2);
        const QJsonArray buckets = ttd.value(QStringLiteral("buckets")).toArray();
        QCOMPARE(buckets.size(), 5);
        int counted = 0;
        for (const QJsonValue &b : buckets)
            counted += b.toObject().value(QStringLiteral("count")).toInt();
        QCOMPARE(counted, 2);
        QCOMPARE(buckets[3].toObject().value(QStringLiteral("count")).toInt() +
                     buckets[4].toObject().value(QStringLiteral("count")).toInt(),
                 0);
        QVERIFY(ttd.value(QStringLiteral("median_ms")).toDouble() > 0);
        // Breached items by name, most overdue first, with who holds each.
        const QJsonArray late = summary.value(QStringLiteral("breached_items")).toArray();
        QCOMPARE(late.size(), breached);
        QVERIFY(!late.isEmpty()); // the seeded items are up to 6 h old: some 4 h targets have run out
        for (qsizetype i = 0; i < late.size(); ++i) {
            QVERIFY(late[i].toObject().value(QStringLiteral("lateness_ms")).toDouble() > 0);
            QCOMPARE(late[i].toObject().value(QStringLiteral("held_by")).toString(), QStringLiteral("mia"));
            if (i > 0)
                QVERIFY(late[i - 1].toObject().value(QStringLiteral("due_at_ms")).toDouble() <=
                        late[i].toObject().value(QStringLiteral("due_at_ms")).toDouble());
        }
    }

    void theQaSampleIsSaltedAndProportional()
    {
        service::QaReviews reviews(*m_store, 0.25);
        int in = 0;
        for (int i = 0; i < 2000; ++i)
            in += reviews.sampled(QStringLiteral("verdict-%1").arg(i)).value();
        QVERIFY2(in > 400 && in < 600, qPrintable(QString::number(in))); // 500 expected
        // The same verdict always gets the same answer here; another service (another salt) draws anew.
        QCOMPARE(reviews.sampled(QStringLiteral("verdict-7")).value(),
                 reviews.sampled(QStringLiteral("verdict-7")).value());
        QTemporaryDir other;
        auto otherStore =
            std::move(ServiceStore::open(other.path(), test::serviceDatabase(other.path())).value());
        service::QaReviews elsewhere(*otherStore, 0.25);
        int differs = 0;
        for (int i = 0; i < 200; ++i)
            differs += reviews.sampled(QStringLiteral("verdict-%1").arg(i)).value() !=
                       elsewhere.sampled(QStringLiteral("verdict-%1").arg(i)).value();
        QVERIFY(differs > 20);
    }

    // The walk for the next QA item starts where the re-reviews have got to (the frontier), and never
    // passes a sampled decision still waiting: not one reviewed out of order's predecessors, not a
    // supervisor's own decision that another supervisor must take.
    void qaReviewsWalkFromTheFrontier()
    {
        const QStringList items = escalationIds();
        QCOMPARE(items.size(), 12);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < items.size(); ++i)
            acceptedVerdict(items[i], i == 10 ? QStringLiteral("sam") : QStringLiteral("alex"),
                            QStringLiteral("no_violation"), {}, now);
        service::QaReviews reviews(*m_store, 1.0);
        const auto frontier = [this] { return m_store->meta(QStringLiteral("qa_frontier")).value(); };
        // Out of order first: the ones before it still wait, and the frontier stays.
        QVERIFY(
            reviews.record(QStringLiteral("sam"), items[5], QStringLiteral("no_violation"), {}, now).ok());
        QVERIFY(!frontier());
        const QStringList taken = reviewAllOffered(reviews, QStringLiteral("sam"), now);
        QStringList expected = items;
        expected.removeAt(10); // sam's own
        expected.removeAt(5);  // reviewed already
        QCOMPARE(taken, expected);
        // Sam's own decision waits for another supervisor: the frontier stopped before it.
        QVERIFY(frontier());
        auto forTess = reviews.next(QStringLiteral("tess"));
        QVERIFY(forTess.ok() && forTess.value());
        QCOMPARE(forTess.value()->itemId, items[10]);
        QVERIFY(
            reviews.record(QStringLiteral("tess"), items[10], QStringLiteral("no_violation"), {}, now).ok());
        QVERIFY(!reviews.next(QStringLiteral("tess")).value());
        // Everything reviewed: the frontier is at the last verdict.
        auto last = m_store->database().prepare("SELECT MAX(seq) FROM verdicts");
        QVERIFY(last.ok() && last->step().value());
        QCOMPARE(frontier()->split(':').value(0).toLongLong(), last->int64(0));
        QCOMPARE(frontier()->split(':').value(1).toDouble(), 1.0);
    }

    // A frontier moved under a lower rate holds for that rate only: under a higher one, the verdicts only it
    // samples are still offered (a rate lowered for a while, or an instance on an older policy, hides none).
    void aLowerRatesFrontierHidesNothingFromAHigherRate()
    {
        const QStringList items = escalationIds();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QHash<QString, QString> verdictOf;
        for (const QString &item : std::as_const(items))
            verdictOf.insert(
                item, acceptedVerdict(item, QStringLiteral("alex"), QStringLiteral("no_violation"), {}, now));
        service::QaReviews low(*m_store, 0.5), high(*m_store, 1.0);
        QStringList lowSample;
        for (const QString &item : std::as_const(items))
            if (low.sampled(verdictOf.value(item)).value())
                lowSample << item;
        // The salt is the store's own: at 0.5 over 12 items, a sample of none or all is a 1-in-2,048 draw.
        if (lowSample.isEmpty() || lowSample.size() == items.size())
            QSKIP("the draw sampled none or all at 0.5");
        QCOMPARE(reviewAllOffered(low, QStringLiteral("sam"), now), lowSample);
        QVERIFY(m_store->meta(QStringLiteral("qa_frontier")).value()); // moved, at 0.5
        // At 1.0 every other item is still offered, in order, from the first.
        QStringList expected;
        for (const QString &item : std::as_const(items))
            if (!lowSample.contains(item))
                expected << item;
        QCOMPARE(reviewAllOffered(high, QStringLiteral("sam"), now), expected);
    }

    // `migrate` brings a new or older database to this build's schema and says which, on either engine;
    // a database URI of another kind is refused before anything is made.
    void migrateSaysTheSchemaVersion()
    {
        const QString dir = m_dir->filePath(QStringLiteral("migrate"));
        const auto run = [&](const QString &database) {
            QProcess migrate;
            migrate.start(QStringLiteral(VEIL_SERVICE_PATH),
                          {QStringLiteral("--data-dir"), dir, QStringLiteral("--database"), database,
                           QStringLiteral("migrate")});
            migrate.waitForFinished(60000);
            // stdout only: the migrations' own log lines go to stderr.
            return std::make_pair(migrate.exitCode(), QString::fromUtf8(migrate.readAllStandardOutput()));
        };
        const QString latest = QStringLiteral("schema version %1\n").arg(serviceMigrations().back().version);
        QCOMPARE(run(test::serviceDatabase(dir)), std::make_pair(0, latest));
        QCOMPARE(run(test::serviceDatabase(dir)), std::make_pair(0, latest)); // again: nothing to do
        const QString elsewhere = m_dir->filePath(QStringLiteral("never-made"));
        QProcess refused;
        refused.start(QStringLiteral(VEIL_SERVICE_PATH),
                      {QStringLiteral("--data-dir"), elsewhere, QStringLiteral("--database"),
                       QStringLiteral("mysql://veil@db/veil"), QStringLiteral("migrate")});
        QVERIFY(refused.waitForFinished(60000));
        QCOMPARE(refused.exitCode(), 1);
        QVERIFY(refused.readAllStandardError().contains("[invalid_database]"));
        QVERIFY(!QFileInfo::exists(elsewhere));
    }

    void realProcessServesAndExports()
    {
        const QString dir = m_dir->filePath(QStringLiteral("proc"));
        const QByteArray erin = processToken(dir);
        QVERIFY(!erin.isEmpty());
        QProcess server;
        const QString base = startProcess(server, {QStringLiteral("--data-dir"), dir,
                                                   QStringLiteral("--database"), test::serviceDatabase(dir),
                                                   QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                                   QStringLiteral("--seed"), QStringLiteral("5")});
        QVERIFY(!base.isEmpty());
        Reply policy = request(base + QStringLiteral("/v1/policy"), erin, nullptr);
        QCOMPARE(policy.status, 200);
        // A backup while it serves: a consistent database with everything seeded; never over a file.
        const QString backupFile = m_dir->filePath(QStringLiteral("backup.db"));
        const auto backup = [&] {
            QProcess run;
            run.start(QStringLiteral(VEIL_SERVICE_PATH),
                      {QStringLiteral("--data-dir"), dir, QStringLiteral("--database"),
                       test::serviceDatabase(dir), QStringLiteral("backup"), QStringLiteral("--to"),
                       backupFile});
            return run.waitForFinished(30000) ? run.exitCode() : -1;
        };
        if (test::onPostgres()) {
            // PostgreSQL is backed up with pg_dump (docs/operations.md): the command says so, writes nothing.
            QCOMPARE(backup(), 1);
            QVERIFY(!QFile::exists(backupFile));
        } else {
            QCOMPARE(backup(), 0);
            auto copy = store::Database::open(backupFile, store::Database::OpenMode::ReadOnly);
            QVERIFY(copy.ok());
            auto items = copy.value()->prepare("SELECT count(*) FROM items");
            QVERIFY(items->step().value());
            QCOMPARE(items->int64(0), 7); // 5 escalations, an appeal and the decided escalation it contests
            items->reset();
            QCOMPARE(backup(), 1);
        }
        server.kill();
        server.waitForFinished();
        QProcess refused;
        refused.start(QStringLiteral(VEIL_SERVICE_PATH),
                      {QStringLiteral("--data-dir"), dir, QStringLiteral("--database"),
                       test::serviceDatabase(dir), QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0")});
        QVERIFY(refused.waitForFinished(30000));
        QCOMPARE(refused.exitCode(), 1);
    }

    void theDocumentedApiIsTheServedApi_data()
    {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QString>("pattern"); // what marks a documented route in it
        QTest::newRow("openapi") << QStringLiteral("openapi.yaml") << QString();
        QTest::newRow("protocol") << QStringLiteral("protocol.md")
                                  << QStringLiteral("`(GET|POST|PUT|DELETE) (/v1/[^` ?]*)");
    }

    void theDocumentedApiIsTheServedApi()
    {
        QFETCH(QString, document);
        QFETCH(QString, pattern);
        QFile file(QStringLiteral(VEIL_DOCS_DIR "/") + document);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        // Documented routes: method and path template ({lease_id}, {sha256}, {item_id}).
        QSet<QPair<QString, QString>> documented;
        if (pattern.isEmpty()) {
            QString path;
            for (const QString &line : text.split(QLatin1Char('\n'))) {
                static const QRegularExpression pathLine(QStringLiteral("^  (/v1/\\S+):$"));
                static const QRegularExpression methodLine(
                    QStringLiteral("^    (get|post|put|delete|patch):"));
                if (auto m = pathLine.match(line); m.hasMatch())
                    path = m.captured(1);
                else if (auto m2 = methodLine.match(line); m2.hasMatch() && !path.isEmpty())
                    documented.insert({m2.captured(1).toUpper(), path});
            }
        } else {
            for (auto it = QRegularExpression(pattern).globalMatch(text); it.hasNext();) {
                const auto m = it.next();
                documented.insert({m.captured(1), m.captured(2)});
            }
        }
        QVERIFY(documented.size() > 15);
        const auto concrete = [](QString path) {
            return path.replace(QStringLiteral("{lease_id}"), QString(32, QLatin1Char('a')))
                .replace(QStringLiteral("{sha256}"), QString(64, QLatin1Char('b')))
                .replace(QStringLiteral("{item_id}"), QStringLiteral("esc-000001"));
        };
        const auto routes = m_api->routeList();
        QStringList undocumented, unserved;
        for (const auto &[method, regex] : routes) {
            bool found = false;
            for (const auto &[docMethod, docPath] : documented)
                found = found || (docMethod.toLatin1() == method &&
                                  QRegularExpression(regex).match(concrete(docPath)).hasMatch());
            if (!found)
                undocumented << QString::fromLatin1(method) + QLatin1Char(' ') + regex;
        }
        // And every documented route answers at the running service (with a supervisor's token): the
        // answer may refuse the empty request, but never as an unknown resource.
        const QByteArray supervisor =
            m_store->createToken(QStringLiteral("sam"), QStringLiteral("supervisor")).value().toLatin1();
        for (const auto &[docMethod, docPath] : documented) {
            const Reply reply = docMethod == QLatin1String("GET") ? get(concrete(docPath), supervisor)
                                : docMethod == QLatin1String("POST")
                                    ? post(concrete(docPath), supervisor, {})
                                    : put(concrete(docPath), supervisor, docMethod.toLatin1());
            if (reply.json.value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .startsWith(QStringLiteral("no such resource")))
                unserved << docMethod + QLatin1Char(' ') + docPath;
        }
        QVERIFY2(undocumented.isEmpty(),
                 qPrintable(
                     QStringLiteral("not in %1: %2").arg(document, undocumented.join(QStringLiteral(", ")))));
        QVERIFY2(unserved.isEmpty(), qPrintable(QStringLiteral("documented in %1 but not served: %2")
                                                    .arg(document, unserved.join(QStringLiteral(", ")))));
    }

    void operatorPoliciesAreCheckedBeforeTheyAreServed_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("says");
        const QJsonObject reference = service::defaultPolicy();
        QJsonArray twice = reference.value(QStringLiteral("labels")).toArray();
        twice.append(twice.first());
        QJsonArray unmapped = reference.value(QStringLiteral("labels")).toArray();
        unmapped.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("spam")},
                                    {QStringLiteral("title"), QStringLiteral("Spam")}});
        QJsonObject dsa = reference.value(QStringLiteral("dsa")).toObject();
        QJsonObject dsaLabels = dsa.value(QStringLiteral("labels")).toObject();
        QJsonObject gore = dsaLabels.value(QStringLiteral("violence_gore")).toObject();
        gore[QStringLiteral("category")] = QStringLiteral("STATEMENT_CATEGORY_GORE");
        dsaLabels[QStringLiteral("violence_gore")] = gore;
        dsa[QStringLiteral("labels")] = dsaLabels;
        const auto withType = [&reference](const char *name, const char *key, const QJsonValue &value) {
            QJsonArray types = reference.value(QStringLiteral("decision_types")).toArray();
            for (qsizetype i = 0; i < types.size(); ++i) {
                QJsonObject type = types[i].toObject();
                if (type.value(QStringLiteral("name")).toString() == QLatin1String(name))
                    type[QLatin1String(key)] = value;
                types[i] = type;
            }
            return QJsonValue(types);
        };
        QTest::newRow("no decision types")
            << "decision_types" << QJsonValue(QJsonArray{}) << "decision_types";
        QTest::newRow("a label twice") << "labels" << QJsonValue(twice) << "twice";
        QTest::newRow("a label without a DSA mapping") << "labels" << QJsonValue(unmapped) << "spam";
        QTest::newRow("a category the database does not know")
            << "dsa" << QJsonValue(dsa) << "STATEMENT_CATEGORY_GORE";
        QTest::newRow("a short appeal window") << "appeal_window_days" << QJsonValue(30) << "184";
        QTest::newRow("a QA rate over 1") << "qa_sample_rate" << QJsonValue(2) << "qa_sample_rate";
        QTest::newRow("no SLA targets") << "sla_targets" << QJsonValue(QJsonArray{}) << "sla_targets";
        QTest::newRow("no skip reasons") << "skip_reasons" << QJsonValue(QJsonArray{}) << "skip_reasons";
        QTest::newRow("takes_labels that is not a bool")
            << "decision_types" << withType("remove", "takes_labels", QStringLiteral("yes"))
            << "takes_labels";
        QTest::newRow("a required label on a type that takes none")
            << "decision_types" << withType("remove", "takes_labels", false) << "remove requires a label";
        QTest::newRow("a category suggesting an unknown label")
            << "category_labels"
            << QJsonValue(QJsonObject{{QStringLiteral("violence_gore"), QJsonArray{QStringLiteral("gore")}}})
            << "gore";
        QTest::newRow("a score suggesting an unknown label")
            << "score_labels" << QJsonValue(QJsonObject{{QStringLiteral("nsfw"), QStringLiteral("nudity")}})
            << "nudity";
        QTest::newRow("a score threshold over 1")
            << "score_label_threshold" << QJsonValue(80) << "score_label_threshold";
        const auto titles = [](const QString &kind, const QJsonValue &byLanguage) {
            return QJsonValue(QJsonObject{{kind, QJsonObject{{QStringLiteral("hate_symbol"), byLanguage}}}});
        };
        QTest::newRow("titles of an unknown kind")
            << "titles"
            << titles(QStringLiteral("colour"), QJsonObject{{QStringLiteral("en"), QStringLiteral("x")}})
            << "titles.colour";
        QTest::newRow("a title that is not text")
            << "titles" << titles(QStringLiteral("category"), QJsonObject{{QStringLiteral("de"), 3}})
            << "titles.category.hate_symbol.de";
        QTest::newRow("a title of 81 characters")
            << "titles"
            << titles(QStringLiteral("category"),
                      QJsonObject{{QStringLiteral("en"), QString(81, QLatin1Char('x'))}})
            << "1 to 80";
        QTest::newRow("a blank title")
            << "titles"
            << titles(QStringLiteral("queue"), QJsonObject{{QStringLiteral("en"), QStringLiteral("  ")}})
            << "1 to 80";
        QTest::newRow("titles that are a list")
            << "titles" << QJsonValue(QJsonArray{QStringLiteral("x")}) << "titles must map";
        QTest::newRow("a legal hold that is not a list")
            << "retention"
            << QJsonValue(
                   QJsonObject{{QStringLiteral("legal_hold_categories"), QStringLiteral("sexual_minor")}})
            << "legal_hold_categories";
    }

    void operatorPoliciesAreCheckedBeforeTheyAreServed()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, says);
        QVERIFY(service::checkPolicy(service::defaultPolicy()).ok());
        QJsonObject policy = service::defaultPolicy();
        policy[key] = value;
        auto checked = service::checkPolicy(policy);
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().code, QStringLiteral("bad_policy"));
        QVERIFY2(checked.error().message.contains(says), qPrintable(checked.error().message));
    }

    void theServiceServesTheOperatorsPolicy()
    {
        const QString dir = m_dir->filePath(QStringLiteral("policy"));
        QDir().mkpath(dir);
        // policy show prints the reference policy: the operator's starting point.
        QProcess show;
        show.start(QStringLiteral(VEIL_SERVICE_PATH), {QStringLiteral("policy"), QStringLiteral("show")});
        QVERIFY(show.waitForFinished(30000));
        QCOMPARE(show.exitCode(), 0);
        QJsonObject policy = QJsonDocument::fromJson(show.readAllStandardOutput()).object();
        QCOMPARE(policy.keys(), service::defaultPolicy().keys());
        QCOMPARE(policy.value(QStringLiteral("qa_sample_rate")).toDouble(), 0.1);
        // A stricter QA sample and a shorter target: served as given.
        policy[QStringLiteral("qa_sample_rate")] = 0.25;
        const QString file = dir + QStringLiteral("/policy.json");
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(policy).toJson());
        out.close();
        QVERIFY(service::loadPolicy(file).ok());
        const QByteArray erin = processToken(dir);
        QProcess server;
        const QString base =
            startProcess(server, {QStringLiteral("--data-dir"), dir, QStringLiteral("--database"),
                                  test::serviceDatabase(dir), QStringLiteral("--listen"),
                                  QStringLiteral("127.0.0.1:0"), QStringLiteral("--policy"), file});
        QVERIFY(!base.isEmpty());
        Reply served = request(base + QStringLiteral("/v1/policy"), erin, nullptr);
        QCOMPARE(served.status, 200);
        QCOMPARE(served.json.value(QStringLiteral("qa_sample_rate")).toDouble(), 0.25);
        server.kill();
        server.waitForFinished();
        // A bad one is refused at start, with the reason; so is a file that is not JSON.
        policy[QStringLiteral("appeal_window_days")] = 90;
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(QJsonDocument(policy).toJson());
        out.close();
        QProcess refused;
        refused.start(QStringLiteral(VEIL_SERVICE_PATH),
                      {QStringLiteral("--data-dir"), dir, QStringLiteral("--database"),
                       test::serviceDatabase(dir), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                       QStringLiteral("--policy"), file});
        QVERIFY(refused.waitForFinished(30000));
        QCOMPARE(refused.exitCode(), 1);
        QVERIFY(refused.readAllStandardError().contains("appeal_window_days"));
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write("{\"decision_types\": [");
        out.close();
        QCOMPARE(service::loadPolicy(file).error().code, QStringLiteral("bad_policy"));
        QCOMPARE(service::loadPolicy(dir + QStringLiteral("/none.json")).error().code,
                 QStringLiteral("io_error"));
    }

    // veil-service flood posts through a running service's intake, as a pipeline would: every item filed
    // once (a re-run files nothing new), a reviewer's token refused, and the families it makes arrive at a
    // workstation as clusters that never mix families or take in unrelated items.
    void aFloodGoesThroughTheRealIntake()
    {
        const QString dir = m_dir->filePath(QStringLiteral("flood"));
        QProcess server;
        const QString base = startProcess(
            server, {QStringLiteral("--data-dir"), dir, QStringLiteral("--database"),
                     test::serviceDatabase(dir), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QVERIFY(!base.isEmpty());
        const QByteArray pipeline =
            processToken(dir, QStringLiteral("pipeline"), QStringLiteral("generator"));
        const QByteArray moderator = processToken(dir);
        QVERIFY(!pipeline.isEmpty() && !moderator.isEmpty());
        const QString madeAt =
            QDateTime::currentDateTimeUtc().addSecs(-60).toString(Qt::ISODateWithMs); // the same on every run
        const auto flood = [&](const QByteArray &token) {
            QProcess run;
            run.start(QStringLiteral(VEIL_SERVICE_PATH),
                      {QStringLiteral("flood"), QStringLiteral("--service"), base, QStringLiteral("--token"),
                       QString::fromLatin1(token), QStringLiteral("--items"), QStringLiteral("24"),
                       QStringLiteral("--families"), QStringLiteral("3"), QStringLiteral("--unique"),
                       QStringLiteral("4"), QStringLiteral("--created-at"), madeAt});
            if (!run.waitForFinished(120000))
                qFatal("flood did not finish");
            return std::make_pair(
                run.exitCode(), QString::fromUtf8(run.readAllStandardOutput() + run.readAllStandardError()));
        };
        const auto [code, output] = flood(pipeline);
        QCOMPARE(code, 0);
        QVERIFY2(output.contains(QStringLiteral("filed 28 escalations (0 filed before)")),
                 qPrintable(output));
        const auto [again, againOutput] = flood(pipeline);
        QCOMPARE(again, 0);
        QVERIFY2(againOutput.contains(QStringLiteral("filed 0 escalations (28 filed before), 0 new media")),
                 qPrintable(againOutput));
        const auto [refused, refusedOutput] = flood(moderator);
        QCOMPARE(refused, 1);
        QVERIFY2(refusedOutput.contains(QStringLiteral("HTTP 403")), qPrintable(refusedOutput));

        auto ws = makeWorkspace(QStringLiteral("flood-ws"));
        QVERIFY(ws);
        sync::SyncEngine engine(*ws);
        QVERIFY(engine.enroll(QUrl(base), moderator).ok());
        QCOMPARE(engine.syncOnce(100)->ingested, 28);
        auto open = queue::ReviewQueue(*ws).openItems(100);
        QVERIFY(open.ok());
        QCOMPARE(open->size(), 28);
        QHash<QString, QSet<int>> familiesOfCluster; // unrelated items count as family 0
        QSet<QString> familyClusters;
        for (const auto &item : open.value()) {
            const bool unrelated = item.scores.contains(QStringLiteral("nsfw"));
            const int family =
                unrelated ? 0
                          : qRound((item.scores.value(QStringLiteral("violence")).toDouble() - 0.6) * 100);
            QVERIFY(unrelated || (family >= 1 && family <= 3));
            const QString cluster = item.clusterId.isEmpty() ? item.itemId : item.clusterId;
            familiesOfCluster[cluster].insert(family);
            if (!unrelated)
                familyClusters.insert(cluster);
        }
        for (auto it = familiesOfCluster.cbegin(); it != familiesOfCluster.cend(); ++it)
            QVERIFY2(it.value().size() == 1, "a cluster mixes families, or unrelated items");
        // 24 members of 3 families: a handful of clusters, not 24 (PDQ holds most variations together).
        QVERIFY2(familyClusters.size() <= 6, qPrintable(QString::number(familyClusters.size())));
        server.kill();
        server.waitForFinished();
    }

    // Family-aware claims through the real service process: a reviewer's claim takes a family whole (its most
    // urgent member with the rest, up to the claim's size), another reviewer's claim leaves that family
    // alone, and the holder's next claim brings the rest of it.
    void familiesAreClaimedWholeThroughTheRealService()
    {
        const QString dir = m_dir->filePath(QStringLiteral("families"));
        QProcess server;
        const QString base = startProcess(
            server, {QStringLiteral("--data-dir"), dir, QStringLiteral("--database"),
                     test::serviceDatabase(dir), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QVERIFY(!base.isEmpty());
        const QByteArray pipeline =
            processToken(dir, QStringLiteral("pipeline"), QStringLiteral("generator"));
        const QByteArray erinToken = processToken(dir);
        const QByteArray finnToken = processToken(dir, QStringLiteral("moderator"), QStringLiteral("finn"));
        QVERIFY(!pipeline.isEmpty() && !erinToken.isEmpty() && !finnToken.isEmpty());
        QProcess run;
        run.start(QStringLiteral(VEIL_SERVICE_PATH),
                  {QStringLiteral("flood"), QStringLiteral("--service"), base, QStringLiteral("--token"),
                   QString::fromLatin1(pipeline), QStringLiteral("--items"), QStringLiteral("24"),
                   QStringLiteral("--families"), QStringLiteral("3"), QStringLiteral("--unique"),
                   QStringLiteral("0"), QStringLiteral("--created-at"),
                   QDateTime::currentDateTimeUtc().addSecs(-60).toString(Qt::ISODateWithMs)});
        QVERIFY(run.waitForFinished(120000));
        QCOMPARE(run.exitCode(), 0);

        // The drawing each item was made from, as the flood marks it in the scores (0.61, 0.62, 0.63).
        const auto drawingsOf = [](Workspace &ws) {
            QHash<QString, int> drawing;
            for (const auto &item : queue::ReviewQueue(ws).openItems(100).value())
                drawing.insert(
                    item.itemId,
                    qRound((item.scores.value(QStringLiteral("violence")).toDouble() - 0.6) * 100));
            return drawing;
        };
        auto erin = makeWorkspace(QStringLiteral("erin-ws"));
        auto finn = makeWorkspace(QStringLiteral("finn-ws"));
        QVERIFY(erin && finn);
        sync::SyncEngine erinSync(*erin), finnSync(*finn);
        QVERIFY(erinSync.enroll(QUrl(base), erinToken).ok());
        QVERIFY(finnSync.enroll(QUrl(base), finnToken).ok());

        QCOMPARE(erinSync.syncOnce(3)->ingested, 3);
        const QHash<QString, int> erinFirst = drawingsOf(*erin);
        const QList<int> firstDrawings = erinFirst.values();
        const int held = firstDrawings.first();
        QVERIFY(held >= 1 && held <= 3);
        QCOMPARE(QSet<int>(firstDrawings.cbegin(), firstDrawings.cend()), QSet<int>({held}));

        // finn takes everything else there is: nothing of the family erin works.
        QCOMPARE(finnSync.syncOnce(100)->ingested, 16);
        const QHash<QString, int> finnItems = drawingsOf(*finn);
        QVERIFY2(!finnItems.values().contains(held), "a family being worked was split between reviewers");

        // erin's next claim: the rest of her family, and nothing else.
        QCOMPARE(erinSync.syncOnce(100)->ingested, 5);
        const QHash<QString, int> erinAll = drawingsOf(*erin);
        QCOMPARE(erinAll.size(), 8);
        const QList<int> erinDrawings = erinAll.values();
        QCOMPARE(QSet<int>(erinDrawings.cbegin(), erinDrawings.cend()), QSet<int>({held}));
        for (auto it = erinAll.cbegin(); it != erinAll.cend(); ++it)
            QVERIFY(!finnItems.contains(it.key()));
        server.kill();
        server.waitForFinished();
    }

    // Verdict delivery through the real service process: six members of one drawing decided at a workstation
    // in one act (decideMany: one signed verdict each) and a loner come back to the pipeline that filed them,
    // each verdict signed over its exact bytes by this workstation's device key, under the flood's own
    // external id for its item.
    void verdictsReachThePipelineThroughTheRealService()
    {
        const QString dir = m_dir->filePath(QStringLiteral("delivery"));
        QProcess server;
        const QString base = startProcess(
            server, {QStringLiteral("--data-dir"), dir, QStringLiteral("--database"),
                     test::serviceDatabase(dir), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QVERIFY(!base.isEmpty());
        const QByteArray pipeline =
            processToken(dir, QStringLiteral("pipeline"), QStringLiteral("generator"));
        const QByteArray moderator = processToken(dir);
        QVERIFY(!pipeline.isEmpty() && !moderator.isEmpty());
        QProcess run;
        run.start(QStringLiteral(VEIL_SERVICE_PATH),
                  {QStringLiteral("flood"), QStringLiteral("--service"), base, QStringLiteral("--token"),
                   QString::fromLatin1(pipeline), QStringLiteral("--items"), QStringLiteral("6"),
                   QStringLiteral("--families"), QStringLiteral("1"), QStringLiteral("--unique"),
                   QStringLiteral("1")});
        QVERIFY(run.waitForFinished(120000));
        QCOMPARE(run.exitCode(), 0);

        auto ws = makeWorkspace(QStringLiteral("delivery-ws"));
        QVERIFY(ws);
        sync::SyncEngine engine(*ws);
        QVERIFY(engine.enroll(QUrl(base), moderator).ok());
        QCOMPARE(engine.syncOnce(100)->ingested, 7);
        queue::ReviewQueue queue(*ws);
        QStringList family;
        QString loner;
        for (const auto &item : queue.openItems(100).value()) {
            if (item.scores.contains(QStringLiteral("nsfw")))
                loner = item.itemId;
            else
                family << item.itemId;
        }
        QCOMPARE(family.size(), 6);
        QVERIFY(!loner.isEmpty());
        QMap<QString, QString> decided; // item id -> decision
        const auto familyVerdicts = queue.decideMany(
            family, QStringLiteral("remove"), {QStringLiteral("violence_gore")}, {}, QStringLiteral("test"));
        QVERIFY(familyVerdicts.ok());
        QCOMPARE(familyVerdicts->size(), 6);
        for (const QString &id : family)
            decided.insert(id, QStringLiteral("remove"));
        QVERIFY(queue.decide(loner, QStringLiteral("no_violation"), {}, {}, QStringLiteral("test")).ok());
        decided.insert(loner, QStringLiteral("no_violation"));
        QVERIFY(engine.syncOnce(100).ok()); // pushes them

        QNetworkAccessManager nam;
        const test::HttpReply feed = test::httpSend(
            nam, QUrl(base + QStringLiteral("/v1/intake/verdicts?limit=100")), "GET", {}, pipeline);
        QCOMPARE(feed.status, 200);
        const QJsonArray verdicts = feed.json.value(QStringLiteral("verdicts")).toArray();
        QCOMPARE(verdicts.size(), 7);
        QSet<QString> items, externalIds;
        for (const QJsonValue &entry : verdicts) {
            const QJsonObject v = entry.toObject();
            const QByteArray body = v.value(QStringLiteral("verdict")).toString().toUtf8();
            const QByteArray key =
                QByteArray::fromBase64(v.value(QStringLiteral("device_public_key")).toString().toLatin1(),
                                       QByteArray::Base64UrlEncoding);
            QCOMPARE(key, ws->deviceKey()->publicKey());
            QVERIFY(crypto::ed25519::verify(
                key, body,
                QByteArray::fromBase64(v.value(QStringLiteral("signature")).toString().toLatin1(),
                                       QByteArray::Base64UrlEncoding)));
            const QJsonObject signedVerdict = QJsonDocument::fromJson(body).object();
            const QString itemId = v.value(QStringLiteral("item_id")).toString();
            QCOMPARE(signedVerdict.value(QStringLiteral("item_id")).toString(), itemId);
            QCOMPARE(signedVerdict.value(QStringLiteral("decision")).toString(), decided.value(itemId));
            items.insert(itemId);
            // The flood's ids: members "flood:<seed>:f<family>:<n>", unrelated items "...:u<n>".
            const QString externalId = v.value(QStringLiteral("external_id")).toString();
            QVERIFY2(externalId.startsWith(QStringLiteral("flood:")), qPrintable(externalId));
            QCOMPARE(externalId.contains(QStringLiteral(":u")), itemId == loner);
            externalIds.insert(externalId);
        }
        QCOMPARE(items.size(), 7); // each item its own verdict, none twice
        QCOMPARE(externalIds.size(), 7);
        QVERIFY(!externalIds.contains(QString()));
        server.kill();
        server.waitForFinished();
    }

    // Bad intake refused by the service process itself, each with its code, and nothing else lost: a wrong
    // hash, bytes that are no image, an image the safe decoder refuses, a body over the limit, a reviewer's
    // token, the same external id with another body; the good filing among them reaches a reviewer whole.
    void badIntakeIsRefusedByTheServiceProcessAndNothingElseLost()
    {
        const QString dir = m_dir->filePath(QStringLiteral("bad-intake"));
        QProcess server;
        const QString base = startProcess(
            server, {QStringLiteral("--data-dir"), dir, QStringLiteral("--database"),
                     test::serviceDatabase(dir), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QVERIFY(!base.isEmpty());
        const QByteArray pipeline =
            processToken(dir, QStringLiteral("pipeline"), QStringLiteral("generator"));
        const QByteArray moderator = processToken(dir);
        QVERIFY(!pipeline.isEmpty() && !moderator.isEmpty());
        QNetworkAccessManager nam;
        const auto put = [&](const QString &sha, const QByteArray &bytes, const QByteArray &token) {
            return test::httpSend(nam, QUrl(base + QStringLiteral("/v1/media/") + sha), "PUT", bytes, token);
        };
        const auto file = [&](const QJsonObject &filing, const QByteArray &token) {
            return test::httpSend(
                nam, QUrl(base + QStringLiteral("/v1/escalations")), "POST",
                QJsonDocument(QJsonObject{{QStringLiteral("escalations"), QJsonArray{filing}}}).toJson(),
                token);
        };
        const QByteArray jpeg = media::drawSynthetic(5, 1)->bytes;
        const QString sha = crypto::sha256Hex(jpeg);
        QCOMPARE(put(sha, jpeg, pipeline).status, 201);

        const test::HttpReply wrongHash = put(QString(64, QLatin1Char('0')), jpeg, pipeline);
        QCOMPARE(wrongHash.status, 400);
        QCOMPARE(wrongHash.code(), QStringLiteral("hash_mismatch"));
        const QByteArray text = "just some text, not an image";
        const test::HttpReply notImage = put(crypto::sha256Hex(text), text, pipeline);
        QCOMPARE(notImage.status, 415);
        QCOMPARE(notImage.code(), QStringLiteral("unsupported_media"));
        const QByteArray cut = jpeg.left(jpeg.size() / 3);
        const test::HttpReply undecodable = put(crypto::sha256Hex(cut), cut, pipeline);
        QCOMPARE(undecodable.status, 422);
        QCOMPARE(undecodable.code(), QStringLiteral("undecodable_media"));
        const QByteArray huge(5 * 1024 * 1024, 'x'); // over the default 4 MB body limit
        const test::HttpReply oversized = put(crypto::sha256Hex(huge), huge, pipeline);
        QCOMPARE(oversized.status, 413);
        QCOMPARE(oversized.code(), QStringLiteral("payload_too_large"));
        QCOMPARE(put(sha, jpeg, moderator).status, 403);

        const QJsonObject good =
            test::intakeFiling(QStringLiteral("pf:9001"), sha, QDateTime::currentMSecsSinceEpoch());
        const test::HttpReply filed = file(good, pipeline);
        QCOMPARE(filed.status, 200);
        const QJsonObject created = filed.json.value(QStringLiteral("results")).toArray().at(0).toObject();
        QCOMPARE(created.value(QStringLiteral("status")).toString(), QStringLiteral("created"));
        QJsonObject changed = good;
        changed.insert(QStringLiteral("prompt"), QStringLiteral("another prompt"));
        const QJsonObject conflict =
            file(changed, pipeline).json.value(QStringLiteral("results")).toArray().at(0).toObject();
        QCOMPARE(conflict.value(QStringLiteral("status")).toString(), QStringLiteral("rejected"));
        QCOMPARE(conflict.value(QStringLiteral("code")).toString(), QStringLiteral("intake_conflict"));
        QCOMPARE(file(good, moderator).status, 403);

        // A reviewer gets exactly the one good item, its evidence the uploaded image.
        auto ws = makeWorkspace(QStringLiteral("bad-intake-ws"));
        QVERIFY(ws);
        sync::SyncEngine engine(*ws);
        QVERIFY(engine.enroll(QUrl(base), moderator).ok());
        QCOMPARE(engine.syncOnce(100)->ingested, 1);
        const auto open = queue::ReviewQueue(*ws).openItems(100).value();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().itemId, created.value(QStringLiteral("item_id")).toString());
        QCOMPARE(open.first().mediaSha256, QStringList{sha});
        server.kill();
        server.waitForFinished();
    }

private:
    // A moderator token (erin) made by the veil-service process for its data directory; empty on failure.
    static QByteArray processToken(const QString &dir, const QString &role = QStringLiteral("moderator"),
                                   const QString &name = QStringLiteral("erin"))
    {
        QProcess token;
        token.start(QStringLiteral(VEIL_SERVICE_PATH),
                    {QStringLiteral("--data-dir"), dir, QStringLiteral("--database"),
                     test::serviceDatabase(dir), QStringLiteral("token"), QStringLiteral("create"),
                     QStringLiteral("--reviewer"), name, QStringLiteral("--role"), role});
        if (!token.waitForFinished(30000) || token.exitCode() != 0)
            return {};
        return token.readAllStandardOutput().trimmed();
    }

    // Starts the veil-service process and returns the base URL it listens on; empty if it did not start.
    static QString startProcess(QProcess &server, const QStringList &args)
    {
        server.start(QStringLiteral(VEIL_SERVICE_PATH), args);
        if (!server.waitForReadyRead(60000))
            return {};
        const QString line = QString::fromUtf8(server.readLine()).trimmed();
        if (!line.startsWith(QStringLiteral("listening on http://127.0.0.1:")))
            return {};
        return line.mid(QStringLiteral("listening on ").size());
    }

    QStringList escalationIds()
    {
        QStringList items;
        auto ids = m_store->database().prepare("SELECT item_id FROM items WHERE queue = 'escalations' "
                                               "ORDER BY item_id");
        while (ids.ok() && ids->step().value())
            items << ids->text(0);
        return items;
    }

    // Takes the next QA item and re-reviews it (no_violation) until none is offered: the items, in order.
    // Stops (and the caller's comparison fails) on an error or after 1,000.
    QStringList reviewAllOffered(service::QaReviews &reviews, const QString &supervisor, qint64 nowMs)
    {
        QStringList taken;
        while (taken.size() < 1000) {
            auto next = reviews.next(supervisor);
            if (!next.ok() || !next.value())
                break;
            taken << next.value()->itemId;
            if (!reviews.record(supervisor, taken.last(), QStringLiteral("no_violation"), {}, nowMs).ok())
                break;
        }
        return taken;
    }

    // An accepted verdict on an item, signed by a key of the reviewer's own that the service knows, decided
    // at a chosen time (the service's seeder does the same for its synthetic history).
    QString acceptedVerdict(const QString &itemId, const QString &reviewer, const QString &decision,
                            const QStringList &labels, qint64 decidedAtMs)
    {
        if (!m_signers.contains(reviewer)) {
            auto pair = crypto::ed25519::generate().value();
            m_signers.emplace(reviewer, crypto::ed25519::SigningKey::fromSeed(pair.seed).value());
            if (!m_store->enroll(reviewer, m_signers.at(reviewer).publicKey()).ok())
                qFatal("cannot enroll");
        }
        protocol::Decision d;
        d.itemId = itemId;
        d.leaseId = QStringLiteral("l");
        d.evidenceSha256 = m_store->itemLease(itemId)->mediaSha256;
        d.decision = decision;
        d.labels = labels;
        d.reviewer = reviewer;
        auto v = protocol::signVerdict(d, m_signers.at(reviewer), decidedAtMs).value();
        if (!m_store->acceptVerdict(v.verdictId, itemId, v.body, v.signature, v.keyId, reviewer).ok())
            qFatal("cannot accept");
        return v.verdictId;
    }

    std::unique_ptr<Workspace> makeWorkspace(const QString &name)
    {
        auto ws = Workspace::open(m_dir->filePath(name), true);
        if (!ws.ok() || !ws.value()->initialize("service test").ok())
            return nullptr;
        return std::move(ws.value());
    }

    QString enroll(const QByteArray &token, Workspace &ws)
    {
        Reply reply = post(QStringLiteral("/v1/devices"), token,
                           {{QStringLiteral("public_key"), b64url(ws.deviceKey()->publicKey())}});
        if (reply.json.value(QStringLiteral("service_public_key")).toString() !=
            b64url(m_store->signingKey().publicKey()))
            return {};
        return reply.json.value(QStringLiteral("device_id")).toString();
    }

    Reply claimItems(const QByteArray &token, const QString &device, int max)
    {
        return post(QStringLiteral("/v1/leases/claim"), token,
                    {{QStringLiteral("queue"), QStringLiteral("escalations")},
                     {QStringLiteral("max"), max},
                     {QStringLiteral("device_id"), device}});
    }

    protocol::Decision decisionFor(const QJsonObject &lease, const QString &decision,
                                   const QStringList &labels, const QString &evidenceOverride = {})
    {
        const QJsonObject payload = lease.value(QStringLiteral("payload")).toObject();
        protocol::Decision d;
        d.itemId = lease.value(QStringLiteral("item_id")).toString();
        d.leaseId = lease.value(QStringLiteral("lease_id")).toString();
        for (const QJsonValue &m : payload.value(QStringLiteral("media")).toArray())
            d.evidenceSha256 << m.toObject().value(QStringLiteral("sha256")).toString();
        if (!evidenceOverride.isEmpty())
            d.evidenceSha256 = {evidenceOverride};
        d.decision = decision;
        d.labels = labels;
        d.reviewer = QStringLiteral("alice");
        d.frontEnd = QStringLiteral("tst_service");
        return d;
    }

    protocol::SignedVerdict sign(const QJsonObject &lease, const QString &decision, const QStringList &labels,
                                 const QString &evidenceOverride = {})
    {
        return protocol::signVerdict(decisionFor(lease, decision, labels, evidenceOverride),
                                     *m_ws->deviceKey(), m_now)
            .value();
    }

    Reply pushVerdicts(const QList<protocol::SignedVerdict> &verdicts)
    {
        QJsonArray entries;
        for (const auto &v : verdicts)
            entries.append(QJsonDocument::fromJson(v.toExportLine()).object());
        return post(QStringLiteral("/v1/verdicts"), m_moderator, {{QStringLiteral("verdicts"), entries}});
    }

    QJsonArray pushAs(const QByteArray &token, const QList<protocol::SignedVerdict> &verdicts)
    {
        QJsonArray entries;
        for (const auto &v : verdicts)
            entries.append(QJsonDocument::fromJson(v.toExportLine()).object());
        return post(QStringLiteral("/v1/verdicts"), token, {{QStringLiteral("verdicts"), entries}})
            .json.value(QStringLiteral("results"))
            .toArray();
    }

    static QString status(const QJsonValue &result)
    {
        return result.toObject().value(QStringLiteral("status")).toString();
    }
    static QString code(const QJsonValue &result)
    {
        return result.toObject().value(QStringLiteral("code")).toString();
    }
    static QString errorCode(const Reply &reply)
    {
        return reply.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }

    // An HTTP exchange on a raw socket, waited for with the event loop (the service may be in this thread).
    struct RawReply : Reply
    {
        QByteArray head;
    };
    static bool connectRaw(QTcpSocket &socket, int port)
    {
        socket.connectToHost(QHostAddress::LocalHost, quint16(port));
        return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    static RawReply exchange(QTcpSocket &socket, const QByteArray &bytes)
    {
        return exchange(socket, bytes.isEmpty() ? QList<QByteArray>() : QList<QByteArray>{bytes});
    }
    // Sends the pieces 200 ms apart and reads one response (head and Content-Length body); status 0 if none
    // came whole. What follows it stays in the socket for the next call.
    static RawReply exchange(QTcpSocket &socket, const QList<QByteArray> &pieces)
    {
        for (const QByteArray &piece : pieces) {
            socket.write(piece);
            QTest::qWait(200);
        }
        RawReply reply;
        const auto complete = [&] {
            const QByteArray in = socket.peek(socket.bytesAvailable());
            const qsizetype end = in.indexOf("\r\n\r\n");
            if (end < 0)
                return false;
            static const QRegularExpression lengthLine(QStringLiteral("(?i)\r\ncontent-length: *(\\d+)"));
            const auto m = lengthLine.match(QString::fromLatin1(in.left(end + 2)));
            const qsizetype length = m.hasMatch() ? m.captured(1).toLongLong() : 0;
            if (in.size() < end + 4 + length)
                return false;
            const QByteArray response = socket.read(end + 4 + length); // the next one stays unread
            reply.head = response.left(end + 4);
            reply.status = response.mid(9, 3).toInt();
            reply.body = response.mid(end + 4);
            reply.json = QJsonDocument::fromJson(reply.body).object();
            return true;
        };
        (void)QTest::qWaitFor(
            [&] { return complete() || socket.state() == QAbstractSocket::UnconnectedState; }, 10000);
        if (reply.status == 0)
            complete(); // the answer and the close came together
        return reply;
    }

    Reply get(const QString &path, const QByteArray &token)
    {
        return request(m_base + path, token, nullptr);
    }
    Reply post(const QString &path, const QByteArray &token, const QJsonObject &body)
    {
        const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
        return request(m_base + path, token, &bytes);
    }

    // A PUT (or `method`) with an empty body.
    Reply put(const QString &path, const QByteArray &token, const QByteArray &method = "PUT")
    {
        const QByteArray empty;
        return request(m_base + path, token, &empty, method);
    }

    // GET without a body; POST (or `method`) with one.
    Reply request(const QString &url, const QByteArray &token, const QByteArray *body,
                  const QByteArray &method = "POST")
    {
        QNetworkRequest req{QUrl(url)};
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = !body ? m_nam.get(req) : m_nam.sendCustomRequest(req, method, *body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        Reply out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = reply->readAll();
        out.json = QJsonDocument::fromJson(out.body).object();
        out.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        return out;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::map<QString, crypto::ed25519::SigningKey> m_signers;
    std::unique_ptr<ServiceStore> m_store;
    std::unique_ptr<ServiceApi> m_api;
    std::unique_ptr<HttpFrontend> m_http;
    std::unique_ptr<Workspace> m_ws;
    QNetworkAccessManager m_nam;
    QString m_base;
    QByteArray m_moderator;
    QString m_deviceId;
    qint64 m_now = 0;
};

QTEST_GUILESS_MAIN(TestService)
#include "tst_service.moc"
