#include "HttpGuard.h"

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>

namespace veil::service {

Q_LOGGING_CATEGORY(lcHttp, "veil.service.http", QtInfoMsg)

namespace {

// QHttpServer 6.4 skips these before a request line (QHttpServerRequestPrivate::readRequestLine).
bool isLeadingSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v';
}

// Where the head ends (just past its empty line), or -1 while it is incomplete. The same ends as
// QHttpServer's: CRLF CRLF, LF LF, LF CRLF, CRLF LF.
qsizetype headEnd(const QByteArray &bytes)
{
    qsizetype start = 0;
    while (start < bytes.size() && isLeadingSpace(bytes.at(start)))
        ++start;
    for (qsizetype i = bytes.indexOf('\n', start); i >= 0; i = bytes.indexOf('\n', i + 1)) {
        if (i + 1 < bytes.size() && bytes.at(i + 1) == '\n')
            return i + 2;
        if (i + 2 < bytes.size() && bytes.at(i + 1) == '\r' && bytes.at(i + 2) == '\n')
            return i + 3;
    }
    return -1;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Error";
    }
}

QByteArray rawResponse(const ApiResponse &response, qint64 nowMs)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) +
                     "\r\nContent-Type: " + response.contentType +
                     "\r\nContent-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    for (const auto &[name, value] : serviceHeaders(nowMs))
        out += name + ": " + value + "\r\n";
    return out + "Connection: close\r\n\r\n" + response.body;
}

} // namespace

QList<QPair<QByteArray, QByteArray>> serviceHeaders(qint64 nowMs)
{
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    return {
        {"Date", QLocale::c().toString(utc, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1()},
        {"X-Veil-Server-Time-Ms", QByteArray::number(nowMs)},
        {"Cache-Control", "no-store"}};
}

// One connection's checks. A child of its socket: it lives as long as the connection and gives the
// address's count back when it goes.
class RequestGate : public QObject
{
    Q_OBJECT

public:
    RequestGate(HttpGuard &guard, QTcpSocket *socket, const QHostAddress &peer)
        : QObject(socket), m_guard(guard), m_socket(socket), m_peer(peer)
    {}
    ~RequestGate() override { m_guard.release(m_peer); }

    void start()
    {
        if (!m_started)
            connect(m_socket, &QIODevice::readyRead, this, &RequestGate::inspect);
        m_started = true;
    }

private:
    // Runs on every readyRead before QHttpServer's own slot, which reads each request inside a transaction
    // on the socket, from its first byte to the last of its body (QAbstractHttpServerPrivate::
    // handleReadyRead in 6.4). Outside a transaction the unread bytes start a new request; inside one they
    // continue the request being read, and while that is still in its head, QHttpServer has read every
    // byte so far: what is unread now is what came since. So every request of a keep-alive connection is
    // checked, each before its body is read.
    void inspect()
    {
        if (m_state == State::Refused) {
            drain();
            return;
        }
        if (!m_socket->isTransactionStarted()) {
            m_head.clear();
            m_state = State::Head;
        }
        if (m_state == State::Passed)
            return;
        const qsizetype limit = m_guard.options().maxHeadBytes;
        m_head += m_socket->peek(qMin(m_socket->bytesAvailable(), limit + 1 - m_head.size()));
        const qsizetype end = headEnd(m_head);
        if (end < 0) {
            if (m_head.size() > limit)
                refuse(ServiceApi::error(431, QStringLiteral("headers_too_large"),
                                         QStringLiteral("the request head is over %1 bytes").arg(limit)));
            return;
        }
        m_state = State::Passed;
        check(m_head.left(end));
        m_head.clear();
    }

    // The refusals that need no body. ServiceApi checks the same again once QHttpServer has read the body,
    // so a head this reads differently from QHttpServer can cost memory, never open a door.
    void check(const QByteArray &head)
    {
        QList<QByteArray> lengths;
        QByteArray authorization;
        bool transferCoded = false;
        const QList<QByteArray> lines = head.split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                lengths.append(value);
            else if (name == "transfer-encoding")
                transferCoded = true;
            else if (name == "authorization" && authorization.isEmpty())
                authorization = value;
        }
        // QHttpServer would read a chunked body of any size: a body must announce its length.
        if (transferCoded)
            return refuse(ServiceApi::error(411, QStringLiteral("length_required"),
                                            QStringLiteral("a request body needs a Content-Length and no "
                                                           "Transfer-Encoding")));
        qint64 length = 0;
        for (const QByteArray &value : std::as_const(lengths)) {
            bool ok = value.size() <= 18 && !value.isEmpty() &&
                      std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
            const qint64 parsed = ok ? value.toLongLong(&ok) : -1;
            if (!ok || (value != lengths.first()))
                return refuse(ServiceApi::error(400, QStringLiteral("invalid_request"),
                                                QStringLiteral("the request has an invalid Content-Length")));
            length = parsed;
        }
        // No body: nothing more is read, and ServiceApi answers as for any request.
        if (length == 0)
            return;
        if (auto refused = m_guard.api().refuseHead(length, authorization))
            refuse(*refused);
    }

    // Answers with Connection: close, the whole answer ours: QHttpServer never reads this head to its end.
    void refuse(const ApiResponse &response)
    {
        qCInfo(lcHttp) << "refused before the body:" << response.status << "to" << m_peer.toString();
        m_state = State::Refused;
        drain();
        // After the answers to the connection's earlier requests, which workers may still be working out.
        AnswerQueue *queue = AnswerQueue::of(m_socket);
        queue->fill(queue->reserve(), [socket = m_socket, bytes = rawResponse(response, m_guard.api().now()),
                                       linger = m_guard.options().lingerMs] {
            socket->write(bytes);
            // Dropping what the client still sends for a moment before closing, rather than closing on
            // unread bytes, keeps the kernel from answering them with a reset that could cost the client
            // this answer.
            QTimer::singleShot(linger, socket, [socket] { socket->disconnectFromHost(); });
        });
    }

    // Drops what arrived. QHttpServer's transaction (it never finishes this request) would keep the dropped
    // bytes in the socket's buffer: it ends here first.
    void drain()
    {
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        m_socket->skip(m_socket->bytesAvailable());
    }

    enum class State { Head, Passed, Refused };

    HttpGuard &m_guard;
    QTcpSocket *m_socket;
    QHostAddress m_peer;
    QByteArray m_head; // the head so far
    State m_state = State::Head;
    bool m_started = false;
};

AnswerQueue *AnswerQueue::of(QTcpSocket *socket)
{
    if (auto *queue = socket->findChild<AnswerQueue *>(QString(), Qt::FindDirectChildrenOnly))
        return queue;
    return new AnswerQueue(socket);
}

AnswerQueue::~AnswerQueue()
{
    *m_gone = true;
}

quint64 AnswerQueue::reserve()
{
    m_waiting.emplace_back();
    return m_next++;
}

void AnswerQueue::fill(quint64 number, Write write)
{
    const quint64 index = number - (m_next - m_waiting.size());
    if (index >= m_waiting.size())
        return;
    m_waiting[index] = std::move(write);
    while (!m_waiting.empty() && m_waiting.front()) {
        const Write due = std::move(*m_waiting.front());
        m_waiting.pop_front();
        // A connection the client closed takes no answer (its socket is only waiting to be deleted).
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            due();
    }
}

bool HttpGuard::track(QTcpSocket *socket)
{
    if (socket->findChild<RequestGate *>(QString(), Qt::FindDirectChildrenOnly))
        return true;
    const QHostAddress peer = socket->peerAddress();
    const int count = m_connections.value(peer);
    if (m_total >= m_options.maxConnections) {
        qCInfo(lcHttp) << "connection refused: the service holds" << m_total << "connections already";
        return false;
    }
    if (count >= m_options.maxConnectionsPerAddress) {
        qCInfo(lcHttp) << "connection refused:" << peer.toString() << "holds" << count << "already";
        return false;
    }
    m_connections.insert(peer, count + 1);
    ++m_total;
    new RequestGate(*this, socket, peer);
    // QHttpServer keeps a request in the socket's buffer until it is read whole; past the largest request
    // the service takes, the socket stops reading from the network (TCP flow control does the rest).
    socket->setReadBufferSize(m_api.options().maxBodyBytes + m_options.maxHeadBytes + 64 * 1024);
    return true;
}

void HttpGuard::watch(QTcpSocket *socket)
{
    if (auto *gate = socket->findChild<RequestGate *>(QString(), Qt::FindDirectChildrenOnly))
        gate->start();
}

void HttpGuard::release(const QHostAddress &peer)
{
    --m_total;
    if (auto it = m_connections.find(peer); it != m_connections.end() && --it.value() <= 0)
        m_connections.erase(it);
}

} // namespace veil::service

#include "HttpGuard.moc"
