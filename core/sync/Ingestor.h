// Leased items into the vault, in two steps so the database is never locked while the network is slow:
// prepare (no transaction: the service's signature, the payload, the media downloaded, hashed and decoded
// hostile-safe) and store (a short transaction: sealed into the vault and queued with its SLA clock). A bad
// item is quarantined with the reason; one whose bytes did not arrive whole is given back. An item held
// here already is reconciled (IngestReLease.cpp).
#pragma once

#include "media/MediaCatalog.h"
#include "protocol/Escalation.h"
#include "sla/SlaClock.h"
#include "sync/LeaseClient.h"
#include "sync/ServiceSession.h"
#include "sync/SyncReport.h"

#include <array>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <optional>

namespace veil::sync {

class Ingestor
{
public:
    Ingestor(ServiceSession &session, LeaseClient &leases) : m_session(session), m_leases(leases) {}

    // Decode limits, cluster and hash-list radii (defaults: MediaSettings{}).
    void setMediaSettings(const media::MediaSettings &settings);
    const media::MediaSettings &mediaSettings() const { return m_mediaSettings; }
    // The media facts of ingested items (faces, clusters, hash-list matches).
    media::MediaCatalog &mediaCatalog();
    // Called after each leased item is ingested or quarantined (done of total).
    using Progress = std::function<void(int done, int total)>;
    void setProgress(Progress progress) { m_progress = std::move(progress); }
    // The clock rule for new items (the cached policy's); none: the service's due times stand.
    void setSlaClock(std::optional<sla::SlaClock> clock) { m_slaClock = std::move(clock); }

    Result<void> ingestLeases(const QJsonArray &leases, SyncReport &report);
    // Fetches media by hash and checks it (size, SHA-256, declared type, hostile-safe decode); the facts of
    // each file go to `facts` when given.
    using Files = QList<QPair<protocol::MediaRef, QByteArray>>;
    Result<Files> fetchMedia(const QList<protocol::MediaRef> &media, QList<media::MediaFacts> *facts);
    // Sets a bad item (or feed entry) aside with its reason, audited; the rest goes on.
    void quarantine(const QString &itemId, const Error &reason);

private:
    static constexpr qint64 CommitEveryMs = 200;
    static constexpr qint64 FlushBytes = qint64(32) << 20;
    static constexpr int AnalysisDepth = 2; // items decoded and hashed in workers at once

    // One leased item, checked and downloaded without a transaction, then stored in a short one.
    struct PreparedItem
    {
        QJsonObject lease;
        QString leaseId;
        qint64 expiresAtMs = 0;
        protocol::Escalation escalation;
        QString queue = QStringLiteral("escalations");
        QJsonObject appealInfo;
        QString statement;
        qint64 notifiedAtMs = 0;
        bool reLease = false; // held here already: nothing downloaded
        QList<QPair<protocol::MediaRef, QByteArray>> files;
        QList<std::optional<media::MediaFacts>> known; // per file: facts of bytes analysed before
        QList<media::MediaFacts> facts;                // per file, once analysed
        qint64 bytes = 0;
    };
    // Verifies, parses and downloads (size and SHA-256 checked); the files are analysed afterwards.
    Result<PreparedItem> prepareItem(const QJsonObject &lease);
    Result<Files> download(const QList<protocol::MediaRef> &media);
    QList<std::optional<media::MediaFacts>> knownFacts(const Files &files);
    // Decodes and hashes the files whose facts are not known, and checks each one's declared type against
    // its bytes. No database: it runs in a worker.
    static Result<QList<media::MediaFacts>> analyseFiles(const Files &files,
                                                         const QList<std::optional<media::MediaFacts>> &known,
                                                         const media::DecodeLimits &limits,
                                                         media::PdqHasher &hasher);
    void rememberFresh(const QList<std::optional<media::MediaFacts>> &known,
                       const QList<media::MediaFacts> &facts);
    // True when the item is on the reviewer's queue afterwards (IngestReLease.cpp for a re-lease).
    Result<bool> storeItem(const PreparedItem &item, SyncReport &report);
    Result<bool> storeReLease(const PreparedItem &item, SyncReport &report);
    static sla::ClaimHistory claimHistory(const QJsonObject &lease);

    ServiceSession &m_session;
    LeaseClient &m_leases;
    media::MediaSettings m_mediaSettings;
    std::unique_ptr<media::MediaCatalog> m_media;
    std::array<media::PdqHasher, AnalysisDepth + 1> m_hashers; // the workers' in turn; the last: fetchMedia
    Progress m_progress;
    std::optional<sla::SlaClock> m_slaClock;
};

} // namespace veil::sync
