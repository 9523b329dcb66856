// The audit chain: intact chains verify, and every kind of tampering names the first bad entry.
#include "TestSupport.h"
#include "audit/AuditLog.h"
#include "store/Schema.h"
#include "workspace/Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace veil;

class TestAudit : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto ws = Workspace::open(m_dir->path(), true);
        QVERIFY(ws.ok());
        m_ws = std::move(ws.value());
        QVERIFY(m_ws->initialize("audit test passphrase").ok());
        audit::AuditLog log(m_ws->database(), m_ws->deviceKey(), QStringLiteral("tester"), 4);
        for (int i = 0; i < 9; ++i)
            QVERIFY(log.append(QStringLiteral("test.action"), QStringLiteral("obj-%1").arg(i),
                               {{QStringLiteral("n"), i}, {QStringLiteral("text"), QStringLiteral("ü")}})
                        .ok());
        // 1 (vault.init) + 9 = 10 entries; checkpoints at 1 (init), 4 and 8.
    }

    void cleanup()
    {
        m_ws.reset();
        m_dir.reset();
    }

    void intactChainVerifies()
    {
        auto report = verify();
        QVERIFY(report.intact);
        QCOMPARE(report.entries, 10);
        QCOMPARE(report.checkpoints, 3);
        QCOMPARE(report.firstBadSeq, 0);
    }

    void chainLinksAndHashesAreWhatTheyClaim()
    {
        auto stmt = m_ws->database().prepare("SELECT prev_hash, entry_hash FROM audit_log ORDER BY seq");
        QString prev = audit::AuditLog::genesisHash();
        while (stmt->step().value()) {
            QCOMPARE(stmt->text(0), prev);
            QCOMPARE(stmt->text(1).size(), 64);
            prev = stmt->text(1);
        }
    }

    void editedEntryIsNamed()
    {
        sql("UPDATE audit_log SET details = '{\"n\":99,\"text\":\"ü\"}' WHERE seq = 6");
        expectBroken(6, QStringLiteral("altered"));
    }

    void editedActorIsNamed()
    {
        sql("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3");
        expectBroken(3, QStringLiteral("altered"));
    }

    void deletedEntryIsNamed()
    {
        sql("DELETE FROM audit_log WHERE seq = 5");
        expectBroken(5, QStringLiteral("missing"));
    }

    void insertedEntryIsNamed()
    {
        // Make room after entry 4 and insert a fabricated entry there.
        sql("UPDATE audit_log SET seq = seq + 1000 WHERE seq > 4; UPDATE audit_log SET seq = seq - 999 WHERE "
            "seq > 1000");
        sql("INSERT INTO audit_log SELECT 5, time_ms, actor, 'forged', object_id, details, prev_hash, "
            "entry_hash "
            "FROM audit_log WHERE seq = 4");
        expectBroken(5, QStringLiteral("does not follow"));
    }

    void reorderedEntriesAreNamed()
    {
        sql("UPDATE audit_log SET seq = -1 WHERE seq = 7; UPDATE audit_log SET seq = 7 WHERE seq = 8;"
            "UPDATE audit_log SET seq = 8 WHERE seq = -1");
        expectBroken(7, QStringLiteral("does not follow"));
    }

    void truncationBelowCheckpointIsFound()
    {
        sql("DELETE FROM audit_log WHERE seq >= 7");
        expectBroken(7, QStringLiteral("truncated"));
    }

    void rewrittenChainIsCaughtByCheckpoint()
    {
        // An attacker edits entry 2 and recomputes every later hash, so the chain is self-consistent.
        sql("UPDATE audit_log SET object_id = 'rewritten' WHERE seq = 2");
        auto rows = m_ws->database().prepare(
            "SELECT seq, time_ms, actor, action, object_id, details FROM audit_log ORDER BY seq");
        QString prev = audit::AuditLog::genesisHash();
        QList<QPair<qint64, QPair<QString, QString>>> rewritten;
        while (rows->step().value()) {
            audit::AuditEntry e{rows->int64(0), rows->int64(1),
                                rows->text(2),  rows->text(3),
                                rows->text(4),  QJsonDocument::fromJson(rows->text(5).toUtf8()).object(),
                                prev,           {}};
            e.entryHash = audit::AuditLog::hashEntry(e).value();
            rewritten.append({e.seq, {e.prevHash, e.entryHash}});
            prev = e.entryHash;
        }
        rows.value() = m_ws->database().prepare("SELECT 1").value();
        for (const auto &r : rewritten) {
            auto up =
                m_ws->database().prepare("UPDATE audit_log SET prev_hash = ?, entry_hash = ? WHERE seq = ?");
            up->bind(1, r.second.first).bind(2, r.second.second).bind(3, r.first);
            QVERIFY(up->run().ok());
        }
        expectBroken(4, QStringLiteral("rewritten"));
    }

    void forgedCheckpointSignatureIsFound()
    {
        sql("UPDATE audit_checkpoint SET signature = zeroblob(64) WHERE seq = 8");
        expectBroken(8, QStringLiteral("bad signature"));
    }

    void appendInsideCallerTransactionRollsBackTogether()
    {
        audit::AuditLog log(m_ws->database(), nullptr, QStringLiteral("tester"));
        {
            auto tx = store::Transaction::begin(m_ws->database());
            QVERIFY(log.append(QStringLiteral("dropped"), QStringLiteral("x")).ok());
            // no commit: the caller's operation failed, so its audit entry must vanish with it
        }
        QCOMPARE(verify().entries, 10);
        QCOMPARE(log.checkpoint().error().code, QStringLiteral("no_signer"));
        QVERIFY(log.append(QStringLiteral("kept"), QStringLiteral("x")).ok());
        QCOMPARE(verify().entries, 11);
        QVERIFY(verify().intact);
    }

private:
    void sql(const char *statement) { QVERIFY(m_ws->database().exec(statement).ok()); }

    audit::VerifyReport verify()
    {
        auto report = audit::AuditLog::verify(m_ws->database(), m_ws->deviceKey()->publicKey());
        if (!report.ok())
            qFatal("verify failed: %s", qPrintable(report.error().toString()));
        return report.value();
    }

    void expectBroken(qint64 seq, const QString &word)
    {
        const audit::VerifyReport report = verify();
        QVERIFY(!report.intact);
        QCOMPARE(report.firstBadSeq, seq);
        QVERIFY2(report.problem.contains(word), qPrintable(report.problem));
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_ws;
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
