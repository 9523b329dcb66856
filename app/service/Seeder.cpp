#include "Seeder.h"

#include "servicestore/QaReviews.h"

#include "Policy.h"
#include "servicestore/AppealIntake.h"
#include "servicestore/EscalationIntake.h"
#include "sla/SlaClock.h"

#include "common/Base64Url.h"
#include "crypto/Sha256.h"
#include "media/SyntheticImage.h"
#include "protocol/Verdict.h"

#include <QDateTime>
#include <QJsonArray>

#include <random>

namespace veil::service {

namespace {

const char *const sources[] = {"prompt_filter", "output_classifier", "user_report", "hash_match"};
const char *const categories[] = {
    "violence_gore", "hate_symbol",    "likeness_real_person", "sexual_adult_nonconsensual",
    "self_harm",     "copyright_style"};
const char *const prompts[] = {
    "a photorealistic scene of a public figure at a protest, dramatic lighting",
    "poster in the style of a famous illustrator, bold colours, crowd",
    "close-up of an injured person after an accident, cinematic",
    "flag with an altered emblem waving over a rally",
    "portrait of a celebrity in an unusual setting, 8k, detailed",
};

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

Result<int> seedEscalations(ServiceStore &store, int count, quint64 seed, qint64 nowMs,
                            const QJsonObject &policy)
{
    auto clock = sla::SlaClock::fromPolicy(policy);
    VEIL_TRY(clock);
    std::mt19937_64 rng(seed);
    auto pick = [&rng](int n) { return int(rng() % quint64(n)); };
    auto unit = [&rng] { return double(rng() >> 11) / double(quint64(1) << 53); };
    auto tx = store::Transaction::begin(store.database());
    VEIL_TRY(tx);
    for (int i = 0; i < count; ++i) {
        // Every tenth block opens with a near-duplicate group of three: one drawing, three encodings.
        const int inBlock = i % 10;
        const bool duplicate = inBlock < 3;
        const int sample = duplicate ? (i / 10) * 10 + 1 : i + 1;
        const auto variant = !duplicate || inBlock == 0 ? media::Variant::Original
                             : inBlock == 1             ? media::Variant::Reencoded
                                                        : media::Variant::Resized;
        auto image = media::drawSynthetic(seed, sample, variant);
        VEIL_TRY(image);
        const QString sha = crypto::sha256Hex(image->bytes);
        VEIL_TRY(store.addMedia(sha, image->mime, image->bytes));

        const QString category = QLatin1String(categories[pick(std::size(categories))]);
        const int priority = pick(4); // 0 normal .. 3 urgent
        const qint64 createdAt = nowMs - qint64(pick(6 * 3600)) * 1000;
        // Due when the policy's SLA target says, as the workstation's clock (sla::SlaClock) will reckon it.
        auto target = clock->targetFor(QStringLiteral("escalations"), category, priority);
        VEIL_TRY(target);
        const qint64 dueAt = createdAt + target->targetMs;
        const QJsonObject scores{{QStringLiteral("nsfw"), std::round(unit() * 1000) / 1000},
                                 {QStringLiteral("violence"), std::round(unit() * 1000) / 1000},
                                 {QStringLiteral("hate"), std::round(unit() * 1000) / 1000},
                                 {QStringLiteral("likeness"), std::round(unit() * 1000) / 1000}};
        const QString itemId = QStringLiteral("esc-%1").arg(i + 1, 6, 10, QLatin1Char('0'));
        const QJsonObject payload{
            {QStringLiteral("type"), QStringLiteral("veil.escalation.v1")},
            {QStringLiteral("item_id"), itemId},
            {QStringLiteral("source"), QLatin1String(sources[pick(std::size(sources))])},
            {QStringLiteral("created_at"), isoUtc(createdAt)},
            {QStringLiteral("due_at"), isoUtc(dueAt)},
            {QStringLiteral("priority"), priority},
            {QStringLiteral("category"), category},
            {QStringLiteral("scores"), scores},
            {QStringLiteral("prompt"), QLatin1String(prompts[pick(std::size(prompts))])},
            {QStringLiteral("model_version"),
             QStringLiteral("imagegen-%1.%2").arg(2 + pick(2)).arg(pick(10))},
            {QStringLiteral("account"),
             QStringLiteral("acct-%1").arg(quint64(rng() % 100000), 5, 10, QLatin1Char('0'))},
            {QStringLiteral("media"),
             QJsonArray{QJsonObject{{QStringLiteral("sha256"), sha},
                                    {QStringLiteral("mime"), image->mime},
                                    {QStringLiteral("size"), double(image->bytes.size())},
                                    {QStringLiteral("width"), image->width},
                                    {QStringLiteral("height"), image->height}}}},
        };
        VEIL_TRY(store.addItem(QStringLiteral("escalations"), payload, dueAt, priority));
    }
    VEIL_TRY(tx->commit());
    return count;
}

Result<int> seedAppeals(ServiceStore &store, int count, quint64 seed, qint64 nowMs, const QJsonObject &policy)
{
    static const char *const statements[] = {
        "This is my own artwork, it does not show a real person.",
        "The image was satirical and clearly labelled as such.",
        "I did not write that prompt; my account was used by someone else.",
    };
    auto pair = crypto::ed25519::generate();
    VEIL_TRY(pair);
    auto signer = crypto::ed25519::SigningKey::fromSeed(pair->seed);
    VEIL_TRY(signer);
    VEIL_TRY(store.enroll(QLatin1String(SeedModerator), signer->publicKey()));
    auto tx = store::Transaction::begin(store.database());
    VEIL_TRY(tx);
    for (int i = 0; i < count; ++i) {
        auto image = media::drawSynthetic(seed + 7, 9000 + i);
        VEIL_TRY(image);
        const QString sha = crypto::sha256Hex(image->bytes);
        VEIL_TRY(store.addMedia(sha, image->mime, image->bytes));
        const QString originalId = QStringLiteral("esc-a%1").arg(i + 1, 5, 10, QLatin1Char('0'));
        const qint64 decidedAt = nowMs - qint64(2 + i % 5) * 24 * 3600 * 1000;
        const QJsonArray media{QJsonObject{{QStringLiteral("sha256"), sha},
                                           {QStringLiteral("mime"), image->mime},
                                           {QStringLiteral("size"), double(image->bytes.size())}}};
        const QString category = QStringLiteral("likeness_real_person");
        const QJsonObject original{
            {QStringLiteral("type"), QStringLiteral("veil.escalation.v1")},
            {QStringLiteral("item_id"), originalId},
            {QStringLiteral("source"), QStringLiteral("user_report")},
            {QStringLiteral("created_at"), isoUtc(decidedAt - 3600 * 1000)},
            {QStringLiteral("due_at"), isoUtc(decidedAt + 3600 * 1000)},
            {QStringLiteral("priority"), 1},
            {QStringLiteral("category"), category},
            {QStringLiteral("scores"), QJsonObject{{QStringLiteral("likeness"), 0.91}}},
            {QStringLiteral("prompt"),
             QStringLiteral("portrait of a celebrity in an unusual setting, 8k, detailed")},
            {QStringLiteral("model_version"), QStringLiteral("imagegen-2.4")},
            {QStringLiteral("account"), QStringLiteral("acct-9%1").arg(i, 4, 10, QLatin1Char('0'))},
            {QStringLiteral("media"), media}};
        VEIL_TRY(store.addItem(QStringLiteral("escalations"), original, decidedAt + 3600 * 1000, 1));
        protocol::Decision decision;
        decision.itemId = originalId;
        decision.leaseId = QStringLiteral("seeded");
        decision.evidenceSha256 = {sha};
        decision.decision = QStringLiteral("remove");
        decision.labels = {category};
        decision.rationale = QStringLiteral("Realistic likeness of a public figure in a fabricated scene.");
        decision.reviewer = QLatin1String(SeedModerator);
        decision.frontEnd = QStringLiteral("veil-service seeder");
        auto verdict = protocol::signVerdict(decision, signer.value(), decidedAt);
        VEIL_TRY(verdict);
        VEIL_TRY(store.acceptVerdict(verdict->verdictId, originalId, verdict->body, verdict->signature,
                                     verdict->keyId, QLatin1String(SeedModerator)));

        // Filed as any appeal is (window, clock from the notification), with a stable id for the demo.
        auto filed = fileAppeal(store, policy,
                                {verdict->verdictId, QLatin1String(statements[i % 3]), decidedAt + 600 * 1000,
                                 QStringLiteral("apl-%1").arg(i + 1, 6, 10, QLatin1Char('0'))},
                                nowMs);
        VEIL_TRY(filed);
    }
    VEIL_TRY(tx->commit());
    return count;
}

Result<int> seedDecisionHistory(ServiceStore &store, const QStringList &itemIds, quint64 seed, int leaveForQa,
                                double qaRate)
{
    QaReviews sample(store, qaRate);
    std::mt19937_64 rng(seed);
    const char *const reviewers[] = {"seed-ana", "seed-ben", "seed-caro"};
    const double agreeRate[] = {0.9, 0.7, 0.5};
    std::vector<crypto::ed25519::SigningKey> keys;
    for (const char *reviewer : reviewers) {
        auto pair = crypto::ed25519::generate();
        VEIL_TRY(pair);
        auto key = crypto::ed25519::SigningKey::fromSeed(pair->seed);
        VEIL_TRY(key);
        VEIL_TRY(store.enroll(QLatin1String(reviewer), key->publicKey()));
        keys.push_back(std::move(key).value());
    }
    auto tx = store::Transaction::begin(store.database());
    VEIL_TRY(tx);
    int decided = 0;
    for (const QString &itemId : itemIds) {
        auto payload = store.itemPayload(itemId);
        VEIL_TRY(payload);
        const auto lease = store.itemLease(itemId);
        if (!lease)
            continue;
        const int who = int(rng() % 3);
        const QString category = payload->value(QStringLiteral("category")).toString();
        const bool remove = rng() % 2 == 0;
        protocol::Decision d;
        d.itemId = itemId;
        d.leaseId = QStringLiteral("seeded");
        d.evidenceSha256 = lease->mediaSha256;
        d.decision = remove ? QStringLiteral("remove") : QStringLiteral("no_violation");
        d.labels = remove ? QStringList{category} : QStringList{};
        d.reviewer = QLatin1String(reviewers[who]);
        d.frontEnd = QStringLiteral("veil-service seeder");
        auto verdict = protocol::signVerdict(d, keys[size_t(who)], QDateTime::currentMSecsSinceEpoch());
        VEIL_TRY(verdict);
        VEIL_TRY(store.acceptVerdict(verdict->verdictId, itemId, verdict->body, verdict->signature,
                                     verdict->keyId, d.reviewer));
        const bool agrees = double(rng() % 1000) / 1000.0 < agreeRate[who];
        ++decided;
        if (leaveForQa > 0) {
            auto sampled = sample.sampled(verdict->verdictId);
            VEIL_TRY(sampled);
            if (sampled.value()) {
                --leaveForQa;
                continue;
            }
        }
        const bool qaRemove = agrees ? remove : !remove;
        VEIL_TRY(sample.recordSeeded(itemId, verdict->verdictId, d.reviewer,
                                     qaRemove ? QStringLiteral("remove") : QStringLiteral("no_violation"),
                                     qaRemove ? QStringList{category} : QStringList{},
                                     QDateTime::currentMSecsSinceEpoch()));
    }
    VEIL_TRY(tx->commit());
    return decided;
}

Result<int> seedFlood(ServiceStore &store, int families, int members, quint64 seed, qint64 nowMs,
                      const QJsonObject &policy)
{
    int filed = 0;
    // Made six hours ago: two hours overdue under the reference policy (4 h for urgent items), so the flood
    // leads the queue.
    const QString createdAt = isoUtc(nowMs - 6 * 3600 * 1000);
    for (int member = 0; member < members; ++member) {
        for (int family = 1; family <= families; ++family) {
            auto image = media::drawFloodMember(seed, family, member);
            VEIL_TRY(image);
            const QString sha = crypto::sha256Hex(image->bytes);
            VEIL_TRY(uploadMedia(store, sha, image->bytes));
            const QJsonObject filing{
                {QStringLiteral("external_id"), QStringLiteral("flood-%1-%2").arg(family).arg(member)},
                {QStringLiteral("category"), QStringLiteral("violence_gore")},
                {QStringLiteral("source"), QStringLiteral("output_classifier")},
                {QStringLiteral("priority"), 3},
                {QStringLiteral("created_at"), createdAt},
                {QStringLiteral("prompt"), QLatin1String(prompts[2])},
                {QStringLiteral("model_version"), QStringLiteral("imagegen-3.1")},
                {QStringLiteral("account"), QStringLiteral("acct-%1").arg(70000 + family)},
                {QStringLiteral("scores"), QJsonObject{{QStringLiteral("violence"), 0.9}}},
                {QStringLiteral("media"), QJsonArray{sha}}};
            auto answer = fileEscalation(store, policy, QStringLiteral("demo-pipeline"), filing, nowMs);
            VEIL_TRY(answer);
            filed += answer->duplicate ? 0 : 1;
        }
    }
    return filed;
}

} // namespace veil::service
