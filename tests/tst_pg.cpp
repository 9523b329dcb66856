// The PostgreSQL connection the service's team-scale backend is built on (issue 18), against a real server
// started for the test (PgCluster): values round-trip exactly (bytes with NUL and high bytes, NULL, 64-bit
// numbers, UTF-8); a unique violation is db_constraint and the connection goes on; migrations run once when
// two instances start together, and a newer database is refused; FOR UPDATE SKIP LOCKED hands each row to
// exactly one of four concurrent claimers; a statement past its deadline is cancelled (db_timeout); a
// missing server is db_unavailable, without the password in the message.
#include "PgCluster.h"
#include "pg/PgConnection.h"
#include "pg/PgDatabase.h"
#include "servicestore/ServiceSchema.h"
#include "store/Migrations.h"

#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>
#include <vector>

using namespace veil;

class TestPg : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
    }
    void cleanupTestCase() { m_cluster.stop(); }

    void valuesRoundTrip()
    {
        auto db = connect();
        QVERIFY(
            db->exec("DROP TABLE IF EXISTS t; CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, data BYTEA)")
                .ok());
        const QByteArray bytes("\x00\x01\xff\x7f\x00 tail", 10);
        const QString name = QStringLiteral("Prüfung ✓ '; DROP TABLE t; --");
        QVERIFY(db->query("INSERT INTO t VALUES ($1, $2, $3)",
                          pg::Params().int64(Q_INT64_C(9007199254740993)).text(name).bytes(bytes))
                    .ok());
        QVERIFY(db->query("INSERT INTO t VALUES ($1, $2, $3)", pg::Params().int64(-1).null().null()).ok());
        auto rows = db->query("SELECT id, name, data FROM t ORDER BY id DESC");
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), 2);
        QCOMPARE(rows->int64(0, 0), Q_INT64_C(9007199254740993));
        QCOMPARE(rows->text(0, 1), name);
        QCOMPARE(rows->bytes(0, 2), bytes);
        QVERIFY(rows->isNull(1, 1));
        QVERIFY(rows->isNull(1, 2));
        auto updated = db->query("UPDATE t SET name = 'x' WHERE id > $1", pg::Params().int64(-5));
        QCOMPARE(updated->affected(), 2);
    }

    void aUniqueViolationIsAConstraintError()
    {
        auto db = connect();
        QVERIFY(db->exec("DROP TABLE IF EXISTS u; CREATE TABLE u (verdict_id TEXT PRIMARY KEY)").ok());
        QVERIFY(db->query("INSERT INTO u VALUES ($1)", pg::Params().text(QStringLiteral("v-1"))).ok());
        const auto again = db->query("INSERT INTO u VALUES ($1)", pg::Params().text(QStringLiteral("v-1")));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("db_constraint"));
        QVERIFY(!again.error().message.contains(QStringLiteral("v-1"))); // the primary message, no row values
        QCOMPARE(db->query("SELECT count(*) FROM u")->int64(0, 0), 1);
        // Inside a transaction, the failure rolls back what the transaction did.
        {
            auto tx = pg::Transaction::begin(*db);
            QVERIFY(tx.ok());
            QVERIFY(db->query("INSERT INTO u VALUES ($1)", pg::Params().text(QStringLiteral("v-2"))).ok());
            QVERIFY(!db->query("INSERT INTO u VALUES ($1)", pg::Params().text(QStringLiteral("v-1"))).ok());
        }
        QCOMPARE(db->query("SELECT count(*) FROM u")->int64(0, 0), 1);
    }

    void migrationsRunOnceWhenInstancesStartTogether()
    {
        {
            auto db = connect();
            QVERIFY(db->exec("DROP TABLE IF EXISTS veil_schema, m_items").ok());
        }
        static constexpr pg::Migration migrations[] = {
            {1, "CREATE TABLE m_items (item_id TEXT PRIMARY KEY)"},
            {2, "ALTER TABLE m_items ADD COLUMN due_at BIGINT NOT NULL DEFAULT 0; "
                "INSERT INTO m_items(item_id) VALUES ('seeded-by-2')"}};
        std::vector<int> versions(4, -1);
        std::vector<std::thread> instances;
        for (int i = 0; i < 4; ++i)
            instances.emplace_back([&, i] {
                auto db = pg::Connection::open(m_cluster.uri());
                if (db.ok())
                    if (auto v = pg::migrate(*db.value(), migrations); v.ok())
                        versions[size_t(i)] = v.value();
            });
        for (auto &t : instances)
            t.join();
        QCOMPARE(versions, std::vector<int>(4, 2));
        auto db = connect();
        QCOMPARE(db->query("SELECT count(*) FROM m_items")->int64(0, 0), 1); // migration 2 ran once
        QCOMPARE(db->query("SELECT version FROM veil_schema")->int64(0, 0), 2);
        const auto older = pg::migrate(*db, std::span(migrations, 1));
        QVERIFY(!older.ok());
        QCOMPARE(older.error().code, QStringLiteral("db_too_new"));
        QCOMPARE(db->query("SELECT count(*) FROM m_items")->int64(0, 0), 1);
    }

    // What two service instances do when they claim at the same moment: each row goes to one claimer.
    void skipLockedHandsEachRowToOneClaimer()
    {
        {
            auto db = connect();
            QVERIFY(db->exec("DROP TABLE IF EXISTS c_items; CREATE TABLE c_items (item_id TEXT PRIMARY KEY, "
                             "due_at BIGINT NOT NULL, lease_device TEXT)")
                        .ok());
            QVERIFY(
                db->exec("INSERT INTO c_items SELECT 'i' || g, g % 97, NULL FROM generate_series(1, 1000) g")
                    .ok());
        }
        constexpr int Claimers = 4;
        std::vector<QStringList> taken(Claimers);
        std::vector<QString> failures(Claimers);
        std::vector<std::thread> claimers;
        for (int c = 0; c < Claimers; ++c)
            claimers.emplace_back([&, c] {
                auto db = pg::Connection::open(m_cluster.uri());
                if (!db.ok()) {
                    failures[size_t(c)] = db.error().message;
                    return;
                }
                for (;;) {
                    auto tx = pg::Transaction::begin(*db.value());
                    auto rows = db.value()->query("SELECT item_id FROM c_items WHERE lease_device IS NULL "
                                                  "ORDER BY due_at, item_id LIMIT 7 FOR UPDATE SKIP LOCKED");
                    if (!tx.ok() || !rows.ok()) {
                        failures[size_t(c)] = QStringLiteral("claim failed");
                        return;
                    }
                    if (rows->size() == 0)
                        return;
                    for (int r = 0; r < rows->size(); ++r) {
                        const QString id = rows->text(r, 0);
                        (void)db.value()->query("UPDATE c_items SET lease_device = $1 WHERE item_id = $2",
                                                pg::Params().text(QString::number(c)).text(id));
                        taken[size_t(c)] << id;
                    }
                    if (!tx->commit().ok()) {
                        failures[size_t(c)] = QStringLiteral("commit failed");
                        return;
                    }
                }
            });
        for (auto &t : claimers)
            t.join();
        QSet<QString> all;
        qsizetype total = 0;
        for (int c = 0; c < Claimers; ++c) {
            QVERIFY2(failures[size_t(c)].isEmpty(), qPrintable(failures[size_t(c)]));
            total += taken[size_t(c)].size();
            all.unite(QSet<QString>(taken[size_t(c)].cbegin(), taken[size_t(c)].cend()));
        }
        QCOMPARE(total, 1000);      // nothing taken twice
        QCOMPARE(all.size(), 1000); // nothing left
        auto db = connect();
        for (int c = 0; c < Claimers; ++c)
            QCOMPARE(db->query("SELECT count(*) FROM c_items WHERE lease_device = $1",
                               pg::Params().text(QString::number(c)))
                         ->int64(0, 0),
                     qint64(taken[size_t(c)].size()));
    }

    void aStatementPastItsDeadlineIsCancelled()
    {
        auto db = pg::Connection::open(m_cluster.uri(), 200);
        QVERIFY(db.ok());
        const auto slow = db.value()->query("SELECT pg_sleep(5)");
        QVERIFY(!slow.ok());
        QCOMPARE(slow.error().code, QStringLiteral("db_timeout"));
        QCOMPARE(db.value()->query("SELECT 1")->int64(0, 0), 1);
    }

    void aMissingServerIsAClearError()
    {
        const auto none =
            pg::Connection::open(QStringLiteral("postgresql://veil:hunter2secret@/postgres?host=/"
                                                "nonexistent-veil-dir&port=5432&connect_timeout=5"));
        QVERIFY(!none.ok());
        QCOMPARE(none.error().code, QStringLiteral("db_unavailable"));
        QVERIFY(!none.error().message.contains(QStringLiteral("hunter2secret")));
        const auto garbage = pg::Connection::open(QStringLiteral("postgresql://[not a uri"));
        QVERIFY(!garbage.ok());
        QCOMPARE(garbage.error().code, QStringLiteral("db_unavailable"));
    }

    // The service's SQLite-dialect statements as PostgreSQL reads them (pg::translate).
    void sqliteSpellingIsTranslated()
    {
        QCOMPARE(pg::translate("SELECT a FROM t INDEXED BY t_by_a WHERE a = ?1 AND b = ?2 AND c = '?'"),
                 QByteArray("SELECT a FROM t WHERE a = $1 AND b = $2 AND c = '?'"));
        QCOMPARE(pg::translate("UPDATE t SET a = ?, b = ? WHERE c = ?"),
                 QByteArray("UPDATE t SET a = $1, b = $2 WHERE c = $3"));
        QCOMPARE(pg::translate("INSERT OR IGNORE INTO t(a, b) VALUES (?, 'it''s ?')"),
                 QByteArray("INSERT INTO t(a, b) VALUES ($1, 'it''s ?') ON CONFLICT DO NOTHING"));
        QCOMPARE(pg::translate("INSERT OR IGNORE INTO t(a) VALUES (?) RETURNING a"),
                 QByteArray("INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING a"));
        QCOMPARE(pg::translate("SELECT group_concat(k.r, char(31)) FROM f CROSS JOIN items i ON i.x = f.x"),
                 QByteArray("SELECT string_agg(k.r, chr(31)) FROM f JOIN items i ON i.x = f.x"));
        QVERIFY(pg::translate("BEGIN IMMEDIATE")
                    .startsWith("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock("));
        // What only PostgreSQL says is written as a comment SQLite skips.
        QCOMPARE(pg::translate("SELECT 1 FROM t WHERE a = ? /* pg: FOR UPDATE SKIP LOCKED */"),
                 QByteArray("SELECT 1 FROM t WHERE a = $1 FOR UPDATE SKIP LOCKED"));
        QCOMPARE(pg::translate("SELECT '/* pg: no */' /* other */"),
                 QByteArray("SELECT '/* pg: no */' /* other */"));
    }

    // Write transactions take turns across connections (instances), as SQLite's writers do; reads do not
    // wait.
    void writersTakeTurnsAcrossInstances()
    {
        QVERIFY(connect()->exec("CREATE DATABASE turns").ok());
        auto first = pg::openDatabase(m_cluster.uri(QStringLiteral("turns")), {});
        auto second = pg::openDatabase(m_cluster.uri(QStringLiteral("turns")), {}, 500);
        QVERIFY(first.ok() && second.ok());
        QVERIFY(first.value()->exec("CREATE TABLE IF NOT EXISTS turns (n BIGINT)").ok());
        {
            auto writing = store::Transaction::begin(*first.value());
            QVERIFY(writing.ok());
            QVERIFY(first.value()->run("INSERT INTO turns(n) VALUES (?)", 1).ok());
            QVERIFY(second.value()->queryRow("SELECT count(*) FROM turns").ok());
            auto waiting = store::Transaction::begin(*second.value());
            QVERIFY(!waiting.ok());
            QCOMPARE(waiting.error().code, QStringLiteral("db_timeout"));
            QVERIFY(!second.value()->inTransaction()); // the half-begun transaction was rolled back
            QVERIFY(writing->commit().ok());
        }
        auto now = store::Transaction::begin(*second.value());
        QVERIFY(now.ok());
        QVERIFY(second.value()->run("INSERT INTO turns(n) VALUES (?)", 2).ok());
        QVERIFY(now->commit().ok());
        QCOMPARE(first.value()->queryRow("SELECT count(*), SUM(n) FROM turns").value()->int64(1), 3);
    }

    // PostgreSQL answers COMMIT after a failed statement with a rollback: the store hears a failure, and
    // nothing of the transaction stays.
    void aCommitAfterAFailedStatementFails()
    {
        QVERIFY(connect()->exec("CREATE DATABASE failing").ok());
        auto db = pg::openDatabase(m_cluster.uri(QStringLiteral("failing")), {});
        QVERIFY(db.ok());
        QVERIFY(db.value()->exec("CREATE TABLE once (id TEXT PRIMARY KEY)").ok());
        QVERIFY(db.value()->run("INSERT INTO once(id) VALUES (?)", QStringLiteral("a")).ok());
        {
            auto tx = store::Transaction::begin(*db.value());
            QVERIFY(tx.ok());
            QVERIFY(db.value()->run("INSERT INTO once(id) VALUES (?)", QStringLiteral("b")).ok());
            QVERIFY(!db.value()->run("INSERT INTO once(id) VALUES (?)", QStringLiteral("a")).ok());
            QVERIFY(!tx->commit().ok());
        }
        QVERIFY(!db.value()->inTransaction());
        QCOMPARE(db.value()->queryRow("SELECT count(*) FROM once").value()->int64(0), 1);
    }

    // A server that dropped the connection (restart, failover, idle kill) is connected to again at the
    // next statement outside a transaction.
    void aDroppedConnectionIsMadeAgain()
    {
        QVERIFY(connect()->exec("CREATE DATABASE dropped").ok());
        auto db = pg::openDatabase(m_cluster.uri(QStringLiteral("dropped")), {});
        QVERIFY(db.ok());
        const qint64 pid = db.value()->queryRow("SELECT pg_backend_pid()").value()->int64(0);
        QVERIFY(connect()
                    ->query("SELECT pg_terminate_backend(CAST($1 AS INTEGER))", pg::Params().int64(pid))
                    .ok());
        QVERIFY(!db.value()->queryRow("SELECT 1").ok()); // the statement that finds it gone fails
        auto again = db.value()->queryRow("SELECT pg_backend_pid()");
        QVERIFY(again.ok());
        QVERIFY(again.value()->int64(0) != pid);
    }

    // libpq would cut a text value at U+0000 (a key id "abc\0..." would look up "abc"): refused instead.
    void textWithANulIsRefused()
    {
        const auto cut =
            connect()->query("SELECT $1::text", pg::Params().text(QStringLiteral("ab") + QChar(0)));
        QVERIFY(!cut.ok());
        QCOMPARE(cut.error().code, QStringLiteral("invalid_text"));
        // And through the store's statements (prepared on the server).
        QVERIFY(connect()->exec("CREATE DATABASE nul").ok());
        auto db = pg::openDatabase(m_cluster.uri(QStringLiteral("nul")), {});
        QVERIFY(db.ok());
        const auto viaStore = db.value()->queryRow("SELECT CAST(? AS TEXT)", QStringLiteral("ab") + QChar(0));
        QVERIFY(!viaStore.ok());
        QCOMPARE(viaStore.error().code, QStringLiteral("invalid_text"));
    }

    // A URI libpq cannot read may be quoted in its message: never with the password in it.
    void aMalformedUriKeepsItsPassword()
    {
        for (const QString &uri :
             {QStringLiteral("postgresql://veil:s3cr%zzet@/postgres?host=/nonexistent"),
              QStringLiteral("postgresql://veil:s3cret word@/postgres?host=/nonexistent")}) {
            const auto none = pg::Connection::open(uri);
            QVERIFY(!none.ok());
            QVERIFY2(!none.error().message.contains(QStringLiteral("s3cr")),
                     qPrintable(none.error().message));
        }
        // libpq quotes the undecodable password itself: what reaches the message is the mark of its removal.
        const auto quoted = pg::Connection::open(QStringLiteral("postgresql://veil:s3cr%zzet@/postgres"));
        QVERIFY(!quoted.ok());
        QVERIFY2(quoted.error().message.contains(QStringLiteral("***")), qPrintable(quoted.error().message));
    }

    // The service's two schemas keep step: the same versions, and at the last one the same tables with the
    // same columns (PostgreSQL's rowid columns aside: SQLite has its own).
    void theServiceSchemasMatch()
    {
        const auto sqliteVersions = service::serviceMigrations();
        const auto pgVersions = service::servicePgMigrations();
        QCOMPARE(pgVersions.size(), sqliteVersions.size());
        for (size_t i = 0; i < pgVersions.size(); ++i)
            QCOMPARE(pgVersions[i].version, sqliteVersions[i].version);
        QTemporaryDir dir;
        auto lite = store::Database::open(dir.filePath(QStringLiteral("service.db")));
        QVERIFY(lite.ok());
        QVERIFY(store::migrate(*lite.value(), sqliteVersions).ok());
        QSet<QString> liteColumns;
        auto columns = lite.value()->prepare(
            "SELECT m.name || '.' || c.name FROM sqlite_master m, pragma_table_info(m.name) c "
            "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'");
        while (columns->step().value())
            liteColumns.insert(columns->text(0));
        QVERIFY(connect()->exec("CREATE DATABASE schemas").ok());
        auto pgdb = pg::openDatabase(m_cluster.uri(QStringLiteral("schemas")), pgVersions);
        QVERIFY(pgdb.ok());
        QSet<QString> pgColumns;
        auto pgcols = pgdb.value()->prepare(
            "SELECT c.table_name || '.' || c.column_name FROM information_schema.columns c JOIN "
            "information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> "
            "'veil_schema' "
            "AND c.column_name <> 'rowid'");
        while (pgcols->step().value())
            pgColumns.insert(pgcols->text(0));
        QVERIFY(liteColumns.size() > 80);
        QCOMPARE(pgColumns - liteColumns, QSet<QString>());
        QCOMPARE(liteColumns - pgColumns, QSet<QString>());
    }

private:
    std::unique_ptr<pg::Connection> connect()
    {
        auto db = pg::Connection::open(m_cluster.uri());
        if (!db.ok())
            qFatal("cannot connect to the test cluster: %s", qPrintable(db.error().message));
        return std::move(db.value());
    }

    test::PgCluster m_cluster;
};

QTEST_GUILESS_MAIN(TestPg)
#include "tst_pg.moc"
