// PostgreSQL behind store::Database (issue 18): the service's store, written once against Database,
// Statement and Transaction, runs on SQLite (the default) or on a PostgreSQL server several instances share.
// Statements are written in SQLite's dialect where the two agree (nearly everywhere); the few words that
// differ are rewritten when a statement is prepared (translate()), so there is one copy of each query.
#pragma once

#include "pg/PgConnection.h"
#include "store/Database.h"

#include <QByteArray>

#include <memory>
#include <span>

namespace veil::pg {

// SQLite's spelling to PostgreSQL's, outside string literals: ?N and ? parameters to $N; INSERT OR IGNORE to
// INSERT ... ON CONFLICT DO NOTHING; INDEXED BY hints dropped (the planner chooses); group_concat to
// string_agg, char() to chr(); CROSS JOIN ... ON to JOIN ... ON; BEGIN IMMEDIATE to BEGIN and the
// writers' advisory lock (one write transaction at a time across instances, as SQLite's writer lock).
// Anything else passes unchanged.
QByteArray translate(const char *sql);

// True for the URIs libpq takes: postgresql://... or postgres://...
bool isPostgresUri(const QString &database);

// Connects, brings the schema to the last of `migrations` (under an advisory lock) and wraps the
// connection as a store::Database. Errors: db_unavailable, db_too_new, db_error.
Result<std::unique_ptr<store::Database>>
openDatabase(const QString &uri, std::span<const Migration> migrations, int statementTimeoutMs = 30000);

} // namespace veil::pg
