#include "protocol/Verdict.h"

#include "common/Base64Url.h"
#include "crypto/Ed25519.h"
#include "protocol/Uuid7.h"
#include "json/CanonicalJson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace veil::protocol {

namespace {

Error invalid(const QString &why)
{
    return makeError(QStringLiteral("invalid_decision"), why);
}

bool isSha256Hex(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9a-f]{64}$"));
    return pattern.match(text).hasMatch();
}

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

QByteArray SignedVerdict::toExportLine() const
{
    const QJsonObject line{{QStringLiteral("verdict"), QString::fromUtf8(body)},
                           {QStringLiteral("signature"), toBase64Url(signature)},
                           {QStringLiteral("key_id"), keyId}};
    return QJsonDocument(line).toJson(QJsonDocument::Compact);
}

Result<void> validate(const Decision &d)
{
    if (d.itemId.isEmpty() || d.itemId.size() > 128)
        return invalid(QStringLiteral("the item id must be 1-128 characters"));
    if (d.queue != QLatin1String("escalations") && d.queue != QLatin1String("appeals"))
        return invalid(QStringLiteral("the queue must be 'escalations' or 'appeals'"));
    if (d.decision.isEmpty() || d.decision.size() > 64)
        return invalid(QStringLiteral("a decision type is required"));
    if (d.evidenceSha256.isEmpty())
        return invalid(QStringLiteral("a verdict must name the evidence it was made on"));
    for (const QString &hash : d.evidenceSha256) {
        if (!isSha256Hex(hash))
            return invalid(QStringLiteral("evidence hashes must be lowercase hex SHA-256"));
    }
    if (d.labels.size() > MaxLabels)
        return invalid(QStringLiteral("at most %1 labels").arg(MaxLabels));
    for (const QString &label : d.labels) {
        if (label.isEmpty() || label.size() > 64)
            return invalid(QStringLiteral("labels must be 1-64 characters"));
    }
    if (d.rationale.size() > MaxRationaleChars)
        return invalid(QStringLiteral("the rationale is over %1 characters").arg(MaxRationaleChars));
    if (d.reviewer.isEmpty())
        return invalid(QStringLiteral("the reviewer is required"));
    if (!d.clusterId.isEmpty() && (d.clusterId.size() > 128 || d.representative.isEmpty() ||
                                   d.representative.size() > 128 || d.clusterSize < 1))
        return invalid(QStringLiteral("a cluster decision names its cluster, representative and size"));
    const bool appeal = d.queue == QLatin1String("appeals");
    if (appeal != !d.appealOf.isEmpty() || appeal != !d.outcome.isEmpty())
        return invalid(
            QStringLiteral("appeal verdicts (and only they) carry the appealed verdict and an outcome"));
    if (appeal && d.outcome != QLatin1String("uphold") && d.outcome != QLatin1String("overturn") &&
        d.outcome != QLatin1String("modify"))
        return invalid(QStringLiteral("the appeal outcome must be uphold, overturn or modify"));
    if (appeal != isSha256Hex(d.appealOfSha256))
        return invalid(
            QStringLiteral("an appeal verdict names the appealed verdict's SHA-256 (and only it does)"));
    if (!appeal && !d.internalNote.isEmpty())
        return invalid(QStringLiteral("internal notes belong to appeal verdicts"));
    if (d.internalNote.size() > MaxInternalNoteChars)
        return invalid(QStringLiteral("the internal note is over %1 characters").arg(MaxInternalNoteChars));
    if (!d.supersedes.isEmpty() && (d.supersedes.size() > 64 || !d.clusterId.isEmpty()))
        return invalid(QStringLiteral("a correction names the one verdict it supersedes (not a cluster)"));
    if (appeal && d.rationale.trimmed().isEmpty())
        return invalid(QStringLiteral("an appeal needs a reasoned message to the user"));
    if (const QStringList open = unfilledPlaceholders(d.rationale); appeal && !open.isEmpty())
        return invalid(
            QStringLiteral("fill in %1 in the message to the user").arg(open.join(QStringLiteral(", "))));
    return success();
}

QStringList verdictLabels(const QJsonObject &verdict)
{
    QStringList labels;
    for (const QJsonValue &label : verdict.value(QStringLiteral("labels")).toArray())
        labels << label.toString();
    return labels;
}

Result<void> checkOutcome(const QString &outcome, const QString &decision, const QStringList &labels,
                          const QJsonObject &original)
{
    const QString before = original.value(QStringLiteral("decision")).toString();
    QStringList was = verdictLabels(original), now = labels;
    was.sort();
    now.sort();
    now.removeDuplicates();
    const bool sameDecision = decision == before;
    if (outcome == QLatin1String("uphold") && (!sameDecision || was != now))
        return invalid(
            QStringLiteral("upholding keeps the decision under appeal (%1 with its labels)").arg(before));
    if (outcome == QLatin1String("overturn") && sameDecision)
        return invalid(QStringLiteral("overturning needs another decision than %1").arg(before));
    if (outcome == QLatin1String("modify") && sameDecision && was == now)
        return invalid(QStringLiteral("modifying changes the decision or its labels"));
    return success();
}

QStringList unfilledPlaceholders(const QString &text)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{[a-z_]{1,40}\\}"));
    QStringList found;
    for (auto it = placeholder.globalMatch(text); it.hasNext();)
        found << it.next().captured(0);
    return found;
}

Result<SignedVerdict> signVerdict(const Decision &d, const keys::DeviceKey &key, qint64 decidedAtMs)
{
    return signVerdict(d, key.signingKey(), decidedAtMs);
}

Result<SignedVerdict> signVerdict(const Decision &d, const crypto::ed25519::SigningKey &key,
                                  qint64 decidedAtMs)
{
    const QString keyId = crypto::ed25519::keyId(key.publicKey());
    VEIL_TRY(validate(d));
    QStringList evidence = d.evidenceSha256;
    evidence.sort();
    QStringList labels = d.labels;
    labels.sort();
    labels.removeDuplicates();
    const QString verdictId = newUuid7(decidedAtMs);
    QJsonObject body{{QStringLiteral("type"), QStringLiteral("veil.verdict.v1")},
                     {QStringLiteral("verdict_id"), verdictId},
                     {QStringLiteral("item_id"), d.itemId},
                     {QStringLiteral("queue"), d.queue},
                     {QStringLiteral("lease_id"), d.leaseId},
                     {QStringLiteral("evidence_sha256"), QJsonArray::fromStringList(evidence)},
                     {QStringLiteral("decision"), d.decision},
                     {QStringLiteral("labels"), QJsonArray::fromStringList(labels)},
                     {QStringLiteral("rationale"), d.rationale},
                     {QStringLiteral("decided_at"), isoUtc(decidedAtMs)},
                     {QStringLiteral("reviewer"), d.reviewer},
                     {QStringLiteral("device_key_id"), keyId},
                     {QStringLiteral("front_end"), d.frontEnd}};
    if (!d.clusterId.isEmpty())
        body.insert(QStringLiteral("cluster"),
                    QJsonObject{{QStringLiteral("id"), d.clusterId},
                                {QStringLiteral("representative"), d.representative},
                                {QStringLiteral("size"), d.clusterSize}});
    if (!d.appealOf.isEmpty()) {
        body.insert(QStringLiteral("appeal_of"), d.appealOf);
        body.insert(QStringLiteral("appeal_of_sha256"), d.appealOfSha256);
        body.insert(QStringLiteral("outcome"), d.outcome);
        if (!d.internalNote.isEmpty())
            body.insert(QStringLiteral("internal_note"), d.internalNote);
    }
    if (!d.supersedes.isEmpty())
        body.insert(QStringLiteral("supersedes"), d.supersedes);
    auto canonical = json::canonicalize(body);
    VEIL_TRY(canonical);
    auto signature = key.sign(canonical.value());
    VEIL_TRY(signature);
    return SignedVerdict{verdictId, d.itemId, canonical.value(), signature.value(), keyId};
}

Result<QJsonObject> verifyVerdict(QByteArrayView body, QByteArrayView signature, QByteArrayView publicKey)
{
    if (!crypto::ed25519::verify(publicKey, body, signature))
        return makeError(QStringLiteral("bad_signature"),
                         QStringLiteral("the verdict's signature does not verify"));
    auto canonical = json::canonicalizeText(body, 64 * 1024);
    if (!canonical.ok())
        return makeError(QStringLiteral("invalid_verdict"), canonical.error().message);
    if (canonical.value() != body)
        return makeError(QStringLiteral("not_canonical"),
                         QStringLiteral("the verdict is not in canonical form"));
    const QJsonObject object = QJsonDocument::fromJson(body.toByteArray()).object();
    if (object.value(QStringLiteral("type")).toString() != QLatin1String("veil.verdict.v1") ||
        !isUuid7(object.value(QStringLiteral("verdict_id")).toString()))
        return makeError(QStringLiteral("invalid_verdict"), QStringLiteral("not a veil.verdict.v1 document"));
    return object;
}

} // namespace veil::protocol
