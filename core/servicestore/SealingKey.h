// The key the service's signing seed is sealed with (issue 18: instances on one database share the signing
// key, and it is never in clear in a table). 32 random bytes in a file of their own, 0600 — by default
// DIR/service-key.bin, or --key-file for a file every instance of a team's service is given (a secret
// store, systemd credentials). A copy of the database alone (a backup, a dump) holds the seed sealed.
#pragma once

#include "common/Result.h"
#include "crypto/SecureBuffer.h"

#include <QString>

namespace veil::service {

// Reads the key; makes it when the file is missing and `mayCreate`: written whole to a temporary file
// (0600, fsync'd) and linked into place, so no reader ever sees a half-written key and a crash leaves
// none; two instances making it at once end with one (the loser reads the winner's). Errors:
// "key_missing" (no file and not to be made), "key_unreadable" (cannot be read or written: the errno
// says why), "key_invalid" (not 32 bytes), "key_exposed" (group or others may read it).
Result<crypto::SecureBuffer> loadOrCreateSealingKey(const QString &path, bool mayCreate);

} // namespace veil::service
