#include "link/LinkStore.h"

#include <variant>

namespace veil::link {

namespace {

// A nullable column: an empty value is stored as NULL.
template <typename T> std::variant<T, store::Null> orNull(const T &value)
{
    if (value.isEmpty())
        return store::Null{};
    return value;
}

Error notEnrolled()
{
    return makeError(
        QStringLiteral("not_enrolled"),
        QStringLiteral("this workstation is not linked to a service: run 'veil-cli init --service URL "
                       "--token T'"));
}

} // namespace

Result<void> LinkStore::save(const ServiceLink &link, const QByteArray &sealedToken, const QByteArray &tlsPin)
{
    return m_db.run(
        "INSERT OR REPLACE INTO service_link(id, url, sealed_token, device_id, reviewer, role, "
        "service_public_key, clock_offset_ms, tls_pin, enrolled_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        link.url.toString(), sealedToken, link.deviceId, link.reviewer, link.role, link.servicePublicKey,
        link.clockOffsetMs, orNull(tlsPin), link.enrolledAtMs);
}

Result<ServiceLink> LinkStore::load()
{
    auto row = m_db.queryOne(notEnrolled(), "SELECT url, device_id, reviewer, role, service_public_key, "
                                            "clock_offset_ms, enrolled_at FROM service_link WHERE id = 1");
    VEIL_TRY(row);
    return ServiceLink{QUrl(row->text(0)), row->text(1),  row->text(2), row->text(3),
                       row->blob(4),       row->int64(5), row->int64(6)};
}

Result<LinkStore::Credentials> LinkStore::credentials()
{
    auto row = m_db.queryOne(notEnrolled(), "SELECT sealed_token, tls_pin FROM service_link WHERE id = 1");
    VEIL_TRY(row);
    return Credentials{row->blob(0), row->isNull(1) ? QByteArray() : row->blob(1)};
}

qint64 LinkStore::clockOffsetMs()
{
    auto offset = number("clock_offset_ms");
    return offset.ok() ? offset.value() : 0;
}

Result<void> LinkStore::recordOutcome(qint64 atMs, const QString &error, qint64 clockOffsetMs,
                                      const QString &clockWarning)
{
    return m_db.run(
        "UPDATE service_link SET last_sync_at = ?, last_error = ?, clock_offset_ms = ?, clock_warning = ? "
        "WHERE id = 1",
        atMs, orNull(error), clockOffsetMs, orNull(clockWarning));
}

Result<SyncOutcome> LinkStore::lastOutcome()
{
    auto row = m_db.queryRow("SELECT COALESCE(last_sync_at, 0), last_error FROM service_link WHERE id = 1");
    VEIL_TRY(row);
    if (!row.value())
        return SyncOutcome();
    const store::Statement &r = *row.value();
    return SyncOutcome{r.int64(0), r.isNull(1) ? QString() : r.text(1)};
}

Result<QString> LinkStore::policyJson()
{
    return text("policy_json");
}

Result<void> LinkStore::setPolicyJson(const QString &json)
{
    return setText("policy_json", json);
}

Result<QString> LinkStore::teamJson()
{
    return text("team_json");
}

Result<void> LinkStore::setTeamJson(const QString &json)
{
    return setText("team_json", json);
}

Result<qint64> LinkStore::feedCursor()
{
    return number("feed_cursor");
}

Result<void> LinkStore::setFeedCursor(qint64 seq)
{
    return setNumber("feed_cursor", seq);
}

Result<qint64> LinkStore::auditSeenSeq()
{
    return number("audit_seen_seq");
}

Result<void> LinkStore::setAuditSeenSeq(qint64 seq)
{
    return setNumber("audit_seen_seq", seq);
}

// The column names below come from this file only, never from input.
Result<QString> LinkStore::text(const char *column)
{
    const QByteArray sql = QByteArray("SELECT ") + column + " FROM service_link WHERE id = 1";
    auto row = m_db.queryRow(sql.constData());
    VEIL_TRY(row);
    return row.value() && !row.value()->isNull(0) ? row.value()->text(0) : QString();
}

Result<void> LinkStore::setText(const char *column, const QString &value)
{
    const QByteArray sql = QByteArray("UPDATE service_link SET ") + column + " = ? WHERE id = 1";
    return m_db.run(sql.constData(), value);
}

Result<qint64> LinkStore::number(const char *column)
{
    const QByteArray sql = QByteArray("SELECT ") + column + " FROM service_link WHERE id = 1";
    auto row = m_db.queryRow(sql.constData());
    VEIL_TRY(row);
    return row.value() && !row.value()->isNull(0) ? row.value()->int64(0) : qint64(0);
}

Result<void> LinkStore::setNumber(const char *column, qint64 value)
{
    const QByteArray sql = QByteArray("UPDATE service_link SET ") + column + " = ? WHERE id = 1";
    return m_db.run(sql.constData(), value);
}

} // namespace veil::link
