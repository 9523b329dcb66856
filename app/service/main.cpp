// veil-service: the reference moderation service. Wiring only; the protocol lives in ServiceApi.
#include "FloodCommand.h"
#include "HttpFrontend.h"
#include "Policy.h"
#include "RequestWorkers.h"
#include "Seeder.h"
#include "ServiceApi.h"
#include "TlsIdentity.h"
#include "WebhookDispatcher.h"
#include "common/TerminalText.h"
#include "protocol/Verdict.h"
#include "servicestore/AppealIntake.h"
#include "servicestore/CaseArchive.h"
#include "servicestore/QaReviews.h"
#include "servicestore/ServiceStore.h"

#include <QCommandLineParser>
#include <QUrl>

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>
#include <algorithm>

using namespace veil::service;
using veil::makeError;
using veil::Result;

namespace {

const char *usageText = R"(Usage:
  veil-service --data-dir DIR --listen HOST:PORT [--tls] [--seed N] [--lease-seconds S] [--policy FILE]
               [--max-connections-per-address N] [--max-connections N] [--workers N]
               [--request-deadline-seconds S] [--webhooks-to-private-addresses]
  veil-service --data-dir DIR token create --reviewer NAME --role moderator|appeals|supervisor|pipeline
  veil-service --data-dir DIR verdicts export
  veil-service --data-dir DIR hashlist import --file CSV --label LABEL
                                               import a list of PDQ hashes of known material
                                               (one per line, first column; '#' comments); every
                                               escalation filed from then on is matched against it
  veil-service --data-dir DIR qa agreement [--policy FILE]
                                               QA re-review agreement (percent, Cohen's kappa)
  veil-service flood --service URL --token PIPELINE_TOKEN --items N --families F [--unique U]
                   [--mirrored PERCENT] [--flood-seed S] [--created-at ISO-TIME]
                                               post a synthetic flood through a running service's
                                               intake: F near-duplicate families of N items in all
                                               (each member re-encoded, scaled, shifted, some
                                               stamped), plus U unrelated items; the
                                               same seed and --created-at again files nothing new
  veil-service policy show [--policy FILE]     the policy served (the reference policy, or FILE checked)
  veil-service --data-dir DIR backup --to FILE  a consistent copy of the service's database, taken
                                               while it serves (SQLite online backup); never overwrites
                                               (on PostgreSQL: pg_dump, see docs/operations.md)
  veil-service --data-dir DIR archive --older-than-days N --to FILE [--max-cases N] [--policy FILE]
                                               move escalations decided over N days ago (past the
                                               appeal window, appeals decided too) with their
                                               verdicts out of the database into FILE (JSON Lines,
                                               never overwritten); media no open item uses is dropped
  veil-service --data-dir DIR [--database URI] migrate
                                               bring the database's schema up to this build's, print
                                               its version, and exit (serving migrates too)

--database postgresql://USER@HOST/DB?... keeps the service's state in that PostgreSQL database instead of
DIR/service.db (every command takes it); several instances may serve one database. Keep the password out
of the URI (ps shows it): libpq reads PGPASSWORD or ~/.pgpass. DIR still holds the TLS identity.
--key-file FILE: the key the service's signing seed is sealed with in the database (default
DIR/service-key.bin, made on first start, 0600). Every instance on one database needs the same file;
back it up apart from the database: without it the database cannot sign.

--policy FILE serves that policy document (JSON; start from 'policy show'): decision types, labels, SLA
targets and pauses, the DSA mapping, the appeal window, the QA sample rate. It is checked first; a policy
that would break workstations, the SLA engine or the DSA export is refused with the reason.

PORT 0 picks a free port; the bound address is printed as 'listening on http(s)://HOST:PORT'.
--tls serves HTTPS with a self-signed certificate kept in DIR (made on first start) and prints its
public-key pin for 'veil-cli init --pin'. Without --tls only loopback addresses are served.
--max-connections-per-address N (default 32) caps the connections one client address holds at once
(TLS handshakes and idle keep-alives count); raise it when many workstations share one address (NAT).
--max-connections N (default 800) caps the connections held at once from every address together.
--workers N (default 4) answers requests on N threads, each with its own database connection, so a slow
request (a summary, a large verdict batch, an upload) holds one of them; 0 answers every request on the
HTTP thread. A request that waits longer than --request-deadline-seconds S (default 20) for a worker is
answered 503 deadline_exceeded without being run; past 1,024 waiting, 503 busy at once.
--webhooks-to-private-addresses lets webhooks (PUT /v1/intake/webhook) reach loopback, private and
link-local addresses, for a receiver on this host or network; by default only public addresses are
POSTed to, so a pipeline token cannot make the service probe its own network.
--seed N adds N synthetic escalations and N/10 appeals (at least one) when the service holds none yet.
Exit codes: 0 ok, 1 failed, 2 usage error.
)";

int fail(QTextStream &err, const veil::Error &error)
{
    err << "veil-service: " << veil::terminalSafe(error.message) << " [" << veil::terminalSafe(error.code)
        << "]\n";
    return 1;
}

int usage(QTextStream &err, const QString &message)
{
    err << "veil-service: " << veil::terminalSafe(message) << " (see 'veil-service --help')\n";
    return 2;
}

bool hasItems(ServiceStore &store)
{
    auto count = store.itemCount();
    return count.ok() && count.value() > 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("veil-service"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VEIL_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("State directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Address."),
                                    QStringLiteral("HOST:PORT"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed escalations."),
                                  QStringLiteral("N"));
    const QCommandLineOption leaseSeconds(QStringLiteral("lease-seconds"), QStringLiteral("Lease length."),
                                          QStringLiteral("S"), QStringLiteral("900"));
    const QCommandLineOption reviewer(QStringLiteral("reviewer"), QStringLiteral("Reviewer."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("Role."), QStringLiteral("ROLE"));
    const QCommandLineOption tls(QStringLiteral("tls"), QStringLiteral("Serve HTTPS."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Version."));
    const QCommandLineOption backupTo(QStringLiteral("to"), QStringLiteral("Backup file."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption policyFile(QStringLiteral("policy"), QStringLiteral("Policy document."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption perAddress(
        QStringLiteral("max-connections-per-address"), QStringLiteral("Connections per client address."),
        QStringLiteral("N"), QString::number(HttpFrontend::Options().maxConnectionsPerAddress));
    const QCommandLineOption maxConnections(QStringLiteral("max-connections"),
                                            QStringLiteral("Connections in all."), QStringLiteral("N"),
                                            QString::number(HttpFrontend::Options().maxConnections));
    const QCommandLineOption workerCount(QStringLiteral("workers"), QStringLiteral("Worker threads."),
                                         QStringLiteral("N"),
                                         QString::number(RequestWorkers::Options().workers));
    const QCommandLineOption deadline(QStringLiteral("request-deadline-seconds"),
                                      QStringLiteral("Longest wait for a worker."), QStringLiteral("S"),
                                      QString::number(RequestWorkers::Options().deadlineMs / 1000));
    const QCommandLineOption privateWebhooks(QStringLiteral("webhooks-to-private-addresses"),
                                             QStringLiteral("Webhooks may reach private addresses."));
    const QCommandLineOption listFile(QStringLiteral("file"), QStringLiteral("Hash list file."),
                                      QStringLiteral("CSV"));
    const QCommandLineOption listLabel(QStringLiteral("label"), QStringLiteral("Hash list label."),
                                       QStringLiteral("LABEL"));
    const QCommandLineOption serviceUrl(QStringLiteral("service"), QStringLiteral("Service URL."),
                                        QStringLiteral("URL"));
    const QCommandLineOption token(QStringLiteral("token"), QStringLiteral("Pipeline token."),
                                   QStringLiteral("T"));
    const QCommandLineOption items(QStringLiteral("items"), QStringLiteral("Family members."),
                                   QStringLiteral("N"));
    const QCommandLineOption families(QStringLiteral("families"), QStringLiteral("Families."),
                                      QStringLiteral("F"), QStringLiteral("10"));
    const QCommandLineOption unique(QStringLiteral("unique"), QStringLiteral("Unrelated items."),
                                    QStringLiteral("U"), QStringLiteral("0"));
    const QCommandLineOption mirrored(QStringLiteral("mirrored"), QStringLiteral("Mirrored members (%)."),
                                      QStringLiteral("PERCENT"), QStringLiteral("0"));
    const QCommandLineOption floodSeed(QStringLiteral("flood-seed"), QStringLiteral("Flood seed."),
                                       QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption database(QStringLiteral("database"), QStringLiteral("PostgreSQL URI."),
                                      QStringLiteral("URI"));
    const QCommandLineOption keyFile(QStringLiteral("key-file"), QStringLiteral("Sealing key file."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption olderThan(QStringLiteral("older-than-days"),
                                       QStringLiteral("Archive cases decided this many days ago."),
                                       QStringLiteral("N"));
    const QCommandLineOption maxCases(QStringLiteral("max-cases"),
                                      QStringLiteral("Cases to archive at most."), QStringLiteral("N"));
    const QCommandLineOption createdAt(QStringLiteral("created-at"), QStringLiteral("Items made at."),
                                       QStringLiteral("ISO-TIME"));
    parser.addOptions({createdAt,      dataDir,     listen,     seed,       leaseSeconds,
                       reviewer,       role,        tls,        help,       version,
                       policyFile,     backupTo,    perAddress, serviceUrl, privateWebhooks,
                       listFile,       listLabel,   token,      items,      families,
                       unique,         mirrored,    floodSeed,  database,   keyFile,
                       maxConnections, workerCount, deadline,   olderThan,  maxCases});
    if (!parser.parse(QCoreApplication::arguments()))
        return usage(err, parser.errorText());
    if (parser.isSet(help)) {
        out << usageText;
        return 0;
    }
    if (parser.isSet(version)) {
        out << "veil-service " << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }
    const QString command = parser.positionalArguments().join(QLatin1Char(' '));
    QJsonObject policy = defaultPolicy();
    if (parser.isSet(policyFile)) {
        auto loaded = loadPolicy(parser.value(policyFile));
        if (!loaded.ok())
            return fail(err, loaded.error());
        policy = loaded.value();
    }
    if (command == QLatin1String("policy show")) {
        // The policy file's text: escaped where a terminal would act on it, still JSON.
        out << veil::terminalSafe(QString::fromUtf8(QJsonDocument(policy).toJson(QJsonDocument::Indented)),
                                  veil::TerminalForm::Json);
        return 0;
    }
    if (command == QLatin1String("flood")) {
        if (!parser.isSet(serviceUrl) || !parser.isSet(token) || !parser.isSet(items))
            return usage(err, QStringLiteral("flood needs --service URL, --token T and --items N"));
        FloodPlan plan;
        bool ok[5] = {};
        plan.items = parser.value(items).toInt(&ok[0]);
        plan.families = parser.value(families).toInt(&ok[1]);
        plan.unique = parser.value(unique).toInt(&ok[2]);
        plan.mirroredPercent = parser.value(mirrored).toInt(&ok[3]);
        plan.seed = parser.value(floodSeed).toULongLong(&ok[4]);
        const QUrl url(parser.value(serviceUrl));
        if (parser.isSet(createdAt)) {
            const QDateTime at = QDateTime::fromString(parser.value(createdAt), Qt::ISODateWithMs);
            if (!at.isValid())
                return usage(err, QStringLiteral("--created-at takes an ISO 8601 time"));
            plan.createdAtMs = at.toMSecsSinceEpoch();
        }
        if (!std::all_of(std::begin(ok), std::end(ok), [](bool b) { return b; }) || !url.isValid() ||
            url.scheme().isEmpty())
            return usage(err,
                         QStringLiteral("flood takes numbers for --items, --families, --unique, --mirrored, "
                                        "--flood-seed and a URL for --service"));
        auto report = runFlood(url, parser.value(token).toLatin1(), plan, err);
        if (!report.ok())
            return fail(err, report.error());
        const double seconds = std::max<qint64>(1, report->ms) / 1000.0;
        out << "filed " << report->filed << " escalations (" << report->duplicates << " filed before), "
            << report->uploaded << " new media files, in " << QString::number(seconds, 'f', 1)
            << " s: " << QString::number((report->filed + report->duplicates) / seconds, 'f', 1)
            << " items/s\n";
        return 0;
    }
    if (!parser.isSet(dataDir))
        return usage(err, QStringLiteral("--data-dir is required"));
    if (!command.isEmpty() && command != QLatin1String("token create") &&
        command != QLatin1String("verdicts export") && command != QLatin1String("qa agreement") &&
        command != QLatin1String("backup") && command != QLatin1String("hashlist import") &&
        command != QLatin1String("migrate") && command != QLatin1String("archive"))
        return usage(err, QStringLiteral("unknown command '%1'").arg(command));
    if (command.isEmpty() && !parser.isSet(listen))
        return usage(err, QStringLiteral("pass --listen HOST:PORT or a command"));

    auto store = ServiceStore::open(parser.value(dataDir), parser.value(database), parser.value(keyFile));
    if (!store.ok())
        return fail(err, store.error());

    if (command == QLatin1String("migrate")) {
        auto version = store.value()->schemaVersion();
        if (!version.ok())
            return fail(err, version.error());
        out << "schema version " << version.value() << '\n';
        return 0;
    }

    if (command == QLatin1String("token create")) {
        if (!parser.isSet(reviewer) || !parser.isSet(role))
            return usage(err, QStringLiteral("token create needs --reviewer and --role"));
        auto token = store.value()->createToken(parser.value(reviewer), parser.value(role));
        if (!token.ok())
            return fail(err, token.error());
        out << token.value() << '\n';
        return 0;
    }
    if (command == QLatin1String("hashlist import")) {
        if (!parser.isSet(listFile) || !parser.isSet(listLabel))
            return usage(err, QStringLiteral("hashlist import needs --file CSV and --label LABEL"));
        QFile file(parser.value(listFile));
        if (!file.open(QIODevice::ReadOnly))
            return fail(err, veil::makeError(QStringLiteral("unreadable_file"),
                                             QStringLiteral("cannot read %1").arg(parser.value(listFile))));
        auto imported = store.value()->hashLists().import(file.readAll(), parser.value(listLabel),
                                                          QDateTime::currentMSecsSinceEpoch());
        if (!imported.ok())
            return fail(err, imported.error());
        out << "imported " << imported->hashes << " hashes as \""
            << veil::terminalSafe(parser.value(listLabel).trimmed()) << "\"\n";
        return 0;
    }
    if (command == QLatin1String("backup")) {
        if (!parser.isSet(backupTo))
            return usage(err, QStringLiteral("backup needs --to FILE"));
        if (auto copied = store.value()->database().backupTo(parser.value(backupTo)); !copied.ok())
            return fail(err, copied.error());
        out << "backed up to " << veil::terminalSafe(parser.value(backupTo)) << '\n';
        return 0;
    }
    if (command == QLatin1String("archive")) {
        bool daysOk = false;
        const int days = parser.value(olderThan).toInt(&daysOk);
        const int window = policy.value(QStringLiteral("appeal_window_days")).toInt(DefaultAppealWindowDays);
        if (!parser.isSet(backupTo) || !daysOk || days <= window || days > 36500)
            return usage(err, QStringLiteral("archive needs --to FILE and --older-than-days N, N over the "
                                             "appeal window (%1 days): a case is archived once it can no "
                                             "longer be appealed")
                                  .arg(window));
        bool maxOk = true;
        const qint64 most = parser.isSet(maxCases) ? parser.value(maxCases).toLongLong(&maxOk) : -1;
        if (!maxOk || (parser.isSet(maxCases) && most < 1))
            return usage(err, QStringLiteral("--max-cases takes a number from 1"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        ArchiveOptions options;
        options.path = parser.value(backupTo);
        options.nowMs = now;
        options.decidedBeforeMs = now - qint64(days) * 24 * 3600 * 1000;
        options.maxCases = most;
        auto archived = CaseArchive(*store.value()).run(options);
        if (!archived.ok())
            return fail(err, archived.error());
        out << "archived " << archived->cases << " cases (" << archived->items << " items, "
            << archived->verdicts << " verdicts) to " << veil::terminalSafe(options.path) << "; "
            << archived->mediaDropped << " media files dropped; " << archived->held
            << " cases old enough stay (an appeal or correction still recent, a webhook behind, or "
               "--max-cases)\n";
        return 0;
    }
    if (command == QLatin1String("verdicts export")) {
        // Streamed a page at a time: the export's memory does not grow with the history.
        auto exported = store.value()->forEachVerdict([&out](const StoredVerdict &v) {
            const veil::protocol::SignedVerdict signedVerdict{v.verdictId, {}, v.body, v.signature, v.keyId};
            out << veil::terminalSafe(QString::fromUtf8(signedVerdict.toExportLine()),
                                      veil::TerminalForm::Json)
                << '\n';
            return out.status() == QTextStream::Ok;
        });
        if (!exported.ok())
            return fail(err, exported.error());
        out.flush();
        // A full disk or a closed pipe stops the export: never a truncated file with exit status 0.
        if (out.status() != QTextStream::Ok)
            return fail(err, veil::makeError(QStringLiteral("io_error"),
                                             QStringLiteral("the export could not be written whole")));
        return 0;
    }

    if (command == QLatin1String("qa agreement")) {
        // The QA desk's numbers: the same report GET /v1/qa/agreement serves.
        auto counted =
            QaReviews(*store.value(), policy.value(QStringLiteral("qa_sample_rate")).toDouble()).report();
        if (!counted.ok())
            return fail(err, counted.error());
        const veil::qa::AgreementReport &report = counted.value();
        const auto line = [&out](const QString &what, const veil::qa::Agreement &a) {
            out << veil::terminalSafe(what).leftJustified(28)
                << " n=" << QString::number(a.n).leftJustified(5) << " agreement "
                << QString::number(a.percent, 'f', 1) << "%  kappa "
                << (a.kappaDefined ? QString::number(a.kappa, 'f', 2) : QStringLiteral("n/a")) << '\n';
        };
        line(QStringLiteral("overall"), report.overall);
        for (const auto &g : report.byReviewer)
            line(QStringLiteral("reviewer ") + g.key, g.agreement);
        for (const auto &g : report.byLabel)
            line(QStringLiteral("label ") + g.key, g.agreement);
        out << report.disagreements.size() << " recent disagreement(s) listed (at most 100)\n";
        return 0;
    }

    const QString hostPort = parser.value(listen);
    const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
    const QHostAddress address(hostPort.left(colon));
    bool portOk = false;
    const uint port = hostPort.mid(colon + 1).toUInt(&portOk);
    if (colon < 0 || address.isNull() || !portOk || port > 65535)
        return usage(err, QStringLiteral("--listen takes HOST:PORT, e.g. 127.0.0.1:8443"));
    HttpFrontend::Options frontendOptions;
    bool perAddressOk = false;
    frontendOptions.maxConnectionsPerAddress = parser.value(perAddress).toInt(&perAddressOk);
    if (!perAddressOk || frontendOptions.maxConnectionsPerAddress < 1)
        return usage(err, QStringLiteral("--max-connections-per-address takes a number from 1"));
    bool limitsOk[3] = {};
    frontendOptions.maxConnections = parser.value(maxConnections).toInt(&limitsOk[0]);
    RequestWorkers::Options workerOptions;
    workerOptions.workers = parser.value(workerCount).toInt(&limitsOk[1]);
    workerOptions.deadlineMs = qint64(parser.value(deadline).toInt(&limitsOk[2])) * 1000;
    if (!limitsOk[0] || !limitsOk[1] || !limitsOk[2] || frontendOptions.maxConnections < 1 ||
        workerOptions.workers < 0 || workerOptions.workers > 64 || workerOptions.deadlineMs < 1000)
        return usage(err, QStringLiteral("--max-connections takes a number from 1, --workers 0 to 64, "
                                         "--request-deadline-seconds a number from 1"));
    // Plain HTTP carries bearer tokens: without TLS only loopback is served.
    if (!parser.isSet(tls) && !address.isLoopback())
        return fail(err, veil::makeError(QStringLiteral("tls_required"),
                                         QStringLiteral("only loopback addresses are served without --tls")));
    if (parser.isSet(seed) && !hasItems(*store.value())) {
        const int count = parser.value(seed).toInt();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto seeded = seedEscalations(*store.value(), count, 20261123, now, policy);
        if (!seeded.ok())
            return fail(err, seeded.error());
        // And one appeal for every ten escalations (at least one), for the appeals queue.
        auto appeals = seedAppeals(*store.value(), qMax(1, count / 10), 20261123, now, policy);
        if (!appeals.ok())
            return fail(err, appeals.error());
    }
    ServiceApi::Options options;
    options.leaseMs = qint64(parser.value(leaseSeconds).toInt()) * 1000;
    ServiceApi api(*store.value(), options);
    api.setPolicy(policy);
    // What `archive` must wait for: the longest appeal window ever served here, whatever is served later.
    if (auto noted = store.value()->noteAppealWindow(
            policy.value(QStringLiteral("appeal_window_days")).toInt(DefaultAppealWindowDays));
        !noted.ok())
        return fail(err, noted.error());
    // Each worker its own connection and ServiceApi, as if another instance on the same database.
    RequestWorkers workers(workerOptions);
    if (workerOptions.workers > 0) {
        auto started = workers.start([&]() -> Result<RequestWorkers::Handler> {
            struct Worker
            {
                std::unique_ptr<ServiceStore> store;
                std::unique_ptr<ServiceApi> api; // declared after store: destroyed before it
            };
            auto opened =
                ServiceStore::open(parser.value(dataDir), parser.value(database), parser.value(keyFile));
            if (!opened.ok())
                return opened.error();
            auto worker = std::make_shared<Worker>();
            worker->store = std::move(opened).value();
            worker->api = std::make_unique<ServiceApi>(*worker->store, options);
            worker->api->setPolicy(policy);
            return RequestWorkers::Handler([worker](const ApiRequest &r) { return worker->api->handle(r); });
        });
        if (!started.ok())
            return fail(err, started.error());
    }
    HttpFrontend frontend(api, frontendOptions, workerOptions.workers > 0 ? &workers : nullptr);
    Result<quint16> bound = makeError(QString(), QString());
    if (parser.isSet(tls)) {
        auto identity = loadOrCreateTlsIdentity(parser.value(dataDir));
        if (!identity.ok())
            return fail(err, identity.error());
        out << "tls public key sha256 " << QString::fromLatin1(identity->publicKeySha256.toHex()) << Qt::endl;
        bound = frontend.listenTls(address, quint16(port), identity->configuration);
    } else {
        bound = frontend.listen(address, quint16(port));
    }
    if (!bound.ok())
        return fail(err, bound.error());
    out << "listening on " << (parser.isSet(tls) ? "https://" : "http://") << address.toString() << ':'
        << bound.value() << Qt::endl;
    // Verdicts pushed to the pipelines that set a webhook (PUT /v1/intake/webhook), on the service's clock.
    WebhookDispatcher::Options webhookOptions;
    webhookOptions.privateAddresses = parser.isSet(privateWebhooks);
    WebhookDispatcher webhooks(*store.value(), webhookOptions);
    webhooks.setClock([&api] { return api.now(); });
    webhooks.start();
    return app.exec();
}
