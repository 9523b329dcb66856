// The reference service's schema versions (service.db), applied by ServiceStore::open.
#pragma once

#include "store/Migrations.h"

#include <span>

namespace veil::service {

std::span<const store::Migration> serviceMigrations();

} // namespace veil::service
