// What stands in front of QHttpServer. Qt 6.4's QHttpServer reads a request's whole body into memory
// before any handler runs, so ServiceApi's own 413 and 401 came after a 100 MB body had been buffered
// (twice). The guard reads every request head first, by peeking, and answers a request the service would
// refuse by its head alone (a body over the limit or without a Content-Length, no valid bearer token, a
// head over 16 KiB) itself, before a byte of the body is read. It also caps the connections one peer
// address holds and the bytes a connection buffers.
#pragma once

#include "ServiceApi.h"

#include <QHash>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace veil::service {

// The headers every answer carries, the guard's own included: Date, X-Veil-Server-Time-Ms, Cache-Control.
QList<QPair<QByteArray, QByteArray>> serviceHeaders(qint64 nowMs);

// A connection's answers, in the order its requests came. A client may send its next request before the
// first is answered (HTTP/1.1 pipelining); workers may finish them in either order; and the guard's refusal
// of a later request must not overtake the answers before it. A child of the socket: gone with the
// connection, and so are its answers.
class AnswerQueue : public QObject
{
    Q_OBJECT // findChild<AnswerQueue *> tells it from the connection's other children

        public : using Write = std::function<void()>;
    // Answers one connection may have waiting; a request beyond them is answered 503 busy in its turn.
    static constexpr int MaxWaiting = 4;

    static AnswerQueue *of(QTcpSocket *socket);
    ~AnswerQueue() override;

    // A place, in turn, for the next request's answer: its number.
    quint64 reserve();
    // Place `number`'s answer is ready (`write` sends it); writes every answer now due, in order. A
    // connection the client closed meanwhile takes no answer.
    void fill(quint64 number, Write write);
    int waiting() const { return int(m_waiting.size()); }
    // Set once the connection is gone: work still queued for it may be skipped.
    std::shared_ptr<const std::atomic_bool> gone() const { return m_gone; }

private:
    explicit AnswerQueue(QTcpSocket *socket) : QObject(socket), m_socket(socket) {}

    QTcpSocket *m_socket;
    std::deque<std::optional<Write>> m_waiting;
    quint64 m_next = 0; // the number the next request gets
    std::shared_ptr<std::atomic_bool> m_gone = std::make_shared<std::atomic_bool>(false);
};

class HttpGuard
{
public:
    struct Options
    {
        // Connections one peer address may hold at once, TLS handshakes and idle keep-alives included.
        int maxConnectionsPerAddress = 32;
        // Connections held at once from every address together: past it new ones are dropped (each holds
        // a socket, buffers and a file descriptor; the process's limit is commonly 1,024).
        int maxConnections = 800;
        // A request line and headers longer than this are answered 431.
        qsizetype maxHeadBytes = 16 * 1024;
        // After a refusal, how long the connection drops what the client still sends before it closes.
        int lingerMs = 1000;
    };

    HttpGuard(ServiceApi &api, Options options) : m_api(api), m_options(options) {}
    HttpGuard(const HttpGuard &) = delete;
    HttpGuard &operator=(const HttpGuard &) = delete;

    // Counts a new connection against its peer address and the total (once per socket); false when that
    // address, or the service, holds its maximum already: the caller drops the socket.
    bool track(QTcpSocket *socket);
    // From now on every request head on the socket is checked before QHttpServer reads it. Call before
    // QHttpServer connects to the socket: the check must run first on each readyRead.
    void watch(QTcpSocket *socket);

    ServiceApi &api() { return m_api; }
    const Options &options() const { return m_options; }
    void release(const QHostAddress &peer);

private:
    ServiceApi &m_api;
    Options m_options;
    QHash<QHostAddress, int> m_connections;
    int m_total = 0;
};

// A QTcpServer or QSslServer whose connections reach QHttpServer (bind()) only through the guard.
// QHttpServer takes connections when pendingConnectionAvailable is emitted, by nextPendingConnection();
// this class takes each one first, and hands it on (addPendingConnection again) once it is watched.
template <class Base> class GuardedServer : public Base
{
public:
    GuardedServer(HttpGuard &guard, QObject *parent) : Base(parent), m_guard(guard)
    {
        // Connected before QHttpServer::bind() connects its own slot, so this one runs first.
        QObject::connect(this, &QTcpServer::pendingConnectionAvailable, this, [this] { takeNew(); });
    }

    QTcpSocket *nextPendingConnection() override
    {
        return m_handingOver ? Base::nextPendingConnection() : nullptr;
    }
    bool hasPendingConnections() const override { return m_handingOver && Base::hasPendingConnections(); }

protected:
    void incomingConnection(qintptr handle) override
    {
        Base::incomingConnection(handle);
        // A QSslServer's socket is in its handshake now and reaches takeNew() only once encrypted: it is
        // counted here, so that handshakes count against the address's connections too.
        const QObjectList &children = this->children();
        for (auto it = children.crbegin(); it != children.crend(); ++it) {
            auto *socket = qobject_cast<QTcpSocket *>(*it);
            if (socket && socket->socketDescriptor() == handle) {
                // No Nagle: a response goes out as headers and body in separate writes, and waiting for
                // the peer's (delayed) ACK between them stalled each media download by up to 40 ms.
                socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                if (!m_guard.track(socket))
                    drop(socket);
                break;
            }
        }
    }

private:
    void takeNew()
    {
        if (m_handingOver)
            return;
        QList<QTcpSocket *> fresh;
        while (QTcpSocket *socket = Base::nextPendingConnection())
            fresh.append(socket);
        for (QTcpSocket *socket : std::as_const(fresh)) {
            if (!m_guard.track(socket)) {
                drop(socket);
                continue;
            }
            m_guard.watch(socket);
            m_handingOver = true;
            this->addPendingConnection(socket); // QHttpServer takes it, in this call
            m_handingOver = false;
            // QHttpServer reads on readyRead only: bytes that came with the TLS handshake would wait.
            if (socket->bytesAvailable() > 0)
                QMetaObject::invokeMethod(socket, &QAbstractSocket::readyRead, Qt::QueuedConnection);
        }
    }

    static void drop(QTcpSocket *socket)
    {
        socket->abort();
        socket->deleteLater();
    }

    HttpGuard &m_guard;
    bool m_handingOver = false;
};

} // namespace veil::service
