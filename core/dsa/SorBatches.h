// Statements of reasons written as the Transparency Database's batch endpoint takes them
// ({"statements": [...]}, at most the table's limit per request, 100), one file per request, after every
// statement has passed the allowed-value table: one bad field anywhere and nothing is written.
#pragma once

#include "dsa/SorTable.h"
#include "dsa/StatementBuilder.h"
#include "export/DecisionLog.h"

namespace veil::dsa {

// Writes dir/sor-batch-0001.json, ...; returns the files. Error "invalid_statements" with one line per
// bad field ("<puid>: <field> <what is wrong>"), "io_error".
Result<QStringList> writeBatches(const QList<QJsonObject> &statements, const SorTable &table,
                                 const QString &dir);

struct StatementExport
{
    QStringList files;
    int statements = 0;
    int notRestricting = 0; // decisions that restricted nothing: no statement is due
};

// Statements for the decisions in effect (accepted by the service; refused or conflicting verdicts are
// not), built through the policy's mapping and written with writeBatches. The builder's errors
// ("unmapped_label", ...) and writeBatches' stop the export before anything is written.
Result<StatementExport> exportStatements(const QList<exports::DecisionRecord> &records,
                                         const StatementBuilder &builder, const SorTable &table,
                                         const QString &dir);

} // namespace veil::dsa
