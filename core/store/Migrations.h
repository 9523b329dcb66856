// Forward-only schema migrations, tracked in PRAGMA user_version. Each runs in its own transaction, so
// a failure leaves the database at the previous version, never half-migrated.
#pragma once

#include "store/Database.h"

#include <span>

namespace veil::store {

struct Migration
{
    int version; // 1, 2, 3, ... in order
    const char *sql;
};

Result<int> schemaVersion(Database &db);
// Brings the database up to the last migration's version and returns it. Error "db_too_new" when the
// file was written by a newer Veil: it is refused untouched rather than misread.
Result<int> migrate(Database &db, std::span<const Migration> migrations);

} // namespace veil::store
