// The service's TLS identity: a self-signed certificate (EC P-256, SAN localhost and 127.0.0.1) made
// on first start and kept in the data directory. Workstations pin its public key by SHA-256, which
// veil-service prints at start.
#pragma once

#include "common/Result.h"

#include <QSslConfiguration>

namespace veil::service {

struct TlsIdentity
{
    QSslConfiguration configuration;
    QByteArray publicKeySha256; // raw 32 bytes: what `veil-cli init --pin` takes, as hex
};

// Loads DIR/tls-cert.pem and DIR/tls-key.pem, creating them first if missing.
Result<TlsIdentity> loadOrCreateTlsIdentity(const QString &dataDir);
// SHA-256 over the DER SubjectPublicKeyInfo of a certificate's key: the pin both sides compute.
QByteArray publicKeyPin(const QSslCertificate &certificate);

} // namespace veil::service
