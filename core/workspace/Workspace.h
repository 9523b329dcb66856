// A reviewer's data directory: veil.db (schema-migrated on open) and blobs/. Locked until unlock()
// derives the vault key; the device key and a signing audit log exist only while unlocked.
#pragma once

#include "audit/AuditLog.h"
#include "keys/DeviceKey.h"
#include "store/Database.h"
#include "vault/Vault.h"

#include <memory>
#include <optional>

namespace veil {

class Workspace
{
public:
    // Creates the directory when asked to; otherwise a missing one is error "workspace_missing".
    static Result<std::unique_ptr<Workspace>> open(const QString &directory, bool create);

    // Another connection to this workspace, unlocked with the same keys, for one other thread to use
    // (SQLite's WAL lets its writes and this one's interleave). Error "locked" before unlock().
    Result<std::unique_ptr<Workspace>> openPeer() const;

    bool hasVault() const;
    // New vault, device key, first audit entry and a signed checkpoint, all or nothing.
    Result<void> initialize(QByteArrayView passphrase, crypto::ScryptParams params = {});
    Result<void> unlock(QByteArrayView passphrase);
    bool isUnlocked() const { return m_vault != nullptr; }

    store::Database &database() { return *m_db; }
    vault::Vault *vault() { return m_vault.get(); }
    const keys::DeviceKey *deviceKey() const { return m_deviceKey ? &*m_deviceKey : nullptr; }
    audit::AuditLog &auditLog() { return *m_audit; }
    QString directory() const { return m_dir; }
    QString blobDirectory() const;

    static QString actorName();

private:
    Workspace(QString dir, std::unique_ptr<store::Database> db);
    void rebuildAuditLog();
    // The vault's shred hook: derived media data goes with the evidence.
    void wireVault();

    QString m_dir;
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<vault::Vault> m_vault;
    std::optional<keys::DeviceKey> m_deviceKey;
    std::unique_ptr<audit::AuditLog> m_audit;
};

} // namespace veil
