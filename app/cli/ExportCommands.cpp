// veil-cli's exports: the decision log (CSV or JSON Lines) and DSA statements of reasons (batches of at
// most 100, validated against the allowed-value table first). Neither needs the passphrase: they read
// verdicts and item facts, never evidence.
#include "CliCommands.h"

#include "dsa/SorBatches.h"
#include "dsa/StatementBuilder.h"
#include "export/DecisionLog.h"
#include "sync/PolicyCache.h"
#include "workspace/Workspace.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

namespace veil::cli {

int CliCommands::exportDecisions(const QString &format, const QString &outFile,
                                 const exports::DecisionFilter &filter)
{
    if (format != QLatin1String("csv") && format != QLatin1String("jsonl"))
        return fail(makeError(QStringLiteral("invalid_format"), QStringLiteral("--format is csv or jsonl")));
    if (auto opened = openWorkspace(false); !opened.ok())
        return fail(opened.error());
    auto records = exports::DecisionLog(m_workspace->database()).records(filter);
    if (!records.ok())
        return fail(records.error());
    QSaveFile file(outFile);
    QFile stdoutFile;
    QIODevice *out = &file;
    if (outFile.isEmpty() || outFile == QLatin1String("-")) {
        m_out.flush();
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
            return fail(
                makeError(QStringLiteral("io_error"), QStringLiteral("cannot write to standard output")));
        out = &stdoutFile;
    } else if (!file.open(QIODevice::WriteOnly)) {
        return fail(makeError(QStringLiteral("io_error"), QStringLiteral("cannot write %1").arg(outFile)));
    }
    auto written = format == QLatin1String("csv")
                       ? exports::DecisionLog::writeCsv(records.value(), *out)
                       : exports::DecisionLog::writeJsonLines(records.value(), *out);
    if (!written.ok())
        return fail(written.error());
    if (out == &file && !file.commit())
        return fail(makeError(QStringLiteral("io_error"), QStringLiteral("cannot write %1").arg(outFile)));
    if (out == &file)
        m_err << records->size() << " decision(s) written to " << outFile << '\n';
    return ExitOk;
}

int CliCommands::exportStatements(const QString &outDir, const QString &tableFile)
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
    auto policy = sync::cachedPolicy(m_workspace->database());
    if (!policy.ok())
        return fail(makeError(policy.error().code,
                              QStringLiteral("no policy fetched yet: run 'veil-cli sync' first")));
    auto builder = dsa::StatementBuilder::fromPolicy(policy.value());
    if (!builder.ok())
        return fail(builder.error());
    auto records = exports::DecisionLog(m_workspace->database()).records();
    if (!records.ok())
        return fail(records.error());
    // Statements for decisions in effect: accepted by the service. Refused or conflicting verdicts are not.
    QList<QJsonObject> statements;
    int notRestricting = 0;
    for (const exports::DecisionRecord &record : records.value()) {
        if (record.state != QLatin1String("accepted") && record.state != QLatin1String("duplicate"))
            continue;
        auto statement = builder->build({record.verdict, record.source, record.contentDateMs});
        if (!statement.ok() && statement.error().code == QLatin1String("not_a_restriction")) {
            ++notRestricting;
            continue;
        }
        if (!statement.ok())
            return fail(statement.error());
        statements.append(statement.value());
    }
    auto files = dsa::writeBatches(statements, table.value(), outDir);
    if (!files.ok())
        return fail(files.error());
    m_out << statements.size() << " statement(s) of reasons in " << files->size() << " file(s) (table "
          << table->version() << "); " << notRestricting << " decision(s) restricted nothing\n";
    for (const QString &path : files.value())
        m_out << path << '\n';
    return ExitOk;
}

} // namespace veil::cli
