// Ingestor: leased items in, in two steps so the database is never locked while the network is slow:
// prepare (no transaction: the service's signature, the payload, the media downloaded, hashed and decoded
// hostile-safe) and store (a short transaction: sealed into the vault and queued with its SLA clock). A
// bad item is quarantined with the reason; one whose bytes did not arrive whole is given back.
#include "sync/Ingestor.h"

#include "queue/QueueStore.h"

#include "common/Base64Url.h"
#include "common/Log.h"
#include "crypto/Ed25519.h"
#include "crypto/Sha256.h"
#include "protocol/Escalation.h"
#include "queue/SlaLedger.h"
#include "json/CanonicalJson.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil::sync {

namespace {

Error invalidPayload(const QString &why)
{
    return makeError(QStringLiteral("invalid_payload"), why);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

void Ingestor::setMediaSettings(const media::MediaSettings &settings)
{
    m_mediaSettings = settings;
    m_media.reset();
}

media::MediaCatalog &Ingestor::mediaCatalog()
{
    // Faces are not looked for here: the review view finds them when a clear rendition first needs them.
    if (!m_media)
        m_media = std::make_unique<media::MediaCatalog>(m_session.workspace().database(), m_mediaSettings);
    return *m_media;
}

// The service's claim history of the item, as sent with the lease; a service that does not send it: this
// claim is the first.
sla::ClaimHistory Ingestor::claimHistory(const QJsonObject &lease)
{
    const qint64 now = nowMs();
    const auto ms = [&](const char *key) {
        const QJsonValue v = lease.value(QLatin1String(key));
        return v.isDouble() && v.toDouble() > 0 ? qint64(v.toDouble()) : now;
    };
    return {ms("first_claimed_at_ms"), ms("last_claimed_at_ms"),
            std::max(1, lease.value(QStringLiteral("claims")).toInt(1))};
}

void Ingestor::quarantine(const QString &itemId, const Error &reason)
{
    qCWarning(lcSync) << "quarantined item" << itemId << reason.code;
    auto stmt = m_session.workspace().database().prepare(
        "INSERT INTO quarantine(item_id, reason_code, reason, at) VALUES (?, ?, ?, ?)");
    if (!stmt.ok())
        return;
    stmt->bind(1, itemId).bind(2, reason.code).bind(3, reason.message.left(500)).bind(4, nowMs());
    (void)stmt->run();
    (void)m_session.workspace().auditLog().append(QStringLiteral("item.quarantine"), itemId,
                                                  {{QStringLiteral("reason"), reason.code}});
}

Result<Ingestor::Files> Ingestor::download(const QList<protocol::MediaRef> &media)
{
    VEIL_TRY(m_session.connect());
    Files files;
    for (const protocol::MediaRef &ref : media) {
        auto fetched = m_session.client().get(QStringLiteral("/v1/media/") + ref.sha256);
        VEIL_TRY(fetched);
        if (fetched->body.size() > protocol::MaxMediaBytes)
            return makeError(QStringLiteral("media_too_large"), QStringLiteral("media over the size limit"));
        if (crypto::sha256Hex(fetched->body) != ref.sha256)
            return makeError(QStringLiteral("media_hash_mismatch"),
                             QStringLiteral("media bytes do not match their SHA-256"));
        files.append({ref, fetched->body});
    }
    return files;
}

Result<QList<media::MediaFacts>> Ingestor::analyseFiles(const Files &files,
                                                        const QList<std::optional<media::MediaFacts>> &known,
                                                        const media::DecodeLimits &limits,
                                                        media::PdqHasher &hasher)
{
    QList<media::MediaFacts> facts;
    for (qsizetype i = 0; i < files.size(); ++i) {
        const auto &[ref, bytes] = files.at(i);
        if (i < known.size() && known.at(i)) {
            facts.append(*known.at(i));
        } else {
            // Hostile-safe decode before anything is stored: a file that fails it quarantines the item.
            auto fresh = media::MediaCatalog::analyseFresh(bytes, ref.sha256, limits, hasher);
            VEIL_TRY(fresh);
            facts.append(std::move(fresh).value());
        }
        const media::ImageFormat format = facts.last().header.format;
        if (ref.mime != QLatin1String("image/") + media::formatName(format))
            return makeError(QStringLiteral("media_type_mismatch"),
                             QStringLiteral("declared %1, but the bytes are %2")
                                 .arg(ref.mime.left(40), media::formatName(format)));
    }
    return facts;
}

QList<std::optional<media::MediaFacts>> Ingestor::knownFacts(const Files &files)
{
    QList<std::optional<media::MediaFacts>> known;
    for (const auto &[ref, bytes] : files)
        known.append(mediaCatalog().factsKnown(bytes, ref.sha256));
    return known;
}

void Ingestor::rememberFresh(const QList<std::optional<media::MediaFacts>> &known,
                             const QList<media::MediaFacts> &facts)
{
    // Downloaded bytes were checked against their SHA-256, so the facts speak for the file.
    for (qsizetype i = 0; i < facts.size(); ++i) {
        if (i >= known.size() || !known.at(i))
            mediaCatalog().remember(facts.at(i));
    }
}

Result<Ingestor::Files> Ingestor::fetchMedia(const QList<protocol::MediaRef> &media,
                                             QList<media::MediaFacts> *facts)
{
    auto files = download(media);
    VEIL_TRY(files);
    const auto known = knownFacts(files.value());
    auto analysed = analyseFiles(files.value(), known, mediaCatalog().settings().limits, m_hashers.back());
    VEIL_TRY(analysed);
    rememberFresh(known, analysed.value());
    if (facts)
        *facts = std::move(analysed).value();
    return files;
}

Result<Ingestor::PreparedItem> Ingestor::prepareItem(const QJsonObject &lease)
{
    PreparedItem item;
    item.lease = lease;
    const QJsonObject payload = lease.value(QStringLiteral("payload")).toObject();
    auto canonical = json::canonicalize(payload);
    if (!canonical.ok() ||
        !crypto::ed25519::verify(m_session.link().servicePublicKey, canonical.value(),
                                 fromBase64Url(lease.value(QStringLiteral("payload_signature")).toString())))
        return makeError(QStringLiteral("bad_service_signature"),
                         QStringLiteral("the payload's service signature does not verify"));
    // Escalations and appeals land in the same local queue; appeals keep what the appeal handler needs
    // (the contested verdict, who made it) and seal the user's statement.
    if (payload.value(QStringLiteral("type")) == QStringLiteral("veil.appeal.v1")) {
        auto appeal = protocol::parseAppeal(payload);
        VEIL_TRY(appeal);
        item.queue = QStringLiteral("appeals");
        item.escalation.itemId = appeal->itemId;
        item.escalation.source = QStringLiteral("appeal");
        item.escalation.category = appeal->category;
        item.escalation.priority = appeal->priority;
        item.escalation.dueAtMs = appeal->dueAtMs;
        item.escalation.media = appeal->media;
        item.statement = appeal->statement;
        item.notifiedAtMs = appeal->notifiedAtMs;
        item.appealInfo = {{QStringLiteral("appeal_of"), appeal->appealOf},
                           {QStringLiteral("original_item_id"), appeal->originalItemId},
                           {QStringLiteral("original_reviewer"), appeal->originalReviewer},
                           {QStringLiteral("original_verdict"), appeal->originalVerdict},
                           {QStringLiteral("notified_at_ms"), double(appeal->notifiedAtMs)}};
    } else {
        auto parsed = protocol::parseEscalation(payload);
        VEIL_TRY(parsed);
        item.escalation = parsed.value();
    }
    if (lease.value(QStringLiteral("item_id")).toString() != item.escalation.itemId)
        return invalidPayload(QStringLiteral("the lease and its payload disagree"));
    item.leaseId = lease.value(QStringLiteral("lease_id")).toString();
    if (item.leaseId.isEmpty() || item.leaseId.size() > 64)
        return invalidPayload(QStringLiteral("the lease has no valid lease_id"));
    const QJsonValue expires = lease.value(QStringLiteral("expires_at_ms"));
    if (!expires.isDouble())
        return invalidPayload(QStringLiteral("the lease has no expiry"));
    item.expiresAtMs = qint64(expires.toDouble());
    // Already here (a re-lease): the sealed evidence stays, nothing is downloaded; storeReLease decides.
    item.reLease = m_session.workspace().vault()->hasItem(item.escalation.itemId);
    if (item.reLease)
        return item;
    auto fetched = download(item.escalation.media);
    VEIL_TRY(fetched);
    item.files = std::move(fetched).value();
    for (const auto &file : std::as_const(item.files))
        item.bytes += file.second.size();
    item.known = knownFacts(item.files);
    return item;
}

Result<bool> Ingestor::storeItem(const PreparedItem &item, SyncReport &report)
{
    if (item.reLease)
        return storeReLease(item, report);
    const protocol::Escalation &escalation = item.escalation;
    queue::SlaLedger ledger(m_session.workspace().database(), m_session.workspace().auditLog());
    vault::Vault &vault = *m_session.workspace().vault();
    auto tx = store::Transaction::begin(m_session.workspace().database());
    VEIL_TRY(tx);
    VEIL_TRY(vault.createItem(escalation.itemId));
    QList<queue::StoredMedia> stored;
    for (const auto &[ref, bytes] : item.files) {
        auto blobId = vault.storeBlob(escalation.itemId, QStringLiteral("media:") + ref.sha256, bytes);
        VEIL_TRY(blobId);
        stored.append({ref.sha256, ref.mime, bytes.size(), blobId.value()});
    }
    auto sealedPrompt =
        vault.sealField(escalation.itemId, QStringLiteral("prompt"), escalation.prompt.toUtf8());
    VEIL_TRY(sealedPrompt);
    auto sealedAccount =
        vault.sealField(escalation.itemId, QStringLiteral("account"), escalation.account.toUtf8());
    VEIL_TRY(sealedAccount);
    auto sealedStatement =
        vault.sealField(escalation.itemId, QStringLiteral("statement"), item.statement.toUtf8());
    VEIL_TRY(sealedStatement);
    queue::NewQueueItem row;
    row.itemId = escalation.itemId;
    row.queue = item.queue;
    row.leaseId = item.leaseId;
    row.leaseExpiresAtMs = item.expiresAtMs;
    row.source = escalation.source;
    row.category = escalation.category;
    row.priority = escalation.priority;
    row.dueAtMs = escalation.dueAtMs;
    row.scores = escalation.scores;
    row.modelVersion = escalation.modelVersion;
    row.media = stored;
    row.sealedPrompt = sealedPrompt.value();
    row.sealedAccount = sealedAccount.value();
    row.sealedStatement = sealedStatement.value();
    row.payloadSignature = fromBase64Url(item.lease.value(QStringLiteral("payload_signature")).toString());
    row.ingestedAtMs = nowMs();
    row.appeal = item.appealInfo;
    VEIL_TRY(queue::QueueStore(m_session.workspace().database()).insert(row));
    // The clock starts when the item was created, or for an appeal when the user was notified.
    const qint64 startedAt =
        item.queue == QLatin1String("appeals") ? item.notifiedAtMs : escalation.createdAtMs;
    VEIL_TRY(ledger.start(escalation.itemId,
                          queue::SlaLedger::stamp(m_slaClock ? &*m_slaClock : nullptr, item.queue,
                                                  escalation.category, escalation.priority, startedAt,
                                                  escalation.dueAtMs),
                          claimHistory(item.lease)));
    VEIL_TRY(mediaCatalog().record(escalation.itemId, item.facts));
    QList<media::HashListMatch> marked;
    for (const protocol::HashListMark &mark : escalation.hashListMatches)
        marked.append({0, mark.list, mark.distance});
    VEIL_TRY(mediaCatalog().recordServiceMatches(escalation.itemId, marked));
    VEIL_TRY(m_session.workspace().auditLog().append(QStringLiteral("item.ingest"), escalation.itemId,
                                                     {{QStringLiteral("media"), int(item.files.size())}}));
    VEIL_TRY(tx->commit());
    return true;
}

Result<void> Ingestor::ingestLeases(const QJsonArray &leases, SyncReport &report)
{
    VEIL_TRY(m_session.connect());
    // What is ready is committed in groups (each item still succeeds or is quarantined on its own, in a
    // savepoint): one commit per item costs an fsync each. No transaction is open while anything downloads,
    // so the reviewer, on another connection, can always decide.
    std::vector<PreparedItem> ready;
    qint64 readyBytes = 0;
    QElapsedTimer oldest;
    const auto flush = [&]() -> Result<void> {
        if (ready.empty())
            return success();
        auto tx = store::Transaction::begin(m_session.workspace().database());
        VEIL_TRY(tx);
        for (const PreparedItem &item : ready) {
            auto stored = storeItem(item, report);
            if (!stored.ok()) {
                quarantine(item.escalation.itemId, stored.error());
                report.quarantined++;
            } else if (stored.value()) {
                report.ingested++;
            }
        }
        ready.clear();
        readyBytes = 0;
        return tx->commit();
    };
    const int total = int(leases.size());
    int done = 0;
    const auto progressed = [&] {
        if (m_progress)
            m_progress(++done, total);
    };
    // Decoding and hashing, most of an item's CPU, run in a worker while the next item downloads (the other
    // core): at most AnalysisDepth items in flight, finished in lease order, each worker with its own hasher.
    // An item's files are all downloaded before any is decoded (a transport failure then gives the item back
    // even when an earlier file would not have decoded: its next lease quarantines it). Two decodes at once
    // can hold twice the decoder's pixel limit in memory.
    struct InFlight
    {
        PreparedItem item;
        std::future<Result<QList<media::MediaFacts>>> facts; // none: nothing left to analyse
    };
    std::deque<InFlight> inFlight;
    int nextHasher = 0;
    const auto finishOldest = [&] {
        InFlight oldestItem = std::move(inFlight.front());
        inFlight.pop_front();
        PreparedItem &item = oldestItem.item;
        if (oldestItem.facts.valid()) {
            auto facts = oldestItem.facts.get();
            if (!facts.ok()) {
                quarantine(item.escalation.itemId, facts.error());
                report.quarantined++;
                progressed();
                return;
            }
            rememberFresh(item.known, facts.value());
            item.facts = std::move(facts).value();
        }
        if (ready.empty())
            oldest.start();
        readyBytes += item.bytes;
        ready.push_back(std::move(item));
        progressed();
    };
    for (qsizetype i = 0; i < leases.size(); ++i) {
        const QJsonObject lease = leases.at(i).toObject();
        if (m_session.roundDeadline().hasExpired()) {
            m_leases.giveBack(lease, QStringLiteral("round_deadline"));
            report.returned++;
            progressed();
        } else if (auto prepared = prepareItem(lease); prepared.ok()) {
            if (inFlight.size() >= AnalysisDepth)
                finishOldest();
            InFlight next{std::move(prepared).value(), {}};
            if (!next.item.reLease) {
                // Copies share the bytes (QByteArray is implicitly shared, its count atomic); the hasher is
                // this job's alone: the one that used it last has finished (at most AnalysisDepth in flight).
                media::PdqHasher &hasher = m_hashers.at(size_t(nextHasher++ % AnalysisDepth));
                // Files all known already (a flood re-posting one file) only have their type checked, here.
                const bool fresh = std::any_of(next.item.known.cbegin(), next.item.known.cend(),
                                               [](const auto &facts) { return !facts; });
                next.facts =
                    std::async(fresh ? std::launch::async | std::launch::deferred : std::launch::deferred,
                               [files = next.item.files, known = next.item.known,
                                limits = mediaCatalog().settings().limits,
                                &hasher] { return analyseFiles(files, known, limits, hasher); });
            }
            inFlight.push_back(std::move(next));
        } else if (ServiceClient::isTransportFailure(prepared.error())) {
            // The bytes, not the item: given back, never quarantined for good.
            qCInfo(lcSync) << "item given back:" << prepared.error().code;
            m_leases.giveBack(lease, prepared.error().code);
            report.returned++;
            progressed();
        } else {
            quarantine(lease.value(QStringLiteral("item_id")).toString().left(128), prepared.error());
            report.quarantined++;
            progressed();
        }
        if (readyBytes >= FlushBytes || (!ready.empty() && oldest.elapsed() >= CommitEveryMs))
            VEIL_TRY(flush());
    }
    while (!inFlight.empty())
        finishOldest();
    return flush();
}

} // namespace veil::sync
