#include "desk/DeskReport.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

namespace veil::desk {

namespace {

// Reads one JSON object; the first bad field is remembered (with its path) and every later read returns a
// harmless value, so a parse reads straight through and checks once at the end.
class Fields
{
public:
    Fields(const QJsonObject &object, QString path, std::optional<Error> &failure)
        : m_object(object), m_path(std::move(path)), m_failure(failure)
    {}

    QString text(const char *key, bool optional = false)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (optional && (v.isUndefined() || v.isNull()))
            return {};
        if (!v.isString())
            return fail(key, "is not text"), QString();
        return v.toString();
    }
    qint64 whole(const char *key, qint64 max = qint64(1) << 53, qint64 min = 0)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        const double d = v.toDouble(-1);
        if (!v.isDouble() || !(d >= double(min) && d <= double(max)) || std::floor(d) != d)
            return fail(key, "is not a whole number in range"), 0;
        return qint64(d);
    }
    int count(const char *key) { return int(whole(key, std::numeric_limits<int>::max())); }
    // A duration may come out negative where the platform's clock ran ahead: shown as it is, not refused.
    std::optional<qint64> optionalWhole(const char *key, qint64 min = 0)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        return whole(key, qint64(1) << 53, min);
    }
    // A count an older service may not send.
    int optionalCount(const char *key)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        return v.isUndefined() || v.isNull() ? 0 : count(key);
    }
    double number(const char *key, double min, double max)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (!v.isDouble() || !(v.toDouble() >= min && v.toDouble() <= max))
            return fail(key, "is not a number in range"), min;
        return v.toDouble();
    }
    std::optional<double> optionalNumber(const char *key, double min, double max)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        return number(key, min, max);
    }
    QJsonObject object(const char *key)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (!v.isObject())
            return fail(key, "is not an object"), QJsonObject();
        return v.toObject();
    }
    // Each entry of a list of objects, with its own Fields.
    template <typename F> void each(const char *key, F &&read)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (!v.isArray())
            return fail(key, "is not a list");
        const QJsonArray list = v.toArray();
        if (list.size() > MaxDeskRows)
            return fail(key, "has too many entries");
        for (qsizetype i = 0; i < list.size() && !m_failure; ++i) {
            const QString path = QStringLiteral("%1.%2[%3]").arg(m_path, QLatin1String(key)).arg(i);
            if (!list.at(i).isObject())
                return fail(key,
                            qPrintable(QStringLiteral("holds an entry that is not an object (%1)").arg(i)));
            Fields entry(list.at(i).toObject(), path, m_failure);
            read(entry);
        }
    }
    QString path(const char *key) const { return m_path + QLatin1Char('.') + QLatin1String(key); }

private:
    void fail(const char *key, const char *what)
    {
        if (!m_failure)
            m_failure = makeError(QStringLiteral("desk_invalid"),
                                  QStringLiteral("the service's %1 %2").arg(path(key), QLatin1String(what)));
    }

    QJsonObject m_object;
    QString m_path;
    std::optional<Error> &m_failure;
};

Agreement agreementOf(Fields &f, const char *keyField)
{
    Agreement a;
    if (keyField)
        a.key = f.text(keyField);
    a.n = f.count("n");
    a.percent = f.number("percent", 0, 100);
    a.kappa = f.optionalNumber("kappa", -1, 1);
    return a;
}

} // namespace

Result<DeskReport> parseDeskReport(const QJsonObject &agreement, const QJsonObject &sla,
                                   const QJsonObject &alerts)
{
    std::optional<Error> failure;
    DeskReport report;

    Fields qa(agreement, QStringLiteral("agreement"), failure);
    const QJsonObject overall = qa.object("overall");
    Fields overallFields(overall, qa.path("overall"), failure);
    report.overall = agreementOf(overallFields, nullptr);
    qa.each("reviewers", [&](Fields &f) { report.byReviewer.append(agreementOf(f, "reviewer")); });
    qa.each("disagreements", [&](Fields &f) {
        report.disagreements.append(
            {f.text("item_id"), f.text("reviewer"), f.text("decision"), f.text("qa_decision")});
    });

    Fields summary(sla, QStringLiteral("sla"), failure);
    summary.each("queues", [&](Fields &f) {
        QueueSla q;
        q.queue = f.text("queue");
        q.open = f.count("open");
        q.dueSoon = f.count("due_soon");
        q.breached = f.count("breached");
        q.paused = f.optionalCount("paused");
        Fields ttd(f.object("time_to_decision"), f.path("time_to_decision"), failure);
        q.decided = ttd.count("n");
        q.medianTimeToDecisionMs = ttd.optionalWhole("median_ms", -(qint64(1) << 53));
        ttd.each("buckets", [&](Fields &b) {
            q.timeToDecision.append({b.optionalWhole("le_ms"), b.count("count")});
        });
        report.queues.append(q);
    });
    summary.each("breached_items", [&](Fields &f) {
        BreachedItem item;
        item.itemId = f.text("item_id");
        item.queue = f.text("queue");
        item.priority = f.count("priority");
        item.latenessMs = f.whole("lateness_ms");
        item.heldBy = f.text("held_by", true);
        report.breachedItems.append(item);
    });

    if (sla.contains(QStringLiteral("reviewers"))) // a service older than the figure sends none
        summary.each("reviewers", [&](Fields &f) {
            ReviewerPace pace;
            pace.reviewer = f.text("reviewer");
            pace.decisions = f.count("decisions");
            pace.medianHandlingMs = f.optionalWhole("median_handling_ms");
            pace.perHour = f.optionalNumber("per_hour", 0, 1e6);
            report.pace.append(pace);
        });

    Fields witness(alerts, QStringLiteral("alerts"), failure);
    witness.each("alerts", [&](Fields &f) {
        report.alerts.append(
            {f.text("device_id"), f.text("reviewer"), f.text("code"), f.text("message"), f.whole("at_ms")});
    });

    if (failure)
        return *failure;
    return report;
}

} // namespace veil::desk
