// Carries ServiceApi over HTTP/1.1 with QtHttpServer. Every response gets the server's time (Date and
// X-Veil-Server-Time-Ms) so workstations can correct SLA clocks for skew. Every connection passes
// HttpGuard first: request heads are checked before any body is read, and connections are capped per
// peer address. With RequestWorkers, requests are answered by the pool's workers and written back here, on
// the HTTP thread, in the order each connection sent them.
#pragma once

#include "HttpGuard.h"
#include "RequestWorkers.h"
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

    // `workers` null: every request is answered on this thread by `api`. Otherwise `api` still checks heads
    // (HttpGuard) and signs the server time, and the workers, which must outlive this object, answer.
    HttpFrontend(ServiceApi &api, Options options, RequestWorkers *workers, QObject *parent = nullptr);
    HttpFrontend(ServiceApi &api, Options options, QObject *parent = nullptr)
        : HttpFrontend(api, options, nullptr, parent)
    {}
    explicit HttpFrontend(ServiceApi &api, QObject *parent = nullptr)
        : HttpFrontend(api, Options(), nullptr, parent)
    {}

    // Returns the bound port (pass 0 for a random free one). Error "listen_failed".
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    // The same over TLS with the given server identity.
    Result<quint16> listenTls(const QHostAddress &address, quint16 port, const QSslConfiguration &tls);

private:
    Result<quint16> bindListening(QTcpServer *server, const QHostAddress &address, quint16 port);
    void answer(QHttpServerResponder &&responder, const QByteArray &nonce, const ApiResponse &apiResponse);

    ServiceApi &m_api;
    RequestWorkers *m_workers;
    HttpGuard m_guard; // outlives m_server, whose connections give their counts back to it
    QHttpServer m_server;
};

} // namespace veil::service
