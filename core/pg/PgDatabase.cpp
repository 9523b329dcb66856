#include "pg/PgDatabase.h"

#include <QHash>
#include <QMutex>
#include <QRegularExpression>
#include <QUrl>

#include <variant>
#include <vector>

namespace veil::pg {

namespace {

// Rewrites the parts of `sql` outside '...' literals with `rewrite`, literals kept as they are.
template <typename F> QByteArray outsideLiterals(const QByteArray &sql, F rewrite)
{
    QByteArray out;
    qsizetype i = 0;
    while (i < sql.size()) {
        const qsizetype quote = sql.indexOf('\'', i);
        const qsizetype end = quote < 0 ? sql.size() : quote;
        out += rewrite(sql.mid(i, end - i));
        if (quote < 0)
            break;
        qsizetype close = quote + 1;
        while (close < sql.size()) {
            if (sql[close] == '\'' && (close + 1 >= sql.size() || sql[close + 1] != '\''))
                break;
            close += sql[close] == '\'' ? 2 : 1;
        }
        out += sql.mid(quote, close + 1 - quote);
        i = close + 1;
    }
    return out;
}

QByteArray rewriteWords(const QByteArray &part, int &nextParam, quint64 &mentioned)
{
    QString text = QString::fromUtf8(part);
    static const QRegularExpression indexedBy(QStringLiteral("\\s+INDEXED\\s+BY\\s+\\w+"),
                                              QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression groupConcat(QStringLiteral("\\bgroup_concat\\s*\\("),
                                                QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression charCall(QStringLiteral("\\bchar\\s*\\("),
                                             QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression immediate(QStringLiteral("\\bBEGIN\\s+IMMEDIATE\\b"),
                                              QRegularExpression::CaseInsensitiveOption);
    // SQLite's CROSS JOIN ... ON fixes the join order; PostgreSQL spells it JOIN and plans the order itself.
    static const QRegularExpression crossJoinOn(
        QStringLiteral("\\bCROSS\\s+JOIN\\b(?=\\s+\\w+(\\s+\\w+)?\\s+ON\\b)"),
        QRegularExpression::CaseInsensitiveOption);
    // What only PostgreSQL can say (row locks: `/* pg: FOR UPDATE SKIP LOCKED */`) is written as a comment
    // SQLite skips; here it becomes the words.
    static const QRegularExpression pgOnly(QStringLiteral("/\\*\\s*pg:\\s*(.*?)\\s*\\*/"));
    text.replace(pgOnly, QStringLiteral("\\1"));
    text.replace(crossJoinOn, QStringLiteral("JOIN"));
    text.replace(indexedBy, QString());
    text.replace(groupConcat, QStringLiteral("string_agg("));
    text.replace(charCall, QStringLiteral("chr("));
    // SQLite's writer lock, across instances: one write transaction at a time, as on SQLite (see
    // docs/architecture.md, several instances). Released by COMMIT or ROLLBACK.
    // READ COMMITTED whatever the server's default: under REPEATABLE READ the snapshot would be taken by
    // the lock's own SELECT, before it waited, and the writer would not see what the previous one wrote.
    text.replace(immediate, QStringLiteral("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT "
                                           "pg_advisory_xact_lock(8531340983704643956)"));
    // Parameters: ?N keeps its number; a bare ? takes the next after the largest seen (SQLite's rule).
    QString out;
    out.reserve(text.size() + 16);
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] != QLatin1Char('?')) {
            out += text[i];
            continue;
        }
        qsizetype j = i + 1;
        while (j < text.size() && text[j].isDigit())
            ++j;
        int number = 0;
        if (j > i + 1) {
            number = text.mid(i + 1, j - i - 1).toInt();
        } else {
            number = nextParam;
        }
        nextParam = std::max(nextParam, number + 1);
        if (number >= 1 && number <= 64)
            mentioned |= quint64(1) << (number - 1);
        out += QLatin1Char('$') + QString::number(number);
        i = j - 1;
    }
    return out.toUtf8();
}

} // namespace

namespace {

struct Translated
{
    QByteArray sql;
    quint64 mentioned = 0; // bit N-1: $N appears
};

Translated translateWithParams(const char *sql)
{
    QByteArray source(sql);
    static const QRegularExpression orIgnore(QStringLiteral("^\\s*INSERT\\s+OR\\s+IGNORE\\s+INTO\\b"),
                                             QRegularExpression::CaseInsensitiveOption);
    bool ignore = false;
    if (const auto match = orIgnore.match(QString::fromUtf8(source)); match.hasMatch()) {
        ignore = true;
        source = "INSERT INTO" + source.mid(match.capturedEnd());
    }
    int nextParam = 1;
    quint64 mentioned = 0;
    QByteArray out = outsideLiterals(
        source, [&](const QByteArray &part) { return rewriteWords(part, nextParam, mentioned); });
    if (ignore) {
        out = out.trimmed();
        if (out.endsWith(';'))
            out.chop(1);
        static const QRegularExpression returning(QStringLiteral("\\bRETURNING\\b"),
                                                  QRegularExpression::CaseInsensitiveOption);
        const auto at = returning.match(QString::fromUtf8(out));
        if (at.hasMatch()) {
            const qsizetype pos = QString::fromUtf8(out).left(at.capturedStart()).toUtf8().size();
            out.insert(pos, "ON CONFLICT DO NOTHING ");
        } else {
            out += " ON CONFLICT DO NOTHING";
        }
    }
    return {out, mentioned};
}

} // namespace

QByteArray translate(const char *sql)
{
    return translateWithParams(sql).sql;
}

bool isPostgresUri(const QString &database)
{
    return database.startsWith(QLatin1String("postgresql://")) ||
           database.startsWith(QLatin1String("postgres://"));
}

namespace {

// Translations are made once per statement text: the store's statements are string literals, prepared
// again and again.
Translated translated(const char *sql)
{
    static QMutex mutex;
    static QHash<QByteArray, Translated> cache;
    const QByteArray key(sql);
    QMutexLocker lock(&mutex);
    auto it = cache.constFind(key);
    if (it != cache.constEnd())
        return it.value();
    Translated out = translateWithParams(sql);
    if (cache.size() < 4096)
        cache.insert(key, out);
    return out;
}

class PgStatement final : public store::StatementBackend
{
public:
    PgStatement(Connection &connection, Translated sql, int &changes)
        : m_connection(connection), m_sql(std::move(sql.sql)), m_mentioned(sql.mentioned), m_changes(changes)
    {
        const QByteArray verb = m_sql.trimmed().left(6).toUpper();
        m_writes = verb == "INSERT" || verb == "UPDATE" || verb == "DELETE";
    }

    void bind(int index, qint64 value) override { set(index, value); }
    void bindText(int index, const QString &text) override { set(index, text); }
    void bindBlob(int index, QByteArrayView blob) override { set(index, blob.toByteArray()); }
    void bindNull(int index) override { set(index, std::monostate()); }

    Result<bool> step() override
    {
        if (!m_ran) {
            Params params;
            for (const Value &value : std::as_const(m_values)) {
                if (const auto *number = std::get_if<qint64>(&value))
                    params.int64(*number);
                else if (const auto *text = std::get_if<QString>(&value))
                    params.text(*text);
                else if (const auto *bytes = std::get_if<QByteArray>(&value))
                    params.bytes(*bytes);
                else
                    params.null();
                // SQLite lets a statement skip a parameter number; PostgreSQL must be told its type.
                const int index = params.size() - 1;
                if (index < 64 && !(m_mentioned & (quint64(1) << index)))
                    params.setType(index, 25);
            }
            auto rows = m_connection.queryPrepared(m_sql, params);
            VEIL_TRY(rows);
            m_rows = std::move(rows.value());
            if (m_writes)
                m_changes = int(m_rows.affected()); // as SQLite's changes(): a SELECT leaves it alone
            m_ran = true;
            m_row = -1;
        }
        ++m_row;
        return m_row < m_rows.size();
    }
    void reset() override
    {
        m_ran = false;
        m_values.clear();
        m_rows = Rows();
        m_row = -1;
    }
    qint64 int64(int column) const override { return inRow() ? m_rows.int64(m_row, column) : 0; }
    QString text(int column) const override { return inRow() ? m_rows.text(m_row, column) : QString(); }
    QByteArray blob(int column) const override
    {
        return inRow() ? m_rows.bytes(m_row, column) : QByteArray();
    }
    bool isNull(int column) const override { return !inRow() || m_rows.isNull(m_row, column); }

private:
    using Value = std::variant<std::monostate, qint64, QString, QByteArray>;
    void set(int index, Value value)
    {
        if (index < 1)
            return;
        if (m_values.size() < size_t(index))
            m_values.resize(index);
        m_values[index - 1] = std::move(value);
    }
    bool inRow() const { return m_ran && m_row >= 0 && m_row < m_rows.size(); }

    Connection &m_connection;
    QByteArray m_sql;
    quint64 m_mentioned = 0;
    int &m_changes;
    std::vector<Value> m_values;
    Rows m_rows;
    int m_row = -1;
    bool m_ran = false;
    bool m_writes = false;
};

class PgBackend final : public store::DatabaseBackend
{
public:
    explicit PgBackend(std::unique_ptr<Connection> connection) : m_connection(std::move(connection)) {}

    Result<void> exec(const char *sql) override
    {
        const QByteArray statement = translated(sql).sql;
        if (!m_connection->inTransaction() && !m_connection->reconnectIfLost())
            return makeError(QStringLiteral("db_unavailable"),
                             QStringLiteral("PostgreSQL cannot be reached"));
        // PostgreSQL answers COMMIT of a transaction a statement failed in with a quiet rollback: that is a
        // failure here, never a success (whatever the caller did with the earlier error).
        if (statement == "COMMIT" && m_connection->transactionFailed()) {
            (void)m_connection->exec("ROLLBACK");
            return makeError(QStringLiteral("db_error"),
                             QStringLiteral("a statement of the transaction failed; it was rolled back"));
        }
        return m_connection->exec(statement.constData());
    }
    Result<std::unique_ptr<store::StatementBackend>> prepare(const char *sql) override
    {
        if (!m_connection->inTransaction() && !m_connection->reconnectIfLost())
            return makeError(QStringLiteral("db_unavailable"),
                             QStringLiteral("PostgreSQL cannot be reached"));
        return std::unique_ptr<store::StatementBackend>(
            std::make_unique<PgStatement>(*m_connection, translated(sql), m_changes));
    }
    int changes() const override { return m_changes; }
    bool inTransaction() const override { return m_connection->inTransaction(); }

private:
    std::unique_ptr<Connection> m_connection;
    int m_changes = 0;
};

} // namespace

Result<std::unique_ptr<store::Database>>
openDatabase(const QString &uri, std::span<const Migration> migrations, int statementTimeoutMs)
{
    auto connection = Connection::open(uri, statementTimeoutMs);
    VEIL_TRY(connection);
    VEIL_TRY(migrate(*connection.value(), migrations));
    // Named without its credentials: messages and logs never carry a password.
    QUrl url(uri);
    url.setPassword(QString());
    url.setQuery(QString());
    return store::Database::adopt(std::make_unique<PgBackend>(std::move(connection.value())),
                                  url.toString(QUrl::RemoveUserInfo));
}

} // namespace veil::pg
