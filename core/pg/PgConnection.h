// The reference service's PostgreSQL connection (issue 18: team scale), through libpq: statements with
// bound parameters (text, whole numbers, bytes as bytea in binary form, NULL), rows read back typed,
// transactions, forward-only migrations under an advisory lock (several instances may start at once),
// and libpq's failures as Result errors with the codes the SQLite store uses:
// db_constraint (unique or check violation), db_locked (serialization failure or deadlock: retry),
// db_timeout (the statement ran past its deadline), db_unavailable (no server, a lost connection),
// db_too_new (a schema newer than this build), db_error (anything else). Messages carry the server's
// primary message only: never a connection string (it may hold a password) nor a row's values.
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <span>

struct pg_conn;
struct pg_result;

namespace veil::pg {

// Values bound to $1, $2, ... in order.
class Params
{
public:
    Params &text(const QString &value);
    Params &int64(qint64 value);
    Params &bytes(QByteArrayView value); // bytea, sent in binary form
    Params &null();
    // Names the type of parameter `index` (0-based; a PostgreSQL type OID, e.g. 25 text): for one the
    // statement never mentions, whose type the server cannot infer. int64() values are int8 (20) already.
    Params &setType(int index, unsigned oid);
    int size() const { return int(m_values.size()); }

private:
    friend class Connection;
    QList<QByteArray> m_values;
    QList<bool> m_null;
    QList<int> m_binary;
    QList<unsigned> m_types; // 0: inferred by the server from where the parameter is used
    bool m_nul = false;      // a text value held U+0000, which libpq would cut short there
};

// A statement's result rows (text form; bytea decoded from its hex form). Read as SQLite's columns read:
// a bytea as text is its bytes as UTF-8, a boolean as a number is 1 or 0.
class Rows
{
public:
    int size() const;
    qint64 affected() const; // rows an INSERT/UPDATE/DELETE touched
    bool isNull(int row, int column) const;
    QString text(int row, int column) const;
    qint64 int64(int row, int column) const;
    QByteArray bytes(int row, int column) const;

private:
    friend class Connection;
    std::shared_ptr<pg_result> m_result;
};

class Connection
{
public:
    // uri: "postgresql://user@host/db?..." or key=value pairs (libpq's forms). statementTimeoutMs bounds
    // every statement (0: no deadline).
    static Result<std::unique_ptr<Connection>> open(const QString &uri, int statementTimeoutMs = 30000);
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    // One or more statements without parameters (DDL, BEGIN/COMMIT).
    Result<void> exec(const char *sql);
    Result<Rows> query(const char *sql, const Params &params = Params());
    // The same, through a server-side prepared statement made on the first use of this text on this
    // connection (parsed and planned once; the parameters' types are fixed by that first use).
    Result<Rows> queryPrepared(const QByteArray &sql, const Params &params);
    // Inside BEGIN ... COMMIT (or a failed transaction not yet rolled back).
    bool inTransaction() const;
    // Inside a transaction a statement failed in: PostgreSQL refuses everything until ROLLBACK, and
    // answers COMMIT with a rollback.
    bool transactionFailed() const;
    // A connection the server dropped is made again when no transaction is open (false: still down).
    bool reconnectIfLost();

private:
    explicit Connection(pg_conn *conn) : m_conn(conn) {}
    Result<Rows> check(pg_result *result);
    pg_conn *m_conn = nullptr;
    QByteArray m_setup;                       // the session settings, made again after a reconnect
    QHash<QByteArray, QByteArray> m_prepared; // statement text and parameter types -> server-side name
    QByteArray m_preparedPrefix;
    quint64 m_preparedCount = 0;
};

// BEGIN ... COMMIT; rolled back when it goes out of scope uncommitted.
class Transaction
{
public:
    static Result<Transaction> begin(Connection &connection);
    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&) = delete;
    ~Transaction();
    Result<void> commit();

private:
    explicit Transaction(Connection *connection) : m_connection(connection) {}
    Connection *m_connection = nullptr;
};

struct Migration
{
    int version; // 1, 2, 3, ... in order: the same numbers as the SQLite schema's
    const char *sql;
};

// Brings the database up to the last migration's version and returns it, each migration in its own
// transaction, all under one advisory lock: instances starting together migrate once. Error "db_too_new"
// when the database is ahead of this build (refused untouched).
Result<int> migrate(Connection &connection, std::span<const Migration> migrations);

} // namespace veil::pg
