// The service's worker pool over real HTTP on loopback (issue 18): a slow request holds one worker while
// the others serve; a connection's answers leave in the order its requests came; a request that waited past
// its deadline is answered 503 unrun; a full queue answers 503 at once; the service caps its connections.
// Each worker is a real ServiceApi over its own connection to the test's database (SQLite, or PostgreSQL
// as tst_workers_pg); a request to /slow holds its worker until the test lets it go.
#include "HttpFrontend.h"
#include "RequestWorkers.h"
#include "Seeder.h"
#include "ServiceApi.h"
#include "ServiceDatabase.h"
#include "TestSupport.h"
#include "crypto/Ed25519.h"
#include "servicestore/ServiceStore.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <condition_variable>
#include <mutex>

using namespace veil;
using namespace veil::service;

namespace {

struct Answer
{
    int status = 0;
    QJsonObject json;
};

// A client speaking HTTP/1.1 by hand, so a test can send two requests before reading any answer.
class RawClient
{
public:
    explicit RawClient(quint16 port) { m_socket.connectToHost(QHostAddress::LocalHost, port); }
    bool connected()
    {
        return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    void send(const QByteArray &method, const QByteArray &path, const QByteArray &token,
              const QJsonObject &body = {})
    {
        const QByteArray bytes = method == "POST" ? QJsonDocument(body).toJson(QJsonDocument::Compact) : "";
        QByteArray request =
            method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n";
        if (method == "POST")
            request +=
                "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(bytes.size()) +
                "\r\n";
        m_socket.write(request + "\r\n" + bytes);
        m_socket.flush();
    }
    // The next whole answer, waiting up to `ms` for it (the service runs on this thread: events are
    // processed meanwhile); nullopt if none came.
    std::optional<Answer> next(int ms = 10000)
    {
        std::optional<Answer> answer;
        (void)QTest::qWaitFor(
            [&] { return bool(answer = take()) || m_socket.state() != QAbstractSocket::ConnectedState; }, ms);
        return answer;
    }
    // Whether no byte of an answer arrived within `ms`.
    bool quietFor(int ms)
    {
        QTest::qWait(ms);
        m_buffer += m_socket.readAll();
        return m_buffer.isEmpty();
    }
    QTcpSocket &socket() { return m_socket; }

private:
    std::optional<Answer> take()
    {
        m_buffer += m_socket.readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return std::nullopt;
        const QByteArray head = m_buffer.left(end);
        qsizetype length = 0;
        for (const QByteArray &line : head.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (m_buffer.size() < end + 4 + length)
            return std::nullopt;
        Answer answer;
        answer.status = head.mid(9, 3).toInt();
        answer.json = QJsonDocument::fromJson(m_buffer.mid(end + 4, length)).object();
        m_buffer.remove(0, end + 4 + length);
        return answer;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

QString errorCode(const Answer &answer)
{
    return answer.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
}

} // namespace

class TestWorkers : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServiceStore> m_store;
    std::unique_ptr<ServiceApi> m_api;
    QByteArray m_supervisor;
    QByteArray m_moderator;
    QString m_device;
    // /slow holds its worker while this is false.
    std::mutex m_mutex;
    std::condition_variable m_released;
    bool m_open = false;
    std::atomic_int m_slowStarted = 0;
    std::atomic_int m_started = 0;  // requests the workers began, /slow included
    std::atomic_int m_finished = 0; // and finished

    void release()
    {
        {
            std::lock_guard lock(m_mutex);
            m_open = true;
        }
        m_released.notify_all();
    }

    // Each worker a real ServiceApi over its own store on the test's database.
    RequestWorkers::HandlerFactory factory()
    {
        // Worked out here: serviceDatabase() keeps unguarded statics.
        const QString database = test::serviceDatabase(m_dir->path());
        return [this, database]() -> Result<RequestWorkers::Handler> {
            struct Worker
            {
                std::unique_ptr<ServiceStore> store;
                std::unique_ptr<ServiceApi> api;
            };
            auto opened = ServiceStore::open(m_dir->path(), database);
            if (!opened.ok())
                return opened.error();
            auto worker = std::make_shared<Worker>();
            worker->store = std::move(opened).value();
            worker->api = std::make_unique<ServiceApi>(*worker->store);
            return RequestWorkers::Handler([this, worker](const ApiRequest &request) {
                ++m_started;
                const auto finished = qScopeGuard([this] { ++m_finished; });
                if (request.path != QLatin1String("/slow"))
                    return worker->api->handle(request);
                ++m_slowStarted;
                std::unique_lock lock(m_mutex);
                m_released.wait(lock, [this] { return m_open; });
                return ServiceApi::json(200, {{QStringLiteral("slow"), true}});
            });
        };
    }

    // A frontend served by a pool of workers from factory(), on a loopback port. Members end in reverse:
    // the frontend, then /slow let go, then the workers joined — however a test ends.
    struct Served
    {
        struct LetGo
        {
            TestWorkers *test;
            ~LetGo() { test->release(); }
        };
        RequestWorkers workers;
        bool started;
        LetGo letGo;
        HttpFrontend http;
        quint16 port;

        Served(TestWorkers &test, RequestWorkers::Options options)
            : workers(options), started(workers.start(test.factory()).ok()), letGo{&test},
              http(*test.m_api, {}, &workers), port(http.listen(QHostAddress::LocalHost, 0).value())
        {}
    };

    QJsonObject claimBody(int max) const
    {
        return {{QStringLiteral("queue"), QStringLiteral("escalations")},
                {QStringLiteral("max"), max},
                {QStringLiteral("device_id"), m_device}};
    }

    // Whether a new connection is served (not dropped).
    bool answered(quint16 port)
    {
        RawClient client(port);
        if (!client.connected())
            return false;
        client.send("GET", "/v1/policy", m_supervisor);
        auto answer = client.next(1000);
        return answer && answer->status == 200;
    }

    int leasedItems()
    {
        auto count = m_store->database().prepare("SELECT COUNT(*) FROM items WHERE lease_id IS NOT NULL");
        return count.ok() && count->step().value() ? int(count->int64(0)) : -1;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto store = ServiceStore::open(m_dir->path(), test::serviceDatabase(m_dir->path()));
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().toString()));
        m_store = std::move(store).value();
        m_api = std::make_unique<ServiceApi>(*m_store);
        QVERIFY(seedEscalations(*m_store, 6, 7, m_api->now()).ok());
        m_supervisor =
            m_store->createToken(QStringLiteral("sam"), QStringLiteral("supervisor")).value().toLatin1();
        m_moderator =
            m_store->createToken(QStringLiteral("ann"), QStringLiteral("moderator")).value().toLatin1();
        auto key = crypto::ed25519::generate();
        QVERIFY(key.ok());
        auto device = m_store->enroll(QStringLiteral("ann"), key->publicKey);
        QVERIFY(device.ok());
        m_device = device->deviceId;
        m_open = false;
        m_slowStarted = 0;
        m_started = 0;
        m_finished = 0;
    }

    void cleanup()
    {
        release(); // a failed test must not leave a worker waiting
        m_api.reset();
        m_store.reset();
        m_dir.reset();
    }

    void aSlowRequestHoldsOneWorkerWhileTheOthersServe()
    {
        Served served(*this, {2, 16, 20000});
        QVERIFY(served.started);
        const quint16 port = served.port;
        RawClient slow(port), other(port);
        QVERIFY(slow.connected() && other.connected());
        slow.send("GET", "/slow", m_supervisor);
        QTRY_COMPARE(m_slowStarted.load(), 1);
        // A claim and the SLA summary, both on the database, answered while /slow holds its worker.
        other.send("POST", "/v1/leases/claim", m_moderator, claimBody(2));
        auto claim = other.next();
        QVERIFY(claim);
        QCOMPARE(claim->status, 200);
        QCOMPARE(claim->json.value(QStringLiteral("leases")).toArray().size(), 2);
        QCOMPARE(leasedItems(), 2);
        other.send("GET", "/v1/sla/summary", m_supervisor);
        auto summary = other.next();
        QVERIFY(summary);
        QCOMPARE(summary->status, 200);
        QVERIFY(slow.quietFor(50));
        release();
        auto slowAnswer = slow.next();
        QVERIFY(slowAnswer);
        QCOMPARE(slowAnswer->status, 200);
        QVERIFY(slowAnswer->json.value(QStringLiteral("slow")).toBool());
    }

    void answersLeaveInTheOrderTheRequestsCame()
    {
        Served served(*this, {2, 16, 20000});
        QVERIFY(served.started);
        const quint16 port = served.port;
        RawClient client(port);
        QVERIFY(client.connected());
        // Pipelined: the policy is worked out first (by the other worker) but waits for /slow's answer.
        client.send("GET", "/slow", m_supervisor);
        QTRY_COMPARE(m_slowStarted.load(), 1);
        client.send("GET", "/v1/policy", m_supervisor);
        QTRY_COMPARE(m_finished.load(), 1); // the policy's answer is ready
        QVERIFY(client.quietFor(100));
        release();
        auto first = client.next();
        auto second = client.next();
        QVERIFY(first && second);
        QCOMPARE(first->status, 200);
        QVERIFY(first->json.value(QStringLiteral("slow")).toBool());
        QCOMPARE(second->status, 200);
        QVERIFY(second->json.contains(QStringLiteral("labels")));
        QVERIFY(!second->json.contains(QStringLiteral("slow")));
    }

    void aRequestPastItsDeadlineIsAnsweredUnrun()
    {
        Served served(*this, {1, 16, 1000});
        QVERIFY(served.started);
        const quint16 port = served.port;
        RawClient slow(port), late(port);
        QVERIFY(slow.connected() && late.connected());
        slow.send("GET", "/slow", m_supervisor);
        QTRY_COMPARE(m_slowStarted.load(), 1);
        late.send("POST", "/v1/leases/claim", m_moderator, claimBody(3));
        QTRY_COMPARE(served.workers.queued(), 1);
        QTest::qWait(2000); // twice the deadline
        release();
        auto answer = late.next();
        QVERIFY(answer);
        QCOMPARE(answer->status, 503);
        QCOMPARE(errorCode(*answer), QStringLiteral("deadline_exceeded"));
        // Not run: the claim took no item, and only /slow reached the handler.
        QCOMPARE(leasedItems(), 0);
        QCOMPARE(m_started.load(), 1);
        QVERIFY(slow.next());
        // The worker serves again.
        late.send("POST", "/v1/leases/claim", m_moderator, claimBody(3));
        auto again = late.next();
        QVERIFY(again);
        QCOMPARE(again->status, 200);
        QCOMPARE(leasedItems(), 3);
    }

    void aFullQueueAnswersBusyAtOnce()
    {
        Served served(*this, {1, 1, 20000});
        QVERIFY(served.started);
        const quint16 port = served.port;
        RawClient slow(port), queued(port), refused(port);
        QVERIFY(slow.connected() && queued.connected() && refused.connected());
        slow.send("GET", "/slow", m_supervisor);
        QTRY_COMPARE(m_slowStarted.load(), 1);
        queued.send("POST", "/v1/leases/claim", m_moderator, claimBody(1));
        QTRY_COMPARE(served.workers.queued(), 1); // the claim waits in the queue's one place
        refused.send("POST", "/v1/leases/claim", m_moderator, claimBody(4));
        auto busy = refused.next();
        QVERIFY(busy);
        QCOMPARE(busy->status, 503);
        QCOMPARE(errorCode(*busy), QStringLiteral("busy"));
        release();
        auto claimed = queued.next();
        QVERIFY(claimed);
        QCOMPARE(claimed->status, 200);
        QCOMPARE(leasedItems(), 1); // the refused claim's four were never taken
    }

    void theServiceCapsItsConnections()
    {
        HttpFrontend::Options options;
        options.maxConnections = 2;
        HttpFrontend http(*m_api, options); // no workers: the cap is the frontend's either way
        const quint16 port = http.listen(QHostAddress::LocalHost, 0).value();
        RawClient first(port), second(port);
        QVERIFY(first.connected() && second.connected());
        first.send("GET", "/v1/policy", m_supervisor);
        QVERIFY(first.next());
        RawClient third(port);
        QVERIFY(third.connected()); // the kernel accepts; the service drops it
        QTRY_COMPARE(third.socket().state(), QAbstractSocket::UnconnectedState);
        second.send("GET", "/v1/policy", m_supervisor);
        auto answer = second.next();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        // A place freed is taken again (once the service has seen the close).
        first.socket().disconnectFromHost();
        QTRY_VERIFY_WITH_TIMEOUT(answered(port), 10000);
    }

    void aRefusalWaitsForTheAnswersBeforeIt()
    {
        Served served(*this, {2, 16, 20000});
        QVERIFY(served.started);
        const quint16 port = served.port;
        RawClient client(port);
        QVERIFY(client.connected());
        client.send("GET", "/slow", m_supervisor);
        QTRY_COMPARE(m_slowStarted.load(), 1);
        // A body without a token: refused by the guard from its head, but answered after /slow.
        client.socket().write(
            "POST /v1/leases/claim HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n");
        QVERIFY(client.quietFor(200));
        release();
        auto first = client.next();
        auto second = client.next();
        QVERIFY(first && second);
        QCOMPARE(first->status, 200);
        QVERIFY(first->json.value(QStringLiteral("slow")).toBool());
        QCOMPARE(second->status, 401);
    }

    void oneConnectionCannotFillTheQueue()
    {
        Served served(*this, {2, 16, 20000});
        QVERIFY(served.started);
        const quint16 port = served.port;
        RawClient client(port);
        QVERIFY(client.connected());
        client.send("GET", "/slow", m_supervisor);
        QTRY_COMPARE(m_slowStarted.load(), 1);
        for (int i = 0; i < AnswerQueue::MaxWaiting; ++i)
            client.send("GET", "/v1/policy", m_supervisor);
        // The first MaxWaiting - 1 policies reach a worker; the last is over the connection's share.
        QTRY_COMPARE(m_finished.load(), AnswerQueue::MaxWaiting - 1);
        QVERIFY(client.quietFor(100));
        QCOMPARE(m_started.load(), AnswerQueue::MaxWaiting); // /slow and three policies
        release();
        QList<int> statuses;
        while (auto answer = client.next(3000)) {
            statuses << answer->status;
            if (statuses.size() == AnswerQueue::MaxWaiting + 1)
                break;
        }
        QCOMPARE(statuses, (QList<int>{200, 200, 200, 200, 503}));
    }

    void workForAClientThatLeftIsNotRun()
    {
        Served served(*this, {1, 16, 20000});
        QVERIFY(served.started);
        const quint16 port = served.port;
        RawClient slow(port);
        QVERIFY(slow.connected());
        slow.send("GET", "/slow", m_supervisor);
        QTRY_COMPARE(m_slowStarted.load(), 1);
        {
            RawClient gone(port);
            QVERIFY(gone.connected());
            gone.send("POST", "/v1/leases/claim", m_moderator, claimBody(3));
            QTRY_COMPARE(served.workers.queued(), 1);
            gone.socket().abort();
        }
        QTest::qWait(200); // the service sees the connection go
        release();
        QVERIFY(slow.next());
        QTRY_COMPARE(served.workers.queued(), 0);
        QTest::qWait(200);
        QCOMPARE(m_started.load(), 1); // only /slow ran
        QCOMPARE(leasedItems(), 0);
    }

    void aWorkerThatCannotStartStopsThePool()
    {
        std::atomic_int made = 0;
        RequestWorkers workers({3, 16, 20000});
        auto started = workers.start([&made]() -> Result<RequestWorkers::Handler> {
            if (++made == 2)
                return makeError(QStringLiteral("db_unavailable"), QStringLiteral("no connection"));
            return RequestWorkers::Handler([](const ApiRequest &) { return ApiResponse(); });
        });
        QVERIFY(!started.ok());
        QCOMPARE(started.error().code, QStringLiteral("db_unavailable"));
        QCOMPARE(made.load(), 2); // one after another: the third was never made
    }
};

QTEST_GUILESS_MAIN(TestWorkers)
#include "tst_workers.moc"
