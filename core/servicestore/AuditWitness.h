// The service as witness of each workstation's audit chain. With every sync the workstation sends a signed
// checkpoint of its chain's head and the links (seq, prev_hash, entry_hash) from the last head the witness
// accepted. A head that is behind the last one seen (rolled back, truncated) or does not descend from it
// (rewritten: a fork) is refused and recorded as an alert for supervisors; the entries' contents never
// leave the workstation.
#pragma once

#include "audit/AuditLog.h"
#include "servicestore/ServiceStore.h"

namespace veil::service {

struct AuditHead
{
    qint64 seq = 0;
    QString entryHash;
};

struct AuditAlert
{
    QString deviceId;
    QString reviewer;
    QString code; // audit_rollback | audit_fork
    QString message;
    qint64 atMs = 0;
};

class AuditWitness
{
public:
    explicit AuditWitness(ServiceStore &store) : m_store(store) {}

    // Errors: "bad_checkpoint" (malformed, wrong key, bad signature, broken links), "audit_rollback" and
    // "audit_fork" (both recorded as alerts).
    Result<AuditHead> witness(const Device &device, const QJsonObject &payload, const QByteArray &signature,
                              const QList<audit::ChainLink> &links, qint64 nowMs);
    std::optional<AuditHead> lastSeen(const QString &deviceId);
    Result<QList<AuditAlert>> alerts();

private:
    Error alert(const Device &device, const QString &code, const QString &message, qint64 nowMs);

    ServiceStore &m_store;
};

} // namespace veil::service
