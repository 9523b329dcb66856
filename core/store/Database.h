// Thin RAII layer over the sqlite3 C API. Every failure becomes a Result with a stable code:
// db_missing, db_locked, db_readonly, db_corrupt, db_cantopen, db_full, db_constraint, db_error.
#pragma once

#include "common/Result.h"
#include "store/StatementCache.h"

#include <QByteArray>
#include <QString>

#include <concepts>
#include <memory>
#include <optional>
#include <variant>

struct sqlite3;
struct sqlite3_stmt;

namespace veil::store {

class Database;

// Another engine behind Database and Statement: the service's PostgreSQL (pg/PgDatabase.h). SQLite stays
// built in, so the workstation never links another engine; the service's store is written once against
// Database/Statement/Transaction and runs on either.
class StatementBackend
{
public:
    virtual ~StatementBackend() = default;
    virtual void bind(int index, qint64 value) = 0;
    virtual void bindText(int index, const QString &text) = 0;
    virtual void bindBlob(int index, QByteArrayView blob) = 0;
    virtual void bindNull(int index) = 0;
    virtual Result<bool> step() = 0;
    virtual void reset() = 0;
    virtual qint64 int64(int column) const = 0;
    virtual QString text(int column) const = 0;
    virtual QByteArray blob(int column) const = 0;
    virtual bool isNull(int column) const = 0;
};

class DatabaseBackend
{
public:
    virtual ~DatabaseBackend() = default;
    virtual Result<void> exec(const char *sql) = 0;
    virtual Result<std::unique_ptr<StatementBackend>> prepare(const char *sql) = 0;
    virtual int changes() const = 0;
    virtual bool inTransaction() const = 0;
};

// SQL NULL as an argument of Statement::bindAll and the Database query helpers.
struct Null
{};

class Statement
{
public:
    Statement(sqlite3_stmt *stmt, Database *db) : m_stmt(stmt), m_db(db) {}
    // A statement that goes back to `cache` when done instead of being finalized.
    Statement(sqlite3_stmt *stmt, Database *db, std::shared_ptr<StatementCache> cache)
        : m_stmt(stmt), m_db(db), m_cache(std::move(cache))
    {}
    Statement(std::unique_ptr<StatementBackend> backend, Database *db);
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    // Parameters are 1-based, as in SQLite.
    Statement &bind(int index, qint64 value);
    Statement &bind(int index, int value) { return bind(index, qint64(value)); }
    Statement &bind(int index, const QString &text);
    Statement &bindBlob(int index, QByteArrayView blob);
    Statement &bindNull(int index);
    // Binds the arguments in order from parameter 1: QString as text, an integer as a number, QByteArray
    // as a blob, Null as NULL.
    template <typename... Args> Statement &bindAll(const Args &...args)
    {
        int index = 1;
        (bindArg(index++, args), ...);
        return *this;
    }

    // true: a row is ready to read; false: the statement is done.
    Result<bool> step();
    // Runs to completion, ignoring rows.
    Result<void> run();
    void reset();

    // Columns are 0-based, as in SQLite.
    qint64 int64(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;

private:
    void release();
    void bindArg(int index, const QString &text) { bind(index, text); }
    void bindArg(int index, const QByteArray &blob) { bindBlob(index, blob); }
    void bindArg(int index, Null) { bindNull(index); }
    void bindArg(int index, std::integral auto value) { bind(index, qint64(value)); }
    template <typename T, typename N> void bindArg(int index, const std::variant<T, N> &value)
    {
        std::visit([&](const auto &v) { bindArg(index, v); }, value);
    }

    sqlite3_stmt *m_stmt = nullptr;
    Database *m_db = nullptr;
    int m_bindError = 0;
    std::unique_ptr<StatementBackend> m_backend; // set: another engine (m_stmt is null)
    std::shared_ptr<StatementCache> m_cache;     // set: m_stmt goes back there when done
};

class Database
{
public:
    enum class OpenMode {
        CreateIfMissing,
        ExistingOnly,
        ReadOnly,
    };

    static Result<std::unique_ptr<Database>>
    open(const QString &path, OpenMode mode = OpenMode::CreateIfMissing, int busyTimeoutMs = 3000);
    // A database on another engine (pg::openDatabase); `label` names it in messages (never a password).
    static std::unique_ptr<Database> adopt(std::unique_ptr<DatabaseBackend> backend, const QString &label);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Runs one or more statements without results.
    Result<void> exec(const char *sql);
    // SQLite: from the connection's statement cache when this SQL ran before (parsed once per connection).
    Result<Statement> prepare(const char *sql);

    // The prepare, bind, step and no-row steps of a one-row query in one call. Arguments bind in order
    // (see Statement::bindAll). queryRow gives the statement on its first row, or nullopt for none;
    // queryOne gives `ifNone` as the error instead.
    template <typename... Args>
    Result<std::optional<Statement>> queryRow(const char *sql, const Args &...args)
    {
        auto stmt = prepare(sql);
        VEIL_TRY(stmt);
        stmt->bindAll(args...);
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return std::optional<Statement>();
        return std::optional<Statement>(std::move(stmt).value());
    }
    template <typename... Args> Result<Statement> queryOne(Error ifNone, const char *sql, const Args &...args)
    {
        auto row = queryRow(sql, args...);
        VEIL_TRY(row);
        if (!row.value())
            return ifNone;
        return std::move(*row.value());
    }
    // Prepares, binds and runs a statement that returns no rows.
    template <typename... Args> Result<void> run(const char *sql, const Args &...args)
    {
        auto stmt = prepare(sql);
        VEIL_TRY(stmt);
        return stmt->bindAll(args...).run();
    }

    // A consistent copy of the whole database into a new file (SQLite; another engine: "unsupported") (the
    // SQLite online backup API: other connections, other processes included, go on reading and writing
    // meanwhile). The file is written under a temporary name and renamed into place, mode 0600. Errors
    // "exists" (never overwrites), "io_error" and SQLite's.
    Result<void> backupTo(const QString &path);

    // SQLite only (another engine: -1; use RETURNING, which both speak).
    qint64 lastInsertRowId() const;
    int changes() const;
    bool inTransaction() const;
    // Resets statements still inside a read (all but `except`), so a write starts from the newest
    // snapshot. Called before every top-level write.
    void endStaleReads(sqlite3_stmt *except = nullptr);
    QString path() const { return m_path; }
    sqlite3 *handle() const { return m_db; }
    bool isSqlite() const { return m_backend == nullptr; }

    // Maps an SQLite result code (and the connection's message) onto Veil's error codes.
    Error errorFor(int rc, const QString &context) const;

private:
    Database(sqlite3 *db, QString path) : m_db(db), m_path(std::move(path)) {}
    Result<void> configure(OpenMode mode, int busyTimeoutMs);

    sqlite3 *m_db = nullptr;
    QString m_path;
    std::unique_ptr<DatabaseBackend> m_backend;
    std::shared_ptr<StatementCache> m_statements = std::make_shared<StatementCache>();
};

// BEGIN IMMEDIATE at the top level (so a writer learns of a lock at once, not at commit), a SAVEPOINT
// when nested, so callers can compose operations into one atomic unit. Rolls back unless committed.
class Transaction
{
public:
    // Writers: one write transaction at a time (SQLite's writer lock; on PostgreSQL a transaction-scoped
    // advisory lock every instance takes). Rows: on PostgreSQL, row locks only, so transactions of
    // several instances run side by side — the code must lock what it reads to decide (FOR UPDATE, SKIP
    // LOCKED) and make its writes conditional; on SQLite the same as Writers. Nested: a savepoint. Both run
    // READ COMMITTED on PostgreSQL whatever the server's default: each statement sees what committed before
    // it (a lock waited for, then what its holder wrote), which is what the row-lock code relies on.
    enum class Lock { Writers, Rows };
    static Result<Transaction> begin(Database &db, Lock lock = Lock::Writers);
    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&) = delete;
    Transaction(const Transaction &) = delete;
    ~Transaction();

    Result<void> commit();

private:
    Transaction(Database *db, bool nested) : m_db(db), m_nested(nested) {}
    Database *m_db = nullptr;
    bool m_nested = false;
    bool m_done = false;
};

} // namespace veil::store
