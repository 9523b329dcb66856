// The workstation database's schema history. Append new migrations; never edit a released one.
#pragma once

#include "store/Migrations.h"

namespace veil::store {

std::span<const Migration> workstationMigrations();

} // namespace veil::store
