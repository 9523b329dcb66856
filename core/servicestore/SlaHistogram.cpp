#include "servicestore/SlaHistogram.h"

#include "crypto/Sha256.h"
#include "servicestore/SlaSummary.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace veil::service::sla_histogram {

namespace {

QList<qint64> makeBounds()
{
    // Geometric steps of at most 4 % between fixed points: a second, the coarse bounds, and a year. The
    // last fine bucket (longer than a year) is reported at its lower bound.
    QList<qint64> fixed{1000};
    for (const qint64 coarse : SlaBucketsMs)
        fixed.append(coarse);
    fixed.append(365 * 24 * 3600LL * 1000);
    QList<qint64> out{fixed.first()};
    for (qsizetype k = 1; k < fixed.size(); ++k) {
        const double lo = double(fixed[k - 1]), hi = double(fixed[k]);
        const int steps = int(std::ceil(std::log(hi / lo) / std::log(1.04)));
        for (int j = 1; j < steps; ++j)
            out.append(qint64(std::llround(lo * std::pow(hi / lo, double(j) / steps))));
        out.append(fixed[k]);
    }
    return out;
}

} // namespace

qint64 startOf(const QString &queue, const QJsonObject &payload)
{
    const QString field =
        queue == QLatin1String("appeals") ? QStringLiteral("notified_at") : QStringLiteral("created_at");
    const QDateTime at = QDateTime::fromString(payload.value(field).toString(), Qt::ISODateWithMs);
    return at.isValid() ? at.toMSecsSinceEpoch() : 0;
}

const QList<qint64> &bounds()
{
    static const QList<qint64> b = makeBounds();
    return b;
}

QByteArray fingerprint()
{
    QByteArray all;
    for (const qint64 bound : bounds())
        all += QByteArray::number(bound) + ',';
    return "sha256:" + crypto::sha256Hex(all).left(16).toLatin1();
}

int bucketOf(qint64 durationMs)
{
    const QList<qint64> &b = bounds();
    return int(std::lower_bound(b.cbegin(), b.cend(), durationMs) - b.cbegin());
}

QJsonObject distribution(const QList<qint64> &counts)
{
    const QList<qint64> &b = bounds();
    qint64 n = 0;
    for (const qint64 c : counts)
        n += c;
    // The rank of the q-quantile among n sorted values (as the exact summary took it), found in its bucket
    // and placed linearly between the bucket's bounds.
    const auto quantile = [&](double q) -> QJsonValue {
        if (n == 0)
            return QJsonValue();
        const qint64 rank = qint64(q * double(n - 1));
        qint64 before = 0;
        for (qsizetype k = 0; k < counts.size(); ++k) {
            if (before + counts[k] > rank) {
                if (k >= b.size())
                    return double(b.last()); // longer than a year: its lower bound
                // The first bucket spans a second down to zero (a negative time counts there too).
                const double lo = k == 0 ? 0.0 : double(b[k - 1]), hi = double(b[k]);
                const double within = (double(rank - before) + 0.5) / double(counts[k]);
                return double(std::llround(lo + (hi - lo) * within));
            }
            before += counts[k];
        }
        return double(b.last());
    };
    QJsonArray buckets;
    qsizetype k = 0;
    qint64 counted = 0;
    for (const qint64 coarse : SlaBucketsMs) {
        qint64 count = 0;
        for (; k < counts.size() && (k >= b.size() ? false : b[k] <= coarse); ++k)
            count += counts[k];
        counted += count;
        buckets.append(
            QJsonObject{{QStringLiteral("le_ms"), double(coarse)}, {QStringLiteral("count"), double(count)}});
    }
    buckets.append(
        QJsonObject{{QStringLiteral("le_ms"), QJsonValue()}, {QStringLiteral("count"), double(n - counted)}});
    return {{QStringLiteral("n"), double(n)},
            {QStringLiteral("buckets"), buckets},
            {QStringLiteral("median_ms"), quantile(0.5)},
            {QStringLiteral("p90_ms"), quantile(0.9)}};
}

} // namespace veil::service::sla_histogram
