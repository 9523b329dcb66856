// FeedPuller, a supervisor's side of sync: the team's decisions from the service's verdict feed, kept locally
// for the decision log and its exports, and reference items — the media of an item someone else decided,
// fetched into the vault under an id of its own for a supervisor to look at (a decision from the log, a QA
// sample), and shredded again when the supervisor is done with it.
#include "sync/FeedPuller.h"

#include "link/FeedStore.h"

#include "common/Base64Url.h"
#include "common/Log.h"
#include "crypto/Ed25519.h"
#include "crypto/Random.h"
#include "protocol/Escalation.h"
#include "protocol/Verdict.h"
#include "json/CanonicalJson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::sync {

namespace {

// What the decision log needs of an item, from its payload (an escalation or an appeal).
struct ItemFacts
{
    QString category;
    QString source;
    qint64 createdAtMs = 0;
    QList<protocol::MediaRef> media;
    // Escalations: what the automation knew, shown beside a QA sample as in the review view.
    QString prompt;
    QString modelVersion;
    QJsonObject scores;
};

Result<ItemFacts> itemFacts(const QJsonObject &payload)
{
    if (payload.value(QStringLiteral("type")) == QStringLiteral("veil.appeal.v1")) {
        auto appeal = protocol::parseAppeal(payload);
        VEIL_TRY(appeal);
        return ItemFacts{
            appeal->category, QStringLiteral("appeal"), appeal->notifiedAtMs, appeal->media, {}, {}, {}};
    }
    auto escalation = protocol::parseEscalation(payload);
    VEIL_TRY(escalation);
    return ItemFacts{escalation->category, escalation->source, escalation->createdAtMs,
                     escalation->media,    escalation->prompt, escalation->modelVersion,
                     escalation->scores};
}

// An item's payload checked against the service's signature and the id it was sent under; its facts.
Result<ItemFacts> checkedItem(const QJsonObject &payload, const QString &signature, const QString &itemId,
                              const QByteArray &servicePublicKey)
{
    auto canonical = json::canonicalize(payload);
    if (!canonical.ok() ||
        !crypto::ed25519::verify(servicePublicKey, canonical.value(), fromBase64Url(signature)))
        return makeError(QStringLiteral("bad_service_signature"),
                         QStringLiteral("the item's service signature does not verify"));
    if (payload.value(QStringLiteral("item_id")).toString() != itemId)
        return makeError(QStringLiteral("invalid_payload"),
                         QStringLiteral("the item and its payload disagree"));
    return itemFacts(payload);
}

QJsonArray mediaJson(const QList<protocol::MediaRef> &media)
{
    QJsonArray list;
    for (const protocol::MediaRef &ref : media)
        list.append(QJsonObject{{QStringLiteral("sha256"), ref.sha256},
                                {QStringLiteral("mime"), ref.mime},
                                {QStringLiteral("size"), double(ref.size)}});
    return list;
}

} // namespace

Result<int> FeedPuller::pullFeed(int pageSize)
{
    VEIL_TRY(m_session.connect());
    if (m_session.link().role != QLatin1String("supervisor"))
        return 0;
    store::Database &db = m_session.workspace().database();
    link::LinkStore links(db);
    auto savedCursor = links.feedCursor();
    VEIL_TRY(savedCursor);
    qint64 cursor = savedCursor.value();
    int added = 0;
    for (;;) {
        auto page = m_session.client().get(
            QStringLiteral("/v1/verdicts/feed?cursor=%1&limit=%2").arg(cursor).arg(pageSize));
        VEIL_TRY(page);
        const QJsonArray entries = page->json.value(QStringLiteral("verdicts")).toArray();
        if (entries.isEmpty())
            return added;
        auto tx = store::Transaction::begin(db);
        VEIL_TRY(tx);
        for (const QJsonValue &value : entries) {
            const QJsonObject entry = value.toObject();
            const qint64 seq = qint64(entry.value(QStringLiteral("seq")).toDouble());
            if (seq <= cursor)
                return makeError(QStringLiteral("bad_feed"), QStringLiteral("the feed went backwards"));
            cursor = seq;
            auto stored = storeFeedEntry(seq, entry);
            if (stored.ok()) {
                added++;
                continue;
            }
            // One bad entry is set aside with its reason; the rest of the feed goes on.
            m_ingestor.quarantine(
                QJsonDocument::fromJson(entry.value(QStringLiteral("verdict")).toString().toUtf8())
                    .object()
                    .value(QStringLiteral("item_id"))
                    .toString()
                    .left(128),
                stored.error());
        }
        VEIL_TRY(links.setFeedCursor(cursor));
        VEIL_TRY(tx->commit());
        if (entries.size() < pageSize)
            return added;
    }
}

Result<void> FeedPuller::storeFeedEntry(qint64 seq, const QJsonObject &entry)
{
    const QByteArray body = entry.value(QStringLiteral("verdict")).toString().toUtf8();
    // The verdict is checked against the key the service says signed it: a verdict altered on the way, or
    // stored altered, does not enter the log.
    auto verdict =
        protocol::verifyVerdict(body, fromBase64Url(entry.value(QStringLiteral("signature")).toString()),
                                fromBase64Url(entry.value(QStringLiteral("device_public_key")).toString()));
    VEIL_TRY(verdict);
    const QJsonObject &v = verdict.value();
    const QString itemId = v.value(QStringLiteral("item_id")).toString();
    auto facts = checkedItem(entry.value(QStringLiteral("item")).toObject(),
                             entry.value(QStringLiteral("item_signature")).toString(), itemId,
                             m_session.link().servicePublicKey);
    VEIL_TRY(facts);
    const QDateTime decided =
        QDateTime::fromString(v.value(QStringLiteral("decided_at")).toString(), Qt::ISODateWithMs);
    link::FeedEntry row;
    row.seq = seq;
    row.verdictId = v.value(QStringLiteral("verdict_id")).toString();
    row.itemId = itemId;
    row.queue = v.value(QStringLiteral("queue")).toString();
    row.reviewer = v.value(QStringLiteral("reviewer")).toString();
    row.decision = v.value(QStringLiteral("decision")).toString();
    row.category = facts->category;
    row.source = facts->source;
    row.createdAtMs = facts->createdAtMs;
    row.decidedAtMs = decided.isValid() ? decided.toMSecsSinceEpoch() : qint64(0);
    row.verdict = body;
    row.media = mediaJson(facts->media);
    return link::FeedStore(m_session.workspace().database()).addEntry(row);
}

Result<QString> FeedPuller::openRecord(const QString &itemId)
{
    auto latest = link::FeedStore(m_session.workspace().database()).latestOn(itemId);
    VEIL_TRY(latest);
    const QString category = latest->first;
    QList<protocol::MediaRef> media;
    for (const QJsonValue &m : std::as_const(latest->second)) {
        const QJsonObject o = m.toObject();
        media.append({o.value(QStringLiteral("sha256")).toString(),
                      o.value(QStringLiteral("mime")).toString(),
                      qint64(o.value(QStringLiteral("size")).toDouble())});
    }
    return storeReference(itemId, QStringLiteral("record"), category, media);
}

Result<QString> FeedPuller::openQaSample(const QJsonObject &sample)
{
    VEIL_TRY(m_session.connect());
    const QString itemId = sample.value(QStringLiteral("item_id")).toString();
    auto facts = checkedItem(sample.value(QStringLiteral("payload")).toObject(),
                             sample.value(QStringLiteral("payload_signature")).toString(), itemId,
                             m_session.link().servicePublicKey);
    VEIL_TRY(facts);
    auto vaultId = storeReference(itemId, QStringLiteral("qa"), facts->category, facts->media);
    VEIL_TRY(vaultId);
    // The prompt is sealed like any evidence; source, model and scores are item facts, kept in the clear.
    auto sealed = m_session.workspace().vault()->sealField(vaultId.value(), QStringLiteral("prompt"),
                                                           facts->prompt.toUtf8());
    VEIL_TRY(sealed);
    const QJsonObject known{{QStringLiteral("source"), facts->source},
                            {QStringLiteral("model_version"), facts->modelVersion},
                            {QStringLiteral("scores"), facts->scores}};
    VEIL_TRY(link::FeedStore(m_session.workspace().database())
                 .setReferenceFacts(vaultId.value(), sealed.value(), known));
    return vaultId;
}

Result<QJsonObject> FeedPuller::referenceFacts(const QString &vaultId)
{
    auto reference = link::FeedStore(m_session.workspace().database()).reference(vaultId);
    VEIL_TRY(reference);
    QJsonObject facts = reference->facts;
    facts.insert(QStringLiteral("category"), reference->category);
    if (reference->sealedPrompt) {
        auto prompt = m_session.workspace().vault()->openField(vaultId, QStringLiteral("prompt"),
                                                               *reference->sealedPrompt);
        VEIL_TRY(prompt);
        facts.insert(QStringLiteral("prompt"), QString::fromUtf8(prompt.value()));
    }
    return facts;
}

Result<QString> FeedPuller::storeReference(const QString &itemId, const QString &purpose,
                                           const QString &category, const QList<protocol::MediaRef> &media)
{
    VEIL_TRY(m_session.connect());
    auto files = m_ingestor.fetchMedia(media, nullptr);
    VEIL_TRY(files);
    vault::Vault &vault = *m_session.workspace().vault();
    // An id of its own per look: the item may be in this vault already (this supervisor's own queue), and a
    // shredded id cannot be used again.
    const QString vaultId = QStringLiteral("ref-") + crypto::randomId();
    auto tx = store::Transaction::begin(m_session.workspace().database());
    VEIL_TRY(tx);
    VEIL_TRY(vault.createItem(vaultId));
    QJsonArray stored;
    for (const auto &[ref, bytes] : std::as_const(files.value())) {
        auto blobId = vault.storeBlob(vaultId, QStringLiteral("media:") + ref.sha256, bytes);
        VEIL_TRY(blobId);
        stored.append(QJsonObject{{QStringLiteral("sha256"), ref.sha256},
                                  {QStringLiteral("mime"), ref.mime},
                                  {QStringLiteral("size"), double(bytes.size())},
                                  {QStringLiteral("blob_id"), blobId.value()}});
    }
    VEIL_TRY(link::FeedStore(m_session.workspace().database())
                 .addReference({vaultId, itemId, purpose, category, stored, {}, std::nullopt},
                               QDateTime::currentMSecsSinceEpoch()));
    VEIL_TRY(m_session.workspace().auditLog().append(
        QStringLiteral("reference.open"), itemId,
        {{QStringLiteral("purpose"), purpose}, {QStringLiteral("vault_id"), vaultId}}));
    VEIL_TRY(tx->commit());
    return vaultId;
}

Result<void> FeedPuller::dropReference(const QString &vaultId)
{
    link::FeedStore feed(m_session.workspace().database());
    auto reference = feed.reference(vaultId);
    VEIL_TRY(reference);
    const QString itemId = reference->itemId;
    VEIL_TRY(m_session.workspace().vault()->shredItem(vaultId));
    auto tx = store::Transaction::begin(m_session.workspace().database());
    VEIL_TRY(tx);
    VEIL_TRY(feed.removeReference(vaultId));
    VEIL_TRY(m_session.workspace().auditLog().append(QStringLiteral("reference.shred"), itemId,
                                                     {{QStringLiteral("vault_id"), vaultId}}));
    return tx->commit();
}

Result<int> FeedPuller::dropAllReferences()
{
    auto ids = link::FeedStore(m_session.workspace().database()).referenceIds();
    VEIL_TRY(ids);
    // Each on its own: one that cannot be shredded now does not keep the others on disk.
    int dropped = 0;
    Result<void> failed = success();
    for (const QString &id : std::as_const(ids.value())) {
        if (auto done = dropReference(id); done.ok())
            ++dropped;
        else
            failed = done;
    }
    if (!failed.ok())
        return failed.error();
    return dropped;
}

} // namespace veil::sync
