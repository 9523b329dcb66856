#include "HttpFrontend.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QLocale>
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

HttpFrontend::HttpFrontend(ServiceApi &api, QObject *parent) : QObject(parent), m_api(api)
{
    m_server.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        ApiRequest apiRequest{methodName(request.method()), request.url().path(), request.query(),
                              header(request, "Authorization"), request.body()};
        const ApiResponse apiResponse = m_api.handle(apiRequest);
        QHttpServerResponse response(apiResponse.contentType, apiResponse.body,
                                     static_cast<QHttpServerResponder::StatusCode>(apiResponse.status));
        const qint64 now = m_api.now();
        const QDateTime utc = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
        response.setHeader(
            "Date", QLocale::c().toString(utc, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1());
        response.setHeader("X-Veil-Server-Time-Ms", QByteArray::number(now));
        response.setHeader("Cache-Control", "no-store");
        response.write(std::move(responder));
    });
}

Result<quint16> HttpFrontend::listen(const QHostAddress &address, quint16 port)
{
    const quint16 bound = m_server.listen(address, port);
    if (bound == 0)
        return makeError(QStringLiteral("listen_failed"),
                         QStringLiteral("cannot listen on %1:%2").arg(address.toString()).arg(port));
    return bound;
}

Result<quint16> HttpFrontend::listenTls(const QHostAddress &address, quint16 port,
                                        const QSslConfiguration &tls)
{
    auto *server = new QSslServer(this);
    server->setSslConfiguration(tls);
    if (!server->listen(address, port)) {
        delete server;
        return makeError(QStringLiteral("listen_failed"),
                         QStringLiteral("cannot listen on %1:%2").arg(address.toString()).arg(port));
    }
    m_server.bind(server);
    return server->serverPort();
}

} // namespace veil::service
