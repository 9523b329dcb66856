#include "FloodCommand.h"

#include "crypto/Sha256.h"
#include "media/SyntheticImage.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTextStream>
#include <QTimer>

namespace veil::service {

namespace {

constexpr int BatchSize = 500;             // the intake's limit per POST
constexpr qint64 MaxAnswerBytes = 4 << 20; // 500 results are ~60 KB

struct Answer
{
    int status = 0;
    QJsonObject json;
    QString transportError;
};

class IntakeClient
{
public:
    IntakeClient(QUrl service, QByteArray token) : m_service(std::move(service)), m_token(std::move(token)) {}

    Answer send(const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &type)
    {
        QNetworkRequest request(m_service.resolved(QUrl(path)));
        request.setRawHeader("Authorization", "Bearer " + m_token);
        request.setHeader(QNetworkRequest::ContentTypeHeader, type);
        // Never follow a redirect: the token goes to the service named, nowhere else.
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setTransferTimeout(60000);
        QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
        // The service's answers are small: a longer one is not the intake's, and is cut off.
        QObject::connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
            if (received > MaxAnswerBytes)
                reply->abort();
        });
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        // A whole request within two minutes, however slowly a service drips its answer.
        QTimer::singleShot(120000, reply, &QNetworkReply::abort);
        loop.exec();
        Answer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (answer.status == 0)
            answer.transportError = reply->errorString();
        answer.json = QJsonDocument::fromJson(reply->read(MaxAnswerBytes)).object();
        reply->deleteLater();
        return answer;
    }

private:
    QUrl m_service;
    QByteArray m_token;
    QNetworkAccessManager m_nam;
};

Error refused(const QString &what, const Answer &answer)
{
    if (answer.status == 0)
        return makeError(QStringLiteral("network_error"),
                         QStringLiteral("%1: %2").arg(what, answer.transportError));
    const QString code =
        answer.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    return makeError(QStringLiteral("flood_refused"),
                     QStringLiteral("%1: HTTP %2 %3").arg(what).arg(answer.status).arg(code.left(64)));
}

// What one flood item is: a family's member, or an unrelated drawing.
struct Entry
{
    int family = -1; // -1: unrelated
    int number = 0;  // member number in the family, or the unrelated item's number
};

} // namespace

Result<FloodReport> runFlood(const QUrl &service, const QByteArray &token, const FloodPlan &plan,
                             QTextStream &progress)
{
    if (plan.items < 0 || plan.unique < 0 || plan.items + plan.unique < 1 ||
        (plan.items > 0 && plan.families < 1) || plan.families > plan.items || plan.mirroredPercent < 0 ||
        plan.mirroredPercent > 100)
        return makeError(QStringLiteral("invalid_argument"),
                         QStringLiteral("a flood needs items >= families >= 1 (or --items 0 --families 0 "
                                        "--unique U), and mirrored 0-100"));
    QList<Entry> entries;
    for (int i = 0; i < plan.items; ++i)
        entries.append({i % plan.families, i / plan.families});
    for (int u = 0; u < plan.unique; ++u)
        entries.append({-1, u});
    // A flood arrives mixed: families interleaved with each other and with unrelated items.
    QRandomGenerator order(quint32(plan.seed));
    for (qsizetype i = entries.size() - 1; i > 0; --i)
        entries.swapItemsAt(i, qsizetype(order.bounded(quint32(i + 1))));

    IntakeClient client(service, token);
    static const QStringList categories{QStringLiteral("violence_gore"), QStringLiteral("hate_symbol"),
                                        QStringLiteral("likeness_real_person")};
    FloodReport report;
    QElapsedTimer timer;
    timer.start();
    const QString created =
        QDateTime::fromMSecsSinceEpoch(
            plan.createdAtMs > 0 ? plan.createdAtMs : QDateTime::currentMSecsSinceEpoch(), Qt::UTC)
            .toString(Qt::ISODateWithMs);
    for (qsizetype start = 0; start < entries.size(); start += BatchSize) {
        QJsonArray batch;
        for (qsizetype i = start; i < std::min(entries.size(), start + BatchSize); ++i) {
            const Entry &e = entries.at(i);
            // Families and unrelated items draw from separate seeds: no unrelated item joins a family.
            auto image = e.family >= 0
                             ? media::drawFloodMember(plan.seed, e.family + 1, e.number, plan.mirroredPercent)
                             : media::drawSynthetic(plan.seed * 7919 + 104729, 100000 + e.number,
                                                    media::Variant::Reencoded);
            if (!image.ok())
                return image.error();
            const QString sha = crypto::sha256Hex(image->bytes);
            const Answer put =
                client.send("PUT", QStringLiteral("/v1/media/") + sha, image->bytes, image->mime.toLatin1());
            if (put.status != 200 && put.status != 201)
                return refused(QStringLiteral("uploading media"), put);
            if (put.status == 201)
                ++report.uploaded;
            const int group = e.family >= 0 ? e.family : 1000 + e.number;
            const QString externalId =
                e.family >= 0
                    ? QStringLiteral("flood:%1:f%2:%3").arg(plan.seed).arg(e.family + 1).arg(e.number)
                    : QStringLiteral("flood:%1:u%2").arg(plan.seed).arg(e.number);
            batch.append(QJsonObject{
                {QStringLiteral("external_id"), externalId},
                {QStringLiteral("category"), categories.at(group % categories.size())},
                {QStringLiteral("source"), QStringLiteral("output_classifier")},
                {QStringLiteral("priority"), 1 + group % 3},
                {QStringLiteral("created_at"), created},
                {QStringLiteral("prompt"), QStringLiteral("synthetic flood prompt, theme %1").arg(group)},
                {QStringLiteral("model_version"), QStringLiteral("imagegen-flood")},
                {QStringLiteral("account"), QStringLiteral("acct-flood-%1").arg(group % 97)},
                // Scores tell what an item is (tests and benches read them back): a family's violence score
                // is 0.60 + family / 100 (families 1-30 apart), an unrelated item scores nsfw only.
                {QStringLiteral("scores"), e.family >= 0 ? QJsonObject{{QStringLiteral("violence"),
                                                                        0.6 + ((e.family + 1) % 30) / 100.0}}
                                                         : QJsonObject{{QStringLiteral("nsfw"), 0.4}}},
                {QStringLiteral("media"), QJsonArray{sha}}});
        }
        const Answer filed = client.send(
            "POST", QStringLiteral("/v1/escalations"),
            QJsonDocument(QJsonObject{{QStringLiteral("escalations"), batch}}).toJson(QJsonDocument::Compact),
            QByteArrayLiteral("application/json"));
        if (filed.status != 200)
            return refused(QStringLiteral("filing escalations"), filed);
        const QJsonArray results = filed.json.value(QStringLiteral("results")).toArray();
        if (results.size() != batch.size())
            return makeError(
                QStringLiteral("flood_refused"),
                QStringLiteral("filing escalations: the service answered %1 results for %2 filings")
                    .arg(results.size())
                    .arg(batch.size()));
        for (const QJsonValue &result : results) {
            const QString status = result[QStringLiteral("status")].toString();
            if (status == QLatin1String("created"))
                ++report.filed;
            else if (status == QLatin1String("duplicate"))
                ++report.duplicates;
            else
                return makeError(QStringLiteral("flood_refused"),
                                 QStringLiteral("filing %1: %2")
                                     .arg(result[QStringLiteral("external_id")].toString().left(80),
                                          result[QStringLiteral("code")].toString().left(64)));
        }
        progress << "filed " << std::min(entries.size(), start + BatchSize) << " of " << entries.size()
                 << '\n';
        progress.flush();
    }
    report.ms = timer.elapsed();
    return report;
}

} // namespace veil::service
