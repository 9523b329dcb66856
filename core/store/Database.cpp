#include "store/Database.h"

#include "common/Log.h"

#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

namespace veil::store {

Statement::Statement(std::unique_ptr<StatementBackend> backend, Database *db)
    : m_db(db), m_backend(std::move(backend))
{}

Statement::Statement(Statement &&other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)), m_db(other.m_db), m_bindError(other.m_bindError),
      m_backend(std::move(other.m_backend)), m_cache(std::move(other.m_cache))
{}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        release();
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_db = other.m_db;
        m_bindError = other.m_bindError;
        m_backend = std::move(other.m_backend);
        m_cache = std::move(other.m_cache);
    }
    return *this;
}

Statement::~Statement()
{
    release();
}

void Statement::release()
{
    if (m_cache)
        m_cache->give(std::exchange(m_stmt, nullptr));
    else
        sqlite3_finalize(std::exchange(m_stmt, nullptr));
}

Statement &Statement::bind(int index, qint64 value)
{
    if (m_backend)
        return m_backend->bind(index, value), *this;
    if (int rc = sqlite3_bind_int64(m_stmt, index, value); rc != SQLITE_OK)
        m_bindError = rc;
    return *this;
}

Statement &Statement::bind(int index, const QString &text)
{
    if (m_backend)
        return m_backend->bindText(index, text), *this;
    const QByteArray utf8 = text.toUtf8();
    if (int rc = sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
        rc != SQLITE_OK)
        m_bindError = rc;
    return *this;
}

Statement &Statement::bindBlob(int index, QByteArrayView blob)
{
    if (m_backend)
        return m_backend->bindBlob(index, blob), *this;
    // A null pointer would bind SQL NULL; an empty blob must stay an empty blob.
    static const char empty = 0;
    const char *data = blob.isEmpty() ? &empty : blob.data();
    if (int rc = sqlite3_bind_blob64(m_stmt, index, data, sqlite3_uint64(blob.size()), SQLITE_TRANSIENT);
        rc != SQLITE_OK)
        m_bindError = rc;
    return *this;
}

Statement &Statement::bindNull(int index)
{
    if (m_backend)
        return m_backend->bindNull(index), *this;
    if (int rc = sqlite3_bind_null(m_stmt, index); rc != SQLITE_OK)
        m_bindError = rc;
    return *this;
}

Result<bool> Statement::step()
{
    if (m_backend)
        return m_backend->step();
    if (m_bindError != SQLITE_OK)
        return m_db->errorFor(m_bindError, QStringLiteral("binding a parameter"));
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error error = m_db->errorFor(rc, QStringLiteral("running a statement"));
    sqlite3_reset(m_stmt);
    return error;
}

Result<void> Statement::run()
{
    if (m_stmt && !sqlite3_stmt_readonly(m_stmt) && !m_db->inTransaction())
        m_db->endStaleReads(m_stmt);
    for (;;) {
        auto row = step();
        if (!row.ok())
            return row.error();
        if (!row.value())
            return success();
    }
}

void Statement::reset()
{
    if (m_backend)
        return m_backend->reset();
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_bindError = SQLITE_OK;
}

qint64 Statement::int64(int column) const
{
    if (m_backend)
        return m_backend->int64(column);
    return sqlite3_column_int64(m_stmt, column);
}

QString Statement::text(int column) const
{
    if (m_backend)
        return m_backend->text(column);
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
}

QByteArray Statement::blob(int column) const
{
    if (m_backend)
        return m_backend->blob(column);
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    return QByteArray(data, sqlite3_column_bytes(m_stmt, column));
}

bool Statement::isNull(int column) const
{
    if (m_backend)
        return m_backend->isNull(column);
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

Result<std::unique_ptr<Database>> Database::open(const QString &path, OpenMode mode, int busyTimeoutMs)
{
    if (mode != OpenMode::CreateIfMissing && !QFileInfo::exists(path))
        return makeError(QStringLiteral("db_missing"),
                         QStringLiteral("database file %1 does not exist").arg(path));
    int flags = SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE;
    flags |= mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (mode == OpenMode::CreateIfMissing) {
        flags |= SQLITE_OPEN_CREATE;
        // Created 0600 before SQLite writes to it, whatever the umask: SQLite gives its -wal and -shm files
        // the database file's permissions.
        const int fd = ::open(QFile::encodeName(path).constData(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
        if (fd >= 0)
            ::close(fd);
    }
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &raw, flags, nullptr);
    std::unique_ptr<Database> db(new Database(raw, path));
    if (rc != SQLITE_OK)
        return db->errorFor(rc, QStringLiteral("opening %1").arg(path));
    VEIL_TRY(db->configure(mode, busyTimeoutMs));
    return db;
}

std::unique_ptr<Database> Database::adopt(std::unique_ptr<DatabaseBackend> backend, const QString &label)
{
    std::unique_ptr<Database> db(new Database(nullptr, label));
    db->m_backend = std::move(backend);
    return db;
}

Database::~Database()
{
    m_statements->close();
    sqlite3_close_v2(m_db);
}

Result<void> Database::configure(OpenMode mode, int busyTimeoutMs)
{
    sqlite3_busy_timeout(m_db, busyTimeoutMs);
    sqlite3_extended_result_codes(m_db, 1);
    if (mode != OpenMode::ReadOnly && sqlite3_db_readonly(m_db, "main") == 1)
        return makeError(
            QStringLiteral("db_readonly"),
            QStringLiteral("database %1 is read-only (check the file's permissions)").arg(m_path));
    // Touch the schema first: a file that is not a database (or is damaged) fails here, clearly.
    VEIL_TRY(exec("SELECT count(*) FROM sqlite_master"));
    if (mode != OpenMode::ReadOnly)
        VEIL_TRY(exec("PRAGMA journal_mode=WAL"));
    // FULL: the outbox and audit chain must survive power loss once a commit returns.
    // secure_delete: shredded keys are overwritten in the file, not just unlinked from the b-tree.
    // temp_store=MEMORY: sorts and temporary tables never spill page images (prompts, statements) into the
    // system's temp directory as etilqs_* files.
    // journal_size_limit: a WAL grown by one large transaction (a 50,000-item seed left 2.9 GB) is cut back
    // to 64 MiB once checkpointed, instead of keeping its largest size for the life of the file.
    return exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; PRAGMA "
                "temp_store=MEMORY; PRAGMA journal_size_limit=67108864;");
}

Result<void> Database::backupTo(const QString &path)
{
    if (m_backend)
        return makeError(
            QStringLiteral("unsupported"),
            QStringLiteral("this database is not an SQLite file: back it up with its own tools"));
    if (QFileInfo::exists(path))
        return makeError(QStringLiteral("exists"),
                         QStringLiteral("%1 exists; a backup never overwrites").arg(path));
    const QString partial = path + QStringLiteral(".partial");
    QFile::remove(partial);
    // Made 0600 before a byte is in it: the copy holds whatever the database holds (the service's signing
    // seed), and a file opened by someone else in a gap would stay open to them.
    const int fd =
        ::open(QFile::encodeName(partial).constData(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return makeError(QStringLiteral("io_error"), QStringLiteral("cannot create %1").arg(partial));
    ::close(fd);
    sqlite3 *target = nullptr;
    int rc = sqlite3_open_v2(partial.toUtf8().constData(), &target, SQLITE_OPEN_READWRITE, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_close(target);
        QFile::remove(partial);
        return makeError(QStringLiteral("io_error"), QStringLiteral("cannot open %1").arg(partial));
    }
    sqlite3_backup *backup = sqlite3_backup_init(target, "main", m_db, "main");
    if (!backup) {
        const QString why = QString::fromUtf8(sqlite3_errmsg(target));
        sqlite3_close(target);
        QFile::remove(partial);
        return makeError(QStringLiteral("io_error"), QStringLiteral("cannot start the backup: %1").arg(why));
    }
    // All pages in one step, in one read transaction: in WAL mode a reader never blocks writers, and a copy
    // taken in pieces starts over at every write another connection makes (a busy service: never done).
    do {
        rc = sqlite3_backup_step(backup, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    const int closed = sqlite3_close(target);
    if (rc != SQLITE_DONE || closed != SQLITE_OK) {
        QFile::remove(partial);
        return makeError(QStringLiteral("io_error"),
                         QStringLiteral("the backup did not complete (SQLite %1)").arg(rc));
    }
    if (!QFile::rename(partial, path)) {
        QFile::remove(partial);
        return makeError(QStringLiteral("io_error"), QStringLiteral("cannot write %1").arg(path));
    }
    return success();
}

Result<void> Database::exec(const char *sql)
{
    if (m_backend)
        return m_backend->exec(sql);
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK)
        return errorFor(rc, QStringLiteral("executing SQL"));
    return success();
}

Result<Statement> Database::prepare(const char *sql)
{
    if (m_backend) {
        auto stmt = m_backend->prepare(sql);
        VEIL_TRY(stmt);
        return Statement(std::move(stmt.value()), this);
    }
    if (sqlite3_stmt *cached = m_statements->take(sql))
        return Statement(cached, this, m_statements);
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql, -1, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return errorFor(rc, QStringLiteral("preparing SQL"));
    return Statement(stmt, this, m_statements);
}

qint64 Database::lastInsertRowId() const
{
    if (m_backend)
        return -1;
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    if (m_backend)
        return m_backend->changes();
    return sqlite3_changes(m_db);
}

bool Database::inTransaction() const
{
    if (m_backend)
        return m_backend->inTransaction();
    return sqlite3_get_autocommit(m_db) == 0;
}

Error Database::errorFor(int rc, const QString &context) const
{
    const QString detail =
        m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString::fromUtf8(sqlite3_errstr(rc));
    const QString where = QStringLiteral("%1 (%2): %3").arg(context, m_path, detail);
    QString code;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = QStringLiteral("db_locked");
        break;
    case SQLITE_READONLY:
        code = QStringLiteral("db_readonly");
        break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        code = QStringLiteral("db_corrupt");
        break;
    case SQLITE_CANTOPEN:
        code = QStringLiteral("db_cantopen");
        break;
    case SQLITE_FULL:
        code = QStringLiteral("db_full");
        break;
    case SQLITE_CONSTRAINT:
        code = QStringLiteral("db_constraint");
        break;
    default:
        code = QStringLiteral("db_error");
    }
    qCWarning(lcStore) << "sqlite error" << code << rc << context;
    return makeError(code, where);
}

void Database::endStaleReads(sqlite3_stmt *except)
{
    if (m_backend)
        return; // another engine's statements hold no snapshot between steps
    // A statement that returned its one row and was left alive keeps this connection on the snapshot it
    // read; in WAL mode a write from an old snapshot fails at once (SQLITE_BUSY_SNAPSHOT) once another
    // connection — the workstation's sync worker — has committed. Readers copy their values out as they
    // step, so finishing those reads before a write loses nothing.
    for (sqlite3_stmt *stmt = sqlite3_next_stmt(m_db, nullptr); stmt; stmt = sqlite3_next_stmt(m_db, stmt)) {
        if (stmt != except && sqlite3_stmt_busy(stmt))
            sqlite3_reset(stmt);
    }
}

namespace {
// Transaction control runs several times per decision (a savepoint per nested unit): SQLite's kept
// statements instead of sqlite3_exec's parse per call. Another engine's exec as before.
Result<void> control(Database &db, const char *sql)
{
    return db.isSqlite() ? db.run(sql) : db.exec(sql);
}
} // namespace

Result<Transaction> Transaction::begin(Database &db, Lock lock)
{
    const bool nested = db.inTransaction();
    if (!nested)
        db.endStaleReads();
    const char *sql = nested                                   ? "SAVEPOINT veil_nested"
                      : lock == Lock::Writers || db.isSqlite() ? "BEGIN IMMEDIATE"
                                                               : "BEGIN ISOLATION LEVEL READ COMMITTED";
    if (auto begun = control(db, sql); !begun.ok()) {
        // Another engine may have begun and then failed to take its writers' lock: leave no transaction open.
        if (!nested && db.inTransaction())
            (void)db.exec("ROLLBACK");
        return begun.error();
    }
    return Transaction(&db, nested);
}

Transaction::Transaction(Transaction &&other) noexcept
    : m_db(other.m_db), m_nested(other.m_nested), m_done(std::exchange(other.m_done, true))
{}

Transaction::~Transaction()
{
    if (m_done)
        return;
    // Best effort: a failed rollback leaves SQLite to roll back when the connection closes.
    if (m_nested)
        (void)m_db->exec("ROLLBACK TO veil_nested; RELEASE veil_nested");
    else
        (void)m_db->exec("ROLLBACK");
}

Result<void> Transaction::commit()
{
    m_done = true;
    auto result = control(*m_db, m_nested ? "RELEASE veil_nested" : "COMMIT");
    if (!result.ok() && !m_nested)
        (void)m_db->exec("ROLLBACK");
    return result;
}

} // namespace veil::store
