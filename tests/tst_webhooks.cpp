// Verdicts pushed to a pipeline (PUT /v1/intake/webhook, WebhookDispatcher) over real HTTP on loopback, to
// the example receiver (WebhookReceiver.h): signed by the service, checked by the receiver, retried with
// backoff until acknowledged, at least once with repeats dropped by verdict id, never redirected, never to
// a private address unless the operator allows it; bad subscriptions refused and nothing stored; cursors
// kept across a replaced URL; and an appeal's outcome delivered to the pipeline that filed
// the original item, naming the verdict it overturned.
#include "IntakeSupport.h"
#include "ServiceFixture.h"
#include "WebhookDispatcher.h"
#include "WebhookReceiver.h"
#include "crypto/Sha256.h"
#include "media/SyntheticImage.h"
#include "queue/ReviewQueue.h"
#include "servicestore/AppealIntake.h"
#include "servicestore/EscalationIntake.h"
#include "servicestore/WebhookSubscriptions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace veil;

using Reply = test::HttpReply;

class TestWebhooks : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_service = std::make_unique<test::Service>(m_dir->filePath(QStringLiteral("svc")), 0);
        m_pipeline = m_service->token(QStringLiteral("prompt-filter"), QStringLiteral("pipeline"));
        auto image = media::drawSynthetic(5, 1);
        QVERIFY(image.ok());
        m_sha = crypto::sha256Hex(image->bytes);
        QVERIFY(service::uploadMedia(*m_service->store, m_sha, image->bytes).ok());
        service::WebhookDispatcher::Options options;
        options.tickMs = 50;
        options.firstRetryMs = 100;
        options.maxRetryMs = 400;
        options.privateAddresses = true; // the example receiver listens on loopback
        m_dispatcher = std::make_unique<service::WebhookDispatcher>(*m_service->store, options);
        m_dispatcher->start();
        const Reply hook = send("GET", {}, m_pipeline);
        QCOMPARE(hook.status, 200);
        QVERIFY(hook.json.value(QStringLiteral("webhook")).isNull());
        m_serviceKey = fromBase64Url(hook.json.value(QStringLiteral("service_public_key")).toString());
        QCOMPARE(m_serviceKey, m_service->store->signingKey().publicKey());
    }
    void cleanup()
    {
        m_seat.reset();
        m_dispatcher.reset();
        m_service.reset();
        m_dir.reset();
    }

    // Three items decided three ways; the receiver fails twice, then takes a POST and loses its answer:
    // every verdict arrives, signed, with the decision the reviewer signed, repeats dropped by verdict id,
    // and the subscription's cursor ends at the last one.
    void verdictsArePushedSignedAndRetriedUntilAcknowledged()
    {
        test::WebhookReceiver receiver(m_serviceKey);
        using A = test::WebhookReceiver::Answer;
        receiver.script({A::Fail, A::Fail, A::TakeThenFail});
        QSignalSpy failures(m_dispatcher.get(), &service::WebhookDispatcher::failed);
        const Reply set = send("PUT", {{QStringLiteral("url"), receiver.url()}}, m_pipeline);
        QCOMPARE(set.status, 200);
        QCOMPARE(set.json[QStringLiteral("webhook")][QStringLiteral("url")].toString(), receiver.url());

        const QMap<QString, QString> decided =
            fileAndDecide({QStringLiteral("pf:1"), QStringLiteral("pf:2"), QStringLiteral("pf:3")});
        QTRY_COMPARE_WITH_TIMEOUT(receiver.verdicts.size(), 3, 20000);
        for (const QJsonObject &entry : std::as_const(receiver.verdicts)) {
            const QJsonObject signedVerdict =
                QJsonDocument::fromJson(entry.value(QStringLiteral("verdict")).toString().toUtf8()).object();
            const QString itemId = entry.value(QStringLiteral("item_id")).toString();
            QCOMPARE(signedVerdict.value(QStringLiteral("decision")).toString(), decided.value(itemId));
            QVERIFY(entry.value(QStringLiteral("external_id")).toString().startsWith(QLatin1String("pf:")));
            QVERIFY(!entry.contains(QStringLiteral("appeal_of")));
        }
        QCOMPARE(receiver.rejected, 0);
        // The batch whose answer was lost comes again, and is dropped by verdict id.
        QTRY_VERIFY_WITH_TIMEOUT(receiver.repeats >= 1, 20000);
        QCOMPARE(receiver.verdicts.size(), 3);
        QTRY_COMPARE(failures.size(), 3);
        QCOMPARE(failures.at(0).at(1).toString(), QStringLiteral("HTTP 503"));
        QCOMPARE(failures.at(2).at(1).toString(), QStringLiteral("HTTP 500"));

        // Acknowledged: the cursor is the feed's last, no attempts or error left.
        const auto hook = [this] {
            return send("GET", {}, m_pipeline).json.value(QStringLiteral("webhook")).toObject();
        };
        QTRY_COMPARE(hook().value(QStringLiteral("attempts")).toInt(), 0);
        const Reply polled = send("GET", {}, m_pipeline, QStringLiteral("/v1/intake/verdicts"));
        QCOMPARE(polled.json.value(QStringLiteral("verdicts")).toArray().size(), 3);
        QCOMPARE(hook().value(QStringLiteral("cursor")).toInteger(),
                 polled.json.value(QStringLiteral("next_cursor")).toInteger());
        QVERIFY(hook().value(QStringLiteral("last_error")).toString().isEmpty());
    }

    // A receiver that answers with a redirect is not followed (the verdicts would go where the receiver's
    // server says, not where the pipeline subscribed): the attempt fails, is retried later, and the other
    // server gets nothing.
    void aRedirectIsNotFollowed()
    {
        test::WebhookReceiver elsewhere(m_serviceKey);
        test::WebhookReceiver receiver(m_serviceKey);
        receiver.redirectTo(elsewhere.url());
        using A = test::WebhookReceiver::Answer;
        receiver.script({A::Redirect, A::Redirect, A::Redirect, A::Redirect, A::Redirect, A::Redirect,
                         A::Redirect, A::Redirect, A::Redirect, A::Redirect});
        QSignalSpy failures(m_dispatcher.get(), &service::WebhookDispatcher::failed);
        QCOMPARE(send("PUT", {{QStringLiteral("url"), receiver.url()}}, m_pipeline).status, 200);
        fileAndDecide({QStringLiteral("pf:9")});
        QTRY_VERIFY_WITH_TIMEOUT(failures.size() >= 2, 20000);
        QVERIFY(failures.at(0).at(1).toString().contains(QLatin1String("redirects are not followed")));
        QCOMPARE(elsewhere.posts, 0);
        QVERIFY(receiver.verdicts.isEmpty());
        const QJsonObject hook = send("GET", {}, m_pipeline).json.value(QStringLiteral("webhook")).toObject();
        QVERIFY(hook.value(QStringLiteral("attempts")).toInt() >= 1);
        QCOMPARE(hook.value(QStringLiteral("cursor")).toInteger(), 0);
        QVERIFY(hook.value(QStringLiteral("last_error")).toString().contains(QLatin1String("302")));
    }

    // A POST the service did not sign, or signed long ago, or with another body, is refused by the receiver.
    void aForgedOrStalePostIsRefusedByTheReceiver()
    {
        test::WebhookReceiver receiver(m_serviceKey);
        const QByteArray body =
            R"({"type":"veil.webhook.v1","pipeline":"prompt-filter","verdicts":[],"next_cursor":0})";
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QByteArray at = QByteArray::number(now);
        const QByteArray keyId = crypto::ed25519::keyId(m_serviceKey).toLatin1();
        const auto sign = [&](const QByteArray &timestamp, const QByteArray &signedBody) {
            return toBase64Url(m_service->store->signingKey()
                                   .sign(service::WebhookDispatcher::signedMessage(timestamp, signedBody))
                                   .value())
                .toLatin1();
        };
        QVERIFY(receiver.verify(at, sign(at, body), keyId, body, now));
        QVERIFY(!receiver.verify(at, sign(at, body), keyId, QByteArray(body).replace("[]", "[ ]"), now));
        // Made for another pipeline and replayed here: refused (the pipeline is inside the signed body).
        const QByteArray others = QByteArray(body).replace("prompt-filter", "classifier");
        QVERIFY(!receiver.verify(at, sign(at, others), keyId, others, now));
        const QByteArray old = QByteArray::number(now - 6 * 60 * 1000);
        QVERIFY(!receiver.verify(old, sign(old, body), keyId, body, now)); // replayed after five minutes
        QVERIFY(!receiver.verify(at, sign(old, body), keyId, body, now));  // the timestamp is signed
        auto other = crypto::ed25519::generate(); // a receiver told another key refuses the service's POST
        QVERIFY(other.ok());
        receiver.setKey(other->publicKey);
        QVERIFY(!receiver.verify(at, sign(at, body), crypto::ed25519::keyId(other->publicKey).toLatin1(),
                                 body, now));
    }

    // Bad subscriptions are refused with the rule, and nothing is stored; only a pipeline subscribes, and
    // only for itself; DELETE ends it.
    void badSubscriptionsAreRefused()
    {
        for (const QString &url :
             {QStringLiteral("ftp://127.0.0.1/x"), QStringLiteral("http://192.0.2.7/hook"),
              QStringLiteral("https://user:pw@example.org/hook"), QStringLiteral("hook"),
              QStringLiteral("https://example.org/hook#frag"), QString()}) {
            const Reply refused = send("PUT", {{QStringLiteral("url"), url}}, m_pipeline);
            QCOMPARE(refused.status, 400);
            QCOMPARE(refused.code(), QStringLiteral("invalid_webhook"));
        }
        const Reply negative = send("PUT",
                                    {{QStringLiteral("url"), QStringLiteral("https://example.org/h")},
                                     {QStringLiteral("from_cursor"), -1}},
                                    m_pipeline);
        QCOMPARE(negative.status, 400);
        QVERIFY(send("GET", {}, m_pipeline).json.value(QStringLiteral("webhook")).isNull());
        QCOMPARE(send("PUT", {{QStringLiteral("url"), QStringLiteral("https://example.org/h")}},
                      m_service->token(QStringLiteral("alice")))
                     .status,
                 403);
        QCOMPARE(
            send("GET", {}, m_service->token(QStringLiteral("sam"), QStringLiteral("supervisor"))).status,
            403);
        // Valid: https anywhere, plain http to loopback only. Another pipeline does not see it.
        QCOMPARE(send("PUT", {{QStringLiteral("url"), QStringLiteral("https://example.org/h")}}, m_pipeline)
                     .status,
                 200);
        const QByteArray other = m_service->token(QStringLiteral("classifier"), QStringLiteral("pipeline"));
        QVERIFY(send("GET", {}, other).json.value(QStringLiteral("webhook")).isNull());
        const Reply removed = send("DELETE", {}, m_pipeline);
        QCOMPARE(removed.status, 200);
        QVERIFY(removed.json.value(QStringLiteral("webhook")).isNull());
    }

    // Without the operator's flag the service POSTs to public addresses only: loopback, private, link-local
    // (cloud metadata) and the rest are refused, by address and by a name that resolves to one, before any
    // connection; the receiver on loopback gets nothing and the pipeline sees only that it was refused.
    void privateAddressesAreRefusedUnlessTheOperatorAllowsThem()
    {
        using D = service::WebhookDispatcher;
        for (const char *address :
             {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
              "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.7", "::1", "fe80::1", "fd00::1", "ff02::1",
              "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2001:db8::1", "2002:0a00:0001::1", "::"}) {
            QVERIFY2(!D::allowedAddress(QHostAddress(QLatin1String(address)), false), address);
            QVERIFY2(D::allowedAddress(QHostAddress(QLatin1String(address)), true), address);
        }
        for (const char *address : {"8.8.8.8", "93.184.216.34", "2606:4700::1111", "::ffff:1.1.1.1"})
            QVERIFY2(D::allowedAddress(QHostAddress(QLatin1String(address)), false), address);
        QVERIFY(!D::allowedAddress(QHostAddress(), true));

        service::WebhookDispatcher::Options options;
        options.tickMs = 50;
        options.firstRetryMs = 100;
        options.maxRetryMs = 400;
        m_dispatcher = std::make_unique<service::WebhookDispatcher>(*m_service->store, options);
        m_dispatcher->start();
        test::WebhookReceiver receiver(m_serviceKey);
        QSignalSpy failures(m_dispatcher.get(), &service::WebhookDispatcher::failed);
        QCOMPARE(send("PUT", {{QStringLiteral("url"), receiver.url()}}, m_pipeline).status, 200);
        fileAndDecide({QStringLiteral("pf:inside")});
        QTRY_VERIFY_WITH_TIMEOUT(failures.size() >= 1, 20000);
        QVERIFY(failures.at(0).at(1).toString().startsWith(QLatin1String("refused:")));
        // By name as well: localhost resolves to loopback.
        const QString byName =
            QString(receiver.url()).replace(QLatin1String("127.0.0.1"), QLatin1String("localhost"));
        QCOMPARE(send("PUT", {{QStringLiteral("url"), byName}}, m_pipeline).status, 200);
        const auto hook = [this] {
            return send("GET", {}, m_pipeline).json.value(QStringLiteral("webhook")).toObject();
        };
        QTRY_VERIFY_WITH_TIMEOUT(
            hook().value(QStringLiteral("last_error")).toString().startsWith(QLatin1String("refused:")),
            20000);
        QCOMPARE(hook().value(QStringLiteral("url")).toString(), byName);
        // The PUT cleared last_error, so the refusal above is the name's; its signal came with it (kept, not
        // cleared: the dispatcher may try the new URL while the PUT's answer is still on its way).
        QVERIFY(failures.size() >= 2);
        QCOMPARE(receiver.posts, 0);
        QCOMPARE(hook().value(QStringLiteral("cursor")).toInteger(), 0);

        // Allowed by the operator: the name is resolved, checked, and the POST goes to that address.
        options.privateAddresses = true;
        m_dispatcher = std::make_unique<service::WebhookDispatcher>(*m_service->store, options);
        m_dispatcher->start();
        QTRY_COMPARE_WITH_TIMEOUT(receiver.verdicts.size(), 1, 20000);
        QCOMPARE(receiver.rejected, 0);
    }

    // A subscription may start after a cursor (verdicts up to it are not pushed); DELETE stops the POSTs;
    // a replaced URL keeps the cursor, and an acknowledgement or failure of a POST that left for the old URL
    // does not move the new one's cursor or charge it with a failure.
    void cursorsFollowTheSubscription()
    {
        test::WebhookReceiver receiver(m_serviceKey);
        fileAndDecide({QStringLiteral("pf:a"), QStringLiteral("pf:b")});
        const Reply polled = send("GET", {}, m_pipeline, QStringLiteral("/v1/intake/verdicts"));
        const QJsonArray before = polled.json.value(QStringLiteral("verdicts")).toArray();
        QCOMPARE(before.size(), 2);
        const qint64 first = before.at(0).toObject().value(QStringLiteral("seq")).toInteger();
        QVERIFY(first > 0);
        QCOMPARE(send("PUT",
                      {{QStringLiteral("url"), receiver.url()}, {QStringLiteral("from_cursor"), first}},
                      m_pipeline)
                     .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.verdicts.size(), 1, 20000);
        // The one after the cursor, whichever of the two was accepted second (both are pushed in one batch,
        // signed in the same millisecond: their order there is not the order they were filed in).
        QCOMPARE(receiver.verdicts.first().value(QStringLiteral("external_id")).toString(),
                 before.at(1).toObject().value(QStringLiteral("external_id")).toString());
        QVERIFY(!before.at(1).toObject().value(QStringLiteral("external_id")).toString().isEmpty());

        // Removed: nothing more is POSTed though new verdicts come.
        QCOMPARE(send("DELETE", {}, m_pipeline).status, 200);
        const int postsBefore = receiver.posts;
        fileAndDecide({QStringLiteral("pf:c")});
        QTest::qWait(500); // ten dispatcher rounds
        QCOMPARE(receiver.posts, postsBefore);

        // Straight on the table: an answer for an earlier subscription lands after the pipeline set it again
        // — to another URL, or (after a DELETE) to the same URL from an earlier cursor, to replay.
        service::WebhookSubscriptions subscriptions(*m_service->store);
        const QString pipeline = QStringLiteral("prompt-filter");
        const QString url = QStringLiteral("https://hooks.example.org/h");
        m_dispatcher.reset(); // nothing else touches the table meanwhile
        const auto current = [&] { return *subscriptions.find(pipeline).value(); };
        QVERIFY(subscriptions.subscribe(pipeline, QStringLiteral("https://old.example.org/h"), 3).ok());
        const QString firstGeneration = current().generation;
        QVERIFY(subscriptions.subscribe(pipeline, url, 0).ok());
        QVERIFY(subscriptions.acknowledged(pipeline, firstGeneration, 9, 1).ok());
        QVERIFY(subscriptions.failed(pipeline, firstGeneration, QStringLiteral("HTTP 500"), 99).ok());
        QCOMPARE(current().url, url);
        QCOMPARE(current().cursor, 3); // kept from the old subscription, not moved by its answer
        QCOMPARE(current().attempts, 0);
        const QString second = current().generation;
        QVERIFY(second != firstGeneration);
        QVERIFY(subscriptions.unsubscribe(pipeline).ok());
        QVERIFY(subscriptions.subscribe(pipeline, url, 1).ok()); // the same URL, to replay from 1
        QVERIFY(subscriptions.acknowledged(pipeline, second, 9, 1).ok());
        QCOMPARE(current().cursor, 1);
        QVERIFY(subscriptions.acknowledged(pipeline, current().generation, 9, 1).ok());
        QCOMPARE(current().cursor, 9);
    }

    // The outcome of a user's appeal against a verdict on a pipeline's item reaches that pipeline, polled and
    // pushed: the appeal item's own signed verdict, under the original external id, naming the verdict it
    // contests.
    void anAppealsOutcomeReachesThePipeline()
    {
        test::WebhookReceiver receiver(m_serviceKey);
        QCOMPARE(send("PUT", {{QStringLiteral("url"), receiver.url()}}, m_pipeline).status, 200);
        const QMap<QString, QString> decided =
            fileAndDecide({QStringLiteral("pf:appealed")}, QStringLiteral("remove"));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.verdicts.size(), 1, 20000);
        const QString original = receiver.verdicts.firstKey();

        // Later: the user was told of the decision, and appealed.
        m_service->now = QDateTime::currentMSecsSinceEpoch() + 10 * 60 * 1000;
        auto appeal =
            service::fileAppeal(*m_service->store, m_service->api->policy(),
                                {original, QStringLiteral("It is a museum photo."), 0, {}}, m_service->now);
        QVERIFY2(appeal.ok(), qPrintable(appeal.ok() ? QString() : appeal.error().message));
        test::Seat handler(m_dir->filePath(QStringLiteral("hana")), *m_service, QStringLiteral("hana"),
                           QStringLiteral("appeals"));
        QVERIFY(handler.engine->syncOnce(10).ok());
        queue::ReviewQueue queue(*handler.ws);
        QVERIFY(queue
                    .decideAppeal(appeal.value(), QStringLiteral("overturn"), QStringLiteral("no_violation"),
                                  {}, QStringLiteral("Documentary context."), QStringLiteral("t"))
                    .ok());
        QCOMPARE(handler.engine->push()->accepted, 1);

        QTRY_COMPARE_WITH_TIMEOUT(receiver.verdicts.size(), 2, 20000);
        const Reply polled = send("GET", {}, m_pipeline, QStringLiteral("/v1/intake/verdicts"));
        const QJsonArray entries = polled.json.value(QStringLiteral("verdicts")).toArray();
        QCOMPARE(entries.size(), 2);
        const QJsonObject outcome = entries.at(1).toObject();
        QCOMPARE(outcome.value(QStringLiteral("appeal_of")).toString(), original);
        QCOMPARE(outcome.value(QStringLiteral("item_id")).toString(), appeal.value());
        QCOMPARE(outcome.value(QStringLiteral("external_id")).toString(), QStringLiteral("pf:appealed"));
        const QJsonObject signedOutcome =
            QJsonDocument::fromJson(outcome.value(QStringLiteral("verdict")).toString().toUtf8()).object();
        QCOMPARE(signedOutcome.value(QStringLiteral("outcome")).toString(), QStringLiteral("overturn"));
        QCOMPARE(signedOutcome.value(QStringLiteral("decision")).toString(), QStringLiteral("no_violation"));
        QCOMPARE(signedOutcome.value(QStringLiteral("appeal_of")).toString(), original);
        QCOMPARE(receiver.verdicts.value(outcome.value(QStringLiteral("verdict_id")).toString())
                     .value(QStringLiteral("appeal_of"))
                     .toString(),
                 original);
        QCOMPARE(decided.size(), 1);
        // Another pipeline learns nothing of it.
        const QByteArray other = m_service->token(QStringLiteral("classifier"), QStringLiteral("pipeline"));
        QVERIFY(send("GET", {}, other, QStringLiteral("/v1/intake/verdicts"))
                    .json.value(QStringLiteral("verdicts"))
                    .toArray()
                    .isEmpty());
    }

private:
    // Files one escalation per external id through the intake and has alice decide them all (in turn
    // remove, no_violation, age_restrict, or all `only`); returns item id -> the decision signed.
    QMap<QString, QString> fileAndDecide(const QStringList &externalIds, const QString &only = {})
    {
        QMap<QString, QString> decided;
        const QStringList decisions{QStringLiteral("remove"), QStringLiteral("no_violation"),
                                    QStringLiteral("age_restrict")};
        QStringList itemIds;
        for (const QString &id : externalIds) {
            auto filed = service::fileEscalation(*m_service->store, m_service->api->policy(),
                                                 QStringLiteral("prompt-filter"), filing(id), m_service->now);
            if (!filed.ok())
                qFatal("cannot file: %s", qPrintable(filed.error().message));
            itemIds << filed->itemId;
        }
        if (!m_seat)
            m_seat = std::make_unique<test::Seat>(m_dir->filePath(QStringLiteral("alice")), *m_service,
                                                  QStringLiteral("alice"));
        queue::ReviewQueue queue(*m_seat->ws);
        // Until every item is here (under load a round may give media back to come again).
        for (int round = 0; round < 10; ++round) {
            if (!m_seat->engine->syncOnce(50).ok())
                qFatal("no sync");
            if (std::all_of(itemIds.cbegin(), itemIds.cend(),
                            [&queue](const QString &id) { return queue.item(id).ok(); }))
                break;
        }
        for (qsizetype i = 0; i < itemIds.size(); ++i) {
            const QString decision = only.isEmpty() ? decisions.at(i % decisions.size()) : only;
            const QStringList labels = decision == QLatin1String("no_violation")
                                           ? QStringList{}
                                           : QStringList{QStringLiteral("hate_symbol")};
            if (auto signedVerdict =
                    queue.decide(itemIds.at(i), decision, labels, {}, QStringLiteral("test"));
                !signedVerdict.ok())
                qFatal("cannot decide %s: %s", qPrintable(itemIds.at(i)),
                       qPrintable(signedVerdict.error().message));
            decided.insert(itemIds.at(i), decision);
        }
        if (!m_seat->engine->syncOnce(50).ok())
            qFatal("no sync");
        return decided;
    }
    QJsonObject filing(const QString &externalId) const
    {
        return test::intakeFiling(externalId, m_sha, m_service->now);
    }
    Reply send(const QByteArray &method, const QJsonObject &body, const QByteArray &token,
               const QString &path = QStringLiteral("/v1/intake/webhook"))
    {
        return test::httpSend(
            m_nam, m_service->url.resolved(QUrl(path)), method,
            body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact), token);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<test::Service> m_service;
    std::unique_ptr<service::WebhookDispatcher> m_dispatcher;
    std::unique_ptr<test::Seat> m_seat;
    QByteArray m_pipeline;
    QByteArray m_serviceKey;
    QString m_sha;
    QNetworkAccessManager m_nam;
};

QTEST_MAIN(TestWebhooks)
#include "tst_webhooks.moc"
