// Evidence files sealed into the vault: one item (and so one data key) per piece of evidence, its bytes
// in a sealed blob, its name, size and SHA-256 in a sealed metadata field.
#pragma once

#include "vault/Vault.h"

namespace veil::vault {

struct EvidenceInfo
{
    QString id;
    QString name;
    qint64 size = 0;
    QString sha256;
};

class EvidenceStore
{
public:
    EvidenceStore(store::Database &db, Vault &vault) : m_db(db), m_vault(vault) {}

    Result<EvidenceInfo> import(QByteArrayView bytes, const QString &name);
    Result<EvidenceInfo> info(const QString &id);
    // Decrypts and checks the bytes against the SHA-256 recorded at import.
    Result<QByteArray> read(const QString &id);
    Result<void> shred(const QString &id);

private:
    store::Database &m_db;
    Vault &m_vault;
};

} // namespace veil::vault
