#include "servicestore/AppealIntake.h"

#include "common/Base64Url.h"
#include "sla/SlaClock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::service {

namespace {

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

Error invalid(const QString &why)
{
    return makeError(QStringLiteral("invalid_appeal"), why);
}

} // namespace

Result<QString> fileAppeal(ServiceStore &store, const QJsonObject &policy, const AppealFiling &filing,
                           qint64 nowMs)
{
    if (filing.statement.trimmed().isEmpty() || filing.statement.size() > 5000)
        return invalid(QStringLiteral("the statement must be 1 to 5000 characters"));
    const auto verdict = store.verdict(filing.appealOf);
    if (!verdict) {
        // An archived decision was past its appeal window when it was archived (CaseArchive waits for it).
        auto archived = store.archivedVerdict(filing.appealOf);
        VEIL_TRY(archived);
        if (archived.value())
            return makeError(QStringLiteral("appeal_window_closed"),
                             QStringLiteral("%1 was decided and archived; its appeal window has closed")
                                 .arg(filing.appealOf.left(64)));
    }
    if (!verdict)
        return makeError(QStringLiteral("verdict_unknown"),
                         QStringLiteral("no accepted verdict %1").arg(filing.appealOf.left(64)));
    // A user appeals the decision in force: a verdict corrected since is no longer the one to contest.
    if (!verdict->supersededBy.isEmpty())
        return makeError(QStringLiteral("verdict_superseded"),
                         QStringLiteral("%1 was corrected by %2; appeal the verdict in force")
                             .arg(filing.appealOf.left(64), verdict->supersededBy));
    const QJsonObject body = QJsonDocument::fromJson(verdict->body).object();
    if (body.value(QStringLiteral("queue")).toString() != QLatin1String("escalations"))
        return makeError(
            QStringLiteral("not_appealable"),
            QStringLiteral("%1 decided an appeal; that decision is final here").arg(filing.appealOf));
    const qint64 decidedAt =
        QDateTime::fromString(body.value(QStringLiteral("decided_at")).toString(), Qt::ISODateWithMs)
            .toMSecsSinceEpoch();
    const int windowDays = policy.value(QStringLiteral("appeal_window_days")).toInt(DefaultAppealWindowDays);
    if (nowMs - decidedAt > qint64(windowDays) * 24 * 3600 * 1000)
        return makeError(QStringLiteral("appeal_window_closed"),
                         QStringLiteral("decided on %1; appeals are accepted for %2 days after the decision")
                             .arg(isoUtc(decidedAt).left(10))
                             .arg(windowDays));
    const qint64 notifiedAt = filing.notifiedAtMs > 0 ? filing.notifiedAtMs : decidedAt;
    if (notifiedAt < decidedAt || notifiedAt > nowMs)
        return invalid(
            QStringLiteral("the user cannot have been notified before the decision or in the future"));
    const QString originalItemId = body.value(QStringLiteral("item_id")).toString();
    auto original = store.itemPayload(originalItemId);
    VEIL_TRY(original);
    auto existing = store.database().prepare("SELECT 1 FROM items WHERE queue = 'appeals' AND appeal_of = ?");
    VEIL_TRY(existing);
    existing->bind(1, filing.appealOf);
    auto found = existing->step();
    VEIL_TRY(found);
    if (found.value())
        return makeError(QStringLiteral("appeal_exists"),
                         QStringLiteral("%1 is already under appeal").arg(filing.appealOf));

    // The appeal's clock: the policy's appeals target, from the notification.
    const QString category = original->value(QStringLiteral("category")).toString();
    auto clock = sla::SlaClock::fromPolicy(policy);
    VEIL_TRY(clock);
    auto target = clock->targetFor(QStringLiteral("appeals"), category, 1);
    VEIL_TRY(target);
    const qint64 dueAt = notifiedAt + target->targetMs;
    QJsonArray media;
    for (const QJsonValue &m : original->value(QStringLiteral("media")).toArray()) {
        const QJsonObject ref = m.toObject();
        media.append(QJsonObject{{QStringLiteral("sha256"), ref.value(QStringLiteral("sha256"))},
                                 {QStringLiteral("mime"), ref.value(QStringLiteral("mime"))},
                                 {QStringLiteral("size"), ref.value(QStringLiteral("size"))}});
    }
    const QString reviewer = body.value(QStringLiteral("reviewer")).toString();
    const QString itemId = filing.itemId.isEmpty() ? QStringLiteral("apl-") + filing.appealOf : filing.itemId;
    const QJsonObject appeal{{QStringLiteral("type"), QStringLiteral("veil.appeal.v1")},
                             {QStringLiteral("item_id"), itemId},
                             {QStringLiteral("original_item_id"), originalItemId},
                             {QStringLiteral("appeal_of"), filing.appealOf},
                             {QStringLiteral("original_verdict"), QString::fromUtf8(verdict->body)},
                             {QStringLiteral("original_signature"), toBase64Url(verdict->signature)},
                             {QStringLiteral("original_reviewer"), reviewer},
                             {QStringLiteral("statement"), filing.statement},
                             {QStringLiteral("created_at"), isoUtc(nowMs)},
                             {QStringLiteral("notified_at"), isoUtc(notifiedAt)},
                             {QStringLiteral("due_at"), isoUtc(dueAt)},
                             {QStringLiteral("priority"), 1},
                             {QStringLiteral("category"), category},
                             {QStringLiteral("media"), media}};
    VEIL_TRY(store.addItem(QStringLiteral("appeals"), appeal, dueAt, 1, filing.appealOf, reviewer));
    return itemId;
}

} // namespace veil::service
