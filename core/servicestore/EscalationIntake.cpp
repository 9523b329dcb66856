#include "servicestore/EscalationIntake.h"

#include "common/Base64Url.h"
#include "crypto/Sha256.h"
#include "media/ImageHeader.h"
#include "media/SafeDecoder.h"
#include "protocol/Escalation.h"
#include "sla/SlaClock.h"
#include "json/CanonicalJson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

namespace veil::service {

namespace {

// Filed escalations may say they were created up to this far ahead of the service's clock (clock skew),
// and no earlier than this far back (a replayed backlog is still work, a decade-old date is a bug).
constexpr qint64 MaxCreatedAheadMs = 5 * 60 * 1000;
constexpr qint64 MaxCreatedAgoMs = 30LL * 24 * 3600 * 1000;

Error invalid(const QString &why)
{
    return makeError(QStringLiteral("invalid_escalation"), why);
}

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

// A filing's text field: present, text, 1..maxChars characters.
Result<QString> text(const QJsonObject &filing, const char *key, int maxChars)
{
    const QJsonValue value = filing.value(QLatin1String(key));
    if (!value.isString() || value.toString().isEmpty() || value.toString().size() > maxChars)
        return invalid(
            QStringLiteral("'%1' must be text of 1 to %2 characters").arg(QLatin1String(key)).arg(maxChars));
    return value.toString();
}

// The time the item was created at the platform: the filing's created_at, or now.
Result<qint64> createdAt(const QJsonObject &filing, qint64 nowMs)
{
    const QJsonValue value = filing.value(QStringLiteral("created_at"));
    if (value.isUndefined())
        return nowMs;
    const QDateTime parsed = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!value.isString() || !parsed.isValid() || parsed.timeSpec() == Qt::LocalTime)
        return invalid(QStringLiteral("'created_at' must be an ISO 8601 time with its zone, e.g. "
                                      "2026-12-02T08:00:00Z"));
    const qint64 ms = parsed.toMSecsSinceEpoch();
    if (ms > nowMs + MaxCreatedAheadMs || ms < nowMs - MaxCreatedAgoMs)
        return invalid(QStringLiteral("'created_at' must be within the last 30 days and not in the future"));
    return ms;
}

// The media entries of the payload, from what was uploaded (type and size from the stored bytes).
Result<QJsonArray> mediaEntries(ServiceStore &store, const QJsonObject &filing)
{
    static const QRegularExpression sha256Pattern(QStringLiteral("^[0-9a-f]{64}$"));
    const QJsonValue media = filing.value(QStringLiteral("media"));
    if (!media.isArray() || media.toArray().isEmpty() || media.toArray().size() > 16)
        return invalid(QStringLiteral("'media' must list 1 to 16 SHA-256 hashes of uploaded files"));
    QJsonArray entries;
    QStringList seen;
    for (const QJsonValue &value : media.toArray()) {
        const QString sha = value.toString();
        if (!sha256Pattern.match(sha).hasMatch() || seen.contains(sha))
            return invalid(QStringLiteral("'media' must list distinct lower-case hex SHA-256 hashes"));
        seen << sha;
        const auto stored = store.mediaInfo(sha);
        if (!stored)
            return makeError(QStringLiteral("media_missing"),
                             QStringLiteral("media %1 was not uploaded (PUT /v1/media/%1 first)").arg(sha));
        entries.append(QJsonObject{{QStringLiteral("sha256"), sha},
                                   {QStringLiteral("mime"), stored->first},
                                   {QStringLiteral("size"), double(stored->second)}});
    }
    return entries;
}

// The payload the service signs for a filing, checked by the workstation's own parser.
Result<QJsonObject> payloadFor(ServiceStore &store, const QJsonObject &policy, const QString &itemId,
                               const QJsonObject &filing, qint64 nowMs, qint64 *dueAtMs, int *priority,
                               QList<ListedMatch> *matches)
{
    static const QRegularExpression name(QStringLiteral("^[a-z0-9_]{1,64}$"));
    const QJsonValue queue = filing.value(QStringLiteral("queue"));
    if (!queue.isUndefined() && queue != QStringLiteral("escalations"))
        return invalid(
            QStringLiteral("'queue' is \"escalations\" (appeals are filed with POST /v1/appeals)"));
    auto category = text(filing, "category", 64);
    VEIL_TRY(category);
    const QJsonObject known = policy.value(QStringLiteral("category_labels")).toObject();
    if (!name.match(category.value()).hasMatch() || (!known.isEmpty() && !known.contains(category.value())))
        return invalid(QStringLiteral("'category' must be one of the policy's: %1")
                           .arg(known.keys().join(QStringLiteral(", "))));
    auto source = text(filing, "source", 64);
    VEIL_TRY(source);
    const QJsonValue p = filing.value(QStringLiteral("priority"));
    if (!p.isDouble() || p.toDouble() != double(p.toInt()) || p.toInt() < 0 || p.toInt() > 3)
        return invalid(QStringLiteral("'priority' must be an integer from 0 (normal) to 3 (urgent)"));
    *priority = p.toInt();
    auto created = createdAt(filing, nowMs);
    VEIL_TRY(created);
    auto clock = sla::SlaClock::fromPolicy(policy);
    VEIL_TRY(clock);
    auto target = clock->targetFor(QStringLiteral("escalations"), category.value(), *priority);
    VEIL_TRY(target);
    *dueAtMs = created.value() + target->targetMs;
    auto media = mediaEntries(store, filing);
    VEIL_TRY(media);
    // Marked where the reviewer sees it first, signed with the rest: the media are near a known list.
    QList<media::PdqHash> hashes;
    for (const QJsonValue &entry : std::as_const(media.value())) {
        auto known = store.families().mediaHash(entry.toObject().value(QStringLiteral("sha256")).toString());
        VEIL_TRY(known);
        if (known.value() && known.value()->quality >= NearDuplicateFamilies::MinQuality) {
            hashes.append(known.value()->hash);
            if (known.value()->mirrored) // a mirrored copy of listed material is the same material
                hashes.append(*known.value()->mirrored);
        }
    }
    auto listed = store.hashLists().match(hashes);
    VEIL_TRY(listed);
    *matches = listed.value();
    QJsonObject payload{
        {QStringLiteral("type"), QStringLiteral("veil.escalation.v1")},
        {QStringLiteral("item_id"), itemId},
        {QStringLiteral("source"), source.value()},
        {QStringLiteral("created_at"), isoUtc(created.value())},
        {QStringLiteral("due_at"), isoUtc(*dueAtMs)},
        {QStringLiteral("priority"), *priority},
        {QStringLiteral("category"), category.value()},
        {QStringLiteral("scores"), filing.value(QStringLiteral("scores"))},
        {QStringLiteral("prompt"), filing.value(QStringLiteral("prompt"))},
        {QStringLiteral("model_version"), filing.value(QStringLiteral("model_version"))},
        {QStringLiteral("account"), filing.value(QStringLiteral("account"))},
        {QStringLiteral("media"), media.value()},
    };
    if (!matches->isEmpty()) {
        payload.insert(QStringLiteral("hash_list_matches"), toJson(*matches));
    }
    // What the workstation would refuse is refused here, with the parser's reason.
    if (auto parsed = protocol::parseEscalation(payload); !parsed.ok())
        return invalid(parsed.error().message);
    return payload;
}

} // namespace

Result<UploadedMedia> uploadMedia(ServiceStore &store, const QString &sha256, const QByteArray &bytes)
{
    if (crypto::sha256Hex(bytes) != sha256)
        return makeError(QStringLiteral("hash_mismatch"),
                         QStringLiteral("the bytes do not hash to %1").arg(sha256));
    auto header = media::readImageHeader(bytes);
    if (!header.ok())
        return makeError(QStringLiteral("unsupported_media"),
                         QStringLiteral("not a JPEG, PNG or WebP image: %1").arg(header.error().message));
    UploadedMedia uploaded{sha256,        QStringLiteral("image/") + media::formatName(header->format),
                           header->width, header->height,
                           bytes.size(),  !store.mediaInfo(sha256).has_value()};
    if (!uploaded.created) {
        // Checked when it was stored; hashed then too, unless it was stored before the service kept hashes.
        auto known = store.families().mediaHash(sha256);
        VEIL_TRY(known);
        if (known.value())
            return uploaded;
    }
    // The whole image through the safe decoder (limits, scan counts): a file the workstation could not
    // open never reaches a reviewer's queue. At least 1024 px on its longer side for PDQ: small files
    // (most of a flood) are decoded whole, as the workstation decodes them, and a 40-megapixel one is not
    // decoded whole on the service's one thread for a hash that looks at 64x64 (it moves by a few bits).
    auto inspected = media::inspectImage(bytes);
    if (!inspected.ok())
        return makeError(QStringLiteral("undecodable_media"), inspected.error().message);
    auto decoded =
        media::decodeInspected(bytes, inspected.value(), media::reductionFor(inspected.value(), 1024));
    if (!decoded.ok())
        return makeError(QStringLiteral("undecodable_media"), decoded.error().message);
    auto tx = store::Transaction::begin(store.database());
    VEIL_TRY(tx);
    if (uploaded.created)
        VEIL_TRY(store.addMedia(sha256, uploaded.mime, bytes));
    VEIL_TRY(store.families().recordMedia(sha256, decoded->pixels));
    VEIL_TRY(tx->commit());
    return uploaded;
}

Result<IntakeAnswer> fileEscalation(ServiceStore &store, const QJsonObject &policy, const QString &pipeline,
                                    const QJsonObject &filing, qint64 nowMs)
{
    static const QRegularExpression externalIdPattern(QStringLiteral("^[A-Za-z0-9._:-]{1,128}$"));
    const QString externalId = filing.value(QStringLiteral("external_id")).toString();
    if (!externalIdPattern.match(externalId).hasMatch())
        return invalid(QStringLiteral("'external_id' must be 1 to 128 characters of A-Z a-z 0-9 . _ : -"));
    auto canonical = json::canonicalize(filing);
    VEIL_TRY(canonical);
    const QString bodyHash = crypto::sha256Hex(canonical.value());
    store::Database &db = store.database();
    auto earlier =
        db.queryRow("SELECT body_sha256, item_id FROM intake WHERE pipeline = ? AND external_id = ?",
                    pipeline, externalId);
    VEIL_TRY(earlier);
    if (earlier.value()) {
        if (earlier.value()->text(0) != bodyHash)
            return makeError(QStringLiteral("intake_conflict"),
                             QStringLiteral("%1 was filed before with another body").arg(externalId));
        // The same answer as the first time, marks included.
        auto marked = store.hashLists().matchesOf(earlier.value()->text(1));
        VEIL_TRY(marked);
        return IntakeAnswer{earlier.value()->text(1), true, marked.value()};
    }
    // The service's own id: the external id names the pipeline's item, not ours (and another pipeline may
    // use the same one).
    const QString itemId = QStringLiteral("in-") +
                           crypto::sha256Hex((pipeline + QLatin1Char('\n') + externalId).toUtf8()).left(24);
    qint64 dueAtMs = 0;
    int priority = 0;
    QList<ListedMatch> matches;
    auto payload = payloadFor(store, policy, itemId, filing, nowMs, &dueAtMs, &priority, &matches);
    VEIL_TRY(payload);
    auto tx = store::Transaction::begin(db);
    VEIL_TRY(tx);
    VEIL_TRY(store.addItem(QStringLiteral("escalations"), payload.value(), dueAtMs, priority));
    QStringList media;
    for (const QJsonValue &entry : payload->value(QStringLiteral("media")).toArray())
        media << entry.toObject().value(QStringLiteral("sha256")).toString();
    VEIL_TRY(store.families().assign(itemId, media));
    VEIL_TRY(store.hashLists().record(itemId, matches));
    VEIL_TRY(db.run("INSERT INTO intake(pipeline, external_id, body_sha256, item_id, received_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    pipeline, externalId, bodyHash, itemId, nowMs));
    VEIL_TRY(tx->commit());
    return IntakeAnswer{itemId, false, matches};
}

QJsonArray toJson(const QList<ListedMatch> &matches)
{
    QJsonArray marks;
    for (const ListedMatch &m : matches)
        marks.append(QJsonObject{{QStringLiteral("list"), m.list}, {QStringLiteral("distance"), m.distance}});
    return marks;
}

QJsonObject toJson(const DeliveredVerdict &v)
{
    QJsonObject entry{{QStringLiteral("seq"), double(v.seq)},
                      {QStringLiteral("external_id"), v.externalId},
                      {QStringLiteral("item_id"), v.itemId},
                      {QStringLiteral("verdict_id"), v.verdictId},
                      {QStringLiteral("verdict"), QString::fromUtf8(v.body)},
                      {QStringLiteral("signature"), toBase64Url(v.signature)},
                      {QStringLiteral("key_id"), v.keyId},
                      {QStringLiteral("device_public_key"), toBase64Url(v.devicePublicKey)}};
    if (!v.supersededBy.isEmpty())
        entry.insert(QStringLiteral("superseded_by"), v.supersededBy);
    if (!v.appealOf.isEmpty())
        entry.insert(QStringLiteral("appeal_of"), v.appealOf);
    return entry;
}

Result<QList<DeliveredVerdict>> verdictsFor(ServiceStore &store, const QString &pipeline, qint64 afterSeq,
                                            int limit)
{
    auto stmt = store.database().prepare(
        "SELECT d.seq, d.external_id, d.item_id, d.verdict_id, d.body, d.signature, d.key_id, k.public_key, "
        "COALESCE(d.superseded_by, ''), d.appeal_of FROM ("
        // From the pipeline's own items (intake's key) to their verdicts (verdicts_by_item): a quiet
        // pipeline's poll does not walk everyone's verdicts since its cursor.
        "SELECT v.seq, i.external_id, v.item_id, v.verdict_id, v.body, v.signature, v.key_id, "
        "v.superseded_by, "
        "'' AS appeal_of FROM intake i JOIN verdicts v ON v.item_id = i.item_id AND v.seq > ?1 "
        "WHERE i.pipeline = ?2 "
        "UNION ALL "
        // And the outcome of each appeal against one of those verdicts (items_by_appeal): the appeal item's
        // verdict, under the original item's external id.
        "SELECT v.seq, i.external_id, v.item_id, v.verdict_id, v.body, v.signature, v.key_id, "
        "v.superseded_by, "
        "a.appeal_of FROM intake i JOIN verdicts o ON o.item_id = i.item_id "
        "JOIN items a ON a.appeal_of = o.verdict_id AND a.queue = 'appeals' "
        "JOIN verdicts v ON v.item_id = a.item_id AND v.seq > ?1 WHERE i.pipeline = ?2"
        ") d LEFT JOIN devices k ON k.key_id = d.key_id ORDER BY d.seq LIMIT ?3");
    VEIL_TRY(stmt);
    stmt->bind(1, afterSeq).bind(2, pipeline).bind(3, qBound(1, limit, MaxDeliveredPerPage));
    QList<DeliveredVerdict> delivered;
    for (;;) {
        auto row = stmt->step();
        VEIL_TRY(row);
        if (!row.value())
            return delivered;
        delivered.append({stmt->int64(0), stmt->text(1), stmt->text(2), stmt->text(3), stmt->blob(4),
                          stmt->blob(5), stmt->text(6), stmt->blob(7), stmt->text(8), stmt->text(9)});
    }
}

} // namespace veil::service
