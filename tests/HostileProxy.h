// A service that misbehaves on purpose: an HTTP proxy on loopback in front of the real (in-process)
// reference service. Each request is forwarded, or forwarded and its answer rewritten (a forged
// acknowledgement, a clock from 1967, a replayed lease), or answered by the test itself, which may take
// the connection over (a body that drips, never ends or stops halfway). Every answer closes its
// connection, so each request is seen whole and on its own.
#pragma once

#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <optional>

namespace veil::test {

struct HttpMessage
{
    QByteArray startLine; // "POST /v1/verdicts HTTP/1.1" or "HTTP/1.1 200 OK"
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    void setHeader(const QByteArray &name, const QByteArray &value)
    {
        removeHeader(name);
        headers.append({name, value});
    }
    void removeHeader(const QByteArray &name)
    {
        headers.removeIf([&](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
    }
    QByteArray path() const { return startLine.split(' ').value(1); }
    int status() const { return startLine.split(' ').value(1).toInt(); }
    QByteArray serialize() const
    {
        QByteArray out = startLine + "\r\n";
        for (const auto &[key, value] : headers) {
            if (key.compare("Content-Length", Qt::CaseInsensitive) != 0 &&
                key.compare("Connection", Qt::CaseInsensitive) != 0)
                out += key + ": " + value + "\r\n";
        }
        return out + "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
               body;
    }
    // A whole message at the front of `buffer` (head and Content-Length body), taken out of it.
    static std::optional<HttpMessage> take(QByteArray &buffer)
    {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return std::nullopt;
        HttpMessage message;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        message.startLine = lines.value(0).trimmed();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                message.headers.append({lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
        }
        const qsizetype length = message.header("Content-Length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return std::nullopt;
        message.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        return message;
    }
};

class HostileProxy : public QTcpServer
{
public:
    // What to do with one request. Default: forward it and pass the answer on unchanged.
    struct Action
    {
        std::function<void(const HttpMessage &request, HttpMessage &answer)> rewrite; // after forwarding
        std::function<void(QTcpSocket *client)> takeOver; // instead of forwarding: the test answers
        int delayMs = 0;                                  // forwarded this late (a slow service)
        bool dropAnswer = false; // forwarded, the service acts on it, but its answer never arrives
    };
    std::function<Action(const HttpMessage &request)> script;
    QList<HttpMessage> requests; // every request seen, in order

    explicit HostileProxy(quint16 upstreamPort) : m_upstreamPort(upstreamPort)
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = nextPendingConnection())
                accept(client);
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(serverPort())); }
    int count(const QByteArray &pathPrefix) const
    {
        return int(std::count_if(requests.begin(), requests.end(),
                                 [&](const HttpMessage &r) { return r.path().startsWith(pathPrefix); }));
    }

private:
    void accept(QTcpSocket *client)
    {
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        auto buffer = std::make_shared<QByteArray>();
        connect(client, &QTcpSocket::readyRead, client, [this, client, buffer] {
            *buffer += client->readAll();
            auto request = HttpMessage::take(*buffer);
            if (!request)
                return;
            client->disconnect(client, &QTcpSocket::readyRead, nullptr, nullptr);
            requests.append(*request);
            const Action action = script ? script(*request) : Action{};
            if (action.takeOver) {
                action.takeOver(client);
            } else if (action.delayMs > 0) {
                QPointer<QTcpSocket> guarded(client);
                QTimer::singleShot(action.delayMs, this, [this, guarded, request = *request, action] {
                    if (guarded)
                        forward(guarded, request, action.rewrite, action.dropAnswer);
                });
            } else {
                forward(client, *request, action.rewrite, action.dropAnswer);
            }
        });
    }

    void forward(QTcpSocket *client, HttpMessage request,
                 std::function<void(const HttpMessage &, HttpMessage &)> rewrite, bool dropAnswer)
    {
        QPointer<QTcpSocket> guarded(client);
        auto *upstream = new QTcpSocket(this);
        auto answer = std::make_shared<QByteArray>();
        connect(upstream, &QTcpSocket::readyRead, upstream, [=] {
            *answer += upstream->readAll();
            auto message = HttpMessage::take(*answer);
            if (!message)
                return;
            upstream->disconnect();
            upstream->deleteLater();
            if (rewrite)
                rewrite(request, *message);
            if (guarded && dropAnswer) {
                guarded->abort();
            } else if (guarded) {
                guarded->write(message->serialize());
                guarded->disconnectFromHost();
            }
        });
        upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
        upstream->write(request.serialize());
    }

    quint16 m_upstreamPort;
};

} // namespace veil::test
