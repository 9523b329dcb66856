#include "crypto/Random.h"

#include <openssl/rand.h>

#include <cstdlib>

namespace veil::crypto {

namespace {
void fill(unsigned char *out, std::size_t count)
{
    if (count > 0 && RAND_bytes(out, int(count)) != 1)
        std::abort(); // no entropy: continuing would mint predictable keys
}
} // namespace

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
