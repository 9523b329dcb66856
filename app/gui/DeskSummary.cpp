#include "DeskSummary.h"

namespace veil::gui {

namespace {

template <typename T> QVariant orNull(const std::optional<T> &value)
{
    return value ? QVariant(double(*value)) : QVariant::fromValue(nullptr);
}

QVariantMap agreement(const desk::Agreement &a, const char *keyName)
{
    QVariantMap m{{QStringLiteral("n"), a.n},
                  {QStringLiteral("percent"), a.percent},
                  {QStringLiteral("kappa"), orNull(a.kappa)}};
    if (keyName)
        m.insert(QLatin1String(keyName), a.key);
    return m;
}

} // namespace

QVariantMap deskSummary(const desk::DeskReport &report)
{
    QVariantList reviewers, disagreements, queues, breached, alerts;
    for (const desk::Agreement &a : report.byReviewer)
        reviewers.append(agreement(a, "reviewer"));
    for (const desk::Disagreement &d : report.disagreements)
        disagreements.append(QVariantMap{{QStringLiteral("itemId"), d.itemId},
                                         {QStringLiteral("reviewer"), d.reviewer},
                                         {QStringLiteral("decision"), d.decision},
                                         {QStringLiteral("qaDecision"), d.qaDecision}});
    for (const desk::QueueSla &q : report.queues) {
        QVariantList buckets;
        for (const desk::DurationBucket &b : q.timeToDecision)
            buckets.append(b.count);
        queues.append(
            QVariantMap{{QStringLiteral("queue"), q.queue},
                        {QStringLiteral("open"), q.open},
                        {QStringLiteral("dueSoon"), q.dueSoon},
                        {QStringLiteral("breached"), q.breached},
                        {QStringLiteral("paused"), q.paused},
                        {QStringLiteral("decided"), q.decided},
                        {QStringLiteral("medianTimeToDecisionMs"), orNull(q.medianTimeToDecisionMs)},
                        {QStringLiteral("timeToDecision"), buckets}});
    }
    for (const desk::BreachedItem &b : report.breachedItems)
        breached.append(QVariantMap{{QStringLiteral("itemId"), b.itemId},
                                    {QStringLiteral("queue"), b.queue},
                                    {QStringLiteral("priority"), b.priority},
                                    {QStringLiteral("latenessMs"), double(b.latenessMs)},
                                    {QStringLiteral("heldBy"), b.heldBy}});
    for (const desk::AuditAlert &a : report.alerts)
        alerts.append(QVariantMap{{QStringLiteral("deviceId"), a.deviceId},
                                  {QStringLiteral("reviewer"), a.reviewer},
                                  {QStringLiteral("code"), a.code},
                                  {QStringLiteral("message"), a.message},
                                  {QStringLiteral("atMs"), double(a.atMs)}});
    return {{QStringLiteral("agreement"),
             QVariantMap{{QStringLiteral("overall"), agreement(report.overall, nullptr)},
                         {QStringLiteral("reviewers"), reviewers},
                         {QStringLiteral("disagreements"), disagreements}}},
            {QStringLiteral("sla"),
             QVariantMap{{QStringLiteral("queues"), queues}, {QStringLiteral("breachedItems"), breached}}},
            {QStringLiteral("alerts"), alerts}};
}

} // namespace veil::gui
