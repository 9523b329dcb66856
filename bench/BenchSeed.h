// Escalations filed straight into a service store for the sync benches: `count` plain items, all showing
// the same real image (the benches measure the pipeline, not the drawing).
#pragma once

#include "crypto/Sha256.h"
#include "media/SyntheticImage.h"
#include "servicestore/ServiceStore.h"

#include <QDateTime>
#include <QJsonArray>

namespace veil::bench {

inline void seedPlainItems(service::ServiceStore &store, int count, const media::SyntheticImage &image)
{
    const QString sha = crypto::sha256Hex(image.bytes);
    (void)store.addMedia(sha, image.mime, image.bytes);
    auto tx = store::Transaction::begin(store.database());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < count; ++i) {
        const QJsonObject payload{
            {QStringLiteral("type"), QStringLiteral("veil.escalation.v1")},
            {QStringLiteral("item_id"), QStringLiteral("bench-%1").arg(i, 6, 10, QLatin1Char('0'))},
            {QStringLiteral("source"), QStringLiteral("prompt_filter")},
            {QStringLiteral("created_at"),
             QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("due_at"),
             QDateTime::fromMSecsSinceEpoch(now + 3600000, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("priority"), 1},
            {QStringLiteral("category"), QStringLiteral("violence_gore")},
            {QStringLiteral("scores"), QJsonObject{{QStringLiteral("violence"), 0.5}}},
            {QStringLiteral("prompt"), QStringLiteral("synthetic benchmark prompt")},
            {QStringLiteral("model_version"), QStringLiteral("imagegen-2.0")},
            {QStringLiteral("account"), QStringLiteral("acct-00001")},
            {QStringLiteral("media"),
             QJsonArray{QJsonObject{{QStringLiteral("sha256"), sha},
                                    {QStringLiteral("mime"), image.mime},
                                    {QStringLiteral("size"), double(image.bytes.size())}}}}};
        (void)store.addItem(QStringLiteral("escalations"), payload, now + 3600000, 1);
    }
    (void)tx->commit();
}

} // namespace veil::bench
