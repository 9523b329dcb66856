// ServiceApi's verdict intake: each pushed verdict judged on its own (key, signature, canonical form,
// replay, reviewer, role, policy, decided_at, lease or correction, evidence binding), one answer per entry.
#include "ServiceApi.h"

#include "Policy.h"
#include "common/Base64Url.h"
#include "crypto/Sha256.h"
#include "protocol/PolicyRules.h"
#include "protocol/Verdict.h"
#include "servicestore/TeamStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QThread>

#include <system_error>
#include <thread>

namespace veil::service {

Q_DECLARE_LOGGING_CATEGORY(lcService)

namespace {

// Unix ms of a protocol timestamp; 0 when it is not one.
qint64 isoMs(const QString &text)
{
    const QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    return at.isValid() ? at.toMSecsSinceEpoch() : 0;
}

QJsonObject result(const QString &verdictId, const char *status, const QString &code = {},
                   const QString &reason = {})
{
    QJsonObject object{{QStringLiteral("verdict_id"), verdictId},
                       {QStringLiteral("status"), QLatin1String(status)}};
    if (!code.isEmpty()) {
        object.insert(QStringLiteral("code"), code);
        object.insert(QStringLiteral("reason"), reason);
    }
    return object;
}

} // namespace

std::vector<std::optional<ServiceApi::CheckedSignature>>
ServiceApi::checkSignatures(const QJsonArray &entries)
{
    // A batch's signatures checked on every core before its transaction: Ed25519 verification is most of
    // the intake's CPU. Only a memo — each entry is judged in verdictResult exactly as before, and uses a
    // check made here only when the key its device has then is the key it was made with. A key not found
    // here (or a failed lookup) is simply checked there.
    std::vector<std::optional<CheckedSignature>> checked(size_t(entries.size()));
    const int threads = int(std::min<qsizetype>(qMax(1, QThread::idealThreadCount()), 4));
    if (threads < 2 || entries.size() < 16)
        return checked;
    QHash<QString, QByteArray> keys;
    struct Job
    {
        QByteArray body, signature, publicKey;
    };
    std::vector<Job> jobs(checked.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject wrapper = entries.at(i).toObject();
        const QString keyId = wrapper.value(QStringLiteral("key_id")).toString();
        if (keyId.isEmpty())
            continue;
        if (!keys.contains(keyId)) {
            const auto device = m_store.deviceByKeyId(keyId);
            keys.insert(keyId, device.ok() && device.value() ? device.value()->publicKey : QByteArray());
        }
        jobs[size_t(i)] = {wrapper.value(QStringLiteral("verdict")).toString().toUtf8(),
                           fromBase64Url(wrapper.value(QStringLiteral("signature")).toString()),
                           keys.value(keyId)};
    }
    auto work = [&](int first) {
        for (size_t i = size_t(first); i < jobs.size(); i += size_t(threads)) {
            const Job &job = jobs[i];
            if (!job.body.isEmpty() && !job.signature.isEmpty() && !job.publicKey.isEmpty())
                checked[i] = CheckedSignature{
                    job.publicKey, protocol::verifyVerdict(job.body, job.signature, job.publicKey)};
        }
    };
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t) {
        try {
            helpers.emplace_back(work, t);
        } catch (const std::system_error &) {
            break; // no thread to be had: those entries are checked inline when judged
        }
    }
    work(0);
    for (std::thread &helper : helpers)
        helper.join();
    return checked;
}

ApiResponse ServiceApi::verdicts(const Reviewer &reviewer, const QJsonObject &body)
{
    const QJsonArray entries = body.value(QStringLiteral("verdicts")).toArray();
    if (entries.isEmpty() || entries.size() > m_options.maxBatch)
        return error(400, QStringLiteral("invalid_request"),
                     QStringLiteral("send 1 to %1 verdicts in a batch").arg(m_options.maxBatch));
    const auto checked = checkSignatures(entries);
    // One transaction (one fsync) for the batch; each verdict still succeeds or fails on its own inside
    // it (nested savepoints), so one bad verdict never costs the rest of the batch.
    auto tx = store::Transaction::begin(m_store.database());
    if (!tx.ok())
        return error(503, tx.error().code, QStringLiteral("the service is busy; retry"));
    QJsonArray results;
    for (qsizetype i = 0; i < entries.size(); ++i)
        results.append(verdictResult(reviewer, entries.at(i), checked[size_t(i)]));
    if (auto committed = tx->commit(); !committed.ok())
        return error(503, committed.error().code, QStringLiteral("the batch could not be stored; retry"));
    return json(200, {{QStringLiteral("results"), results}});
}

QJsonObject ServiceApi::verdictResult(const Reviewer &reviewer, const QJsonValue &entry,
                                      const std::optional<CheckedSignature> &checked)
{
    const QJsonObject wrapper = entry.toObject();
    const QByteArray body = wrapper.value(QStringLiteral("verdict")).toString().toUtf8();
    const QByteArray signature = fromBase64Url(wrapper.value(QStringLiteral("signature")).toString());
    const QString keyId = wrapper.value(QStringLiteral("key_id")).toString();
    const QString claimedId =
        QJsonDocument::fromJson(body).object().value(QStringLiteral("verdict_id")).toString();
    if (body.isEmpty() || signature.isEmpty() || keyId.isEmpty())
        return result(claimedId, "rejected", QStringLiteral("malformed"),
                      QStringLiteral("each entry needs verdict, signature and key_id"));
    const auto found = m_store.deviceByKeyId(keyId);
    // The store's failure is not an answer about the key: the entry is sent again, never rejected for it.
    if (!found.ok())
        return result(claimedId, "retry", found.error().code, found.error().message);
    const std::optional<Device> &device = found.value();
    if (!device)
        return result(claimedId, "rejected", QStringLiteral("unknown_key"),
                      QStringLiteral("no device with that key"));
    if (device->reviewer != reviewer.name)
        return result(claimedId, "rejected", QStringLiteral("key_not_yours"),
                      QStringLiteral("the key belongs to another reviewer"));
    auto verified = checked && checked->publicKey == device->publicKey
                        ? checked->verdict
                        : protocol::verifyVerdict(body, signature, device->publicKey);
    if (!verified.ok())
        return result(claimedId, "rejected", verified.error().code, verified.error().message);
    const QJsonObject v = verified.value();
    const QString verdictId = v.value(QStringLiteral("verdict_id")).toString();
    // The signer's clock is not trusted either: a decision cannot be made in the future, nor (below) before
    // the lease it was made on.
    const qint64 decidedAt = isoMs(v.value(QStringLiteral("decided_at")).toString());
    if (decidedAt <= 0 || decidedAt > now() + m_options.maxDecidedAtSkewMs)
        return result(verdictId, "rejected", QStringLiteral("decided_at_out_of_bounds"),
                      QStringLiteral("decided_at is in the future by the service's clock"));
    if (const auto existing = m_store.verdict(verdictId)) {
        if (existing->body == body)
            return result(verdictId, "duplicate");
        return result(verdictId, "rejected", QStringLiteral("verdict_id_reused"),
                      QStringLiteral("a different verdict was already accepted under this id"));
    }
    // Accepted once and archived since: the same bytes are still the same verdict (an outbox that was
    // offline for months is told so), other bytes under its id are still refused.
    const auto archived = m_store.archivedVerdict(verdictId);
    if (!archived.ok())
        return result(verdictId, "retry", archived.error().code, archived.error().message);
    if (archived.value()) {
        if (archived.value()->bodySha256 == crypto::sha256Hex(body))
            return result(verdictId, "duplicate");
        return result(verdictId, "rejected", QStringLiteral("verdict_id_reused"),
                      QStringLiteral("a different verdict was already accepted under this id"));
    }
    if (v.value(QStringLiteral("reviewer")).toString() != reviewer.name ||
        v.value(QStringLiteral("device_key_id")).toString() != keyId)
        return result(verdictId, "rejected", QStringLiteral("reviewer_mismatch"),
                      QStringLiteral("the verdict names another reviewer or key"));
    const QString queue = v.value(QStringLiteral("queue")).toString();
    if (!canServe(reviewer, queue)) {
        qCWarning(lcService) << "denied verdict" << verdictId << "of" << reviewer.name << "as"
                             << reviewer.role << "on queue" << queue;
        return result(verdictId, "rejected", QStringLiteral("forbidden"),
                      QStringLiteral("role cannot decide this queue"));
    }
    const QString decision = v.value(QStringLiteral("decision")).toString();
    const QStringList labels = protocol::verdictLabels(v);
    // A known decision type, known labels, none on a type that restricts nothing, one where required: the
    // same rule the workstation applies before it signs.
    if (auto coherent = protocol::checkDecisionLabels(m_policy, decision, labels); !coherent.ok())
        return result(verdictId, "rejected", QStringLiteral("policy_violation"), coherent.error().message);
    // The team's rules (a label, a rationale on every decision) hold whatever the workstation did. The label
    // rule binds the decision types that carry labels: one that restricts nothing names no violation.
    if (queue == QLatin1String("escalations")) {
        auto team = loadTeamSettings(m_store);
        if (team.ok())
            team->requireLabel = team->requireLabel && protocol::decisionTakesLabels(m_policy, decision);
        if (const QString refusal =
                team.ok() ? team->refusal(decision, labels, v.value(QStringLiteral("rationale")).toString())
                          : QString();
            !refusal.isEmpty())
            return result(verdictId, "rejected", QStringLiteral("policy_violation"), refusal);
    }
    const QJsonValue supersedesValue = v.value(QStringLiteral("supersedes"));
    const QString supersedes = supersedesValue.toString();
    if (!supersedesValue.isUndefined() &&
        (supersedes.isEmpty() || supersedes.size() > 64 || v.contains(QStringLiteral("cluster"))))
        return result(verdictId, "rejected", QStringLiteral("invalid_verdict"),
                      QStringLiteral("a correction names the one verdict it supersedes (not a cluster)"));
    const QString itemId = v.value(QStringLiteral("item_id")).toString();
    const auto item = m_store.itemLease(itemId);
    if (!item) {
        const auto archive = m_store.archiveOf(itemId);
        if (!archive.ok())
            return result(verdictId, "retry", archive.error().code, archive.error().message);
        if (archive.value())
            return result(verdictId, "rejected", QStringLiteral("item_archived"),
                          QStringLiteral("the item was decided and archived"));
        return result(verdictId, "rejected", QStringLiteral("item_unknown"), QStringLiteral("no such item"));
    }
    if (item->queue != queue)
        return result(verdictId, "rejected", QStringLiteral("queue_mismatch"),
                      QStringLiteral("the verdict names the wrong queue for this item"));
    if (queue == QLatin1String("appeals")) {
        if (v.value(QStringLiteral("appeal_of")).toString() != item->appealOf)
            return result(verdictId, "rejected", QStringLiteral("appeal_mismatch"),
                          QStringLiteral("the verdict does not refer to the appealed decision"));
        // By its exact bytes too: the handler weighed this verdict, not one edited since.
        const auto original = m_store.verdict(item->appealOf);
        if (!original ||
            v.value(QStringLiteral("appeal_of_sha256")).toString() != crypto::sha256Hex(original->body))
            return result(verdictId, "rejected", QStringLiteral("appeal_mismatch"),
                          QStringLiteral("the verdict does not name the appealed decision's SHA-256"));
        if (auto fits = protocol::checkOutcome(v.value(QStringLiteral("outcome")).toString(), decision,
                                               labels, QJsonDocument::fromJson(original->body).object());
            !fits.ok())
            return result(verdictId, "rejected", QStringLiteral("invalid_outcome"), fits.error().message);
        // Four-eyes, whatever the client did: the original decider never decides the appeal, from any device.
        if (reviewer.name == item->originalReviewer) {
            qCWarning(lcService) << "denied verdict" << verdictId << "of" << reviewer.name
                                 << "on the appeal of their own decision";
            return result(verdictId, "rejected", QStringLiteral("four_eyes"),
                          QStringLiteral("the original decider may not decide the appeal"));
        }
    }
    std::optional<StoredVerdict> corrected;
    if (!supersedes.isEmpty()) {
        // A correction: the item is decided (its lease ended with the verdict corrected), so no lease is
        // checked; it replaces a verdict in force on this very item and queue, by its reviewer or a
        // supervisor.
        corrected = m_store.verdict(supersedes);
        const QJsonObject previous =
            corrected ? QJsonDocument::fromJson(corrected->body).object() : QJsonObject();
        if (!corrected || previous.value(QStringLiteral("item_id")).toString() != itemId ||
            previous.value(QStringLiteral("queue")).toString() != queue ||
            item->state != QLatin1String("decided"))
            return result(verdictId, "rejected", QStringLiteral("supersedes_unknown"),
                          QStringLiteral("supersedes names no accepted verdict on this item and queue"));
        if (corrected->reviewer != reviewer.name && reviewer.role != QLatin1String("supervisor")) {
            qCWarning(lcService) << "denied correction" << verdictId << "of" << reviewer.name << "as"
                                 << reviewer.role << "of a verdict by" << corrected->reviewer;
            return result(verdictId, "rejected", QStringLiteral("forbidden"),
                          QStringLiteral("only the verdict's reviewer or a supervisor corrects it"));
        }
        // An appealed verdict is settled by its appeal (four-eyes): a correction would go around it.
        if (m_store.isAppealed(supersedes))
            return result(verdictId, "rejected", QStringLiteral("appealed"),
                          QStringLiteral("the verdict is under or past appeal; the appeal decides it"));
        if (!corrected->supersededBy.isEmpty())
            return result(verdictId, "rejected", QStringLiteral("already_superseded"),
                          QStringLiteral("the verdict was corrected already by %1; correct that one")
                              .arg(corrected->supersededBy));
    } else {
        QString conflict;
        if (item->state == QLatin1String("decided"))
            conflict = QStringLiteral("decided_elsewhere");
        else if (item->leaseId != v.value(QStringLiteral("lease_id")).toString() ||
                 item->leaseDevice != device->deviceId)
            conflict = QStringLiteral("lease_lost");
        else if (item->leaseExpiresAtMs < now())
            conflict = QStringLiteral("lease_expired");
        const auto times = m_store.itemTimes(itemId);
        if (conflict.isEmpty() && times.ok() &&
            decidedAt + m_options.maxDecidedAtSkewMs < times->lastClaimedAtMs)
            return result(verdictId, "rejected", QStringLiteral("decided_at_out_of_bounds"),
                          QStringLiteral("decided_at is before the lease it was decided on was issued"));
        if (!conflict.isEmpty()) {
            (void)m_store.recordConflict(verdictId, itemId, body, signature, keyId, reviewer.name, conflict);
            return result(verdictId, "conflict", conflict,
                          conflict == QLatin1String("decided_elsewhere")
                              ? QStringLiteral("the item was already decided")
                              : QStringLiteral("the item is not leased to this device under a live lease"));
        }
    }
    QStringList evidence;
    for (const QJsonValue &hash : v.value(QStringLiteral("evidence_sha256")).toArray())
        evidence << hash.toString();
    QStringList expected = item->mediaSha256;
    evidence.sort();
    expected.sort();
    if (evidence != expected)
        return result(verdictId, "rejected", QStringLiteral("evidence_mismatch"),
                      QStringLiteral("the verdict is not bound to this item's media"));
    // Stored by another instance since the check above (the id's constraint said so): the same bytes are
    // the same verdict.
    const auto taken = [&]() {
        const auto stored = m_store.verdict(verdictId);
        if (stored && stored->body == body)
            return result(verdictId, "duplicate");
        return result(verdictId, "rejected", QStringLiteral("verdict_id_reused"),
                      QStringLiteral("a different verdict was already accepted under this id"));
    };
    if (corrected) {
        if (auto accepted = m_store.acceptCorrection(verdictId, supersedes, itemId, body, signature, keyId,
                                                     reviewer.name);
            !accepted.ok()) {
            if (accepted.error().code == QLatin1String("verdict_exists"))
                return taken();
            return accepted.error().code == QLatin1String("already_superseded")
                       ? result(verdictId, "rejected", accepted.error().code, accepted.error().message)
                       : result(verdictId, "retry", accepted.error().code, accepted.error().message);
        }
        // Who corrected which verdict on which item, never the rationale.
        qCInfo(lcService) << "correction" << verdictId << "supersedes" << supersedes << "on" << itemId << "by"
                          << reviewer.name << "as" << reviewer.role << "of a verdict by"
                          << corrected->reviewer;
        return result(verdictId, "accepted");
    }
    const QString leaseId = v.value(QStringLiteral("lease_id")).toString();
    if (auto accepted =
            m_store.acceptVerdict(verdictId, itemId, body, signature, keyId, reviewer.name, leaseId);
        !accepted.ok()) {
        if (accepted.error().code == QLatin1String("verdict_exists"))
            return taken();
        if (accepted.error().code != QLatin1String("lease_lost"))
            return result(verdictId, "retry", accepted.error().code, accepted.error().message);
        (void)m_store.recordConflict(verdictId, itemId, body, signature, keyId, reviewer.name,
                                     accepted.error().code);
        return result(verdictId, "conflict", accepted.error().code,
                      QStringLiteral("the item is not leased to this device under a live lease"));
    }
    return result(verdictId, "accepted");
}

} // namespace veil::service
