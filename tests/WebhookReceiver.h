// An example webhook receiver, as a pipeline would write one (docs/protocol.md, "Webhooks"): a plain HTTP
// server on loopback that checks the service's signature over the timestamp and the exact body, refuses
// a stale or forged POST, checks each verdict's own Ed25519 signature by the reviewer's device key, and
// keeps each verdict once by its verdict_id however often it comes. Tests script its answers (fail, take
// and then fail, redirect) to drive the service's retries.
#pragma once

#include "common/Base64Url.h"
#include "crypto/Ed25519.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTcpServer>
#include <QTcpSocket>

namespace veil::test {

class WebhookReceiver : public QObject
{
public:
    enum class Answer { Take, Fail, TakeThenFail, Redirect };

    // pipeline: this receiver's own pipeline name; a POST the service made for another pipeline is refused.
    explicit WebhookReceiver(QByteArray servicePublicKey, QString pipeline = QStringLiteral("prompt-filter"))
        : m_key(std::move(servicePublicKey)), m_pipeline(std::move(pipeline))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
                connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                    m_buffers.remove(socket);
                    socket->deleteLater();
                });
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/veil-hook").arg(m_server.serverPort()); }
    void setKey(const QByteArray &key) { m_key = key; }
    // Answers for the next POSTs in order; once used up, every POST is taken.
    void script(QList<Answer> answers) { m_script = std::move(answers); }
    void redirectTo(const QString &url) { m_redirect = url.toLatin1(); }

    // The check a receiver makes before it trusts a POST: the service's key signed "veil.webhook.v1", the
    // timestamp header and the body exactly, and the timestamp is within five minutes of the receiver's
    // clock (an old POST replayed is refused). Then each verdict by its reviewer's key.
    bool verify(const QByteArray &timestamp, const QByteArray &signature, const QByteArray &keyId,
                const QByteArray &body, qint64 nowMs) const
    {
        bool numeric = false;
        const qint64 at = timestamp.toLongLong(&numeric);
        if (!numeric || qAbs(nowMs - at) > 5 * 60 * 1000 || keyId != crypto::ed25519::keyId(m_key).toLatin1())
            return false;
        const QByteArray message = QByteArrayLiteral("veil.webhook.v1\n") + timestamp + '\n' + body;
        if (!crypto::ed25519::verify(m_key, message, fromBase64Url(QString::fromLatin1(signature))))
            return false;
        // Made for this pipeline: another pipeline cannot replay its own POSTs here (external ids are each
        // pipeline's own and may coincide).
        const QJsonObject post = QJsonDocument::fromJson(body).object();
        if (post.value(QStringLiteral("pipeline")).toString() != m_pipeline)
            return false;
        for (const QJsonValue &value : post.value(QStringLiteral("verdicts")).toArray()) {
            const QJsonObject entry = value.toObject();
            const QByteArray verdict = entry.value(QStringLiteral("verdict")).toString().toUtf8();
            const QByteArray device =
                fromBase64Url(entry.value(QStringLiteral("device_public_key")).toString());
            if (!crypto::ed25519::verify(
                    device, verdict, fromBase64Url(entry.value(QStringLiteral("signature")).toString())) ||
                entry.value(QStringLiteral("key_id")).toString() != crypto::ed25519::keyId(device) ||
                QJsonDocument::fromJson(verdict).object().value(QStringLiteral("item_id")) !=
                    entry.value(QStringLiteral("item_id")))
                return false;
        }
        return true;
    }

    QMap<QString, QJsonObject> verdicts; // by verdict_id: each kept once
    int posts = 0;
    int repeats = 0;  // verdicts that came again (delivery is at least once)
    int rejected = 0; // POSTs that failed the check

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        QMap<QByteArray, QByteArray> headers;
        for (const QByteArray &line : buffer.left(headEnd).split('\n').mid(1)) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
        }
        const qsizetype length = headers.value("content-length").toLongLong();
        if (buffer.size() < headEnd + 4 + length)
            return;
        const QByteArray body = buffer.mid(headEnd + 4, length);
        m_buffers.remove(socket);
        ++posts;
        const Answer answer = m_script.isEmpty() ? Answer::Take : m_script.takeFirst();
        if (answer == Answer::Redirect) {
            respond(socket, "302 Found", "Location: " + m_redirect + "\r\n");
            return;
        }
        if (answer == Answer::Fail) {
            respond(socket, "503 Service Unavailable");
            return;
        }
        if (!verify(headers.value("x-veil-timestamp"), headers.value("x-veil-signature"),
                    headers.value("x-veil-key-id"), body, QDateTime::currentMSecsSinceEpoch())) {
            ++rejected;
            respond(socket, "401 Unauthorized");
            return;
        }
        for (const QJsonValue &value :
             QJsonDocument::fromJson(body).object().value(QStringLiteral("verdicts")).toArray()) {
            const QJsonObject entry = value.toObject();
            const QString id = entry.value(QStringLiteral("verdict_id")).toString();
            if (verdicts.contains(id))
                ++repeats;
            else
                verdicts.insert(id, entry);
        }
        // Taken and then lost before the answer (a crash, a timeout): the service must send it again.
        respond(socket, answer == Answer::TakeThenFail ? "500 Internal Server Error" : "204 No Content");
    }
    static void respond(QTcpSocket *socket, const QByteArray &status, const QByteArray &headers = {})
    {
        socket->write("HTTP/1.1 " + status + "\r\n" + headers +
                      "Content-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QByteArray m_key;
    QString m_pipeline;
    QList<Answer> m_script;
    QByteArray m_redirect;
    QMap<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace veil::test
