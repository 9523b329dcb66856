// Carries ServiceApi over HTTP/1.1 with QtHttpServer. Every response gets the server's time (Date and
// X-Veil-Server-Time-Ms) so workstations can correct SLA clocks for skew. Every connection passes
// HttpGuard first: request heads are checked before any body is read, and connections are capped per
// peer address.
#pragma once

#include "HttpGuard.h"
#include "ServiceApi.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QSslConfiguration>

namespace veil::service {

class HttpFrontend : public QObject
{
    Q_OBJECT

public:
    using Options = HttpGuard::Options;

    HttpFrontend(ServiceApi &api, Options options, QObject *parent = nullptr);
    explicit HttpFrontend(ServiceApi &api, QObject *parent = nullptr) : HttpFrontend(api, Options(), parent)
    {}

    // Returns the bound port (pass 0 for a random free one). Error "listen_failed".
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    // The same over TLS with the given server identity.
    Result<quint16> listenTls(const QHostAddress &address, quint16 port, const QSslConfiguration &tls);

private:
    Result<quint16> bindListening(QTcpServer *server, const QHostAddress &address, quint16 port);

    ServiceApi &m_api;
    HttpGuard m_guard; // outlives m_server, whose connections give their counts back to it
    QHttpServer m_server;
};

} // namespace veil::service
