#include "HttpFrontend.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QSslServer>

namespace veil::service {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    default:
        return "OTHER";
    }
}

QByteArray header(const QHttpServerRequest &request, const QByteArray &name)
{
    for (const auto &pair : request.headers()) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return pair.second;
    }
    return {};
}

} // namespace

HttpFrontend::HttpFrontend(ServiceApi &api, Options options, QObject *parent)
    : QObject(parent), m_api(api), m_guard(api, options)
{
    m_server.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        ApiRequest apiRequest{methodName(request.method()), request.url().path(), request.query(),
                              header(request, "Authorization"), request.body()};
        const ApiResponse apiResponse = m_api.handle(apiRequest);
        QHttpServerResponse response(apiResponse.contentType, apiResponse.body,
                                     static_cast<QHttpServerResponder::StatusCode>(apiResponse.status));
        const qint64 now = m_api.now();
        for (const auto &[name, value] : serviceHeaders(now))
            response.setHeader(name, value);
        // The time signed over the client's nonce: only such a time may move a workstation's clock.
        if (const QByteArray nonce = header(request, "X-Veil-Nonce"); !nonce.isEmpty() && nonce.size() <= 64)
            response.setHeader("X-Veil-Server-Time-Signature", m_api.signServerTime(nonce, now));
        response.write(std::move(responder));
    });
}

Result<quint16> HttpFrontend::listen(const QHostAddress &address, quint16 port)
{
    return bindListening(new GuardedServer<QTcpServer>(m_guard, this), address, port);
}

Result<quint16> HttpFrontend::listenTls(const QHostAddress &address, quint16 port,
                                        const QSslConfiguration &tls)
{
    auto *server = new GuardedServer<QSslServer>(m_guard, this);
    server->setSslConfiguration(tls);
    return bindListening(server, address, port);
}

Result<quint16> HttpFrontend::bindListening(QTcpServer *server, const QHostAddress &address, quint16 port)
{
    if (!server->listen(address, port)) {
        delete server;
        return makeError(QStringLiteral("listen_failed"),
                         QStringLiteral("cannot listen on %1:%2").arg(address.toString()).arg(port));
    }
    m_server.bind(server);
    return server->serverPort();
}

} // namespace veil::service
