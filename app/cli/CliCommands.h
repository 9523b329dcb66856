// veil-cli's commands over core. Each returns the process exit code: 0 ok, 1 failed, 2 usage.
#pragma once

#include "common/Result.h"
#include "export/DecisionLog.h"

#include <QJsonObject>
#include <QTextStream>

#include <memory>

namespace veil {
class Workspace;
}

namespace veil::cli {

enum ExitCode {
    ExitOk = 0,
    ExitFailed = 1,
    ExitUsage = 2,
};

class CliCommands
{
public:
    CliCommands(QString dataDir, QTextStream &out, QTextStream &err);
    ~CliCommands();

    int vaultInit();
    int evidenceImport(const QString &file);
    int evidenceExport(const QString &id, const QString &outFile);
    int evidenceShred(const QString &id);
    int keysPublic();
    int auditVerify();
    // Creates the vault if needed, then enrolls the device with the service.
    int init(const QString &service, const QByteArray &token, const QString &pinHex = {});
    int sync(int claim = 50);
    // limit 0: every open item.
    int queueList(bool asJson, int limit);
    int decide(const QString &itemId, const QString &decision, const QStringList &labels,
               const QString &rationale, const QString &outcome = {});
    // The same decision for every open item of ITEM's near-duplicate cluster; prints one verdict id each.
    int decideCluster(const QString &itemId, const QString &decision, const QStringList &labels,
                      const QString &rationale);
    int hashlistImport(const QString &file, const QString &label);
    int verdictsExport();
    // The decision log (format csv | jsonl) to outFile ("" or "-": standard output). ExportCommands.cpp.
    int exportDecisions(const QString &format, const QString &outFile, const exports::DecisionFilter &filter,
                        bool team);
    // DSA statements of reasons for the accepted restricting verdicts, in batch files under outDir,
    // checked against the built-in allowed-value table or tableFile.
    int exportStatements(const QString &outDir, const QString &tableFile, bool team);
    // Gives the item back to the service (reason: wellness | language | conflict), as the S key will.
    int skip(const QString &itemId, const QString &reason);

    int fail(const Error &error);

private:
    // Opens the data directory; with unlock, asks for the passphrase and unlocks the vault.
    Result<void> openWorkspace(bool unlock);
    int record(const QString &action, const QString &objectId, const QJsonObject &details);

    QString m_dataDir;
    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<Workspace> m_workspace;
};

} // namespace veil::cli
