// Statements of reasons written as the Transparency Database's batch endpoint takes them
// ({"statements": [...]}, at most the table's limit per request, 100), one file per request, after every
// statement has passed the allowed-value table: one bad field anywhere and nothing is written.
#pragma once

#include "dsa/SorTable.h"

namespace veil::dsa {

// Writes dir/sor-batch-0001.json, ...; returns the files. Error "invalid_statements" with one line per
// bad field ("<puid>: <field> <what is wrong>"), "io_error".
Result<QStringList> writeBatches(const QList<QJsonObject> &statements, const SorTable &table,
                                 const QString &dir);

} // namespace veil::dsa
