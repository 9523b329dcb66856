#include "HttpFrontend.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QPointer>
#include <QSslServer>

#include <memory>

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

HttpFrontend::HttpFrontend(ServiceApi &api, Options options, RequestWorkers *workers, QObject *parent)
    : QObject(parent), m_api(api), m_workers(workers), m_guard(api, options)
{
    m_server.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        ApiRequest apiRequest{methodName(request.method()), request.url().path(), request.query(),
                              header(request, "Authorization"), request.body()};
        QByteArray nonce = header(request, "X-Veil-Nonce");
        if (!m_workers)
            return answer(std::move(responder), nonce, m_api.handle(apiRequest));
        AnswerQueue *queue = AnswerQueue::of(responder.socket());
        const quint64 number = queue->reserve();
        auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
        auto written = [self = QPointer<HttpFrontend>(this), queue = QPointer<AnswerQueue>(queue), number,
                        held, nonce](ApiResponse response) {
            if (!self || !queue)
                return;
            queue->fill(number, [self, held, nonce, response = std::move(response)] {
                if (self)
                    self->answer(std::move(*held), nonce, response);
            });
        };
        // One connection cannot fill the workers' queue (nor hold many bodies in it) by pipelining.
        if (queue->waiting() > AnswerQueue::MaxWaiting)
            return written(
                ServiceApi::error(503, QStringLiteral("busy"),
                                  QStringLiteral("this connection has %1 requests waiting; wait for "
                                                 "their answers")
                                      .arg(AnswerQueue::MaxWaiting)));
        m_workers->submit(std::move(apiRequest), std::move(written), queue->gone());
    });
}

void HttpFrontend::answer(QHttpServerResponder &&responder, const QByteArray &nonce,
                          const ApiResponse &apiResponse)
{
    QHttpServerResponse response(apiResponse.contentType, apiResponse.body,
                                 static_cast<QHttpServerResponder::StatusCode>(apiResponse.status));
    const qint64 now = m_api.now();
    for (const auto &[name, value] : serviceHeaders(now))
        response.setHeader(name, value);
    // The time signed over the client's nonce: only such a time may move a workstation's clock.
    if (!nonce.isEmpty() && nonce.size() <= 64)
        response.setHeader("X-Veil-Server-Time-Signature", m_api.signServerTime(nonce, now));
    response.write(std::move(responder));
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
