// veil-cli as a user runs it: a real process, real files, exit codes and one-line errors.
#include "Seeder.h"
#include "TestSupport.h"
#include "crypto/Random.h"
#include "servicestore/ServiceStore.h"
#include "store/Database.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace veil;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_data = m_dir->filePath(QStringLiteral("data"));
    }

    void cleanup() { m_dir.reset(); }

    void helpAndUsageErrors()
    {
        Run help = cli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("evidence import FILE")));
        QCOMPARE(cli({QStringLiteral("--version")}).exitCode, 0);
        Run none = cli({});
        QCOMPARE(none.exitCode, 2);
        Run bogus = cli({QStringLiteral("--data-dir"), m_data, QStringLiteral("frobnicate")});
        QCOMPARE(bogus.exitCode, 2);
        QCOMPARE(bogus.err.count(QLatin1Char('\n')), 1);
        QCOMPARE(cli({QStringLiteral("--no-such-flag")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("--data-dir"), m_data, QStringLiteral("evidence"),
                      QStringLiteral("export"), QStringLiteral("abc")})
                     .exitCode,
                 2);
    }

    void fullEvidenceLifecycle()
    {
        Run init = cli({QStringLiteral("vault"), QStringLiteral("init")});
        QCOMPARE(init.exitCode, 0);
        QVERIFY(init.out.contains(QStringLiteral("device key id")));
        QCOMPARE(cli({QStringLiteral("vault"), QStringLiteral("init")}).exitCode, 1); // already there

        const QByteArray plain = "EVIDENCE-MARKER" + crypto::randomBytes(200000);
        const QString input = writeFile(QStringLiteral("in.bin"), plain);
        Run imported = cli({QStringLiteral("evidence"), QStringLiteral("import"), input});
        QCOMPARE(imported.exitCode, 0);
        const QString id = imported.out.trimmed();
        QCOMPARE(id.size(), 32);
        QVERIFY(!test::treeContains(m_data, "EVIDENCE-MARKER"));

        const QString output = m_dir->filePath(QStringLiteral("out.bin"));
        QCOMPARE(cli({QStringLiteral("evidence"), QStringLiteral("export"), id, QStringLiteral("-o"), output})
                     .exitCode,
                 0);
        QFile out(output);
        QVERIFY(out.open(QIODevice::ReadOnly));
        QCOMPARE(out.readAll(), plain);

        Run pem = cli({QStringLiteral("keys"), QStringLiteral("public")});
        QCOMPARE(pem.exitCode, 0);
        QVERIFY(pem.out.startsWith(QStringLiteral("-----BEGIN PUBLIC KEY-----")));

        QCOMPARE(cli({QStringLiteral("evidence"), QStringLiteral("shred"), id}).exitCode, 0);
        Run gone = cli({QStringLiteral("evidence"), QStringLiteral("export"), id, QStringLiteral("-o"),
                        output + QStringLiteral("2")});
        QCOMPARE(gone.exitCode, 1);
        QVERIFY(gone.err.contains(QStringLiteral("shredded")));
        QVERIFY(!QFile::exists(output + QStringLiteral("2")));

        // init, import, export, keys public, shred: 5 entries, then verify adds its own after checking.
        Run verify = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(verify.exitCode, 0);
        QVERIFY2(verify.out.contains(QStringLiteral("5 entries")), qPrintable(verify.out));
        QCOMPARE(actionsInLog(),
                 QStringList({QStringLiteral("vault.init"), QStringLiteral("evidence.import"),
                              QStringLiteral("evidence.export"), QStringLiteral("keys.public"),
                              QStringLiteral("evidence.shred"), QStringLiteral("audit.verify")}));
    }

    void wrongPassphraseFailsClearly()
    {
        QCOMPARE(cli({QStringLiteral("vault"), QStringLiteral("init")}).exitCode, 0);
        const QString input = writeFile(QStringLiteral("x"), "x");
        Run wrong = cli({QStringLiteral("evidence"), QStringLiteral("import"), input}, "not the passphrase");
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY(wrong.err.contains(QStringLiteral("wrong passphrase")));
        QCOMPARE(wrong.err.count(QLatin1Char('\n')), 1);
        QVERIFY(wrong.out.isEmpty());
    }

    void passphraseFromStdinWhenNoEnvironment()
    {
        QCOMPARE(
            cli({QStringLiteral("vault"), QStringLiteral("init")}, QByteArray(), "typed secret\n").exitCode,
            0);
        const QString input = writeFile(QStringLiteral("y"), "y");
        QCOMPARE(
            cli({QStringLiteral("evidence"), QStringLiteral("import"), input}, QByteArray(), "typed secret\n")
                .exitCode,
            0);
        QCOMPARE(cli({QStringLiteral("evidence"), QStringLiteral("import"), input}, QByteArray(), "typo\n")
                     .exitCode,
                 1);
    }

    void missingVaultAndUnknownEvidence()
    {
        Run missing = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains(QStringLiteral("vault init")));
        QCOMPARE(cli({QStringLiteral("vault"), QStringLiteral("init")}).exitCode, 0);
        Run unknown = cli({QStringLiteral("evidence"), QStringLiteral("shred"), QStringLiteral("0123")});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(unknown.err.contains(QStringLiteral("no evidence")));
        Run noFile = cli({QStringLiteral("evidence"), QStringLiteral("import"),
                          m_dir->filePath(QStringLiteral("absent"))});
        QCOMPARE(noFile.exitCode, 1);
    }

    void auditVerifyNamesTamperedEntry()
    {
        QCOMPARE(cli({QStringLiteral("vault"), QStringLiteral("init")}).exitCode, 0);
        const QString input = writeFile(QStringLiteral("z"), "z");
        for (int i = 0; i < 3; ++i)
            QCOMPARE(cli({QStringLiteral("evidence"), QStringLiteral("import"), input}).exitCode, 0);
        {
            auto db = store::Database::open(m_data + QStringLiteral("/veil.db"),
                                            store::Database::OpenMode::ExistingOnly);
            QVERIFY(db.ok());
            QVERIFY(db.value()->exec("UPDATE audit_log SET object_id = 'forged' WHERE seq = 3").ok());
        }
        Run verify = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(verify.exitCode, 1);
        QVERIFY2(verify.err.contains(QStringLiteral("entry #3")), qPrintable(verify.err));
    }

    void corruptDatabaseFailsClearly()
    {
        QVERIFY(QDir().mkpath(m_data));
        writeFile(QStringLiteral("data/veil.db"), QByteArray(8192, 'Q'));
        Run run = cli({QStringLiteral("keys"), QStringLiteral("public")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("db_corrupt")), qPrintable(run.err));
    }

    void reviewAgainstTheServiceProcess()
    {
        QProcess server;
        QString token;
        const QString url = startService(server, 6, token);
        QVERIFY2(!url.isEmpty(), "the service did not start");

        QCOMPARE(cli({QStringLiteral("init")}).exitCode, 2); // needs --service and --token
        Run init =
            cli({QStringLiteral("init"), QStringLiteral("--service"), url, QStringLiteral("--token"), token});
        QCOMPARE(init.exitCode, 0);
        QVERIFY(init.out.contains(QStringLiteral("as rita (moderator)")));
        Run wrongToken = cli({QStringLiteral("init"), QStringLiteral("--service"), url,
                              QStringLiteral("--token"), QStringLiteral("veil_bogus")});
        QCOMPARE(wrongToken.exitCode, 1);
        QVERIFY(wrongToken.err.contains(QStringLiteral("unauthorized")));
        // The claim size is the reviewer's: a bad one is a usage error, 4 brings 4, the rest come next.
        QCOMPARE(cli({QStringLiteral("sync"), QStringLiteral("--claim"), QStringLiteral("0")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("sync"), QStringLiteral("--claim"), QStringLiteral("x")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("sync"), QStringLiteral("--claim"), QStringLiteral("101")}).exitCode, 2);
        Run some = cli({QStringLiteral("sync"), QStringLiteral("--claim"), QStringLiteral("4")});
        QCOMPARE(some.exitCode, 0);
        QVERIFY2(some.out.contains(QStringLiteral("ingested 4")), qPrintable(some.out));
        Run synced = cli({QStringLiteral("sync")});
        QCOMPARE(synced.exitCode, 0);
        QVERIFY2(synced.out.contains(QStringLiteral("ingested 2")), qPrintable(synced.out));
        Run list = cli({QStringLiteral("queue"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.exitCode, 0);
        const QStringList lines = list.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 6);
        const QString first = QJsonDocument::fromJson(lines.first().toUtf8())
                                  .object()
                                  .value(QStringLiteral("item_id"))
                                  .toString();
        // Core checks the cached policy before it signs: a removal needs a label, and nothing is signed.
        Run noLabel =
            cli({QStringLiteral("decide"), first, QStringLiteral("--decision"), QStringLiteral("remove")});
        QCOMPARE(noLabel.exitCode, 1);
        QVERIFY2(noLabel.err.contains(QStringLiteral("label")), qPrintable(noLabel.err));
        QVERIFY(
            !cli({QStringLiteral("decide"), first, QStringLiteral("--decision"),
                  QStringLiteral("no_violation"), QStringLiteral("--label"), QStringLiteral("hate_symbol")})
                 .exitCode == 0);
        {
            // A workstation without the policy (never fetched) signs it; the service's policy answers at
            // sync.
            auto db = store::Database::open(m_data + QStringLiteral("/veil.db"),
                                            store::Database::OpenMode::ExistingOnly);
            QVERIFY(db.ok());
            QVERIFY(db.value()->exec("UPDATE service_link SET policy_json = NULL WHERE id = 1").ok());
        }
        noLabel =
            cli({QStringLiteral("decide"), first, QStringLiteral("--decision"), QStringLiteral("remove")});
        QCOMPARE(noLabel.exitCode, 0);
        Run decided =
            cli({QStringLiteral("decide"), first, QStringLiteral("--decision"), QStringLiteral("remove")});
        QCOMPARE(decided.exitCode, 1);
        QVERIFY(decided.err.contains(QStringLiteral("already decided")));
        const QString second = QJsonDocument::fromJson(lines.at(1).toUtf8())
                                   .object()
                                   .value(QStringLiteral("item_id"))
                                   .toString();
        QCOMPARE(cli({QStringLiteral("decide"), second, QStringLiteral("--decision"),
                      QStringLiteral("remove"), QStringLiteral("--label"), QStringLiteral("violence_gore"),
                      QStringLiteral("--rationale"), QStringLiteral("graphic")})
                     .exitCode,
                 0);
        Run pushed = cli({QStringLiteral("sync")});
        QVERIFY2(pushed.out.contains(QStringLiteral("accepted 1")) &&
                     pushed.out.contains(QStringLiteral("rejected 1")),
                 qPrintable(pushed.out));
        // Skipping gives an item back: it leaves the local queue, with its reason in the audit trail.
        const QString third = QJsonDocument::fromJson(lines.at(2).toUtf8())
                                  .object()
                                  .value(QStringLiteral("item_id"))
                                  .toString();
        QCOMPARE(cli({QStringLiteral("skip"), third}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("skip"), third, QStringLiteral("--reason"), QStringLiteral("boredom")})
                     .exitCode,
                 1);
        QCOMPARE(cli({QStringLiteral("skip"), third, QStringLiteral("--reason"), QStringLiteral("wellness")})
                     .exitCode,
                 0);
        Run remaining = cli({QStringLiteral("queue"), QStringLiteral("list")});
        QCOMPARE(remaining.out.trimmed().split(QLatin1Char('\n')).size(), 3);
        QVERIFY(!remaining.out.contains(third));
        // The SLA column runs on the service's clock: seeded items are due within a day, some already late.
        QVERIFY2(remaining.out.contains(QStringLiteral("due in ")) ||
                     remaining.out.contains(QStringLiteral("OVERDUE ")),
                 qPrintable(remaining.out));
        QVERIFY(lines.first().contains(QStringLiteral("\"due_in_seconds\"")));
        Run exported = cli({QStringLiteral("verdicts"), QStringLiteral("export")});
        QCOMPARE(exported.exitCode, 0);
        QCOMPARE(exported.out.trimmed().split(QLatin1Char('\n')).size(), 2);
        QVERIFY(exported.out.contains(QStringLiteral("\"key_id\"")));
        // The decision log and the DSA statements of reasons: one accepted removal gives one statement.
        Run log = cli({QStringLiteral("export"), QStringLiteral("decisions"), QStringLiteral("--format"),
                       QStringLiteral("csv")});
        QCOMPARE(log.exitCode, 0);
        QCOMPARE(log.out.trimmed().split(QLatin1Char('\n')).size(), 3); // header + 2 verdicts
        QVERIFY(log.out.contains(QStringLiteral("violence_gore")) &&
                log.out.contains(QStringLiteral("rejected")));
        QCOMPARE(cli({QStringLiteral("export"), QStringLiteral("decisions"), QStringLiteral("--format"),
                      QStringLiteral("xml")})
                     .exitCode,
                 1);
        // Time bounds in UTC (--to excluded); the team's log is a supervisor's, empty on a moderator's seat.
        const auto logLines = [&](const QStringList &extra) {
            Run run = cli(QStringList{QStringLiteral("export"), QStringLiteral("decisions")} + extra);
            return run.exitCode == 0 ? int(run.out.trimmed().split(QLatin1Char('\n')).size()) : -run.exitCode;
        };
        QCOMPARE(logLines({QStringLiteral("--to"), QStringLiteral("2999-01-01")}), 3);
        QCOMPARE(logLines({QStringLiteral("--from"), QStringLiteral("2999-01-01T00:00:00Z")}), 1);
        QCOMPARE(logLines({QStringLiteral("--to"), QStringLiteral("2000-01-01")}), 1);
        QCOMPARE(logLines({QStringLiteral("--from"), QStringLiteral("yesterday")}), -2);
        QCOMPARE(logLines({QStringLiteral("--team")}), 1);
        const QString sorDir = m_dir->filePath(QStringLiteral("sor"));
        Run sor = cli({QStringLiteral("export"), QStringLiteral("statements"), QStringLiteral("-o"), sorDir});
        QVERIFY2(sor.exitCode == 0, qPrintable(sor.err));
        QVERIFY2(sor.out.startsWith(QStringLiteral("1 statement(s) of reasons in 1 file(s)")),
                 qPrintable(sor.out));
        QFile batch(sorDir + QStringLiteral("/sor-batch-0001.json"));
        QVERIFY(batch.open(QIODevice::ReadOnly));
        const QJsonArray statements =
            QJsonDocument::fromJson(batch.readAll()).object().value(QStringLiteral("statements")).toArray();
        QCOMPARE(statements.size(), 1);
        QCOMPARE(statements.first().toObject().value(QStringLiteral("category")).toString(),
                 QStringLiteral("STATEMENT_CATEGORY_VIOLENCE"));
        // A table that no longer knows a value the mapping uses: refused by field, nothing written.
        QFile table(QStringLiteral(":/veil/dsa/sor-v2.json"));
        QVERIFY(table.open(QIODevice::ReadOnly));
        QJsonObject narrowed = QJsonDocument::fromJson(table.readAll()).object();
        QJsonObject fields = narrowed.value(QStringLiteral("fields")).toObject();
        QJsonObject category = fields.value(QStringLiteral("category")).toObject();
        category[QStringLiteral("values")] = QJsonArray{QStringLiteral("STATEMENT_CATEGORY_SCAMS_AND_FRAUD")};
        fields[QStringLiteral("category")] = category;
        narrowed[QStringLiteral("fields")] = fields;
        narrowed[QStringLiteral("version")] = QStringLiteral("narrowed-test");
        const QString tableFile = m_dir->filePath(QStringLiteral("table.json"));
        QFile out(tableFile);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(narrowed).toJson());
        out.close();
        Run refused = cli({QStringLiteral("export"), QStringLiteral("statements"), QStringLiteral("-o"),
                           m_dir->filePath(QStringLiteral("sor2")), QStringLiteral("--table"), tableFile});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(
                     QStringLiteral(": category 'STATEMENT_CATEGORY_VIOLENCE' is not an allowed value "
                                    "(table narrowed-test)")),
                 qPrintable(refused.err));
        QVERIFY(!QDir(m_dir->filePath(QStringLiteral("sor2"))).exists());
        QCOMPARE(cli({QStringLiteral("audit"), QStringLiteral("verify")}).exitCode, 0);
        QVERIFY(actionsInLog().contains(QStringLiteral("item.release")));
        server.kill();
        server.waitForFinished();
    }

    void mediaCommandsOnPlainFiles()
    {
        // pdq: the reference tool's hash,quality,path lines; bad files named on stderr, exit 1.
        const QString bridge = test::dataPath(QStringLiteral("pdq/bridge-mods/aaa-orig.jpg"));
        const QString bomb = test::dataPath(QStringLiteral("hostile/bomb.png"));
        Run pdq = cli({QStringLiteral("pdq"), bridge, bomb});
        QCOMPARE(pdq.exitCode, 1);
        QCOMPARE(pdq.out,
                 QStringLiteral("d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22,100,") +
                     bridge + QLatin1Char('\n'));
        QVERIFY(pdq.err.contains(QStringLiteral("media_too_large")));
        QCOMPARE(cli({QStringLiteral("pdq"), bridge}).exitCode, 0);

        // render: a PNG of the asked-for rendition, upright, from a plain file.
        const QString messi = test::dataPath(QStringLiteral("faces/messi5.jpg"));
        const QString out = m_dir->filePath(QStringLiteral("blurred.png"));
        QCOMPARE(cli({QStringLiteral("render"), messi, QStringLiteral("--mode"), QStringLiteral("blurred"),
                      QStringLiteral("-o"), out})
                     .exitCode,
                 0);
        QFile png(out);
        QVERIFY(png.open(QIODevice::ReadOnly));
        QVERIFY(png.read(8) == QByteArray("\x89PNG\r\n\x1a\n", 8));
        const QString clear = m_dir->filePath(QStringLiteral("clear.png"));
        QCOMPARE(cli({QStringLiteral("render"), messi, QStringLiteral("--mode"), QStringLiteral("clear"),
                      QStringLiteral("-o"), clear})
                     .exitCode,
                 0);
        QVERIFY(QFileInfo(clear).size() > QFileInfo(out).size());
        Run badMode = cli({QStringLiteral("render"), messi, QStringLiteral("--mode"), QStringLiteral("sepia"),
                           QStringLiteral("-o"), out});
        QCOMPARE(badMode.exitCode, 1);
        QVERIFY(badMode.err.contains(QStringLiteral("blurred, pixelated, grayscale or clear")));
        QCOMPARE(cli({QStringLiteral("render"), messi}).exitCode, 2);
        Run hostile =
            cli({QStringLiteral("render"), bomb, QStringLiteral("--mode"), QStringLiteral("blurred"),
                 QStringLiteral("-o"), m_dir->filePath(QStringLiteral("bomb-out.png"))});
        QCOMPARE(hostile.exitCode, 1);
        QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("bomb-out.png"))));
    }

    void clusterDecisionAndHashListFromTheCli()
    {
        QProcess server;
        QString token;
        const QString url = startService(server, 4, token);
        QVERIFY2(!url.isEmpty(), "the service did not start");
        QCOMPARE(
            cli({QStringLiteral("init"), QStringLiteral("--service"), url, QStringLiteral("--token"), token})
                .exitCode,
            0);
        QCOMPARE(cli({QStringLiteral("sync")}).exitCode, 0);
        // Items 1-3 are one drawing in three encodings: the queue shows them as one cluster of three.
        Run list = cli({QStringLiteral("queue"), QStringLiteral("list")});
        QCOMPARE(list.out.count(QStringLiteral(" x3")), 3);
        QVERIFY(list.err.isEmpty()); // all four listed: nothing to say
        // A cut list says so (it once stopped at 1,000 rows without a word).
        Run cut = cli({QStringLiteral("queue"), QStringLiteral("list"), QStringLiteral("--limit"),
                       QStringLiteral("2"), QStringLiteral("--json")});
        QCOMPARE(cut.exitCode, 0);
        QCOMPARE(cut.out.trimmed().split(QLatin1Char('\n')).size(), 2);
        QVERIFY2(cut.err.contains(QStringLiteral("listed the first 2 of 4 open items")), qPrintable(cut.err));
        Run all = cli({QStringLiteral("queue"), QStringLiteral("list"), QStringLiteral("--all")});
        QCOMPARE(all.out.trimmed().split(QLatin1Char('\n')).size(), 4);
        QVERIFY(all.err.isEmpty());
        QCOMPARE(cli({QStringLiteral("queue"), QStringLiteral("list"), QStringLiteral("--limit"),
                      QStringLiteral("0")})
                     .exitCode,
                 2);
        const QString hashes =
            writeFile(QStringLiteral("list.csv"),
                      "# two known hashes\n"
                      "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22,100,a.jpg\n"
                      "0007001f003f003f007f00ff00ff00ff01ff01ff01ff03ff03ff03ff03ff03ff,0,b.jpg\n");
        Run imported = cli({QStringLiteral("hashlist"), QStringLiteral("import"), hashes,
                            QStringLiteral("--label"), QStringLiteral("demo-list")});
        QCOMPARE(imported.exitCode, 0);
        QVERIFY2(imported.out.contains(QStringLiteral("imported 2 hashes")), qPrintable(imported.out));
        QCOMPARE(cli({QStringLiteral("hashlist"), QStringLiteral("import"), hashes}).exitCode, 2);
        Run bad = cli({QStringLiteral("hashlist"), QStringLiteral("import"),
                       writeFile(QStringLiteral("bad.csv"), "zz\n"), QStringLiteral("--label"),
                       QStringLiteral("x")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.err.contains(QStringLiteral("line 1")));

        Run decided = cli({QStringLiteral("decide"), QStringLiteral("esc-000002"),
                           QStringLiteral("--decision"), QStringLiteral("remove"), QStringLiteral("--label"),
                           QStringLiteral("violence_gore"), QStringLiteral("--cluster")});
        QCOMPARE(decided.exitCode, 0);
        QCOMPARE(decided.out.trimmed().split(QLatin1Char('\n')).size(), 3);
        // An item without open near-duplicates is its own cluster: decided alone, as asked (it once failed).
        Run lone = cli({QStringLiteral("decide"), QStringLiteral("esc-000004"), QStringLiteral("--decision"),
                        QStringLiteral("no_violation"), QStringLiteral("--cluster")});
        QVERIFY2(lone.exitCode == 0, qPrintable(lone.err));
        QCOMPARE(lone.out.trimmed().split(QLatin1Char('\n')).size(), 1);
        QVERIFY2(lone.err.contains(QStringLiteral("no open near-duplicates; decided alone")),
                 qPrintable(lone.err));
        Run exported = cli({QStringLiteral("verdicts"), QStringLiteral("export")});
        const QStringList lines = exported.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 4);
        // What was signed for it: that item, that decision, no cluster.
        QJsonObject loneVerdict;
        for (const QString &line : lines) {
            const QJsonObject signedLine = QJsonDocument::fromJson(line.toUtf8()).object();
            const QJsonObject verdict =
                QJsonDocument::fromJson(signedLine.value(QStringLiteral("verdict")).toString().toUtf8())
                    .object();
            if (verdict.value(QStringLiteral("item_id")).toString() == QLatin1String("esc-000004"))
                loneVerdict = verdict;
        }
        QCOMPARE(loneVerdict.value(QStringLiteral("decision")).toString(), QStringLiteral("no_violation"));
        QVERIFY(!loneVerdict.contains(QStringLiteral("cluster")));
        Run pushed = cli({QStringLiteral("sync")});
        QVERIFY2(pushed.out.contains(QStringLiteral("accepted 4")), qPrintable(pushed.out));
        QVERIFY(actionsInLog().contains(QStringLiteral("hashlist.import")));
        server.kill();
        server.waitForFinished();
    }

    // Text the service controls reaches the terminal escaped: an item whose id and category carry a
    // window-title and a clear-screen sequence, listed; an error whose code and message carry them, printed.
    void serviceTextIsEscapedOnTheTerminal()
    {
        const QString hostileId = QStringLiteral("esc-\x1b]0;pwned\x07");
        const QString hostileCategory = QStringLiteral("\x1b[2Jviolence_gore");
        {
            auto store = service::ServiceStore::open(m_dir->filePath(QStringLiteral("svc")));
            QVERIFY(store.ok());
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            QCOMPARE(service::seedEscalations(*store.value(), 1, 5, now).value(), 1);
            QJsonObject payload = store.value()->itemPayload(QStringLiteral("esc-000001")).value();
            payload[QStringLiteral("item_id")] = hostileId;
            payload[QStringLiteral("category")] = hostileCategory;
            QVERIFY(store.value()->addItem(QStringLiteral("escalations"), payload, now + 3600000, 1).ok());
        }
        QProcess server;
        QString token;
        const QString url = startService(server, 1, token); // seeds nothing more: the store has items
        QVERIFY2(!url.isEmpty(), "the service did not start");
        QCOMPARE(
            cli({QStringLiteral("init"), QStringLiteral("--service"), url, QStringLiteral("--token"), token})
                .exitCode,
            0);
        Run synced = cli({QStringLiteral("sync")});
        QVERIFY2(synced.out.contains(QStringLiteral("ingested 2")), qPrintable(synced.out));
        Run list = cli({QStringLiteral("queue"), QStringLiteral("list")});
        QCOMPARE(list.exitCode, 0);
        QVERIFY(!list.out.contains(QChar(0x1b)) && !list.out.contains(QChar(0x07)));
        QVERIFY2(list.out.contains(QStringLiteral("esc-\\x1b]0;pwned\\x07  ")), qPrintable(list.out));
        QVERIFY2(list.out.contains(QStringLiteral("  \\x1b[2Jviolence_gore")), qPrintable(list.out));
        QCOMPARE(list.out.count(QLatin1Char('\n')), 2);
        // --json stays exact for programs: JSON's own escapes, the id parses back to what the service sent.
        Run json = cli({QStringLiteral("queue"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY(!json.out.contains(QChar(0x1b)) &&
                json.out.contains(QStringLiteral("\\u001b]0;pwned\\u0007")));
        QStringList ids;
        for (const QString &line : json.out.trimmed().split(QLatin1Char('\n')))
            ids << QJsonDocument::fromJson(line.toUtf8())
                       .object()
                       .value(QStringLiteral("item_id"))
                       .toString();
        QVERIFY(ids.contains(hostileId));
        server.kill();
        server.waitForFinished();

        // A service whose error names carry the same sequences: the one-line error shows them escaped.
        QTcpServer hostile;
        QVERIFY(hostile.listen(QHostAddress::LocalHost));
        connect(&hostile, &QTcpServer::newConnection, this, [&hostile] {
            while (QTcpSocket *socket = hostile.nextPendingConnection())
                connect(socket, &QTcpSocket::readyRead, socket, [socket] { answerHostile(socket); });
        });
        Run refused = cli({QStringLiteral("--data-dir"), m_dir->filePath(QStringLiteral("other")),
                           QStringLiteral("init"), QStringLiteral("--service"),
                           QStringLiteral("http://127.0.0.1:%1").arg(hostile.serverPort()),
                           QStringLiteral("--token"), QStringLiteral("t")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(!refused.err.contains(QChar(0x1b)) && !refused.err.contains(QChar(0x07)));
        QCOMPARE(refused.err, QStringLiteral("veil-cli: \\x1b]0;pwned\\x07 go away [forbidden\\x1b[2J]\n"));
    }

private:
    // A seeded veil-service on a loopback port, and a moderator token for "rita". Returns its URL.
    QString startService(QProcess &server, int seed, QString &token)
    {
        const QString serviceDir = m_dir->filePath(QStringLiteral("svc"));
        QProcess tokenProcess;
        tokenProcess.start(QStringLiteral(VEIL_SERVICE_PATH),
                           {QStringLiteral("--data-dir"), serviceDir, QStringLiteral("token"),
                            QStringLiteral("create"), QStringLiteral("--reviewer"), QStringLiteral("rita"),
                            QStringLiteral("--role"), QStringLiteral("moderator")});
        if (!tokenProcess.waitForFinished(60000))
            return {};
        token = QString::fromUtf8(tokenProcess.readAllStandardOutput().trimmed());
        server.start(QStringLiteral(VEIL_SERVICE_PATH),
                     {QStringLiteral("--data-dir"), serviceDir, QStringLiteral("--listen"),
                      QStringLiteral("127.0.0.1:0"), QStringLiteral("--seed"), QString::number(seed)});
        if (!server.waitForReadyRead(120000))
            return {};
        return QString::fromUtf8(server.readLine()).trimmed().mid(QStringLiteral("listening on ").size());
    }

    // Answers a whole request (head and Content-Length body) with a 403 whose JSON error carries terminal
    // escapes (JSON's \u001b: the client decodes them to the raw bytes).
    static void answerHostile(QTcpSocket *socket)
    {
        const QByteArray in = socket->peek(socket->bytesAvailable());
        const qsizetype end = in.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        static const QRegularExpression lengthLine(QStringLiteral("(?i)content-length: *(\\d+)"));
        const auto m = lengthLine.match(QString::fromLatin1(in.left(end)));
        if (in.size() < end + 4 + (m.hasMatch() ? m.captured(1).toInt() : 0))
            return;
        socket->readAll();
        const QByteArray body =
            "{\"error\":{\"code\":\"forbidden\\u001b[2J\",\"message\":\"\\u001b]0;pwned\\u0007 "
            "go away\"}}";
        socket->write("HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    Run cli(QStringList args, const QByteArray &passphrase = "cli test passphrase",
            const QByteArray &stdinText = {})
    {
        if (!args.isEmpty() && !args.first().startsWith(QLatin1Char('-')))
            args = QStringList{QStringLiteral("--data-dir"), m_data} + args;
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("VEIL_PASSPHRASE"));
        if (!passphrase.isEmpty())
            env.insert(QStringLiteral("VEIL_PASSPHRASE"), QString::fromUtf8(passphrase));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(VEIL_CLI_PATH), args);
        process.write(stdinText);
        process.closeWriteChannel();
        // The event loop runs meanwhile: a test may serve the CLI from this process.
        if (!QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; }, 120000))
            qFatal("veil-cli did not finish");
        return Run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                   QString::fromUtf8(process.readAllStandardOutput()),
                   QString::fromUtf8(process.readAllStandardError())};
    }

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir->filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(bytes);
        return path;
    }

    QStringList actionsInLog()
    {
        QStringList actions;
        auto db = store::Database::open(m_data + QStringLiteral("/veil.db"),
                                        store::Database::OpenMode::ExistingOnly);
        auto stmt = db.value()->prepare("SELECT action FROM audit_log ORDER BY seq");
        while (stmt->step().value())
            actions << stmt->text(0);
        return actions;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_data;
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
