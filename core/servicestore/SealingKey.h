// The key the service's signing seed is sealed with (issue 18: instances on one database share the signing
// key, and it is never in clear in a table). 32 random bytes in a file of their own, 0600 — by default
// DIR/service-key.bin, or --key-file for a file every instance of a team's service is given (a secret
// store, systemd credentials). A copy of the database alone (a backup, a dump) holds the seed sealed.
#pragma once

#include "common/Result.h"
#include "crypto/SecureBuffer.h"

#include <QString>

namespace veil::service {

// Reads the key; makes it (O_EXCL, 0600) when the file is missing and `mayCreate`. Errors "key_missing"
// (no file and not to be made), "key_unreadable" (not 32 bytes, or cannot be read/written).
Result<crypto::SecureBuffer> loadOrCreateSealingKey(const QString &path, bool mayCreate);

} // namespace veil::service
