// Passphrase → key derivation with scrypt (OpenSSL EVP_KDF). Parameters travel with the vault so
// they can be raised later without breaking existing vaults.
#pragma once

#include "common/Result.h"
#include "crypto/SecureBuffer.h"

#include <QJsonObject>

#include <cstdint>

namespace veil::crypto {

struct ScryptParams
{
    std::uint64_t n = std::uint64_t(1) << 15; // 32 MiB of memory with r = 8
    std::uint32_t r = 8;
    std::uint32_t p = 1;
    QByteArray salt; // 16+ random bytes

    // The floor Veil accepts for a passphrase-derived key; weaker stored parameters are refused.
    static constexpr std::uint64_t MinimumN = std::uint64_t(1) << 15;

    // Whether these parameters reach Veil's floor for protecting a vault (N >= 2^15, r >= 8, 16-byte salt).
    bool meetsMinimum() const { return n >= MinimumN && r >= 8 && p >= 1 && salt.size() >= 16; }

    QJsonObject toJson() const;
    static Result<ScryptParams> fromJson(const QJsonObject &json);
};

// Derives a 32-byte key. Errors: "kdf_params" (malformed or absurd parameters), "kdf_failed".
// The security floor is the caller's policy (meetsMinimum), so published test vectors below it still run.
Result<SecureBuffer> deriveScrypt(QByteArrayView passphrase, const ScryptParams &params);

} // namespace veil::crypto
