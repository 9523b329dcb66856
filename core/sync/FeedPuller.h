// A supervisor's side of sync: the team's decisions from the service's verdict feed, each checked (the
// item's service signature, the verdict's device signature) and kept for the decision log
// (exports::DecisionLog::Source::Team); and reference items — the media of an item someone else decided,
// fetched into the vault under an id of its own for a supervisor to look at (a decision from the log, a
// QA sample), and shredded again when the supervisor is done with it.
#pragma once

#include "sync/Ingestor.h"
#include "sync/ServiceSession.h"

namespace veil::sync {

class FeedPuller
{
public:
    FeedPuller(ServiceSession &session, Ingestor &ingestor) : m_session(session), m_ingestor(ingestor) {}

    // The team's accepted verdicts since the last pull. A bad entry is quarantined and the rest go on.
    // Returns how many were added; 0 for other roles.
    Result<int> pullFeed(int pageSize = 500);
    // Fetches, checks and seals the media of an item decided elsewhere into the vault under a new id, for a
    // supervisor to look at (blurred, like any evidence): a decision from the pulled feed, or a QA sample as
    // GET /v1/qa/next gives it ({item_id, payload, payload_signature}). Returns that vault id, which the
    // renderer takes as an item id. Audited as reference.open.
    Result<QString> openRecord(const QString &itemId);
    Result<QString> openQaSample(const QJsonObject &sample);
    // What is known of a reference item besides its media, for the view: {category, and for a QA sample
    // source, model_version, scores and the prompt (unsealed for display, never logged)}.
    Result<QJsonObject> referenceFacts(const QString &vaultId);
    // Shreds a reference item's evidence (audited as reference.shred); all of them, e.g. at start-up.
    Result<void> dropReference(const QString &vaultId);
    Result<int> dropAllReferences();

private:
    Result<void> storeFeedEntry(qint64 seq, const QJsonObject &entry);
    Result<QString> storeReference(const QString &itemId, const QString &purpose, const QString &category,
                                   const QList<protocol::MediaRef> &media);

    ServiceSession &m_session;
    Ingestor &m_ingestor;
};

} // namespace veil::sync
