// The /v1 protocol of the reference service, independent of the HTTP server that carries it, so every
// rule (auth, roles, leases, signatures, replay, limits) is testable by value and served unchanged
// over HTTP by HttpFrontend. docs/protocol.md is the contract.
#pragma once

#include "servicestore/ServiceStore.h"

#include <QJsonObject>
#include <QUrlQuery>

#include <QRegularExpression>

#include <functional>
#include <optional>
#include <vector>

namespace veil::service {

struct ApiRequest
{
    QByteArray method; // "GET", "POST"
    QString path;      // "/v1/leases/claim"
    QUrlQuery query;
    QByteArray authorization; // the Authorization header's value
    QByteArray body;
};

struct ApiResponse
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
};

class ServiceApi
{
public:
    // Audit links per checkpoint: the entries since the last head seen (about 40 bytes each on the wire).
    static constexpr int MaxAuditLinks = 50000;
    struct Options
    {
        qint64 leaseMs = 15 * 60 * 1000;
        qsizetype maxBodyBytes = 4 * 1024 * 1024;
        int maxClaim = 100;
        int maxBatch = 500;
        // A verdict's decided_at may be at most this far ahead of the service's clock.
        qint64 maxDecidedAtSkewMs = 5 * 60 * 1000;
    };

    ServiceApi(ServiceStore &store, Options options);
    explicit ServiceApi(ServiceStore &store) : ServiceApi(store, Options()) {}
    // The route table's handlers hold this object.
    ServiceApi(const ServiceApi &) = delete;
    ServiceApi &operator=(const ServiceApi &) = delete;

    ApiResponse handle(const ApiRequest &request);
    // The refusals a request earns by its head alone, in handle()'s order: a body over maxBodyBytes (413),
    // then no or an unknown bearer token (401). nullopt when the head passes; the reviewer is then set if
    // asked for. The HTTP frontend asks before it reads any body byte (HttpGuard).
    std::optional<ApiResponse> refuseHead(qint64 bodyBytes, const QByteArray &authorization,
                                          Reviewer *reviewer = nullptr);
    // Injectable clock (Unix ms) so tests can move time past lease expiry.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    qint64 now() const { return m_clock(); }
    const Options &options() const { return m_options; }
    // The policy document served and enforced (defaultPolicy() unless set).
    void setPolicy(const QJsonObject &policy) { m_policy = policy; }
    const QJsonObject &policy() const { return m_policy; }

    static ApiResponse error(int status, const QString &code, const QString &message);
    static ApiResponse json(int status, const QJsonObject &object);
    // X-Veil-Server-Time-Signature: the service key's signature of the time for the client's nonce
    // (link::ServerClock::signedMessage), base64url.
    QByteArray signServerTime(QByteArrayView nonce, qint64 nowMs) const;

    // Every route the service answers: method and path pattern (a regular expression over the path). The
    // test suite checks it against docs/openapi.yaml both ways.
    QList<QPair<QByteArray, QString>> routeList() const;

private:
    using Handler = std::function<ApiResponse(const Reviewer &, const ApiRequest &, const QJsonObject &,
                                              const QRegularExpressionMatch &)>;
    struct Route
    {
        QByteArray method;
        QRegularExpression path;
        Handler handle;
    };
    void addRoutes();
    ApiResponse route(const Reviewer &reviewer, const ApiRequest &request, const QJsonObject &body);
    ApiResponse enroll(const Reviewer &reviewer, const QJsonObject &body);
    ApiResponse claim(const Reviewer &reviewer, const QJsonObject &body);
    ApiResponse renewOrRelease(const Reviewer &reviewer, const QString &leaseId, bool renew,
                               const QJsonObject &body);
    ApiResponse media(const QString &sha256);
    ApiResponse verdicts(const Reviewer &reviewer, const QJsonObject &body);
    // ServiceVerdicts.cpp
    struct CheckedSignature
    {
        QByteArray publicKey;
        Result<QJsonObject> verdict;
    };
    std::vector<std::optional<CheckedSignature>> checkSignatures(const QJsonArray &entries);
    QJsonObject verdictResult(const Reviewer &reviewer, const QJsonValue &entry,
                              const std::optional<CheckedSignature> &checked = std::nullopt);
    static bool canServe(const Reviewer &reviewer, const QString &queue);
    ApiResponse feed(const Reviewer &reviewer, const QUrlQuery &query);
    ApiResponse conflicts(const Reviewer &reviewer, const QUrlQuery &query);
    ApiResponse fileAppeal(const Reviewer &reviewer, const QJsonObject &body);
    // PUT /v1/media/{sha256} and POST /v1/escalations: the pipeline's intake (ServiceIntake.cpp).
    ApiResponse uploadMedia(const Reviewer &reviewer, const QString &sha256, const QByteArray &bytes);
    ApiResponse fileEscalations(const Reviewer &reviewer, const QJsonObject &body);
    ApiResponse deliverVerdicts(const Reviewer &reviewer, const QUrlQuery &query);
    // GET, PUT and DELETE /v1/intake/webhook: where verdicts are pushed (WebhookDispatcher sends them).
    ApiResponse webhook(const Reviewer &reviewer, const QByteArray &method, const QJsonObject &body);
    static bool isIntakeRoute(const QByteArray &method, const QString &pattern);
    ApiResponse auditCheckpoint(const Reviewer &reviewer, const QJsonObject &body);
    ApiResponse auditAlerts(const Reviewer &reviewer);
    // GET /v1/sla/summary (supervisors).
    ApiResponse slaDashboard(const Reviewer &reviewer);
    ApiResponse slaPause(const Reviewer &reviewer, const QString &itemId, const QJsonObject &body);
    // GET (anyone) or POST (supervisors) /v1/team/settings.
    ApiResponse teamSettings(const Reviewer &reviewer, bool set, const QJsonObject &body);
    // GET /v1/qa/next, POST /v1/qa/reviews, GET /v1/qa/agreement (supervisors).
    ApiResponse qa(const Reviewer &reviewer, const QByteArray &method, const QString &path,
                   const QJsonObject &body);

    ServiceStore &m_store;
    Options m_options;
    QJsonObject m_policy;
    std::function<qint64()> m_clock;
    QList<Route> m_routes;
};

} // namespace veil::service
