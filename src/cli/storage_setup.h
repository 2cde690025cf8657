#pragma once
// What `compact`, `archive` and `profile-storage` share: the configuration, the pipeline's target
// adapter and its dialect (from --pipeline), the project's models (for TARGET), and the
// `{purpose, sql}` statement records they print.

#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/storage_dialect.h"
#include "base/error.h"
#include "base/json.h"
#include "cli/context.h"
#include "config/config.h"
#include "facade/project_models.h"

namespace rocky::cli {

struct StorageSetup {
  const config::Config* config = nullptr;
  const config::AdapterConfig* adapter = nullptr;
  const sdk::StorageDialect* storage = nullptr;
  /// Empty unless `load_models`.
  facade::ProjectModels project;
};

/// `load_models = false` leaves the models to the caller (a command that compiles them).
Result<StorageSetup> LoadStorageSetup(Context& ctx, std::string_view command,
                                      bool load_models = true);

/// `[{purpose, sql}]`.
Json StatementsJson(const std::vector<sdk::Statement>& statements);
/// One `-- purpose` line and the SQL with a `;` per statement.
std::string StatementsText(const std::vector<sdk::Statement>& statements);

}  // namespace rocky::cli
