#include "protocol/Escalation.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

namespace veil::protocol {

namespace {

Error invalid(const QString &why)
{
    return makeError(QStringLiteral("invalid_payload"), why);
}

Result<QString> text(const QJsonObject &object, const char *key, int maxChars)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (!value.isString() || value.toString().isEmpty() || value.toString().size() > maxChars)
        return invalid(QStringLiteral("field '%1' is missing, not text, or over %2 characters")
                           .arg(QLatin1String(key))
                           .arg(maxChars));
    return value.toString();
}

Result<qint64> time(const QJsonObject &object, const char *key)
{
    auto value = text(object, key, 64);
    VEIL_TRY(value);
    const QDateTime parsed = QDateTime::fromString(value.value(), Qt::ISODateWithMs);
    if (!parsed.isValid())
        return invalid(QStringLiteral("field '%1' is not an ISO 8601 time").arg(QLatin1String(key)));
    return parsed.toMSecsSinceEpoch();
}

Result<QList<MediaRef>> parseMedia(const QJsonObject &payload)
{
    static const QRegularExpression sha256Pattern(QStringLiteral("^[0-9a-f]{64}$"));
    static const QStringList mimes{QStringLiteral("image/png"), QStringLiteral("image/jpeg"),
                                   QStringLiteral("image/webp")};
    const QJsonValue media = payload.value(QStringLiteral("media"));
    if (!media.isArray() || media.toArray().isEmpty() || media.toArray().size() > 16)
        return invalid(QStringLiteral("an item carries 1 to 16 media files"));
    QList<MediaRef> refs;
    for (const QJsonValue &value : media.toArray()) {
        const QJsonObject entry = value.toObject();
        MediaRef ref{entry.value(QStringLiteral("sha256")).toString(),
                     entry.value(QStringLiteral("mime")).toString(),
                     qint64(entry.value(QStringLiteral("size")).toDouble(-1))};
        if (!sha256Pattern.match(ref.sha256).hasMatch() || !mimes.contains(ref.mime) || ref.size < 0 ||
            ref.size > MaxMediaBytes)
            return invalid(QStringLiteral("a media entry has a bad hash, type or size"));
        refs.append(ref);
    }
    return refs;
}

Result<int> parsePriority(const QJsonObject &payload)
{
    const QJsonValue priority = payload.value(QStringLiteral("priority"));
    if (!priority.isDouble() || priority.toDouble() != double(priority.toInt()) || priority.toInt() < 0 ||
        priority.toInt() > 3)
        return invalid(QStringLiteral("priority must be an integer from 0 to 3"));
    return priority.toInt();
}

Result<QList<HashListMark>> parseMarks(const QJsonObject &payload)
{
    const QJsonValue marks = payload.value(QStringLiteral("hash_list_matches"));
    if (marks.isUndefined())
        return QList<HashListMark>();
    if (!marks.isArray() || marks.toArray().size() > MaxHashListMarks)
        return invalid(
            QStringLiteral("hash_list_matches must be a list of at most %1 entries").arg(MaxHashListMarks));
    QList<HashListMark> out;
    for (const QJsonValue &value : marks.toArray()) {
        const QJsonObject entry = value.toObject();
        auto list = text(entry, "list", 64);
        VEIL_TRY(list);
        const QJsonValue distance = entry.value(QStringLiteral("distance"));
        if (!distance.isDouble() || distance.toDouble() != double(distance.toInt()) || distance.toInt() < 0 ||
            distance.toInt() > 256)
            return invalid(QStringLiteral("a hash-list distance is an integer from 0 to 256"));
        out.append({list.value(), distance.toInt()});
    }
    return out;
}

} // namespace

const QStringList &escalationSources()
{
    static const QStringList sources{QStringLiteral("prompt_filter"), QStringLiteral("output_classifier"),
                                     QStringLiteral("user_report"), QStringLiteral("hash_match")};
    return sources;
}

Result<Escalation> parseEscalation(const QJsonObject &payload)
{
    const QStringList &sources = escalationSources();
    if (payload.value(QStringLiteral("type")) != QStringLiteral("veil.escalation.v1"))
        return invalid(QStringLiteral("not a veil.escalation.v1 payload"));
    Escalation e;
    auto itemId = text(payload, "item_id", 128);
    VEIL_TRY(itemId);
    e.itemId = itemId.value();
    auto source = text(payload, "source", 64);
    VEIL_TRY(source);
    if (!sources.contains(source.value()))
        return invalid(QStringLiteral("unknown source"));
    e.source = source.value();
    auto category = text(payload, "category", 64);
    VEIL_TRY(category);
    e.category = category.value();
    auto priority = parsePriority(payload);
    VEIL_TRY(priority);
    e.priority = priority.value();
    auto created = time(payload, "created_at");
    VEIL_TRY(created);
    e.createdAtMs = created.value();
    auto due = time(payload, "due_at");
    VEIL_TRY(due);
    e.dueAtMs = due.value();
    const QJsonValue scores = payload.value(QStringLiteral("scores"));
    if (!scores.isObject() || scores.toObject().size() > 32)
        return invalid(QStringLiteral("scores must be an object of at most 32 entries"));
    e.scores = scores.toObject();
    for (auto it = e.scores.constBegin(); it != e.scores.constEnd(); ++it) {
        if (!it.value().isDouble() || it.value().toDouble() < 0 || it.value().toDouble() > 1 ||
            it.key().size() > 64)
            return invalid(QStringLiteral("scores are numbers from 0 to 1"));
    }
    auto prompt = text(payload, "prompt", 16000);
    VEIL_TRY(prompt);
    e.prompt = prompt.value();
    auto model = text(payload, "model_version", 128);
    VEIL_TRY(model);
    e.modelVersion = model.value();
    auto account = text(payload, "account", 128);
    VEIL_TRY(account);
    e.account = account.value();
    auto media = parseMedia(payload);
    VEIL_TRY(media);
    e.media = media.value();
    auto marks = parseMarks(payload);
    VEIL_TRY(marks);
    e.hashListMatches = marks.value();
    return e;
}

Result<Appeal> parseAppeal(const QJsonObject &payload)
{
    if (payload.value(QStringLiteral("type")) != QStringLiteral("veil.appeal.v1"))
        return invalid(QStringLiteral("not a veil.appeal.v1 payload"));
    Appeal a;
    auto itemId = text(payload, "item_id", 128);
    VEIL_TRY(itemId);
    a.itemId = itemId.value();
    auto originalItem = text(payload, "original_item_id", 128);
    VEIL_TRY(originalItem);
    a.originalItemId = originalItem.value();
    auto appealOf = text(payload, "appeal_of", 64);
    VEIL_TRY(appealOf);
    a.appealOf = appealOf.value();
    auto verdict = text(payload, "original_verdict", 16000);
    VEIL_TRY(verdict);
    a.originalVerdict = verdict.value();
    auto reviewer = text(payload, "original_reviewer", 64);
    VEIL_TRY(reviewer);
    a.originalReviewer = reviewer.value();
    auto statement = text(payload, "statement", 8000);
    VEIL_TRY(statement);
    a.statement = statement.value();
    auto category = text(payload, "category", 64);
    VEIL_TRY(category);
    a.category = category.value();
    auto priority = parsePriority(payload);
    VEIL_TRY(priority);
    a.priority = priority.value();
    auto notified = time(payload, "notified_at");
    VEIL_TRY(notified);
    a.notifiedAtMs = notified.value();
    auto due = time(payload, "due_at");
    VEIL_TRY(due);
    a.dueAtMs = due.value();
    auto media = parseMedia(payload);
    VEIL_TRY(media);
    a.media = media.value();
    return a;
}

} // namespace veil::protocol
