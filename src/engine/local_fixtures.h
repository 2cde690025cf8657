#pragma once
// The fixture data `rocky test` loads into its in-memory DuckDB before building models
// (cli.md §4), both found beside the models folder, in the project folder `<models>/..`:
//
// - `data/seed.sql`: split into statements (`;` outside strings and comments) and run in file
//   order. The first failing statement stops the test run with an error naming the file, the
//   line and the statement's number.
// - `seeds/*.csv`: each file (sorted by name) becomes a typed table through core/csv_seed.h, at
//   `seeds.<stem>` — the schema `rocky seed` uses, so a model reading `seeds.orders` works
//   both locally and against the warehouse. A `<stem>.toml` sidecar may rename the seed or
//   set its schema and table as for `rocky seed`; its catalog is ignored, because the
//   in-memory database is the only catalog.

#include <filesystem>
#include <string>
#include <vector>

#include "adapter_sdk/warehouse_adapter.h"
#include "base/error.h"

namespace rocky::engine {

/// What was loaded.
struct LocalFixtures {
  /// Statements run from data/seed.sql (0 without the file).
  size_t seed_sql_statements = 0;
  /// Tables created from seeds/*.csv, as `schema.table`, in file name order.
  std::vector<std::string> seed_tables;
};

/// The project folder of a models folder: `<models>/..`, lexically normalized.
std::filesystem::path ProjectDirOf(const std::filesystem::path& models_dir);

/// Runs `file` statement by statement. A missing file is an error here.
Result<size_t> RunSeedSqlFile(sdk::WarehouseAdapter& warehouse, const std::filesystem::path& file);

/// Loads every `*.csv` of `dir` (see above). A missing folder loads nothing.
Result<std::vector<std::string>> LoadSeedCsvFolder(sdk::WarehouseAdapter& warehouse,
                                                   const std::filesystem::path& dir);

/// `data/seed.sql` (when present), then `seeds/*.csv`, of `project_dir`.
Result<LocalFixtures> LoadLocalFixtures(sdk::WarehouseAdapter& warehouse,
                                        const std::filesystem::path& project_dir);

}  // namespace rocky::engine
