// ServiceApi's supervision routes: appeal intake, the audit witness and QA re-review. The rules live in
// AppealIntake, AuditWitness and QaReviews; these handlers check roles and translate to HTTP.
#include "ServiceApi.h"

#include "Policy.h"
#include "common/Base64Url.h"
#include "servicestore/AppealIntake.h"
#include "servicestore/AuditWitness.h"
#include "servicestore/QaReviews.h"
#include "servicestore/SlaPauses.h"
#include "servicestore/SlaSummary.h"
#include "servicestore/TeamStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::service {

namespace {

QJsonObject agreementJson(const qa::Agreement &a)
{
    QJsonObject o{{QStringLiteral("n"), a.n}, {QStringLiteral("percent"), a.percent}};
    o.insert(QStringLiteral("kappa"), a.kappaDefined ? QJsonValue(a.kappa) : QJsonValue());
    return o;
}

QJsonArray groupsJson(const QList<qa::GroupAgreement> &groups, const char *key)
{
    QJsonArray list;
    for (const qa::GroupAgreement &g : groups) {
        QJsonObject o = agreementJson(g.agreement);
        o.insert(QLatin1String(key), g.key);
        list.append(o);
    }
    return list;
}

} // namespace

ApiResponse ServiceApi::fileAppeal(const Reviewer &reviewer, const QJsonObject &body)
{
    // The platform's intake files users' appeals with a supervisor's token.
    if (reviewer.role != QLatin1String("supervisor"))
        return error(403, QStringLiteral("forbidden"),
                     QStringLiteral("appeals are filed with a supervisor token"));
    const qint64 notified = qint64(body.value(QStringLiteral("notified_at_ms")).toDouble());
    auto filed = service::fileAppeal(m_store, m_policy,
                                     {body.value(QStringLiteral("appeal_of")).toString(),
                                      body.value(QStringLiteral("statement")).toString(),
                                      notified,
                                      {}},
                                     now());
    if (!filed.ok()) {
        const QString &code = filed.error().code;
        const int status = code == QLatin1String("verdict_unknown")        ? 404
                           : code == QLatin1String("appeal_exists")        ? 409
                           : code == QLatin1String("appeal_window_closed") ? 422
                           : code == QLatin1String("not_appealable")       ? 422
                           : code == QLatin1String("verdict_superseded")   ? 422
                           : code == QLatin1String("invalid_appeal")       ? 400
                                                                           : 503;
        return error(status, code, filed.error().message);
    }
    return json(201, {{QStringLiteral("item_id"), filed.value()}});
}

ApiResponse ServiceApi::auditCheckpoint(const Reviewer &reviewer, const QJsonObject &body)
{
    const auto found = m_store.deviceById(body.value(QStringLiteral("device_id")).toString());
    if (!found.ok())
        return error(503, found.error().code, QStringLiteral("the device could not be looked up; retry"));
    const std::optional<Device> &device = found.value();
    if (!device || device->reviewer != reviewer.name)
        return error(403, QStringLiteral("key_not_yours"),
                     QStringLiteral("unknown device for this reviewer"));
    const QJsonArray rawLinks = body.value(QStringLiteral("links")).toArray();
    if (rawLinks.isEmpty() || rawLinks.size() > MaxAuditLinks)
        return error(
            400, QStringLiteral("bad_checkpoint"),
            QStringLiteral("1 to %1 links, from the last head seen to the new one").arg(MaxAuditLinks));
    QList<audit::ChainLink> links;
    links.reserve(rawLinks.size());
    for (const QJsonValue &value : rawLinks) {
        const QJsonArray link = value.toArray();
        links.append({qint64(link.at(0).toDouble()), link.at(1).toString(), link.at(2).toString()});
    }
    AuditWitness witness(m_store);
    auto head =
        witness.witness(*device, body.value(QStringLiteral("checkpoint")).toObject(),
                        fromBase64Url(body.value(QStringLiteral("signature")).toString()), links, now());
    if (!head.ok())
        return error(head.error().code == QLatin1String("bad_checkpoint") ? 400 : 409, head.error().code,
                     head.error().message);
    return json(
        200, {{QStringLiteral("seq"), double(head->seq)}, {QStringLiteral("entry_hash"), head->entryHash}});
}

ApiResponse ServiceApi::slaPause(const Reviewer &reviewer, const QString &itemId, const QJsonObject &body)
{
    const auto found = m_store.deviceById(body.value(QStringLiteral("device_id")).toString());
    if (!found.ok())
        return error(503, found.error().code, QStringLiteral("the device could not be looked up; retry"));
    const std::optional<Device> &device = found.value();
    if (!device || device->reviewer != reviewer.name)
        return error(403, QStringLiteral("unknown_device"), QStringLiteral("enroll this device first"));
    const QString action = body.value(QStringLiteral("action")).toString();
    if (action != QLatin1String("pause") && action != QLatin1String("resume"))
        return error(400, QStringLiteral("invalid_request"), QStringLiteral("action is pause or resume"));
    auto due = reportSlaPause(m_store, m_policy,
                              {itemId, device->deviceId, action == QLatin1String("pause"),
                               body.value(QStringLiteral("reason")).toString(),
                               qint64(body.value(QStringLiteral("at_ms")).toDouble())},
                              now());
    if (!due.ok()) {
        const QString &code = due.error().code;
        const int status = code == QLatin1String("item_unknown")        ? 404
                           : code == QLatin1String("not_leased")        ? 409
                           : code == QLatin1String("pause_not_allowed") ? 422
                           : code == QLatin1String("invalid_reason")    ? 400
                                                                        : 503;
        return error(status, code, due.error().message);
    }
    return json(200,
                {{QStringLiteral("item_id"), itemId}, {QStringLiteral("due_at_ms"), double(due.value())}});
}

ApiResponse ServiceApi::auditAlerts(const Reviewer &reviewer)
{
    if (reviewer.role != QLatin1String("supervisor"))
        return error(403, QStringLiteral("forbidden"), QStringLiteral("audit alerts are for supervisors"));
    auto alerts = AuditWitness(m_store).alerts();
    if (!alerts.ok())
        return error(503, alerts.error().code, alerts.error().message);
    QJsonArray list;
    for (const AuditAlert &a : alerts.value())
        list.append(QJsonObject{{QStringLiteral("device_id"), a.deviceId},
                                {QStringLiteral("reviewer"), a.reviewer},
                                {QStringLiteral("code"), a.code},
                                {QStringLiteral("message"), a.message},
                                {QStringLiteral("at_ms"), double(a.atMs)}});
    return json(200, {{QStringLiteral("alerts"), list}});
}

ApiResponse ServiceApi::qa(const Reviewer &reviewer, const QByteArray &method, const QString &path,
                           const QJsonObject &body)
{
    if (reviewer.role != QLatin1String("supervisor"))
        return error(403, QStringLiteral("forbidden"), QStringLiteral("QA re-review is for supervisors"));
    QaReviews reviews(m_store, m_policy.value(QStringLiteral("qa_sample_rate")).toDouble(0.1));
    if (method == "GET" && path == QLatin1String("/v1/qa/next")) {
        auto next = reviews.next(reviewer.name);
        if (!next.ok())
            return error(503, next.error().code, next.error().message);
        if (!next.value())
            return json(200, {{QStringLiteral("item"), QJsonValue()}});
        // Blind: the item as it was escalated, never the verdict on it.
        return json(
            200, {{QStringLiteral("item"),
                   QJsonObject{
                       {QStringLiteral("item_id"), next.value()->itemId},
                       {QStringLiteral("payload"), QJsonDocument::fromJson(next.value()->payload).object()},
                       {QStringLiteral("payload_signature"), toBase64Url(next.value()->signature)}}}});
    }
    if (method == "POST" && path == QLatin1String("/v1/qa/reviews")) {
        const QString decision = body.value(QStringLiteral("decision")).toString();
        QStringList labels;
        for (const QJsonValue &l : body.value(QStringLiteral("labels")).toArray()) {
            if (!policyHasLabel(m_policy, l.toString()))
                return error(400, QStringLiteral("policy_violation"), QStringLiteral("unknown label"));
            labels << l.toString();
        }
        if (!policyHasDecision(m_policy, decision))
            return error(400, QStringLiteral("policy_violation"), QStringLiteral("unknown decision type"));
        auto recorded = reviews.record(reviewer.name, body.value(QStringLiteral("item_id")).toString(),
                                       decision, labels, now());
        if (!recorded.ok()) {
            const QString &code = recorded.error().code;
            // The store's own failures (db_locked, db_timeout, …) are worth a retry; the rest are answers.
            const int status = code == QLatin1String("item_unknown")   ? 404
                               : code.startsWith(QLatin1String("db_")) ? 503
                                                                       : 409;
            return error(status, code, recorded.error().message);
        }
        return json(201, {{QStringLiteral("recorded"), true}});
    }
    if (method == "GET" && path == QLatin1String("/v1/qa/agreement")) {
        auto report = reviews.report();
        if (!report.ok())
            return error(503, report.error().code, report.error().message);
        const qa::AgreementReport &r = report.value();
        QJsonArray disagreements;
        for (const qa::RatedPair &p : r.disagreements)
            disagreements.append(
                QJsonObject{{QStringLiteral("item_id"), p.itemId},
                            {QStringLiteral("reviewer"), p.reviewer},
                            {QStringLiteral("decision"), p.decision},
                            {QStringLiteral("labels"), QJsonArray::fromStringList(p.labels)},
                            {QStringLiteral("qa_decision"), p.qaDecision},
                            {QStringLiteral("qa_labels"), QJsonArray::fromStringList(p.qaLabels)}});
        return json(200, {{QStringLiteral("overall"), agreementJson(r.overall)},
                          {QStringLiteral("reviewers"), groupsJson(r.byReviewer, "reviewer")},
                          {QStringLiteral("labels"), groupsJson(r.byLabel, "label")},
                          {QStringLiteral("disagreements"), disagreements}});
    }
    return error(404, QStringLiteral("not_found"), QStringLiteral("no such QA resource: %1").arg(path));
}

ApiResponse ServiceApi::teamSettings(const Reviewer &reviewer, bool set, const QJsonObject &body)
{
    if (set) {
        if (reviewer.role != QLatin1String("supervisor"))
            return error(403, QStringLiteral("forbidden"),
                         QStringLiteral("team settings are set by supervisors"));
        auto settings = team::TeamSettings::fromJson(body);
        if (!settings.ok())
            return error(400, settings.error().code, settings.error().message);
        if (auto saved = saveTeamSettings(m_store, settings.value()); !saved.ok())
            return error(503, saved.error().code, saved.error().message);
        return json(200, settings->toJson());
    }
    auto settings = loadTeamSettings(m_store);
    if (!settings.ok())
        return error(503, settings.error().code, settings.error().message);
    return json(200, settings->toJson());
}

ApiResponse ServiceApi::slaDashboard(const Reviewer &reviewer)
{
    if (reviewer.role != QLatin1String("supervisor"))
        return error(403, QStringLiteral("forbidden"),
                     QStringLiteral("the SLA dashboard is for supervisors"));
    auto summary = slaSummary(m_store, m_policy, now());
    if (!summary.ok())
        return error(503, summary.error().code, summary.error().message);
    return json(200, summary.value());
}

} // namespace veil::service
