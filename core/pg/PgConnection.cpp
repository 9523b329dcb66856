#include "pg/PgConnection.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QUrl>

#include <libpq-fe.h>

namespace veil::pg {

Q_LOGGING_CATEGORY(lcPg, "veil.pg")

namespace {

// A fixed key for the migration lock (any 64-bit number; the same in every Veil build).
constexpr qint64 MigrationLockKey = 0x7665696c6d6967; // "veilmig"

Error errorOf(const QString &sqlState, const QString &message)
{
    QString code = QStringLiteral("db_error");
    if (sqlState == QLatin1String("23505") || sqlState == QLatin1String("23514") ||
        sqlState == QLatin1String("23503") || sqlState == QLatin1String("23502"))
        code = QStringLiteral("db_constraint");
    else if (sqlState == QLatin1String("40001") || sqlState == QLatin1String("40P01") ||
             sqlState == QLatin1String("55P03"))
        code = QStringLiteral("db_locked");
    else if (sqlState == QLatin1String("57014"))
        code = QStringLiteral("db_timeout");
    else if (sqlState.startsWith(QLatin1String("08")) || sqlState == QLatin1String("57P01"))
        code = QStringLiteral("db_unavailable");
    return makeError(code, message);
}

} // namespace

Params &Params::text(const QString &value)
{
    m_nul = m_nul || value.contains(QChar(0));
    m_values.append(value.toUtf8());
    m_null.append(false);
    m_binary.append(0);
    m_types.append(0);
    return *this;
}

Params &Params::int64(qint64 value)
{
    m_values.append(QByteArray::number(value));
    m_null.append(false);
    m_binary.append(0);
    m_types.append(20); // int8: a number compared with a column, or alone in a select list
    return *this;
}

Params &Params::bytes(QByteArrayView value)
{
    m_values.append(value.toByteArray());
    m_null.append(false);
    m_binary.append(1);
    m_types.append(0);
    return *this;
}

Params &Params::null()
{
    m_values.append(QByteArray());
    m_null.append(true);
    m_binary.append(0);
    m_types.append(0);
    return *this;
}

Params &Params::setType(int index, unsigned oid)
{
    if (index >= 0 && index < m_types.size())
        m_types[index] = oid;
    return *this;
}

int Rows::size() const
{
    return m_result ? PQntuples(m_result.get()) : 0;
}

qint64 Rows::affected() const
{
    return m_result ? QByteArray(PQcmdTuples(m_result.get())).toLongLong() : 0;
}

bool Rows::isNull(int row, int column) const
{
    return PQgetisnull(m_result.get(), row, column) != 0;
}

namespace {
constexpr Oid ByteaOid = 17;
constexpr Oid BoolOid = 16;
} // namespace

QString Rows::text(int row, int column) const
{
    if (PQftype(m_result.get(), column) == ByteaOid)
        return QString::fromUtf8(bytes(row, column));
    return QString::fromUtf8(PQgetvalue(m_result.get(), row, column),
                             PQgetlength(m_result.get(), row, column));
}

qint64 Rows::int64(int row, int column) const
{
    const char *value = PQgetvalue(m_result.get(), row, column);
    // A comparison reads as 1 or 0, as SQLite gives it; an average or a sum (numeric) is cut to a whole
    // number.
    if (PQftype(m_result.get(), column) == BoolOid)
        return value[0] == 't' ? 1 : 0;
    bool ok = false;
    const qint64 whole = QByteArray(value).toLongLong(&ok);
    return ok ? whole : qint64(QByteArray(value).toDouble());
}

QByteArray Rows::bytes(int row, int column) const
{
    // Text columns come as they are; bytea in its escaped (hex) text form.
    if (PQftype(m_result.get(), column) != ByteaOid)
        return QByteArray(PQgetvalue(m_result.get(), row, column), PQgetlength(m_result.get(), row, column));
    size_t length = 0;
    unsigned char *raw = PQunescapeBytea(
        reinterpret_cast<const unsigned char *>(PQgetvalue(m_result.get(), row, column)), &length);
    if (!raw)
        return {};
    QByteArray out(reinterpret_cast<const char *>(raw), qsizetype(length));
    PQfreemem(raw);
    return out;
}

Result<std::unique_ptr<Connection>> Connection::open(const QString &uri, int statementTimeoutMs)
{
    PGconn *conn = PQconnectdb(uri.toUtf8().constData());
    if (!conn)
        return makeError(QStringLiteral("db_unavailable"),
                         QStringLiteral("out of memory connecting to PostgreSQL"));
    std::unique_ptr<Connection> connection(new Connection(conn));
    // The server's notices ("table ... does not exist, skipping") go to the debug log, not to stderr.
    PQsetNoticeProcessor(
        conn,
        [](void *, const char *message) { qCDebug(lcPg) << "notice:" << QByteArray(message).trimmed(); },
        nullptr);
    if (PQstatus(conn) != CONNECTION_OK) {
        // libpq's message names the host and why; a URI it could not parse it may quote whole: the
        // password is cut out of it, in either spelling.
        QString why = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
        const QUrl url(uri);
        QStringList secrets{url.password(QUrl::FullyEncoded), url.password(QUrl::FullyDecoded)};
        if (const qsizetype at = uri.indexOf(QLatin1Char('@')), scheme = uri.indexOf(QLatin1String("://"));
            scheme >= 0 && at > scheme) // the user:password part as written, however malformed
            secrets << uri.mid(scheme + 3, at - scheme - 3).section(QLatin1Char(':'), 1);
        for (const QString &secret : std::as_const(secrets))
            if (!secret.isEmpty())
                why.replace(secret, QStringLiteral("***"));
        return makeError(QStringLiteral("db_unavailable"),
                         QStringLiteral("cannot connect to PostgreSQL: %1").arg(why));
    }
    if (PQserverVersion(conn) < 120000)
        return makeError(QStringLiteral("db_error"), QStringLiteral("PostgreSQL 12 or later is needed"));
    // UTC and UTF-8 whatever the server's defaults; a deadline on every statement.
    const QByteArray setup = "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'; SET statement_timeout = " +
                             QByteArray::number(qMax(0, statementTimeoutMs));
    VEIL_TRY(connection->exec(setup.constData()));
    connection->m_setup = setup;
    return connection;
}

Connection::~Connection()
{
    PQfinish(m_conn);
}

Result<Rows> Connection::check(pg_result *result)
{
    Rows rows;
    rows.m_result.reset(result, &PQclear);
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return rows;
    if (!result || PQstatus(m_conn) != CONNECTION_OK)
        return makeError(QStringLiteral("db_unavailable"),
                         QStringLiteral("the connection to PostgreSQL was lost: %1")
                             .arg(QString::fromUtf8(PQerrorMessage(m_conn)).trimmed()));
    const QString state = QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE));
    const QString message = QString::fromUtf8(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY));
    qCDebug(lcPg) << "statement failed" << state; // the message may quote a row's values
    return errorOf(state, message);
}

bool Connection::inTransaction() const
{
    const PGTransactionStatusType status = PQtransactionStatus(m_conn);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

bool Connection::transactionFailed() const
{
    return PQtransactionStatus(m_conn) == PQTRANS_INERROR;
}

bool Connection::reconnectIfLost()
{
    if (PQstatus(m_conn) == CONNECTION_OK)
        return true;
    qCWarning(lcPg) << "the connection to PostgreSQL was lost; connecting again";
    PQreset(m_conn);
    m_prepared.clear(); // a new session has none of them
    if (PQstatus(m_conn) != CONNECTION_OK)
        return false;
    return exec(m_setup.constData()).ok();
}

Result<void> Connection::exec(const char *sql)
{
    auto rows = check(PQexec(m_conn, sql));
    VEIL_TRY(rows);
    return success();
}

Result<Rows> Connection::query(const char *sql, const Params &params)
{
    if (params.m_nul)
        return makeError(QStringLiteral("invalid_text"), QStringLiteral("text with a NUL character"));
    QList<const char *> values;
    QList<int> lengths;
    for (int i = 0; i < params.size(); ++i) {
        values.append(params.m_null[i] ? nullptr : params.m_values[i].constData());
        lengths.append(int(params.m_values[i].size()));
    }
    static_assert(sizeof(Oid) == sizeof(unsigned));
    return check(PQexecParams(m_conn, sql, params.size(),
                              reinterpret_cast<const Oid *>(params.m_types.constData()), values.constData(),
                              lengths.constData(), params.m_binary.constData(), 0));
}

Result<Rows> Connection::queryPrepared(const QByteArray &sql, const Params &params)
{
    if (params.m_nul)
        return makeError(QStringLiteral("invalid_text"), QStringLiteral("text with a NUL character"));
    // Keyed by the text and the parameters' types: a statement bound with other kinds of values is
    // another prepared statement, never run against the first one's types.
    QByteArray key = sql;
    key.append('\0').append(reinterpret_cast<const char *>(params.m_types.constData()),
                            params.m_types.size() * qsizetype(sizeof(unsigned)));
    auto known = m_prepared.constFind(key);
    if (known == m_prepared.constEnd()) {
        // Names never reused on this connection (an evicted one may still exist on the server); a random
        // prefix per connection, so sessions sharing a pooled server connection cannot collide.
        if (m_preparedPrefix.isEmpty())
            m_preparedPrefix =
                "veil_" + QByteArray::number(QRandomGenerator::system()->generate64(), 36) + '_';
        const QByteArray name = m_preparedPrefix + QByteArray::number(++m_preparedCount);
        auto made = check(PQprepare(m_conn, name.constData(), sql.constData(), params.size(),
                                    reinterpret_cast<const Oid *>(params.m_types.constData())));
        VEIL_TRY(made);
        known = m_prepared.insert(key, name);
    }
    QList<const char *> values;
    QList<int> lengths;
    for (int i = 0; i < params.size(); ++i) {
        values.append(params.m_null[i] ? nullptr : params.m_values[i].constData());
        lengths.append(int(params.m_values[i].size()));
    }
    auto rows = check(PQexecPrepared(m_conn, known.value().constData(), params.size(), values.constData(),
                                     lengths.constData(), params.m_binary.constData(), 0));
    // A failed execution may mean the statement is gone or its plan no longer fits (another instance
    // migrated the schema): prepared again at the next use.
    if (!rows.ok())
        m_prepared.remove(key);
    return rows;
}

Result<Transaction> Transaction::begin(Connection &connection)
{
    VEIL_TRY(connection.exec("BEGIN"));
    return Transaction(&connection);
}

Transaction::Transaction(Transaction &&other) noexcept : m_connection(other.m_connection)
{
    other.m_connection = nullptr;
}

Transaction::~Transaction()
{
    if (m_connection)
        (void)m_connection->exec("ROLLBACK");
}

Result<void> Transaction::commit()
{
    Connection *connection = m_connection;
    m_connection = nullptr;
    return connection->exec("COMMIT");
}

Result<int> migrate(Connection &connection, std::span<const Migration> migrations)
{
    // A session lock held across the migrations' own transactions: a second instance waits here, then
    // finds the schema current.
    // Waiting for another instance's migration is not a statement past its deadline.
    auto deadline = connection.query("SHOW statement_timeout");
    VEIL_TRY(deadline);
    const QByteArray restore = "SET statement_timeout = '" + deadline->text(0, 0).toLatin1() + "'";
    VEIL_TRY(connection.exec("SET statement_timeout = 0"));
    auto locked = connection.query("SELECT pg_advisory_lock($1)", Params().int64(MigrationLockKey));
    (void)connection.exec(restore.constData());
    VEIL_TRY(locked);
    const auto unlock = qScopeGuard(
        [&] { (void)connection.query("SELECT pg_advisory_unlock($1)", Params().int64(MigrationLockKey)); });
    VEIL_TRY(connection.exec("CREATE TABLE IF NOT EXISTS veil_schema (version INTEGER NOT NULL)"));
    auto current = connection.query("SELECT COALESCE(MAX(version), 0) FROM veil_schema");
    VEIL_TRY(current);
    int version = int(current->int64(0, 0));
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    if (version > latest)
        return makeError(QStringLiteral("db_too_new"),
                         QStringLiteral("the database is at schema %1; this build knows up to %2")
                             .arg(version)
                             .arg(latest));
    for (const Migration &m : migrations) {
        if (m.version <= version)
            continue;
        auto tx = Transaction::begin(connection);
        VEIL_TRY(tx);
        VEIL_TRY(connection.exec(m.sql));
        VEIL_TRY(connection.query("DELETE FROM veil_schema"));
        VEIL_TRY(connection.query("INSERT INTO veil_schema(version) VALUES ($1)", Params().int64(m.version)));
        VEIL_TRY(tx->commit());
        version = m.version;
        qCDebug(lcPg) << "migrated to schema version" << version;
    }
    return version;
}

} // namespace veil::pg
