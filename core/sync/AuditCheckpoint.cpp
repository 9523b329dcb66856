// OutboxPusher's audit checkpoint: the signed head of this
// workstation's audit chain goes to the service with every sync, with the chain's links from the last head
// the service accepted, so a rolled-back, truncated or rewritten chain is caught by someone other than the
// machine that holds it.
#include "sync/OutboxPusher.h"

#include "common/Base64Url.h"

#include <QJsonArray>

#include <algorithm>

namespace veil::sync {

namespace {
constexpr int MaxLinks = 50000; // the service's limit per checkpoint
}

Result<void> OutboxPusher::sendCheckpoint(int maxLinks)
{
    VEIL_TRY(m_session.connect());
    maxLinks = std::clamp(maxLinks, 2, MaxLinks);
    link::LinkStore linkStore(m_session.workspace().database());
    auto seen = linkStore.auditSeenSeq();
    VEIL_TRY(seen);
    qint64 seenSeq = seen.value();
    auto head = m_session.workspace().auditLog().signHead();
    VEIL_TRY(head);
    for (;;) {
        // The first time, the head alone; afterwards every link from the head the service saw last (the
        // first link anchors to it), up to a checkpoint: the head, or a step towards it.
        auto links = m_session.workspace().auditLog().links(seenSeq > 0 ? seenSeq : head->seq, maxLinks);
        VEIL_TRY(links);
        while (!links->isEmpty() && links->last().seq > head->seq)
            links->removeLast(); // appended since the head was signed: the next sync sends them
        if (links->isEmpty())
            return makeError(QStringLiteral("bad_checkpoint"), QStringLiteral("no audit links to send"));
        audit::SignedCheckpoint step = head.value();
        if (links->last().seq < head->seq) {
            auto signedStep = m_session.workspace().auditLog().signAt(links->last().seq);
            VEIL_TRY(signedStep);
            step = std::move(signedStep).value();
        }
        QJsonArray wire;
        for (const audit::ChainLink &link : links.value())
            wire.append(QJsonArray{double(link.seq), link.prevHash, link.entryHash});
        auto reply = m_session.client().post(QStringLiteral("/v1/audit/checkpoints"),
                                             {{QStringLiteral("device_id"), m_session.link().deviceId},
                                              {QStringLiteral("checkpoint"), step.payload},
                                              {QStringLiteral("signature"), toBase64Url(step.signature)},
                                              {QStringLiteral("links"), wire}});
        VEIL_TRY(reply);
        VEIL_TRY(linkStore.setAuditSeenSeq(step.seq));
        if (step.seq == head->seq)
            return success();
        seenSeq = step.seq;
    }
}

} // namespace veil::sync
