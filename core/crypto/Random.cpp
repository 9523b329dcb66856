#include "crypto/Random.h"

#include <openssl/rand.h>

#include <cstdlib>
#include <cstring>

#include <unistd.h>

namespace veil::crypto {

namespace {
void fill(unsigned char *out, std::size_t count)
{
    if (count > 0 && RAND_bytes(out, int(count)) != 1)
        std::abort(); // no entropy: continuing would mint predictable keys
}
} // namespace

void randomNonce(unsigned char *out)
{
    constexpr std::size_t Nonce = 12, Pool = 4096 - 4096 % Nonce;
    thread_local unsigned char pool[Pool];
    thread_local std::size_t used = Pool;
    thread_local pid_t owner = 0;
    // A forked child would otherwise hand out its parent's remaining nonces again.
    if (used == Pool || owner != ::getpid()) {
        fill(pool, Pool);
        used = 0;
        owner = ::getpid();
    }
    std::memcpy(out, pool + used, Nonce);
    std::memset(pool + used, 0, Nonce); // handed out once, even if this thread's pool were read later
    used += Nonce;
}

QByteArray randomBytes(qsizetype count)
{
    QByteArray out(count, Qt::Uninitialized);
    fill(reinterpret_cast<unsigned char *>(out.data()), std::size_t(count));
    return out;
}

SecureBuffer randomSecret(std::size_t count)
{
    SecureBuffer out(count);
    fill(out.data(), count);
    return out;
}

QString randomId()
{
    return QString::fromLatin1(randomBytes(16).toHex());
}

} // namespace veil::crypto
