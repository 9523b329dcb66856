// The reference service's schema versions (service.db), applied by ServiceStore::open.
#pragma once

#include "pg/PgConnection.h"
#include "store/Migrations.h"

#include <span>

namespace veil::service {

std::span<const store::Migration> serviceMigrations();
// The same versions for PostgreSQL (ServiceSchemaPg.cpp).
std::span<const pg::Migration> servicePgMigrations();

} // namespace veil::service
