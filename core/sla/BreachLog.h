// SLA breaches, recorded once per item however often its clock is looked at: the item, its target, when
// it was due and how late it was when first seen breached, with an audit entry ("sla.breach"). This is
// what supervisors count; a later decision does not erase it.
#pragma once

#include "audit/AuditLog.h"
#include "sla/SlaClock.h"
#include "store/Database.h"

namespace veil::sla {

struct Breach
{
    QString itemId;
    QString queue;
    qint64 targetMs = 0;
    qint64 dueAtMs = 0;
    qint64 latenessMs = 0;
    qint64 recordedAtMs = 0; // service clock
};

class BreachLog
{
public:
    BreachLog(store::Database &db, audit::AuditLog &audit) : m_db(db), m_audit(audit) {}

    // True when this call recorded the breach, false when it was known already (or the status is not a
    // breach). Error: database or audit errors, with nothing recorded.
    Result<bool> record(const QString &itemId, const SlaStatus &status, qint64 serviceNowMs);
    Result<QList<Breach>> all();

private:
    store::Database &m_db;
    audit::AuditLog &m_audit;
};

} // namespace veil::sla
