// Signed verdicts and the outbox: canonical, signed bytes that OpenSSL's own CLI verifies; atomic
// recording with the audit entry; delivery states; backoff bounds.
#include "TestSupport.h"
#include "outbox/Outbox.h"
#include "protocol/Escalation.h"
#include "protocol/Uuid7.h"
#include "protocol/Verdict.h"
#include "workspace/Workspace.h"

#include <QBuffer>
#include <QJsonArray>

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <tuple>

using namespace veil;

namespace {

protocol::Decision sampleDecision(const QString &item = QStringLiteral("esc-1"))
{
    protocol::Decision d;
    d.itemId = item;
    d.leaseId = QStringLiteral("lease-9");
    d.evidenceSha256 = {QString(64, QLatin1Char('b')), QString(64, QLatin1Char('a'))};
    d.decision = QStringLiteral("remove");
    d.labels = {QStringLiteral("violence_gore"), QStringLiteral("hate_symbol"),
                QStringLiteral("hate_symbol")};
    d.rationale = QStringLiteral("Graphic injury, “synthetic” — 😀 and a \"quote\"");
    d.reviewer = QStringLiteral("alice");
    d.frontEnd = QStringLiteral("veil-cli/test");
    return d;
}

} // namespace

class TestVerdicts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto ws = Workspace::open(m_dir.filePath(QStringLiteral("ws")), true);
        QVERIFY(ws.ok());
        m_ws = std::move(ws.value());
        QVERIFY(m_ws->initialize("verdict tests").ok());
    }

    void uuid7IsWellFormedAndTimeOrdered()
    {
        const QString a = protocol::newUuid7(1700000000000);
        const QString b = protocol::newUuid7(1700000000001);
        QVERIFY(protocol::isUuid7(a));
        QVERIFY(a < b);
        QVERIFY(a.startsWith(QStringLiteral("018bcfe5-6800-7")));
        QVERIFY(!protocol::isUuid7(QStringLiteral("not-a-uuid")));
        QVERIFY(protocol::newUuid7() != protocol::newUuid7());
    }

    void signedVerdictIsCanonicalAndVerifies()
    {
        auto verdict = protocol::signVerdict(sampleDecision(), *m_ws->deviceKey(), 1700000000123);
        QVERIFY(verdict.ok());
        QVERIFY(protocol::isUuid7(verdict->verdictId));
        QCOMPARE(verdict->keyId, m_ws->deviceKey()->keyId());
        auto body =
            protocol::verifyVerdict(verdict->body, verdict->signature, m_ws->deviceKey()->publicKey());
        QVERIFY2(body.ok(), qPrintable(body.ok() ? QString() : body.error().toString()));
        QCOMPARE(body->value(QStringLiteral("decided_at")).toString(),
                 QStringLiteral("2023-11-14T22:13:20.123Z"));
        QCOMPARE(body->value(QStringLiteral("labels")).toArray().size(), 2); // sorted, deduplicated
        QCOMPARE(body->value(QStringLiteral("evidence_sha256")).toArray().first().toString(),
                 QString(64, QLatin1Char('a')));
        QVERIFY(verdict->body.startsWith("{\"decided_at\":"));

        QByteArray tampered = verdict->body;
        tampered.replace("remove", "age_restrict");
        QCOMPARE(protocol::verifyVerdict(tampered, verdict->signature, m_ws->deviceKey()->publicKey())
                     .error()
                     .code,
                 QStringLiteral("bad_signature"));
        auto other = crypto::ed25519::generate();
        QCOMPARE(protocol::verifyVerdict(verdict->body, verdict->signature, other->publicKey).error().code,
                 QStringLiteral("bad_signature"));
    }

    void nonCanonicalBodyIsRefusedEvenWhenSigned()
    {
        const QByteArray loose = "{ \"type\": \"veil.verdict.v1\" }";
        auto signature = m_ws->deviceKey()->sign(loose);
        QCOMPARE(
            protocol::verifyVerdict(loose, signature.value(), m_ws->deviceKey()->publicKey()).error().code,
            QStringLiteral("not_canonical"));
    }

    void invalidDecisionsAreExplained_data()
    {
        QTest::addColumn<int>("which");
        QTest::newRow("no evidence") << 0;
        QTest::newRow("bad hash") << 1;
        QTest::newRow("no decision") << 2;
        QTest::newRow("appeal without outcome") << 3;
        QTest::newRow("outcome on escalation") << 4;
        QTest::newRow("too many labels") << 5;
        QTest::newRow("rationale too long") << 6;
        QTest::newRow("unknown queue") << 7;
        QTest::newRow("appeal without the verdict's hash") << 8;
        QTest::newRow("appeal without a message") << 9;
        QTest::newRow("appeal message with a placeholder left") << 10;
        QTest::newRow("internal note on an escalation") << 11;
    }

    void appealOutcomesFitTheDecision()
    {
        const QJsonObject original{{QStringLiteral("decision"), QStringLiteral("remove")},
                                   {QStringLiteral("labels"), QJsonArray{QStringLiteral("hate_symbol")}}};
        const QStringList hate{QStringLiteral("hate_symbol")};
        QVERIFY(
            protocol::checkOutcome(QStringLiteral("uphold"), QStringLiteral("remove"), hate, original).ok());
        QVERIFY(
            protocol::checkOutcome(QStringLiteral("overturn"), QStringLiteral("no_violation"), {}, original)
                .ok());
        QVERIFY(
            protocol::checkOutcome(QStringLiteral("modify"), QStringLiteral("age_restrict"), hate, original)
                .ok());
        QVERIFY(protocol::checkOutcome(QStringLiteral("modify"), QStringLiteral("remove"),
                                       {QStringLiteral("violence_gore")}, original)
                    .ok());
        // Upholding with another decision or other labels, overturning to the same decision, "modifying" to
        // exactly what was there: each refused, saying why.
        for (const auto &[outcome, decision, labels] :
             {std::tuple{QStringLiteral("uphold"), QStringLiteral("no_violation"), QStringList{}},
              std::tuple{QStringLiteral("uphold"), QStringLiteral("remove"), QStringList{}},
              std::tuple{QStringLiteral("overturn"), QStringLiteral("remove"), QStringList{}},
              std::tuple{QStringLiteral("modify"), QStringLiteral("remove"), hate}}) {
            auto fits = protocol::checkOutcome(outcome, decision, labels, original);
            QVERIFY2(!fits.ok(), qPrintable(outcome + QLatin1Char(' ') + decision));
            QCOMPARE(fits.error().code, QStringLiteral("invalid_decision"));
        }
    }

    void invalidDecisionsAreExplained()
    {
        QFETCH(int, which);
        protocol::Decision d = sampleDecision();
        switch (which) {
        case 0:
            d.evidenceSha256.clear();
            break;
        case 1:
            d.evidenceSha256 = {QStringLiteral("ABC")};
            break;
        case 2:
            d.decision.clear();
            break;
        case 3:
            d.queue = QStringLiteral("appeals");
            d.appealOf = QStringLiteral("v");
            break;
        case 4:
            d.outcome = QStringLiteral("uphold");
            break;
        case 5:
            for (int i = 0; i < 40; ++i)
                d.labels << QStringLiteral("l%1").arg(i);
            break;
        case 6:
            d.rationale = QString(5000, QLatin1Char('x'));
            break;
        case 7:
            d.queue = QStringLiteral("other");
            break;
        case 8:
        case 9:
        case 10:
            d.queue = QStringLiteral("appeals");
            d.appealOf = QStringLiteral("v");
            d.outcome = QStringLiteral("uphold");
            d.appealOfSha256 = which == 8 ? QString() : QString(64, QLatin1Char('a'));
            d.rationale = which == 9    ? QStringLiteral("  ")
                          : which == 10 ? QStringLiteral("Our decision of {decision_date} stands: {reason}")
                                        : QStringLiteral("It stands.");
            break;
        case 11:
            d.internalNote = QStringLiteral("between us");
            break;
        }
        auto verdict = protocol::signVerdict(d, *m_ws->deviceKey(), 1);
        QVERIFY(!verdict.ok());
        QCOMPARE(verdict.error().code, QStringLiteral("invalid_decision"));
        QVERIFY(!verdict.error().message.isEmpty());
        if (which == 10) // the message names what is left to fill in
            QVERIFY2(verdict.error().message.contains(QStringLiteral("{decision_date}, {reason}")),
                     qPrintable(verdict.error().message));
    }

    void exportedVerdictVerifiesWithOpensslCli()
    {
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            QSKIP("openssl CLI not installed");
        auto verdict = protocol::signVerdict(sampleDecision(), *m_ws->deviceKey(), 1700000000000);
        const QJsonObject line = QJsonDocument::fromJson(verdict->toExportLine()).object();
        const QByteArray body = line.value(QStringLiteral("verdict")).toString().toUtf8();
        const QByteArray signature = QByteArray::fromBase64(
            line.value(QStringLiteral("signature")).toString().toLatin1(), QByteArray::Base64UrlEncoding);
        QCOMPARE(body, verdict->body);
        QCOMPARE(line.value(QStringLiteral("key_id")).toString(), m_ws->deviceKey()->keyId());
        const QString pub = write(QStringLiteral("pub.pem"), m_ws->deviceKey()->publicKeyPem().value());
        const QString sig = write(QStringLiteral("sig.bin"), signature);
        const QStringList args{QStringLiteral("pkeyutl"),
                               QStringLiteral("-verify"),
                               QStringLiteral("-pubin"),
                               QStringLiteral("-inkey"),
                               pub,
                               QStringLiteral("-rawin"),
                               QStringLiteral("-in"),
                               QStringLiteral("BODY"),
                               QStringLiteral("-sigfile"),
                               sig};
        QCOMPARE(runOpenssl(openssl, args, write(QStringLiteral("body.json"), body)), 0);
        QByteArray tampered = body;
        tampered[10] = tampered[10] == 'x' ? 'y' : 'x';
        QVERIFY(runOpenssl(openssl, args, write(QStringLiteral("tampered.json"), tampered)) != 0);
    }

    void outboxRecordsWithAuditAtomically()
    {
        outbox::Outbox outbox(m_ws->database());
        auto verdict =
            protocol::signVerdict(sampleDecision(QStringLiteral("esc-atomic")), *m_ws->deviceKey(), 5);
        const qint64 entriesBefore = auditEntries();
        QVERIFY(outbox.record(verdict.value(), m_ws->auditLog(), QStringLiteral("remove")).ok());
        QCOMPARE(auditEntries(), entriesBefore + 1);
        // The same verdict id again is refused, and its audit entry is rolled back with it.
        auto again = outbox.record(verdict.value(), m_ws->auditLog(), QStringLiteral("remove"));
        QCOMPARE(again.error().code, QStringLiteral("db_constraint"));
        QCOMPARE(auditEntries(), entriesBefore + 1);
        auto stored = outbox.find(verdict->verdictId);
        QVERIFY(stored.ok());
        QCOMPARE(stored->verdict.body, verdict->body);
        QCOMPARE(stored->verdict.signature, verdict->signature);
        QCOMPARE(stored->state, QStringLiteral("pending"));
        QVERIFY(audit::AuditLog::verify(m_ws->database(), m_ws->deviceKey()->publicKey())->intact);
    }

    void outboxDeliveryStatesAndBackoff()
    {
        outbox::Outbox outbox(m_ws->database(), outbox::Backoff(1000, 8000, [] { return 0.0; }));
        QStringList ids;
        for (int i = 0; i < 5; ++i) {
            auto v = protocol::signVerdict(sampleDecision(QStringLiteral("esc-state-%1").arg(i)),
                                           *m_ws->deviceKey(), 10 + i);
            QVERIFY(outbox.record(v.value(), m_ws->auditLog(), QStringLiteral("remove")).ok());
            ids << v->verdictId;
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch() + 1000;
        QVERIFY(outbox.due(now, 100)->size() >= 5);
        QVERIFY(outbox.markAccepted(ids[0], false).ok());
        QVERIFY(outbox.markAccepted(ids[1], true).ok());
        QVERIFY(
            outbox.markRejected(ids[2], QStringLiteral("lease_expired"), QStringLiteral("the lease ran out"))
                .ok());
        QVERIFY(outbox.markConflicted(ids[3], QStringLiteral("decided elsewhere")).ok());
        QVERIFY(outbox.markRetry(ids[4], now, QStringLiteral("connection refused")).ok());
        QCOMPARE(outbox.find(ids[4])->nextAttemptAtMs, now + 500); // jitter pinned to 0: half of 1 s
        QVERIFY(outbox.markRetry(ids[4], now, QStringLiteral("503")).ok());
        QCOMPARE(outbox.find(ids[4])->nextAttemptAtMs, now + 1000);
        QCOMPARE(outbox.find(ids[4])->attempts, 2);
        const auto dueNow = outbox.due(now, 100).value();
        for (const auto &entry : dueNow)
            QVERIFY(!ids.contains(entry.verdict.verdictId));
        QCOMPARE(outbox.due(now + 1000, 100)->last().verdict.verdictId, ids[4]);
        // Only pending verdicts change state: a settled one stays settled.
        QCOMPARE(outbox.markAccepted(ids[2], false).error().code, QStringLiteral("verdict_not_pending"));
        QCOMPARE(outbox.find(ids[2])->lastError, QStringLiteral("lease_expired: the lease ran out"));
        auto counts = outbox.counts();
        QVERIFY(counts->accepted >= 1 && counts->duplicate >= 1 && counts->rejected >= 1 &&
                counts->conflicted >= 1);

        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        auto written = outbox.exportJsonLines(buffer);
        QVERIFY(written.ok());
        const QList<QByteArray> lines = buffer.data().trimmed().split('\n');
        QCOMPARE(lines.size(), written.value());
        for (const QByteArray &raw : lines) {
            const QJsonObject line = QJsonDocument::fromJson(raw).object();
            const QByteArray sig = QByteArray::fromBase64(
                line.value(QStringLiteral("signature")).toString().toLatin1(), QByteArray::Base64UrlEncoding);
            QVERIFY(protocol::verifyVerdict(line.value(QStringLiteral("verdict")).toString().toUtf8(), sig,
                                            m_ws->deviceKey()->publicKey())
                        .ok());
        }
    }

    void escalationPayloadIsParsed()
    {
        auto parsed = protocol::parseEscalation(validEscalation());
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
        QCOMPARE(parsed->itemId, QStringLiteral("esc-000001"));
        QCOMPARE(parsed->priority, 2);
        QCOMPARE(parsed->media.size(), 1);
        QCOMPARE(parsed->dueAtMs,
                 QDateTime::fromString(QStringLiteral("2026-11-23T14:00:00.000Z"), Qt::ISODateWithMs)
                     .toMSecsSinceEpoch());
        QVERIFY(parsed->hashListMatches.isEmpty());
        // The service's hash-list marks, when it has some.
        QJsonObject marked = validEscalation();
        marked.insert(QStringLiteral("hash_list_matches"),
                      QJsonArray{QJsonObject{{QStringLiteral("list"), QStringLiteral("known-flood")},
                                             {QStringLiteral("distance"), 12}}});
        auto withMarks = protocol::parseEscalation(marked);
        QVERIFY(withMarks.ok());
        QCOMPARE(withMarks->hashListMatches.size(), 1);
        QCOMPARE(withMarks->hashListMatches.first().list, QStringLiteral("known-flood"));
        QCOMPARE(withMarks->hashListMatches.first().distance, 12);
    }

    void badEscalationPayloadsAreRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("wrong type") << QStringLiteral("type") << QJsonValue(QStringLiteral("veil.other"));
        QTest::newRow("missing id") << QStringLiteral("item_id") << QJsonValue();
        QTest::newRow("id not text") << QStringLiteral("item_id") << QJsonValue(42);
        QTest::newRow("huge id") << QStringLiteral("item_id") << QJsonValue(QString(5000, QLatin1Char('x')));
        QTest::newRow("unknown source") << QStringLiteral("source") << QJsonValue(QStringLiteral("rumour"));
        QTest::newRow("priority 7") << QStringLiteral("priority") << QJsonValue(7);
        QTest::newRow("priority 1.5") << QStringLiteral("priority") << QJsonValue(1.5);
        QTest::newRow("bad due") << QStringLiteral("due_at") << QJsonValue(QStringLiteral("tomorrow"));
        QTest::newRow("score 3") << QStringLiteral("scores")
                                 << QJsonValue(QJsonObject{{QStringLiteral("x"), 3}});
        QTest::newRow("scores array") << QStringLiteral("scores") << QJsonValue(QJsonArray{1});
        QTest::newRow("huge prompt") << QStringLiteral("prompt")
                                     << QJsonValue(QString(20000, QLatin1Char('p')));
        QTest::newRow("no media") << QStringLiteral("media") << QJsonValue(QJsonArray{});
        QTest::newRow("media bad hash")
            << QStringLiteral("media")
            << QJsonValue(QJsonArray{QJsonObject{{QStringLiteral("sha256"), QStringLiteral("ab")},
                                                 {QStringLiteral("mime"), QStringLiteral("image/png")},
                                                 {QStringLiteral("size"), 1}}});
        QTest::newRow("media gif") << QStringLiteral("media")
                                   << QJsonValue(QJsonArray{QJsonObject{
                                          {QStringLiteral("sha256"), QString(64, QLatin1Char('a'))},
                                          {QStringLiteral("mime"), QStringLiteral("image/gif")},
                                          {QStringLiteral("size"), 1}}});
        QTest::newRow("media huge") << QStringLiteral("media")
                                    << QJsonValue(QJsonArray{QJsonObject{
                                           {QStringLiteral("sha256"), QString(64, QLatin1Char('a'))},
                                           {QStringLiteral("mime"), QStringLiteral("image/png")},
                                           {QStringLiteral("size"), 1e12}}});
        const auto mark = [](const QJsonValue &list, const QJsonValue &distance) {
            return QJsonObject{{QStringLiteral("list"), list}, {QStringLiteral("distance"), distance}};
        };
        QTest::newRow("marks not a list")
            << QStringLiteral("hash_list_matches") << QJsonValue(QStringLiteral("x"));
        QTest::newRow("mark without list")
            << QStringLiteral("hash_list_matches") << QJsonValue(QJsonArray{mark(QJsonValue(), 3)});
        QTest::newRow("mark huge label") << QStringLiteral("hash_list_matches")
                                         << QJsonValue(QJsonArray{mark(QString(65, QLatin1Char('l')), 3)});
        QTest::newRow("mark negative")
            << QStringLiteral("hash_list_matches") << QJsonValue(QJsonArray{mark(QStringLiteral("l"), -1)});
        QTest::newRow("mark fraction")
            << QStringLiteral("hash_list_matches") << QJsonValue(QJsonArray{mark(QStringLiteral("l"), 2.5)});
        QJsonArray many;
        for (int i = 0; i < 17; ++i)
            many.append(mark(QStringLiteral("l%1").arg(i), 1));
        QTest::newRow("marks 17") << QStringLiteral("hash_list_matches") << QJsonValue(many);
    }

    void badEscalationPayloadsAreRefused()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject payload = validEscalation();
        if (value.isNull())
            payload.remove(field);
        else
            payload.insert(field, value);
        auto parsed = protocol::parseEscalation(payload);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, QStringLiteral("invalid_payload"));
    }

    void backoffStaysWithinBounds()
    {
        outbox::Backoff low(1000, 60000, [] { return 0.0; });
        outbox::Backoff high(1000, 60000, [] { return 0.999999; });
        QCOMPARE(low.delayMs(1), 500);
        QCOMPARE(low.delayMs(3), 2000);
        QVERIFY(high.delayMs(1) <= 1000 && high.delayMs(1) >= 999);
        QCOMPARE(low.delayMs(30), 30000);
        QVERIFY(high.delayMs(1000) <= 60000);
        QVERIFY(high.delayMs(std::numeric_limits<int>::max()) <= 60000);
        outbox::Backoff real;
        for (int attempt = 1; attempt < 20; ++attempt) {
            const qint64 d = real.delayMs(attempt);
            QVERIFY(d >= 500 && d <= real.capMs());
        }
    }

private:
    static QJsonObject validEscalation()
    {
        QFile file(test::dataPath(QStringLiteral("fuzz-payload/escalation.json")));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("missing escalation sample");
        return QJsonDocument::fromJson(file.readAll()).object();
    }

    QString write(const QString &name, const QByteArray &bytes)
    {
        QFile file(m_dir.filePath(name));
        if (file.open(QIODevice::WriteOnly))
            file.write(bytes);
        return file.fileName();
    }

    int runOpenssl(const QString &openssl, QStringList args, const QString &bodyFile)
    {
        args.replace(args.indexOf(QStringLiteral("BODY")), bodyFile);
        QProcess process;
        process.start(openssl, args);
        process.waitForFinished(30000);
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

    qint64 auditEntries()
    {
        auto stmt = m_ws->database().prepare("SELECT count(*) FROM audit_log");
        (void)stmt->step();
        return stmt->int64(0);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
};

QTEST_GUILESS_MAIN(TestVerdicts)
#include "tst_verdicts.moc"
