#include "workspace/Workspace.h"

#include "media/MediaCatalog.h"
#include "store/Schema.h"

#include <QDir>
#include <QFile>

namespace veil {

Workspace::Workspace(QString dir, std::unique_ptr<store::Database> db)
    : m_dir(std::move(dir)), m_db(std::move(db))
{
    rebuildAuditLog();
}

Result<std::unique_ptr<Workspace>> Workspace::open(const QString &directory, bool create)
{
    if (!QDir(directory).exists()) {
        if (!create)
            return makeError(
                QStringLiteral("workspace_missing"),
                QStringLiteral("data directory %1 does not exist (run 'veil-cli vault init' first)")
                    .arg(directory));
        if (!QDir().mkpath(directory))
            return makeError(QStringLiteral("io_error"), QStringLiteral("cannot create %1").arg(directory));
    }
    // Evidence metadata and keys live here: owner-only, whatever the umask says.
    QFile::setPermissions(directory,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString dbPath = directory + QStringLiteral("/veil.db");
    auto db = store::Database::open(dbPath, create ? store::Database::OpenMode::CreateIfMissing
                                                   : store::Database::OpenMode::ExistingOnly);
    VEIL_TRY(db);
    VEIL_TRY(store::migrate(*db.value(), store::workstationMigrations()));
    return std::unique_ptr<Workspace>(new Workspace(directory, std::move(db.value())));
}

Result<std::unique_ptr<Workspace>> Workspace::openPeer() const
{
    if (!isUnlocked())
        return makeError(QStringLiteral("locked"), QStringLiteral("the workspace is locked"));
    auto db =
        store::Database::open(m_dir + QStringLiteral("/veil.db"), store::Database::OpenMode::ExistingOnly);
    VEIL_TRY(db);
    std::unique_ptr<Workspace> peer(new Workspace(m_dir, std::move(db).value()));
    peer->m_vault = m_vault->attach(*peer->m_db);
    peer->wireVault();
    auto key = keys::DeviceKey::load(*peer->m_db, *peer->m_vault);
    VEIL_TRY(key);
    peer->m_deviceKey.emplace(std::move(key).value());
    peer->rebuildAuditLog();
    return peer;
}

QString Workspace::blobDirectory() const
{
    return m_dir + QStringLiteral("/blobs");
}

QString Workspace::actorName()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = QStringLiteral("unknown");
    return QStringLiteral("local:") + user;
}

bool Workspace::hasVault() const
{
    return vault::Vault::exists(*m_db);
}

void Workspace::wireVault()
{
    store::Database *db = m_db.get();
    m_vault->setShredHook([db](const QString &itemId) { return media::MediaCatalog::forget(*db, itemId); });
}

void Workspace::rebuildAuditLog()
{
    m_audit = std::make_unique<audit::AuditLog>(*m_db, deviceKey(), actorName());
}

Result<void> Workspace::initialize(QByteArrayView passphrase, crypto::ScryptParams params)
{
    auto tx = store::Transaction::begin(*m_db);
    VEIL_TRY(tx);
    auto vault = vault::Vault::create(*m_db, blobDirectory(), passphrase, std::move(params));
    VEIL_TRY(vault);
    auto key = keys::DeviceKey::create(*m_db, *vault.value());
    VEIL_TRY(key);
    m_vault = std::move(vault.value());
    wireVault();
    m_deviceKey.emplace(std::move(key.value()));
    rebuildAuditLog();
    auto entry =
        m_audit->append(QStringLiteral("vault.init"), m_deviceKey->keyId(),
                        {{QStringLiteral("kdf"), m_vault->kdfParams().toJson().value(QStringLiteral("kdf"))},
                         {QStringLiteral("device_key_id"), m_deviceKey->keyId()}});
    auto signedHead = entry.ok() ? m_audit->checkpoint() : Result<void>(entry.error());
    auto committed = signedHead.ok() ? tx->commit() : signedHead;
    if (!committed.ok()) {
        m_vault.reset();
        m_deviceKey.reset();
        rebuildAuditLog();
    }
    return committed;
}

Result<void> Workspace::unlock(QByteArrayView passphrase)
{
    auto vault = vault::Vault::unlock(*m_db, blobDirectory(), passphrase);
    VEIL_TRY(vault);
    auto key = keys::DeviceKey::load(*m_db, *vault.value());
    VEIL_TRY(key);
    m_vault = std::move(vault.value());
    wireVault();
    m_deviceKey.emplace(std::move(key.value()));
    rebuildAuditLog();
    return success();
}

} // namespace veil
