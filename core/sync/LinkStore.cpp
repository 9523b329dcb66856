#include "sync/LinkStore.h"

namespace veil::sync {

Result<void> LinkStore::save(const ServiceLink &link, const QByteArray &sealedToken, const QByteArray &tlsPin)
{
    auto stmt =
        m_db.prepare("INSERT OR REPLACE INTO service_link(id, url, sealed_token, device_id, reviewer, "
                     "role, service_public_key, clock_offset_ms, tls_pin, enrolled_at) VALUES (1, ?, ?, "
                     "?, ?, ?, ?, ?, ?, ?)");
    VEIL_TRY(stmt);
    stmt->bind(1, link.url.toString()).bindBlob(2, sealedToken);
    stmt->bind(3, link.deviceId).bind(4, link.reviewer).bind(5, link.role).bindBlob(6, link.servicePublicKey);
    stmt->bind(7, link.clockOffsetMs).bind(9, link.enrolledAtMs);
    if (tlsPin.isEmpty())
        stmt->bindNull(8);
    else
        stmt->bindBlob(8, tlsPin);
    return stmt->run();
}

Result<ServiceLink> LinkStore::load()
{
    auto stmt = m_db.prepare("SELECT url, device_id, reviewer, role, service_public_key, clock_offset_ms, "
                             "enrolled_at FROM service_link WHERE id = 1");
    VEIL_TRY(stmt);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(
            QStringLiteral("not_enrolled"),
            QStringLiteral(
                "this workstation is not linked to a service: run 'veil-cli init --service URL --token T'"));
    return ServiceLink{QUrl(stmt->text(0)), stmt->text(1),  stmt->text(2), stmt->text(3),
                       stmt->blob(4),       stmt->int64(5), stmt->int64(6)};
}

Result<LinkStore::Credentials> LinkStore::credentials()
{
    auto stmt = m_db.prepare("SELECT sealed_token, tls_pin FROM service_link WHERE id = 1");
    VEIL_TRY(stmt);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return makeError(QStringLiteral("not_enrolled"),
                         QStringLiteral("this workstation is not linked to a service"));
    return Credentials{stmt->blob(0), stmt->isNull(1) ? QByteArray() : stmt->blob(1)};
}

qint64 LinkStore::clockOffsetMs()
{
    auto offset = number("clock_offset_ms");
    return offset.ok() ? offset.value() : 0;
}

Result<void> LinkStore::recordOutcome(qint64 atMs, const QString &error, qint64 clockOffsetMs,
                                      const QString &clockWarning)
{
    auto stmt = m_db.prepare("UPDATE service_link SET last_sync_at = ?, last_error = ?, clock_offset_ms = ?, "
                             "clock_warning = ? WHERE id = 1");
    VEIL_TRY(stmt);
    stmt->bind(1, atMs).bind(3, clockOffsetMs);
    if (error.isEmpty())
        stmt->bindNull(2);
    else
        stmt->bind(2, error);
    if (clockWarning.isEmpty())
        stmt->bindNull(4);
    else
        stmt->bind(4, clockWarning);
    return stmt->run();
}

Result<SyncOutcome> LinkStore::lastOutcome()
{
    auto stmt = m_db.prepare("SELECT COALESCE(last_sync_at, 0), last_error FROM service_link WHERE id = 1");
    VEIL_TRY(stmt);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value())
        return SyncOutcome();
    return SyncOutcome{stmt->int64(0), stmt->isNull(1) ? QString() : stmt->text(1)};
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
    auto stmt = m_db.prepare(sql.constData());
    VEIL_TRY(stmt);
    auto row = stmt->step();
    VEIL_TRY(row);
    if (!row.value() || stmt->isNull(0))
        return QString();
    return stmt->text(0);
}

Result<void> LinkStore::setText(const char *column, const QString &value)
{
    const QByteArray sql = QByteArray("UPDATE service_link SET ") + column + " = ? WHERE id = 1";
    auto stmt = m_db.prepare(sql.constData());
    VEIL_TRY(stmt);
    stmt->bind(1, value);
    return stmt->run();
}

Result<qint64> LinkStore::number(const char *column)
{
    const QByteArray sql = QByteArray("SELECT ") + column + " FROM service_link WHERE id = 1";
    auto stmt = m_db.prepare(sql.constData());
    VEIL_TRY(stmt);
    auto row = stmt->step();
    VEIL_TRY(row);
    return row.value() && !stmt->isNull(0) ? stmt->int64(0) : qint64(0);
}

Result<void> LinkStore::setNumber(const char *column, qint64 value)
{
    const QByteArray sql = QByteArray("UPDATE service_link SET ") + column + " = ? WHERE id = 1";
    auto stmt = m_db.prepare(sql.constData());
    VEIL_TRY(stmt);
    stmt->bind(1, value);
    return stmt->run();
}

} // namespace veil::sync
