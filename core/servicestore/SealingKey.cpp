#include "servicestore/SealingKey.h"

#include "crypto/Random.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace veil::service {

namespace {

constexpr std::size_t KeySize = 32;

QString why()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

Error unreadable(const QString &what, const QString &path)
{
    return Error{QStringLiteral("key_unreadable"), QStringLiteral("cannot %1 %2: %3").arg(what, path, why())};
}

// Reads straight into wiped memory: no QFile buffer, no QByteArray copy left behind.
Result<crypto::SecureBuffer> readKey(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return makeError(
                QStringLiteral("key_missing"),
                QStringLiteral("the service's signing key is sealed with %1, which is not there; "
                               "give the key file this database was made with (--key-file)")
                    .arg(path));
        return unreadable(QStringLiteral("read"), path);
    }
    struct stat info
    {};
    if (::fstat(fd, &info) != 0) {
        const Error error = unreadable(QStringLiteral("read"), path);
        ::close(fd);
        return error;
    }
    if ((info.st_mode & 077) != 0) {
        ::close(fd);
        return makeError(QStringLiteral("key_exposed"),
                         QStringLiteral("%1 may be read by others; make it the service user's alone "
                                        "(chmod 600)")
                             .arg(path));
    }
    crypto::SecureBuffer key(KeySize + 1);
    std::size_t got = 0;
    while (got < key.size()) {
        const ssize_t n = ::read(fd, key.data() + got, key.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const Error error = unreadable(QStringLiteral("read"), path);
            ::close(fd);
            return error;
        }
        if (n == 0)
            break;
        got += std::size_t(n);
    }
    ::close(fd);
    if (got != KeySize)
        return makeError(QStringLiteral("key_invalid"),
                         QStringLiteral("%1 is not a Veil service key (32 bytes)").arg(path));
    crypto::SecureBuffer exact(QByteArrayView(key.data(), qsizetype(KeySize)));
    return exact;
}

Result<void> writeAll(int fd, const crypto::SecureBuffer &bytes)
{
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0)
            errno = EIO; // a write of nothing sets no errno
        if (n <= 0)
            return makeError(QStringLiteral("key_unreadable"), why());
        done += std::size_t(n);
    }
    return success();
}

} // namespace

Result<crypto::SecureBuffer> loadOrCreateSealingKey(const QString &givenPath, bool mayCreate)
{
    // Absolute, so the messages and every later open name the same file whatever the working directory.
    const QString path = QFileInfo(givenPath).absoluteFilePath();
    auto existing = readKey(path);
    if (existing.ok() || existing.error().code != QStringLiteral("key_missing") || !mayCreate)
        return existing;

    crypto::SecureBuffer fresh = crypto::randomSecret(KeySize);
    if (fresh.size() != KeySize)
        return makeError(QStringLiteral("crypto_error"), QStringLiteral("no randomness for a key"));
    // Written whole beside the target, then linked into place: link(2) fails with EEXIST rather than
    // replace a key another instance made meanwhile, and the target never exists half-written.
    const QString dir = QFileInfo(path).absolutePath();
    QByteArray temp = QFile::encodeName(dir + QStringLiteral("/.service-key.XXXXXX"));
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC); // 0600
    if (fd < 0)
        return unreadable(QStringLiteral("make a key file in"), dir);
    auto written = writeAll(fd, fresh);
    if (written.ok() && ::fsync(fd) != 0)
        written = makeError(QStringLiteral("key_unreadable"), why());
    ::close(fd);
    if (!written.ok()) {
        ::unlink(temp.constData());
        return makeError(QStringLiteral("key_unreadable"),
                         QStringLiteral("cannot write %1: %2").arg(path, written.error().message));
    }
    const int linked = ::link(temp.constData(), QFile::encodeName(path).constData());
    const int linkErrno = errno;
    ::unlink(temp.constData());
    if (linked != 0) {
        if (linkErrno == EEXIST)
            return readKey(path); // another instance made it just now: theirs is the key
        errno = linkErrno;
        return unreadable(QStringLiteral("write"), path);
    }
    // The new name is durable only once the directory is.
    const int dirFd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return fresh;
}

} // namespace veil::service
