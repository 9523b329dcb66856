// veil-cli's exports: the decision log (CSV or JSON Lines) and DSA statements of reasons (batches of at
// most 100, validated against the allowed-value table first). Neither needs the passphrase: they read
// verdicts and item facts, never evidence.
#include "CliCommands.h"

#include "common/TerminalText.h"
#include "dsa/SorBatches.h"
#include "dsa/StatementBuilder.h"
#include "export/DecisionLog.h"
#include "link/PolicyCache.h"
#include "workspace/Workspace.h"

#include <QBuffer>
#include <QFile>

namespace veil::cli {

namespace {

// --team: the team's decisions as pulled from the service's feed (supervisors), not this workstation's.
exports::DecisionLog::Source logSource(bool team)
{
    return team ? exports::DecisionLog::Source::Team : exports::DecisionLog::Source::Workstation;
}

} // namespace

int CliCommands::exportDecisions(const QString &format, const QString &outFile,
                                 const exports::DecisionFilter &filter, bool team)
{
    if (format != QLatin1String("csv") && format != QLatin1String("jsonl"))
        return fail(makeError(QStringLiteral("invalid_format"), QStringLiteral("--format is csv or jsonl")));
    if (auto opened = openWorkspace(false); !opened.ok())
        return fail(opened.error());
    auto records = exports::DecisionLog(m_workspace->database(), logSource(team)).records(filter);
    if (!records.ok())
        return fail(records.error());
    if (!outFile.isEmpty() && outFile != QLatin1String("-")) {
        if (auto written = exports::DecisionLog::writeFile(records.value(), format, outFile); !written.ok())
            return fail(written.error());
        m_err << records->size() << " decision(s) written to " << terminalSafe(outFile) << '\n';
        return ExitOk;
    }
    // On standard output, likely a terminal, the log's text (rationales, ids, labels: the service's and the
    // reviewers') is escaped where a terminal would act on it; a file written with -o keeps it exact.
    QBuffer log;
    log.open(QIODevice::WriteOnly);
    const bool csv = format == QLatin1String("csv");
    auto written = csv ? exports::DecisionLog::writeCsv(records.value(), log)
                       : exports::DecisionLog::writeJsonLines(records.value(), log);
    if (!written.ok())
        return fail(written.error());
    m_out << terminalSafe(QString::fromUtf8(log.data()), csv ? TerminalForm::Lines : TerminalForm::Json);
    return ExitOk;
}

int CliCommands::exportStatements(const QString &outDir, const QString &tableFile, bool team)
{
    if (auto opened = openWorkspace(false); !opened.ok())
        return fail(opened.error());
    auto table = [&]() -> Result<dsa::SorTable> {
        if (tableFile.isEmpty())
            return dsa::SorTable::builtIn();
        QFile file(tableFile);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(QStringLiteral("io_error"), QStringLiteral("cannot read %1").arg(tableFile));
        return dsa::SorTable::fromJson(file.readAll());
    }();
    if (!table.ok())
        return fail(table.error());
    auto policy = link::cachedPolicy(m_workspace->database());
    if (!policy.ok())
        return fail(makeError(policy.error().code,
                              QStringLiteral("no policy fetched yet: run 'veil-cli sync' first")));
    auto builder = dsa::StatementBuilder::fromPolicy(policy.value());
    if (!builder.ok())
        return fail(builder.error());
    auto records = exports::DecisionLog(m_workspace->database(), logSource(team)).records();
    if (!records.ok())
        return fail(records.error());
    auto exported = dsa::exportStatements(records.value(), builder.value(), table.value(), outDir);
    if (!exported.ok())
        return fail(exported.error());
    m_out << exported->statements << " statement(s) of reasons in " << exported->files.size()
          << " file(s) (table " << terminalSafe(table->version()) << "); " << exported->notRestricting
          << " decision(s) restricted nothing\n";
    for (const QString &path : std::as_const(exported->files))
        m_out << terminalSafe(path) << '\n';
    return ExitOk;
}

} // namespace veil::cli
