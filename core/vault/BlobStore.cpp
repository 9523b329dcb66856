#include "vault/BlobStore.h"

#include "common/Log.h"
#include "crypto/Random.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <fcntl.h>
#include <unistd.h>

namespace veil::vault {

namespace {

Error ioError(const QString &what)
{
    return makeError(QStringLiteral("io_error"), what);
}

// Makes the rename itself durable: without syncing the directory a crash could lose the new name.
void syncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

Result<void> BlobStore::ensureDirectory() const
{
    if (!QDir().mkpath(m_dir))
        return ioError(QStringLiteral("cannot create blob directory %1").arg(m_dir));
    QFile::setPermissions(m_dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return success();
}

bool BlobStore::isValidId(const QString &blobId)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9a-f]{32}$"));
    return pattern.match(blobId).hasMatch();
}

QString BlobStore::pathFor(const QString &blobId) const
{
    return m_dir + QLatin1Char('/') + blobId + QStringLiteral(".blob");
}

Result<void> BlobStore::write(const QString &blobId, QByteArrayView sealed) const
{
    if (!isValidId(blobId))
        return ioError(QStringLiteral("invalid blob id"));
    const QString tempPath = m_dir + QLatin1Char('/') + QLatin1String(TempPrefix) + crypto::randomId();
    QFile temp(tempPath);
    if (!temp.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return ioError(QStringLiteral("cannot create %1: %2").arg(tempPath, temp.errorString()));
    temp.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const bool written = temp.write(sealed.data(), sealed.size()) == sealed.size() && temp.flush() &&
                         ::fsync(temp.handle()) == 0;
    temp.close();
    if (!written || !QFile::rename(tempPath, pathFor(blobId))) {
        QFile::remove(tempPath);
        return ioError(QStringLiteral("cannot write blob %1 (disk full or not writable?)").arg(blobId));
    }
    syncDirectory(m_dir);
    return success();
}

Result<QByteArray> BlobStore::read(const QString &blobId, qint64 maxBytes) const
{
    if (!isValidId(blobId))
        return ioError(QStringLiteral("invalid blob id"));
    QFile file(pathFor(blobId));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("blob_missing"), QStringLiteral("blob %1 is missing").arg(blobId));
    if (file.size() > maxBytes)
        return makeError(QStringLiteral("blob_too_large"),
                         QStringLiteral("blob %1 exceeds its size limit").arg(blobId));
    QByteArray data = file.readAll();
    if (data.size() != file.size())
        return ioError(QStringLiteral("short read of blob %1").arg(blobId));
    return data;
}

Result<void> BlobStore::remove(const QString &blobId) const
{
    if (!isValidId(blobId))
        return ioError(QStringLiteral("invalid blob id"));
    QFile file(pathFor(blobId));
    if (file.exists() && !file.remove())
        return ioError(QStringLiteral("cannot remove blob %1: %2").arg(blobId, file.errorString()));
    syncDirectory(m_dir);
    return success();
}

int BlobStore::cleanup() const
{
    QDir dir(m_dir);
    int removed = 0;
    const QStringList stale =
        dir.entryList({QLatin1String(TempPrefix) + QLatin1Char('*')}, QDir::Files | QDir::Hidden);
    for (const QString &name : stale) {
        if (dir.remove(name))
            ++removed;
    }
    if (removed > 0)
        qCInfo(lcVault) << "removed" << removed << "half-written blob file(s) left by an interrupted write";
    return removed;
}

} // namespace veil::vault
