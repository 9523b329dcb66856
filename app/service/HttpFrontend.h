// Carries ServiceApi over HTTP/1.1 with QtHttpServer. Every response gets the server's time (Date and
// X-Veil-Server-Time-Ms) so workstations can correct SLA clocks for skew.
#pragma once

#include "ServiceApi.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QSslConfiguration>

namespace veil::service {

class HttpFrontend : public QObject
{
    Q_OBJECT

public:
    explicit HttpFrontend(ServiceApi &api, QObject *parent = nullptr);

    // Returns the bound port (pass 0 for a random free one). Error "listen_failed".
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    // The same over TLS with the given server identity.
    Result<quint16> listenTls(const QHostAddress &address, quint16 port, const QSslConfiguration &tls);

private:
    ServiceApi &m_api;
    QHttpServer m_server;
};

} // namespace veil::service
