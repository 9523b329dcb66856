// veil-cli: the headless front end over veilcore. Wiring only; the commands live in CliCommands.
#include "CliCommands.h"
#include "MediaCommands.h"
#include "common/TerminalText.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QLoggingCategory>
#include <QStandardPaths>

#include <opencv2/core/utility.hpp>

#include <cstdio>

using namespace veil::cli;

namespace {

const char *usageText = R"(Usage: veil-cli [--data-dir DIR] COMMAND

Commands:
  vault init                 create the vault, the device key and the audit chain
  evidence import FILE       seal FILE into the vault; prints its evidence id
  evidence export ID -o OUT  decrypt evidence ID to OUT (byte-identical to the import)
  evidence shred ID          crypto-shred evidence ID (its key is destroyed, its blobs removed)
  keys public                print the device public key (PEM)
  audit verify               verify the audit chain; names the first bad entry
  init --service URL --token T [--pin SHA256]
                             create the vault if needed and enroll this device; --pin trusts a
                             service certificate by its public-key SHA-256 (veil-service --tls prints it)
  sync [--claim N]           push due verdicts, lease and ingest new items (N at most, 1-100,
                             default 50; within the service's own limit, 100 for veil-service)
  queue list [--json] [--limit N | --all]
                             the open items, most urgent first: the first 1000 (or N, or all); when
                             more are open than listed, a line on standard error says how many
  decide ITEM --decision D [--label L]... [--rationale TEXT] [--outcome uphold|overturn|modify] [--cluster]
                             sign a verdict for ITEM and queue it for the service (appeals need --outcome);
                             --cluster signs one per open item of ITEM's near-duplicate cluster
                             (ITEM alone when it has no open near-duplicates)
  hashlist import FILE --label L
                             import PDQ hashes (first CSV column) as a list; matching items are marked
  pdq FILE...                print hash,quality,path per image (the reference PDQ tool's format)
  render FILE --mode M -o OUT.png [--reveal-faces]
                             write a rendition of a plain image file (M: blurred, pixelated, grayscale,
                             clear); faces stay blurred unless --reveal-faces
  skip ITEM --reason R       give ITEM back to the service (R: wellness, language, conflict)
  verdicts export            every local verdict as JSON Lines (verdict, signature, key_id)
  export decisions [--format csv|jsonl] [-o FILE] [--reviewer R] [--decision D] [--label L] [--category C]
                   [--from DATE] [--to DATE] [--team]
                             the decision log, filtered (default CSV to standard output); DATE is UTC,
                             2026-11-30 or 2026-11-30T14:00:00Z, --to excluded; --team: the team's
                             decisions as pulled from the service's feed (supervisors, after a sync)
  export statements -o DIR [--table FILE] [--team]
                             DSA statements of reasons for accepted restricting verdicts, at most 100 per
                             file, checked against the allowed-value table (built in, or FILE) first

The passphrase comes from VEIL_PASSPHRASE or a prompt without echo.
Exit codes: 0 ok, 1 failed check or operation, 2 usage error.
)";

// A UTC date (midnight) or date-time as Unix ms; 0 when it is neither.
qint64 utcMs(const QString &text)
{
    QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!at.isValid())
        at = QDateTime(QDate::fromString(text, Qt::ISODate), QTime(0, 0), Qt::UTC);
    else if (at.timeSpec() == Qt::LocalTime)
        at.setTimeSpec(Qt::UTC);
    return at.isValid() ? at.toMSecsSinceEpoch() : 0;
}

int usageError(QTextStream &err, const QString &message)
{
    err << "veil-cli: " << veil::terminalSafe(message) << " (see 'veil-cli --help')\n";
    return ExitUsage;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("veil"));
    QCoreApplication::setOrganizationName(QStringLiteral("veil"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VEIL_VERSION));
    // One command, one file: OpenCV's own thread pool (TBB, started at the first filter) costs ~15 ms to
    // start for images of a few hundred pixels; `pdq` runs a worker per core of its own.
    cv::setNumThreads(0);

    // The one-line error is the CLI's report; core's log lines would repeat it. QT_LOGGING_RULES overrides.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("veil.*=false"));

    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    const QCommandLineOption dataDirOption(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                           QStringLiteral("DIR"),
                                           QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    const QCommandLineOption outOption(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                       QStringLiteral("Output file."), QStringLiteral("OUT"));
    const QCommandLineOption helpOption(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Show help."));
    const QCommandLineOption versionOption(QStringLiteral("version"), QStringLiteral("Show the version."));
    const QCommandLineOption serviceOption(QStringLiteral("service"), QStringLiteral("Service URL."),
                                           QStringLiteral("URL"));
    const QCommandLineOption tokenOption(QStringLiteral("token"), QStringLiteral("Reviewer token."),
                                         QStringLiteral("T"));
    const QCommandLineOption outcomeOption(QStringLiteral("outcome"), QStringLiteral("Appeal outcome."),
                                           QStringLiteral("OUTCOME"));
    const QCommandLineOption reasonOption(QStringLiteral("reason"), QStringLiteral("Skip reason."),
                                          QStringLiteral("R"));
    const QCommandLineOption pinOption(QStringLiteral("pin"), QStringLiteral("TLS key pin."),
                                       QStringLiteral("SHA256"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("JSON Lines output."));
    const QCommandLineOption decisionOption(QStringLiteral("decision"), QStringLiteral("Decision."),
                                            QStringLiteral("NAME"));
    const QCommandLineOption labelOption(QStringLiteral("label"), QStringLiteral("Label."),
                                         QStringLiteral("L"));
    const QCommandLineOption rationaleOption(QStringLiteral("rationale"), QStringLiteral("Rationale."),
                                             QStringLiteral("TEXT"));
    const QCommandLineOption clusterOption(QStringLiteral("cluster"), QStringLiteral("Whole cluster."));
    const QCommandLineOption modeOption(QStringLiteral("mode"), QStringLiteral("Rendition."),
                                        QStringLiteral("M"));
    const QCommandLineOption revealFacesOption(QStringLiteral("reveal-faces"), QStringLiteral("Show faces."));
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("Export format."),
                                          QStringLiteral("F"));
    const QCommandLineOption reviewerOption(QStringLiteral("reviewer"), QStringLiteral("Filter."),
                                            QStringLiteral("R"));
    const QCommandLineOption categoryOption(QStringLiteral("category"), QStringLiteral("Filter."),
                                            QStringLiteral("C"));
    const QCommandLineOption tableOption(QStringLiteral("table"), QStringLiteral("DSA table."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption teamOption(QStringLiteral("team"), QStringLiteral("The team's decisions."));
    const QCommandLineOption fromOption(QStringLiteral("from"), QStringLiteral("Decided at or after."),
                                        QStringLiteral("DATE"));
    const QCommandLineOption toOption(QStringLiteral("to"), QStringLiteral("Decided before."),
                                      QStringLiteral("DATE"));
    const QCommandLineOption claimOption(QStringLiteral("claim"), QStringLiteral("Items to claim."),
                                         QStringLiteral("N"));
    const QCommandLineOption limitOption(QStringLiteral("limit"), QStringLiteral("Items to list."),
                                         QStringLiteral("N"));
    const QCommandLineOption allOption(QStringLiteral("all"), QStringLiteral("List every item."));
    parser.addOptions({dataDirOption,     outOption,     helpOption,     versionOption,  serviceOption,
                       tokenOption,       jsonOption,    decisionOption, labelOption,    rationaleOption,
                       pinOption,         outcomeOption, reasonOption,   clusterOption,  modeOption,
                       revealFacesOption, formatOption,  reviewerOption, categoryOption, tableOption,
                       teamOption,        fromOption,    toOption,       claimOption,    limitOption,
                       allOption});
    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(err, parser.errorText());
    if (parser.isSet(helpOption)) {
        out << usageText;
        return ExitOk;
    }
    if (parser.isSet(versionOption)) {
        out << "veil-cli " << QCoreApplication::applicationVersion() << '\n';
        return ExitOk;
    }

    const QStringList args = parser.positionalArguments();
    const QString command = args.mid(0, 2).join(QLatin1Char(' '));
    const QString dataDir = parser.value(dataDirOption);
    if (dataDir.isEmpty())
        return usageError(err, QStringLiteral("no data directory: pass --data-dir"));
    // Media commands on plain files need no data directory.
    if (args.size() >= 2 && args.first() == QLatin1String("pdq"))
        return printPdq(args.mid(1), out, err);
    if (args.size() == 2 && args.first() == QLatin1String("render")) {
        if (!parser.isSet(modeOption) || !parser.isSet(outOption))
            return usageError(err, QStringLiteral("render needs --mode M and -o OUT.png"));
        return renderFile(args.at(1), parser.value(modeOption), parser.value(outOption),
                          parser.isSet(revealFacesOption), err);
    }
    CliCommands cli(dataDir, out, err);

    if (command == QLatin1String("vault init") && args.size() == 2)
        return cli.vaultInit();
    if (command == QLatin1String("evidence import") && args.size() == 3)
        return cli.evidenceImport(args.at(2));
    if (command == QLatin1String("evidence export") && args.size() == 3) {
        if (!parser.isSet(outOption))
            return usageError(err, QStringLiteral("evidence export needs -o OUT"));
        return cli.evidenceExport(args.at(2), parser.value(outOption));
    }
    if (command == QLatin1String("evidence shred") && args.size() == 3)
        return cli.evidenceShred(args.at(2));
    if (command == QLatin1String("keys public") && args.size() == 2)
        return cli.keysPublic();
    if (command == QLatin1String("audit verify") && args.size() == 2)
        return cli.auditVerify();
    if (args == QStringList{QStringLiteral("init")}) {
        if (!parser.isSet(serviceOption) || !parser.isSet(tokenOption))
            return usageError(err, QStringLiteral("init needs --service URL and --token T"));
        return cli.init(parser.value(serviceOption), parser.value(tokenOption).toUtf8(),
                        parser.value(pinOption));
    }
    if (args == QStringList{QStringLiteral("sync")}) {
        int claim = 50;
        if (parser.isSet(claimOption)) {
            bool ok = false;
            claim = parser.value(claimOption).toInt(&ok);
            if (!ok || claim < 1 || claim > 100)
                return usageError(err, QStringLiteral("--claim takes a number from 1 to 100"));
        }
        return cli.sync(claim);
    }
    if (command == QLatin1String("queue list") && args.size() == 2) {
        int limit = 1000;
        if (parser.isSet(allOption) && parser.isSet(limitOption))
            return usageError(err, QStringLiteral("queue list takes --limit N or --all, not both"));
        if (parser.isSet(allOption))
            limit = 0;
        if (parser.isSet(limitOption)) {
            bool ok = false;
            limit = parser.value(limitOption).toInt(&ok);
            if (!ok || limit < 1 || limit > 1'000'000)
                return usageError(err, QStringLiteral("--limit takes a number from 1 to 1000000"));
        }
        return cli.queueList(parser.isSet(jsonOption), limit);
    }
    if (args.size() == 2 && args.first() == QLatin1String("decide")) {
        if (!parser.isSet(decisionOption))
            return usageError(err, QStringLiteral("decide needs --decision NAME"));
        if (parser.isSet(clusterOption)) {
            if (parser.isSet(outcomeOption))
                return usageError(err, QStringLiteral("appeals are decided one by one, not by cluster"));
            return cli.decideCluster(args.at(1), parser.value(decisionOption), parser.values(labelOption),
                                     parser.value(rationaleOption));
        }
        return cli.decide(args.at(1), parser.value(decisionOption), parser.values(labelOption),
                          parser.value(rationaleOption), parser.value(outcomeOption));
    }
    if (args.size() == 2 && args.first() == QLatin1String("skip")) {
        if (!parser.isSet(reasonOption))
            return usageError(err, QStringLiteral("skip needs --reason wellness|language|conflict"));
        return cli.skip(args.at(1), parser.value(reasonOption));
    }
    if (command == QLatin1String("hashlist import") && args.size() == 3) {
        if (!parser.isSet(labelOption))
            return usageError(err, QStringLiteral("hashlist import needs --label L"));
        return cli.hashlistImport(args.at(2), parser.value(labelOption));
    }
    if (command == QLatin1String("verdicts export") && args.size() == 2)
        return cli.verdictsExport();
    if (command == QLatin1String("export decisions") && args.size() == 2) {
        veil::exports::DecisionFilter filter;
        filter.reviewer = parser.value(reviewerOption);
        filter.decision = parser.value(decisionOption);
        filter.label = parser.value(labelOption);
        filter.category = parser.value(categoryOption);
        for (const auto &[option, bound] :
             {std::pair{&fromOption, &filter.fromMs}, {&toOption, &filter.toMs}}) {
            if (!parser.isSet(*option))
                continue;
            *bound = utcMs(parser.value(*option));
            if (*bound <= 0)
                return usageError(err, QStringLiteral("--%1 takes a UTC date or time (2026-11-30, "
                                                      "2026-11-30T14:00:00Z)")
                                           .arg(option->names().first()));
        }
        return cli.exportDecisions(parser.isSet(formatOption) ? parser.value(formatOption)
                                                              : QStringLiteral("csv"),
                                   parser.value(outOption), filter, parser.isSet(teamOption));
    }
    if (command == QLatin1String("export statements") && args.size() == 2) {
        if (!parser.isSet(outOption))
            return usageError(err, QStringLiteral("export statements needs -o DIR"));
        return cli.exportStatements(parser.value(outOption), parser.value(tableOption),
                                    parser.isSet(teamOption));
    }
    if (args.isEmpty())
        return usageError(err, QStringLiteral("no command given"));
    return usageError(
        err, QStringLiteral("unknown command or wrong arguments: '%1'").arg(args.join(QLatin1Char(' '))));
}
