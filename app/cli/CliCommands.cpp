#include "CliCommands.h"

#include "PassphrasePrompt.h"
#include "audit/AuditLog.h"
#include "common/TerminalText.h"
#include "crypto/Ed25519.h"
#include "media/MediaCatalog.h"
#include "queue/ReviewQueue.h"
#include "sync/SyncEngine.h"
#include "vault/EvidenceStore.h"
#include "workspace/Workspace.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdlib>
#include <limits>

namespace veil::cli {

namespace {

// An SLA clock in the service's time: "due in 3h05m" or "OVERDUE 25m".
QString slaText(qint64 leftSeconds)
{
    const qint64 magnitude = std::abs(leftSeconds);
    const QString span = magnitude >= 3600 ? QStringLiteral("%1h%2m")
                                                 .arg(magnitude / 3600)
                                                 .arg((magnitude % 3600) / 60, 2, 10, QLatin1Char('0'))
                                           : QStringLiteral("%1m").arg(magnitude / 60);
    return leftSeconds < 0 ? QStringLiteral("OVERDUE ") + span : QStringLiteral("due in ") + span;
}

// Evidence larger than this is refused before it is read into memory.
constexpr qint64 MaxImportBytes = qint64(512) << 20;
} // namespace

CliCommands::CliCommands(QString dataDir, QTextStream &out, QTextStream &err)
    : m_dataDir(std::move(dataDir)), m_out(out), m_err(err)
{}

CliCommands::~CliCommands() = default;

int CliCommands::fail(const Error &error)
{
    // Messages carry the service's words and names from files and the database: escaped, every time.
    m_err << "veil-cli: " << terminalSafe(error.message) << " [" << terminalSafe(error.code) << "]\n";
    m_err.flush();
    return ExitFailed;
}

Result<void> CliCommands::openWorkspace(bool unlock)
{
    auto workspace = Workspace::open(m_dataDir, false);
    VEIL_TRY(workspace);
    m_workspace = std::move(workspace.value());
    if (!m_workspace->hasVault())
        return makeError(QStringLiteral("vault_missing"),
                         QStringLiteral("no vault in %1: run 'veil-cli vault init' first").arg(m_dataDir));
    if (!unlock)
        return success();
    QByteArray passphrase = readPassphrase(QStringLiteral("Vault passphrase: "), false);
    auto unlocked = m_workspace->unlock(passphrase);
    wipe(passphrase);
    return unlocked;
}

int CliCommands::record(const QString &action, const QString &objectId, const QJsonObject &details)
{
    auto entry = m_workspace->auditLog().append(action, objectId, details);
    if (!entry.ok())
        return fail(entry.error());
    if (m_workspace->isUnlocked()) {
        if (auto signedHead = m_workspace->auditLog().checkpoint(); !signedHead.ok())
            return fail(signedHead.error());
    }
    return ExitOk;
}

int CliCommands::vaultInit()
{
    auto workspace = Workspace::open(m_dataDir, true);
    if (!workspace.ok())
        return fail(workspace.error());
    m_workspace = std::move(workspace.value());
    if (m_workspace->hasVault())
        return fail(makeError(QStringLiteral("vault_exists"),
                              QStringLiteral("%1 already holds a vault").arg(m_dataDir)));
    QByteArray passphrase = readPassphrase(QStringLiteral("New vault passphrase: "), true);
    if (passphrase.isEmpty())
        return fail(makeError(QStringLiteral("empty_passphrase"),
                              QStringLiteral("a passphrase is needed (set VEIL_PASSPHRASE or type one)")));
    auto initialized = m_workspace->initialize(passphrase);
    wipe(passphrase);
    if (!initialized.ok())
        return fail(initialized.error());
    m_out << "vault created in " << terminalSafe(m_dataDir) << "\ndevice key id "
          << m_workspace->deviceKey()->keyId() << '\n';
    return ExitOk;
}

int CliCommands::evidenceImport(const QString &file)
{
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly))
        return fail(makeError(QStringLiteral("io_error"),
                              QStringLiteral("cannot read %1: %2").arg(file, input.errorString())));
    if (input.size() > MaxImportBytes)
        return fail(makeError(QStringLiteral("too_large"),
                              QStringLiteral("%1 is over the 512 MiB import limit").arg(file)));
    if (auto opened = openWorkspace(true); !opened.ok())
        return fail(opened.error());
    const QByteArray bytes = input.readAll();
    vault::EvidenceStore evidence(m_workspace->database(), *m_workspace->vault());
    auto info = evidence.import(bytes, QFileInfo(file).fileName());
    if (!info.ok())
        return fail(info.error());
    if (int rc = record(QStringLiteral("evidence.import"), info->id,
                        {{QStringLiteral("size"), double(info->size)}}))
        return rc;
    m_out << info->id << '\n';
    return ExitOk;
}

int CliCommands::evidenceExport(const QString &id, const QString &outFile)
{
    if (auto opened = openWorkspace(true); !opened.ok())
        return fail(opened.error());
    vault::EvidenceStore evidence(m_workspace->database(), *m_workspace->vault());
    auto bytes = evidence.read(id);
    if (!bytes.ok())
        return fail(bytes.error());
    // The reviewer asked for plaintext at this path; QSaveFile keeps a failed write from leaving half of it.
    QSaveFile out(outFile);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes.value()) != bytes->size() || !out.commit())
        return fail(makeError(QStringLiteral("io_error"),
                              QStringLiteral("cannot write %1: %2").arg(outFile, out.errorString())));
    return record(QStringLiteral("evidence.export"), id, {{QStringLiteral("size"), double(bytes->size())}});
}

int CliCommands::evidenceShred(const QString &id)
{
    if (auto opened = openWorkspace(true); !opened.ok())
        return fail(opened.error());
    vault::EvidenceStore evidence(m_workspace->database(), *m_workspace->vault());
    if (auto shredded = evidence.shred(id); !shredded.ok())
        return fail(shredded.error());
    if (int rc = record(QStringLiteral("evidence.shred"), id, {}))
        return rc;
    m_out << "shredded " << terminalSafe(id) << '\n';
    return ExitOk;
}

int CliCommands::keysPublic()
{
    if (auto opened = openWorkspace(false); !opened.ok())
        return fail(opened.error());
    auto publicKey = keys::DeviceKey::storedPublicKey(m_workspace->database());
    if (!publicKey.ok())
        return fail(publicKey.error());
    auto pem = crypto::ed25519::publicKeyPem(publicKey.value());
    if (!pem.ok())
        return fail(pem.error());
    if (int rc = record(QStringLiteral("keys.public"), crypto::ed25519::keyId(publicKey.value()), {}))
        return rc;
    m_out << QString::fromLatin1(pem.value());
    return ExitOk;
}

int CliCommands::auditVerify()
{
    if (auto opened = openWorkspace(false); !opened.ok())
        return fail(opened.error());
    auto publicKey = keys::DeviceKey::storedPublicKey(m_workspace->database());
    if (!publicKey.ok())
        return fail(publicKey.error());
    auto report = audit::AuditLog::verify(m_workspace->database(), publicKey.value());
    if (!report.ok())
        return fail(report.error());
    // The verification itself is recorded, after the check, so it cannot mask what it found.
    const QJsonObject details{{QStringLiteral("intact"), report->intact},
                              {QStringLiteral("entries"), double(report->entries)},
                              {QStringLiteral("first_bad_seq"), double(report->firstBadSeq)}};
    if (int rc = record(QStringLiteral("audit.verify"), QStringLiteral("audit_log"), details))
        return rc;
    if (!report->intact) {
        m_err << "veil-cli: audit chain broken at entry #" << report->firstBadSeq << ": "
              << terminalSafe(report->problem) << '\n';
        return ExitFailed;
    }
    m_out << "audit chain intact: " << report->entries << " entries, " << report->checkpoints
          << " signed checkpoints\n";
    return ExitOk;
}

int CliCommands::init(const QString &service, const QByteArray &token, const QString &pinHex)
{
    const QUrl url(service, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return fail(makeError(QStringLiteral("invalid_url"),
                              QStringLiteral("'%1' is not a service URL").arg(service)));
    if (token.isEmpty())
        return fail(makeError(QStringLiteral("invalid_token"), QStringLiteral("--token is required")));
    auto workspace = Workspace::open(m_dataDir, true);
    if (!workspace.ok())
        return fail(workspace.error());
    m_workspace = std::move(workspace.value());
    const bool fresh = !m_workspace->hasVault();
    QByteArray passphrase = readPassphrase(
        fresh ? QStringLiteral("New vault passphrase: ") : QStringLiteral("Vault passphrase: "), fresh);
    if (passphrase.isEmpty())
        return fail(makeError(QStringLiteral("empty_passphrase"), QStringLiteral("a passphrase is needed")));
    auto opened = fresh ? m_workspace->initialize(passphrase) : m_workspace->unlock(passphrase);
    wipe(passphrase);
    if (!opened.ok())
        return fail(opened.error());
    sync::ServiceClient::Options options;
    if (!pinHex.isEmpty()) {
        options.pinnedPublicKeySha256 = QByteArray::fromHex(pinHex.toLatin1());
        if (options.pinnedPublicKeySha256.size() != 32)
            return fail(
                makeError(QStringLiteral("invalid_pin"), QStringLiteral("--pin takes 64 hex characters")));
    }
    sync::SyncEngine engine(*m_workspace, options);
    auto link = engine.enroll(url, token);
    if (!link.ok())
        return fail(link.error());
    if (auto signedHead = m_workspace->auditLog().checkpoint(); !signedHead.ok())
        return fail(signedHead.error());
    m_out << "enrolled with " << terminalSafe(url.toString()) << " as " << terminalSafe(link->reviewer)
          << " (" << terminalSafe(link->role) << "), device " << terminalSafe(link->deviceId)
          << "\nservice key id " << crypto::ed25519::keyId(link->servicePublicKey) << '\n';
    return ExitOk;
}

int CliCommands::sync(int claim)
{
    if (auto opened = openWorkspace(true); !opened.ok())
        return fail(opened.error());
    sync::SyncEngine engine(*m_workspace);
    // The policy first (best effort; offline, the cached one stands): SLA clocks and exports read it.
    (void)engine.fetchPolicy();
    auto report = engine.syncOnce(claim);
    (void)m_workspace->auditLog().checkpoint();
    if (!report.ok())
        return fail(report.error());
    m_out << "pushed " << report->pushed << " (accepted " << report->accepted << ", duplicate "
          << report->duplicate << ", rejected " << report->rejected << ", conflict " << report->conflicted
          << ", retrying " << report->retrying << "); leased " << report->leased << ", ingested "
          << report->ingested << ", quarantined " << report->quarantined << ", given back "
          << report->returned << ", lease conflicts " << report->leaseConflicts << '\n';
    // The service's time was not taken: decisions are dated by this machine's clock until it is.
    if (!report->clockWarning.isEmpty())
        m_err << "warning: " << terminalSafe(report->clockWarning) << '\n';
    return ExitOk;
}

int CliCommands::queueList(bool asJson, int limit)
{
    if (auto opened = openWorkspace(false); !opened.ok())
        return fail(opened.error());
    queue::ReviewQueue queue(*m_workspace);
    const qint64 now = queue.serviceNowMs();
    queue::QueueQuery query;
    query.limit = limit > 0 ? limit : std::numeric_limits<int>::max();
    auto items = queue.openItems(query);
    if (!items.ok())
        return fail(items.error());
    // Never cut silently: a script reading the list must know it is not the whole queue.
    if (limit > 0 && items->size() >= limit) {
        auto counts = queue.counts(queue::QueueQuery{}, now);
        if (counts.ok() && counts->open > items->size())
            m_err << "veil-cli: listed the first " << items->size() << " of " << counts->open
                  << " open items (--limit N or --all for more)\n";
    }
    for (const queue::QueueItem &item : items.value()) {
        const QString due = QDateTime::fromMSecsSinceEpoch(item.dueAtMs, Qt::UTC).toString(Qt::ISODate);
        const qint64 leftSeconds = (item.dueAtMs - now) / 1000;
        if (asJson) {
            const QJsonObject line{
                {QStringLiteral("item_id"), item.itemId},
                {QStringLiteral("queue"), item.queue},
                {QStringLiteral("source"), item.source},
                {QStringLiteral("category"), item.category},
                {QStringLiteral("priority"), item.priority},
                {QStringLiteral("due_at"), due},
                {QStringLiteral("due_in_seconds"), double(leftSeconds)},
                {QStringLiteral("scores"), item.scores},
                {QStringLiteral("media_sha256"), QJsonArray::fromStringList(item.mediaSha256)},
                {QStringLiteral("cluster_id"), item.clusterId},
                {QStringLiteral("cluster_open"), item.clusterOpen},
                {QStringLiteral("hash_matches"), QJsonArray::fromStringList(item.hashMatches)}};
            m_out << terminalSafe(QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact)),
                                  TerminalForm::Json)
                  << '\n';
        } else {
            // Ids, categories and sources are the service's text; hash-list labels a file's.
            m_out << terminalSafe(item.itemId) << "  " << slaText(leftSeconds) << "  p" << item.priority
                  << "  " << terminalSafe(item.queue) << "  " << terminalSafe(item.source) << "  "
                  << terminalSafe(item.category);
            if (item.clusterOpen > 1)
                m_out << "  cluster " << terminalSafe(item.clusterId) << " x" << item.clusterOpen;
            if (!item.hashMatches.isEmpty())
                m_out << "  MATCH " << terminalSafe(item.hashMatches.join(QLatin1Char(' ')));
            m_out << '\n';
        }
    }
    return ExitOk;
}

int CliCommands::decide(const QString &itemId, const QString &decision, const QStringList &labels,
                        const QString &rationale, const QString &outcome)
{
    if (auto opened = openWorkspace(true); !opened.ok())
        return fail(opened.error());
    queue::ReviewQueue queue(*m_workspace);
    const QString frontEnd = QStringLiteral("veil-cli/") + QCoreApplication::applicationVersion();
    auto verdict = outcome.isEmpty()
                       ? queue.decide(itemId, decision, labels, rationale, frontEnd)
                       : queue.decideAppeal(itemId, outcome, decision, labels, rationale, frontEnd);
    if (!verdict.ok())
        return fail(verdict.error());
    (void)m_workspace->auditLog().checkpoint();
    m_out << verdict->verdictId << '\n';
    return ExitOk;
}

int CliCommands::decideCluster(const QString &itemId, const QString &decision, const QStringList &labels,
                               const QString &rationale)
{
    if (auto opened = openWorkspace(true); !opened.ok())
        return fail(opened.error());
    queue::ReviewQueue queue(*m_workspace);
    const QString frontEnd = QStringLiteral("veil-cli/") + QCoreApplication::applicationVersion();
    auto verdicts = queue.decideCluster(itemId, decision, labels, rationale, frontEnd);
    if (!verdicts.ok() && verdicts.error().code == QLatin1String("no_cluster")) {
        // No open near-duplicates: the cluster is the item itself, decided as asked.
        auto single = queue.decide(itemId, decision, labels, rationale, frontEnd);
        if (!single.ok())
            return fail(single.error());
        m_err << "veil-cli: " << terminalSafe(itemId) << " has no open near-duplicates; decided alone\n";
        verdicts = QList<protocol::SignedVerdict>{std::move(single).value()};
    }
    if (!verdicts.ok())
        return fail(verdicts.error());
    (void)m_workspace->auditLog().checkpoint();
    for (const protocol::SignedVerdict &v : verdicts.value())
        m_out << v.verdictId << '\n';
    return ExitOk;
}

int CliCommands::hashlistImport(const QString &file, const QString &label)
{
    if (auto opened = openWorkspace(false); !opened.ok())
        return fail(opened.error());
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return fail(makeError(QStringLiteral("io_error"), QStringLiteral("cannot read %1").arg(file)));
    media::MediaCatalog catalog(m_workspace->database());
    auto imported = catalog.importHashList(in.readAll(), label, QFileInfo(file).fileName());
    if (!imported.ok())
        return fail(imported.error());
    m_out << "imported " << imported->hashes << " hashes as '" << terminalSafe(label) << "'; "
          << imported->matchedItems << " stored items match\n";
    return record(
        QStringLiteral("hashlist.import"), label,
        {{QStringLiteral("hashes"), imported->hashes}, {QStringLiteral("matched"), imported->matchedItems}});
}

int CliCommands::verdictsExport()
{
    if (auto opened = openWorkspace(false); !opened.ok())
        return fail(opened.error());
    QBuffer lines;
    lines.open(QIODevice::WriteOnly);
    outbox::Outbox outbox(m_workspace->database());
    auto written = outbox.exportJsonLines(lines);
    if (!written.ok())
        return fail(written.error());
    m_out << terminalSafe(QString::fromUtf8(lines.data()), TerminalForm::Json);
    return ExitOk;
}

int CliCommands::skip(const QString &itemId, const QString &reason)
{
    if (!queue::ReviewQueue::skipReasons().contains(reason))
        return fail(makeError(QStringLiteral("invalid_reason"),
                              QStringLiteral("skip reasons are wellness, language and conflict")));
    if (auto opened = openWorkspace(true); !opened.ok())
        return fail(opened.error());
    sync::SyncEngine engine(*m_workspace);
    if (auto released = engine.leases().releaseItem(itemId, reason); !released.ok())
        return fail(released.error());
    (void)m_workspace->auditLog().checkpoint();
    m_out << "skipped " << terminalSafe(itemId) << " (" << reason << "); it is back in the service's queue\n";
    return ExitOk;
}

} // namespace veil::cli
