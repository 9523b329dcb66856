// Sealed blobs as files named by random ids. Writes go to a temp file, are fsynced and then renamed,
// so a crash leaves either the old state or the new, plus at most a stray temp file that cleanup()
// removes. Only ciphertext ever reaches this class.
#pragma once

#include "common/Result.h"

#include <QString>

namespace veil::vault {

class BlobStore
{
public:
    explicit BlobStore(QString directory) : m_dir(std::move(directory)) {}

    Result<void> ensureDirectory() const;
    Result<void> write(const QString &blobId, QByteArrayView sealed) const;
    Result<QByteArray> read(const QString &blobId, qint64 maxBytes) const;
    Result<void> remove(const QString &blobId) const;
    // Deletes half-written temp files left by an interrupted write; returns how many.
    int cleanup() const;

    QString pathFor(const QString &blobId) const;
    static bool isValidId(const QString &blobId);
    static constexpr const char *TempPrefix = ".tmp-";

private:
    QString m_dir;
};

} // namespace veil::vault
