// A reviewer's workspace made ready without any service — the seam the QML component tests stand on.
// Enrolled to a loopback address nobody listens on, the reference policy cached, a good sync recorded, and
// `count` escalations sealed into the vault and queued as ingest stores them (synthetic images with their
// media facts, sealed prompts, SLA clocks from the policy). What a component shows comes from the
// workspace alone; a sync it asks for fails at once, offline. The end-to-end tests keep the real service.
#pragma once

#include "Policy.h"
#include "crypto/Ed25519.h"
#include "crypto/Random.h"
#include "crypto/Sha256.h"
#include "link/LinkStore.h"
#include "link/PolicyCache.h"
#include "media/MediaCatalog.h"
#include "media/SyntheticImage.h"
#include "queue/QueueStore.h"
#include "queue/SlaLedger.h"
#include "store/Database.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QJsonArray>

#include <memory>

namespace veil::test {

inline Result<std::unique_ptr<Workspace>> offlineSeat(const QString &dir, const QString &reviewer, int count)
{
    auto opened = Workspace::open(dir, true);
    VEIL_TRY(opened);
    std::unique_ptr<Workspace> ws = std::move(opened).value();
    VEIL_TRY(ws->initialize("offline seat"));
    store::Database &db = ws->database();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    // Port 1 on loopback: nothing listens, so a sync is refused at once.
    auto serviceKey = crypto::ed25519::SigningKey::fromSeed(crypto::SecureBuffer(crypto::randomBytes(32)));
    VEIL_TRY(serviceKey);
    const link::ServiceLink link{QUrl(QStringLiteral("http://127.0.0.1:1")),
                                 QStringLiteral("dev-offline"),
                                 reviewer,
                                 QStringLiteral("moderator"),
                                 serviceKey->publicKey(),
                                 0,
                                 now};
    link::LinkStore links(db);
    VEIL_TRY(links.save(
        link,
        ws->vault()->sealSecret(QStringLiteral("service-token"), crypto::SecureBuffer(QByteArray("offline"))),
        {}));
    VEIL_TRY(links.recordOutcome(now, {}, 0, {}));
    VEIL_TRY(link::storePolicy(db, service::defaultPolicy()));

    queue::SlaLedger ledger(db, ws->auditLog());
    auto clock = ledger.clock();
    VEIL_TRY(clock);
    media::MediaCatalog catalog(db);
    const QStringList categories{QStringLiteral("violence_gore"), QStringLiteral("hate_symbol"),
                                 QStringLiteral("likeness_real_person")};
    for (int i = 1; i <= count; ++i) {
        const QString itemId = QStringLiteral("esc-%1").arg(i, 6, 10, QLatin1Char('0'));
        const QString category = categories.at(i % categories.size());
        auto image = media::drawSynthetic(quint64(i), i);
        VEIL_TRY(image);
        const QString sha = crypto::sha256Hex(image->bytes);
        auto facts = catalog.analyse(image->bytes, sha);
        VEIL_TRY(facts);
        auto tx = store::Transaction::begin(db);
        VEIL_TRY(tx);
        VEIL_TRY(ws->vault()->createItem(itemId));
        auto blob = ws->vault()->storeBlob(itemId, QStringLiteral("media:") + sha, image->bytes);
        VEIL_TRY(blob);
        queue::NewQueueItem row;
        row.itemId = itemId;
        row.queue = QStringLiteral("escalations");
        row.leaseId = QStringLiteral("lease-%1").arg(i);
        row.leaseExpiresAtMs = now + 15 * 60 * 1000;
        row.source = QStringLiteral("prompt_filter");
        row.category = category;
        row.priority = 1 + i % 3;
        row.dueAtMs = now + qint64(i) * 60 * 60 * 1000;
        row.scores = {{QStringLiteral("violence"), 0.5 + 0.04 * i}, {QStringLiteral("hate"), 0.3}};
        row.modelVersion = QStringLiteral("imagegen-2.9");
        row.media = {{sha, image->mime, image->bytes.size(), blob.value()}};
        for (const auto &[name, text] : {std::pair{"prompt", "a synthetic test prompt"},
                                         std::pair{"account", "acct-offline"}, std::pair{"statement", ""}}) {
            auto sealed = ws->vault()->sealField(itemId, QLatin1String(name), QByteArray(text));
            VEIL_TRY(sealed);
            (name == std::string_view("prompt")    ? row.sealedPrompt
             : name == std::string_view("account") ? row.sealedAccount
                                                   : row.sealedStatement) = sealed.value();
        }
        row.ingestedAtMs = now;
        VEIL_TRY(queue::QueueStore(db).insert(row));
        VEIL_TRY(ledger.start(itemId,
                              queue::SlaLedger::stamp(&clock.value(), row.queue, category, row.priority,
                                                      now - 10 * 60 * 1000, row.dueAtMs),
                              {now, now, 1}));
        VEIL_TRY(catalog.record(itemId, {facts.value()}));
        VEIL_TRY(tx->commit());
    }
    return ws;
}

} // namespace veil::test
