#pragma once
// The flags import-dbt and validate-migration share.

#include "base/error.h"
#include "cli/context.h"
#include "migrate/dbt_import.h"

namespace rocky::cli {

/// `--dbt-project` (required), `--output`, `--manifest`, `--no-manifest` (exclusive with it).
Result<migrate::DbtImportOptions> DbtImportOptionsOf(const Context& ctx);

}  // namespace rocky::cli
