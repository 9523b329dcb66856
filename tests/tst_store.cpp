// The SQLite layer: pragmas, migrations (old file upgraded, newer file refused), and clear errors for
// missing, corrupt, read-only and locked databases.
#include "TestSupport.h"
#include "queue/QueueStore.h"
#include "store/Database.h"
#include "store/Migrations.h"
#include "store/Schema.h"

#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>
#include <sys/stat.h>

#include <unistd.h>

using namespace veil;
using namespace veil::store;

namespace {

qint64 scalar(Database &db, const char *sql)
{
    auto stmt = db.prepare(sql);
    if (!stmt.ok() || !stmt->step().ok())
        return -1;
    return stmt->int64(0);
}

QString scalarText(Database &db, const char *sql)
{
    auto stmt = db.prepare(sql);
    if (!stmt.ok() || !stmt->step().ok())
        return {};
    return stmt->text(0);
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void openConfiguresPragmas()
    {
        auto db = Database::open(m_dir.filePath(QStringLiteral("p.db")));
        QVERIFY(db.ok());
        QCOMPARE(scalarText(*db.value(), "PRAGMA journal_mode"), QStringLiteral("wal"));
        QCOMPARE(scalar(*db.value(), "PRAGMA foreign_keys"), 1);
        QCOMPARE(scalar(*db.value(), "PRAGMA secure_delete"), 1);
        QCOMPARE(scalar(*db.value(), "PRAGMA synchronous"), 2); // FULL
        // Temporary tables and sorts stay in memory: no etilqs_* page images in the system temp dir.
        QCOMPARE(scalar(*db.value(), "PRAGMA temp_store"), 2); // MEMORY
    }

    void theDatabaseAndItsWalAreTheOwnersOnly()
    {
        // Whatever the umask (here the most permissive), veil.db, its -wal and -shm are 0600.
        const mode_t previous = ::umask(0);
        const QString path = m_dir.filePath(QStringLiteral("private.db"));
        auto db = Database::open(path);
        ::umask(previous);
        QVERIFY(db.ok());
        QVERIFY(db.value()->exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)").ok());
        const auto owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        for (const QString &file : {path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm")}) {
            QVERIFY2(QFileInfo::exists(file), qPrintable(file));
            QCOMPARE(QFile::permissions(file) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser), owner);
        }
    }

    void migratesAnOldVersionFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("old.db"));
        const auto all = workstationMigrations();
        {
            // Make a real version-1 file, as the first release would have, with data in it.
            auto db = Database::open(path);
            QVERIFY(db.ok());
            QCOMPARE(migrate(*db.value(), all.first(1)).value(), 1);
            QVERIFY(db.value()->exec("INSERT INTO vault_meta(name, value) VALUES ('format', '1')").ok());
        }
        auto db = Database::open(path, Database::OpenMode::ExistingOnly);
        QVERIFY(db.ok());
        QCOMPARE(schemaVersion(*db.value()).value(), 1);
        auto migrated = migrate(*db.value(), all);
        QVERIFY(migrated.ok());
        QCOMPARE(migrated.value(), all.back().version);
        QCOMPARE(schemaVersion(*db.value()).value(), all.back().version);
        QCOMPARE(scalarText(*db.value(), "SELECT value FROM vault_meta WHERE name = 'format'"),
                 QStringLiteral("1"));
        QCOMPARE(scalar(*db.value(), "SELECT count(*) FROM audit_log"), 0);
        QCOMPARE(scalar(*db.value(), "SELECT count(*) FROM device_key"), 0);
        // Running again is a no-op.
        QCOMPARE(migrate(*db.value(), all).value(), all.back().version);
    }

    // A first run says in one line that it set the schema up, not once per step (issue 20: eight
    // "migrated ... to schema version N" lines greeted every new workspace); the steps are debug lines.
    void aFirstRunLogsOneMigrationLine()
    {
        static QStringList infos;
        static int debugs = 0;
        infos.clear();
        debugs = 0;
        const auto previous = qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext &context, const QString &message) {
                if (QLatin1String(context.category) != QLatin1String("veil.store"))
                    return;
                if (type == QtInfoMsg)
                    infos << message;
                else if (type == QtDebugMsg)
                    ++debugs;
            });
        QLoggingCategory::setFilterRules(QStringLiteral("veil.store.debug=true"));
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("veil.db")));
        QVERIFY(db.ok());
        const auto all = workstationMigrations();
        QCOMPARE(migrate(*db.value(), all).value(), all.back().version);
        QCOMPARE(migrate(*db.value(), all).value(), all.back().version); // up to date: says nothing
        QLoggingCategory::setFilterRules(QString());
        qInstallMessageHandler(previous);
        QCOMPARE(infos.size(), 1);
        QVERIFY2(infos.first().contains(QStringLiteral("from version 0 to %1").arg(all.back().version)),
                 qPrintable(infos.first()));
        QCOMPARE(debugs, int(all.size()));
    }

    void v20MovesEachItemsMediaListToItsOwnRowsInOrder()
    {
        // A version-19 file holds each queue item's media as a JSON list in the item's row.
        const QString path = m_dir.filePath(QStringLiteral("v19.db"));
        const auto all = workstationMigrations();
        const QString first(64, QLatin1Char('f')), second(64, QLatin1Char('0'));
        {
            auto db = Database::open(path);
            QVERIFY(db.ok());
            QCOMPARE(migrate(*db.value(), all.first(19)).value(), 19);
            const QString media =
                QStringLiteral(R"([{"sha256":"%1","mime":"image/png","size":12,"blob_id":"b-1"},)"
                               R"({"sha256":"%2","mime":"image/jpeg","size":34,"blob_id":"b-2"}])")
                    .arg(first, second);
            for (const char *id : {"two-files", "no-files"}) {
                QVERIFY(db.value()
                            ->run("INSERT INTO items(id, created_at) VALUES (?, 1)", QString::fromLatin1(id))
                            .ok());
                QVERIFY(
                    db.value()
                        ->run("INSERT INTO queue_items(item_id, queue, lease_id, lease_expires_at, source, "
                              "category, priority, due_at_ms, scores, model_version, media, sealed_prompt, "
                              "sealed_account, payload_signature, ingested_at) VALUES (?, 'escalations', "
                              "'l', 0, 's', 'c', 1, 5, '{}', 'm', ?, x'00', x'00', x'00', 1)",
                              QString::fromLatin1(id),
                              QString::fromLatin1(id) == QLatin1String("two-files") ? media
                                                                                    : QStringLiteral("[]"))
                        .ok());
            }
        }
        auto db = Database::open(path, Database::OpenMode::ExistingOnly);
        QVERIFY(db.ok());
        QCOMPARE(migrate(*db.value(), all).value(), all.back().version);
        // The JSON column is gone; the files are rows, in the list's order (a verdict names them so).
        QVERIFY(!db.value()->prepare("SELECT media FROM queue_items").ok());
        queue::QueueStore store(*db.value());
        auto media = store.media(QStringLiteral("two-files"));
        QVERIFY(media.ok());
        QCOMPARE(media->size(), 2);
        QCOMPARE(media->at(0).sha256, first);
        QCOMPARE(media->at(0).mime, QStringLiteral("image/png"));
        QCOMPARE(media->at(0).size, 12);
        QCOMPARE(media->at(0).blobId, QStringLiteral("b-1"));
        QCOMPARE(media->at(1).sha256, second);
        QCOMPARE(media->at(1).blobId, QStringLiteral("b-2"));
        QCOMPARE(store.item(QStringLiteral("two-files"))->mediaSha256, (QStringList{first, second}));
        auto page = store.openItems({});
        QVERIFY(page.ok());
        QCOMPARE(page->size(), 2);
        for (const queue::QueueItem &item : std::as_const(page.value())) {
            const QStringList expected =
                item.itemId == QLatin1String("two-files") ? QStringList{first, second} : QStringList{};
            QCOMPARE(item.mediaSha256, expected);
        }
        QVERIFY(store.media(QStringLiteral("no-files"))->isEmpty());
        QCOMPARE(store.media(QStringLiteral("unknown")).error().code, QStringLiteral("item_unknown"));
    }

    void refusesNewerSchemaUntouched()
    {
        const QString path = m_dir.filePath(QStringLiteral("new.db"));
        {
            auto db = Database::open(path);
            QVERIFY(db.value()->exec("CREATE TABLE future(x); PRAGMA user_version = 99").ok());
        }
        auto db = Database::open(path, Database::OpenMode::ExistingOnly);
        QVERIFY(db.ok());
        auto migrated = migrate(*db.value(), workstationMigrations());
        QVERIFY(!migrated.ok());
        QCOMPARE(migrated.error().code, QStringLiteral("db_too_new"));
        QVERIFY(migrated.error().message.contains(QStringLiteral("99")));
        QCOMPARE(schemaVersion(*db.value()).value(), 99);
        QCOMPARE(scalar(*db.value(), "SELECT count(*) FROM sqlite_master WHERE name = 'vault_meta'"), 0);
    }

    void failedMigrationRollsBackWholly()
    {
        const QString path = m_dir.filePath(QStringLiteral("bad.db"));
        auto db = Database::open(path);
        const Migration steps[] = {{1, "CREATE TABLE a(x);"},
                                   {2, "CREATE TABLE b(y); INSERT INTO nowhere VALUES (1);"}};
        auto migrated = migrate(*db.value(), steps);
        QVERIFY(!migrated.ok());
        QCOMPARE(schemaVersion(*db.value()).value(), 1);
        QCOMPARE(scalar(*db.value(), "SELECT count(*) FROM sqlite_master WHERE name = 'b'"), 0);
    }

    void missingFileIsAClearError()
    {
        auto db =
            Database::open(m_dir.filePath(QStringLiteral("absent.db")), Database::OpenMode::ExistingOnly);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, QStringLiteral("db_missing"));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("absent.db"))));
    }

    void corruptFileIsAClearError()
    {
        const QString path = m_dir.filePath(QStringLiteral("corrupt.db"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'Z'));
        file.close();
        auto db = Database::open(path, Database::OpenMode::ExistingOnly);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, QStringLiteral("db_corrupt"));
    }

    void damagedPageIsAClearError()
    {
        const QString path = m_dir.filePath(QStringLiteral("damaged.db"));
        {
            auto db = Database::open(path);
            QVERIFY(db.value()->exec("PRAGMA journal_mode=DELETE; CREATE TABLE t(x TEXT);").ok());
            for (int i = 0; i < 200; ++i)
                QVERIFY(db.value()->exec("INSERT INTO t VALUES (hex(randomblob(200)))").ok());
            QVERIFY(db.value()->exec("PRAGMA journal_mode=DELETE").ok());
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        file.seek(4096 + 10); // page 2: a b-tree page of t
        file.write(QByteArray(600, '\xff'));
        file.close();
        auto db = Database::open(path, Database::OpenMode::ExistingOnly);
        QVERIFY(db.ok());
        auto stmt = db.value()->prepare("SELECT count(*), sum(length(x)) FROM t");
        QVERIFY(stmt.ok());
        auto row = stmt->step();
        QVERIFY(!row.ok());
        QCOMPARE(row.error().code, QStringLiteral("db_corrupt"));
    }

    void readOnlyIsAClearError()
    {
        const QString path = m_dir.filePath(QStringLiteral("ro.db"));
        {
            auto db = Database::open(path);
            QVERIFY(db.value()->exec("CREATE TABLE t(x)").ok());
        }
        auto ro = Database::open(path, Database::OpenMode::ReadOnly);
        QVERIFY(ro.ok());
        auto write = ro.value()->exec("INSERT INTO t VALUES (1)");
        QVERIFY(!write.ok());
        QCOMPARE(write.error().code, QStringLiteral("db_readonly"));

        if (::geteuid() == 0)
            QSKIP("running as root: file permissions do not make a file read-only");
        QFile::setPermissions(path, QFileDevice::ReadOwner);
        auto db = Database::open(path, Database::OpenMode::ExistingOnly);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, QStringLiteral("db_readonly"));
    }

    void lockedIsAClearError()
    {
        const QString path = m_dir.filePath(QStringLiteral("locked.db"));
        auto first = Database::open(path);
        QVERIFY(first.value()->exec("CREATE TABLE t(x)").ok());
        auto holder = Transaction::begin(*first.value());
        QVERIFY(holder.ok());
        auto second = Database::open(path, Database::OpenMode::ExistingOnly, 50);
        QVERIFY(second.ok());
        auto blocked = Transaction::begin(*second.value());
        QVERIFY(!blocked.ok());
        QCOMPARE(blocked.error().code, QStringLiteral("db_locked"));
        QVERIFY(holder->commit().ok());
        QVERIFY(Transaction::begin(*second.value()).ok());
    }

    void aReadLeftOpenDoesNotBlockTheNextWrite()
    {
        // Two connections, as the workstation has (GUI thread and sync worker). A single-row read left
        // alive on the first pinned it to its old snapshot: once the second committed, the first's next
        // write failed at once with SQLITE_BUSY_SNAPSHOT ("db_locked").
        const QString path = m_dir.filePath(QStringLiteral("snapshot.db"));
        auto gui = Database::open(path);
        QVERIFY(gui.value()->exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)").ok());
        auto worker = Database::open(path, Database::OpenMode::ExistingOnly);
        auto read = gui.value()->prepare("SELECT x FROM t");
        QVERIFY(read.ok() && read->step().value());
        QVERIFY(worker.value()->exec("INSERT INTO t VALUES (2)").ok());
        {
            auto tx = Transaction::begin(*gui.value());
            QVERIFY(tx.ok());
            QVERIFY(gui.value()->exec("INSERT INTO t VALUES (3)").ok());
            QVERIFY(tx->commit().ok());
        }
        QVERIFY(read->step().value()); // the reader starts over on the newest snapshot
        QVERIFY(worker.value()->exec("INSERT INTO t VALUES (4)").ok());
        auto write = gui.value()->prepare("INSERT INTO t VALUES (5)");
        QVERIFY(write->run().ok()); // a plain write, outside a transaction, too
        QCOMPARE(scalar(*gui.value(), "SELECT count(*) FROM t"), 5);
    }

    void backupsAreConsistentCopiesThatNeverOverwrite()
    {
        const QString path = m_dir.filePath(QStringLiteral("live.db"));
        auto live = Database::open(path);
        QVERIFY(live.value()
                    ->exec("CREATE TABLE t(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                           "FROM n WHERE i < 20000) INSERT INTO t SELECT randomblob(100) FROM n")
                    .ok());
        // Another connection writes while the copy is taken: the copy is whole, before or after it.
        auto writer = Database::open(path, Database::OpenMode::ExistingOnly);
        const QString copy = m_dir.filePath(QStringLiteral("copy.db"));
        QVERIFY(writer.value()->exec("INSERT INTO t VALUES (1)").ok());
        QVERIFY(live.value()->backupTo(copy).ok());
        QVERIFY(writer.value()->exec("INSERT INTO t VALUES (2)").ok());
        auto restored = Database::open(copy, Database::OpenMode::ExistingOnly);
        QVERIFY(restored.ok());
        QCOMPARE(scalar(*restored.value(), "SELECT count(*) FROM t"), 20001);
        QCOMPARE(scalarText(*restored.value(), "PRAGMA integrity_check"), QStringLiteral("ok"));
        QCOMPARE(QFile::permissions(copy) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        QVERIFY(!QFile::exists(copy + QStringLiteral(".partial")));
        // An existing file is never overwritten; an unwritable place is a clear error.
        QCOMPARE(live.value()->backupTo(copy).error().code, QStringLiteral("exists"));
        QCOMPARE(live.value()->backupTo(m_dir.filePath(QStringLiteral("no/such/dir/copy.db"))).error().code,
                 QStringLiteral("io_error"));
    }

    void transactionsRollBackAndNest()
    {
        auto db = Database::open(m_dir.filePath(QStringLiteral("tx.db")));
        QVERIFY(db.value()->exec("CREATE TABLE t(x)").ok());
        {
            auto outer = Transaction::begin(*db.value());
            QVERIFY(db.value()->exec("INSERT INTO t VALUES (1)").ok());
            {
                auto inner = Transaction::begin(*db.value());
                QVERIFY(db.value()->exec("INSERT INTO t VALUES (2)").ok());
                // inner dropped without commit: only its insert is undone
            }
            QVERIFY(outer->commit().ok());
        }
        QCOMPARE(scalar(*db.value(), "SELECT group_concat(x) FROM t"), 1);
        {
            auto dropped = Transaction::begin(*db.value());
            QVERIFY(db.value()->exec("INSERT INTO t VALUES (3)").ok());
        }
        QCOMPARE(scalar(*db.value(), "SELECT count(*) FROM t"), 1);
    }

    void statementsBindAndReadBack()
    {
        auto db = Database::open(m_dir.filePath(QStringLiteral("bind.db")));
        QVERIFY(db.value()->exec("CREATE TABLE t(i INTEGER, s TEXT, b BLOB, n)").ok());
        auto insert = db.value()->prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
        insert->bind(1, qint64(1) << 40)
            .bind(2, QStringLiteral("grüße 😀"))
            .bindBlob(3, QByteArray("\0\1\2", 3));
        insert->bindNull(4);
        QVERIFY(insert->run().ok());
        auto select = db.value()->prepare("SELECT i, s, b, n FROM t");
        QVERIFY(select->step().value());
        QCOMPARE(select->int64(0), qint64(1) << 40);
        QCOMPARE(select->text(1), QStringLiteral("grüße 😀"));
        QCOMPARE(select->blob(2), QByteArray("\0\1\2", 3));
        QVERIFY(select->isNull(3));
        QVERIFY(!db.value()->prepare("SELEKT nonsense").ok());
    }

    void preparedStatementsAreKeptAndReused()
    {
        auto opened = Database::open(m_dir.filePath(QStringLiteral("cache.db")));
        Database &db = *opened.value();
        QVERIFY(db.exec("CREATE TABLE t(x)").ok());
        QVERIFY(db.run("INSERT INTO t VALUES (?)", 1).ok());
        auto statements = [&] {
            int n = 0;
            for (sqlite3_stmt *s = sqlite3_next_stmt(db.handle(), nullptr); s;
                 s = sqlite3_next_stmt(db.handle(), s))
                ++n;
            return n;
        };
        const int before = statements();
        for (int i = 2; i <= 5; ++i)
            QVERIFY(db.run("INSERT INTO t VALUES (?)", i).ok());
        QCOMPARE(statements(), before); // parsed once, kept idle, reused: not one per run
        // The same SQL in use twice at once: two independent cursors.
        auto outer = db.prepare("SELECT x FROM t ORDER BY x");
        auto inner = db.prepare("SELECT x FROM t ORDER BY x");
        QVERIFY(outer->step().value() && outer->step().value());
        QVERIFY(inner->step().value());
        QCOMPARE(outer->int64(0), 2);
        QCOMPARE(inner->int64(0), 1);
        // A kept statement comes back reset, its bindings cleared, and sees a changed schema.
        QVERIFY(db.run("UPDATE t SET x = ? WHERE x = ?", 10, 1).ok());
        QVERIFY(db.exec("ALTER TABLE t ADD COLUMN y DEFAULT 7").ok());
        auto row = db.queryRow("SELECT * FROM t ORDER BY x DESC LIMIT 1");
        QVERIFY(row.ok() && row->has_value());
        QCOMPARE((*row)->int64(0), 10);
        QCOMPARE((*row)->int64(1), 7);
        auto unbound = db.prepare("UPDATE t SET x = ? WHERE x = ?");
        QVERIFY(unbound->run().ok());
        QCOMPARE(scalar(db, "SELECT count(*) FROM t WHERE x IS NULL"), 0); // NULL = NULL matches nothing
    }

    void aStatementMayOutliveItsDatabase()
    {
        std::optional<Statement> kept;
        {
            auto db = Database::open(m_dir.filePath(QStringLiteral("outlive.db")));
            QVERIFY(db.value()->exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)").ok());
            QVERIFY(db.value()->run("SELECT x FROM t").ok()); // one kept idle when the connection closes
            auto stmt = db.value()->prepare("SELECT x FROM t");
            QVERIFY(stmt.ok());
            kept.emplace(std::move(stmt).value());
        }
        kept.reset(); // finalized on a closed connection's cache: no use after free (ASan)
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
