// What the intake tests share: a pipeline's filing as the protocol takes it, and a JSON request to the
// service over real HTTP that waits for its answer.
#pragma once

#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace veil::test {

struct HttpReply
{
    int status = 0;
    QJsonObject json;
    QString code() const
    {
        return json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }
};

// An escalation of one file, made a minute before nowMs.
inline QJsonObject intakeFiling(const QString &externalId, const QString &sha256, qint64 nowMs)
{
    const QString created =
        QDateTime::fromMSecsSinceEpoch(nowMs - 60000, Qt::UTC).toString(Qt::ISODateWithMs);
    return {{QStringLiteral("external_id"), externalId},
            {QStringLiteral("category"), QStringLiteral("hate_symbol")},
            {QStringLiteral("source"), QStringLiteral("prompt_filter")},
            {QStringLiteral("priority"), 2},
            {QStringLiteral("created_at"), created},
            {QStringLiteral("prompt"), QStringLiteral("flag with an altered emblem")},
            {QStringLiteral("model_version"), QStringLiteral("imagegen-3.1")},
            {QStringLiteral("scores"), QJsonObject{{QStringLiteral("hate"), 0.91}}},
            {QStringLiteral("account"), QStringLiteral("acct-77")},
            {QStringLiteral("media"), QJsonArray{sha256}}};
}

// method to url with a bearer token and body (none: empty); the answer's status and JSON object.
inline HttpReply httpSend(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &method,
                          const QByteArray &body, const QByteArray &token)
{
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + token);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    QNetworkReply *reply = nam.sendCustomRequest(req, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    HttpReply out{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                  QJsonDocument::fromJson(reply->readAll()).object()};
    reply->deleteLater();
    return out;
}

} // namespace veil::test
