#include "servicestore/SealingKey.h"

#include "crypto/Random.h"

#include <QFile>

#include <fcntl.h>
#include <unistd.h>

namespace veil::service {

Result<crypto::SecureBuffer> loadOrCreateSealingKey(const QString &path, bool mayCreate)
{
    constexpr qsizetype KeySize = 32;
    QFile file(path);
    if (!file.exists()) {
        if (!mayCreate)
            return makeError(
                QStringLiteral("key_missing"),
                QStringLiteral("the service's signing key is sealed with %1, which is not there; "
                               "give the key file this database was made with (--key-file)")
                    .arg(path));
        const QByteArray fresh = crypto::randomBytes(KeySize);
        if (fresh.size() != KeySize)
            return makeError(QStringLiteral("crypto_error"), QStringLiteral("no randomness for a key"));
        // Made 0600 before a byte is in it, and never over a file another process made meanwhile.
        const int fd =
            ::open(QFile::encodeName(path).constData(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
        if (fd < 0)
            return loadOrCreateSealingKey(path, false); // made by another instance just now: read it
        const bool written = ::write(fd, fresh.constData(), size_t(KeySize)) == KeySize && ::fsync(fd) == 0;
        ::close(fd);
        crypto::SecureBuffer key(fresh);
        QByteArray(fresh).fill('\0');
        if (!written)
            return makeError(QStringLiteral("key_unreadable"), QStringLiteral("cannot write %1").arg(path));
        return key;
    }
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("key_unreadable"), QStringLiteral("cannot read %1").arg(path));
    QByteArray raw = file.read(KeySize + 1);
    crypto::SecureBuffer key(raw);
    raw.fill('\0');
    if (key.size() != size_t(KeySize))
        return makeError(QStringLiteral("key_unreadable"),
                         QStringLiteral("%1 is not a Veil service key (32 bytes)").arg(path));
    return key;
}

} // namespace veil::service
