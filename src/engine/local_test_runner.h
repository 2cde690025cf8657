#pragma once
// The default mode of `rocky test` (cli.md §4): every model built, in DAG order, in a fresh
// in-memory DuckDB database, after the fixtures of engine/local_fixtures.h are loaded.
//
// Each model's query is rendered with references to other models as bare names (models.md §4:
// in `rocky test` the target ref is the model's name) and ephemeral models inlined as CTEs
// (project::RenderModelQuery). Then, by strategy:
//   ephemeral                    SELECT COUNT(*) FROM (\n<sql>\n) AS _t — checked, not created
//   view, materialized_view      CREATE OR REPLACE VIEW <name> AS\n<sql>
//   every other strategy         CREATE OR REPLACE TABLE <name> AS\n<sql>
// time_interval models first get `@start_date` / `@end_date` replaced with the bounds of one
// window covering every plausible timestamp, 1900-01-01 00:00:00 to 9999-12-31 23:59:59
// (kWholeTimeWindow), so the local table holds every row the model can produce.
//
// A model whose dependency failed is not built and fails with
// `skipped: dependency 'x' failed`, naming its first failed direct dependency (name order).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapter_sdk/warehouse_adapter.h"
#include "base/error.h"
#include "project/dag.h"
#include "project/model.h"
#include "project/model_references.h"
#include "project/model_sql.h"

namespace rocky::engine {

/// The window time_interval models are built with locally (see above).
extern const project::PartitionWindow kWholeTimeWindow;

/// The models of a project (parallel vectors, as LoadProjectModels gives them).
struct LocalTestProject {
  const std::vector<project::Model>& models;
  const std::vector<project::ModelQuery>& queries;
  const project::ModelDag& dag;
  /// The models folder; fixtures are read from its parent.
  std::filesystem::path models_dir;
};

struct LocalTestOptions {
  /// `--model M`: build M and the models it depends on, but count only M.
  std::optional<std::string> model;
  /// DuckDB database files attached read-only after the fixtures load, each under its file stem
  /// as catalog (`poc.duckdb` → `poc`, as DuckDB names it), so models that read the project's
  /// warehouse (`FROM poc.staging__orders.orders`) build; model outputs stay in the in-memory
  /// database and the files are never written. A catalog the fixtures already created wins (the
  /// file is skipped); a file that cannot be attached (locked by a running `rocky run`, not a
  /// DuckDB file) is a warning, and the models that read it fail.
  std::vector<std::string> read_only_databases;
};

/// One counted model.
struct LocalModelResult {
  std::string name;
  /// nullopt: built (or checked) without error.
  std::optional<std::string> error;
  bool passed() const { return !error; }
};

struct LocalTestReport {
  /// The counted models in execution order: every model, or only `--model M`.
  std::vector<LocalModelResult> results;
  /// Tables created from seeds/*.csv (`schema.table`) and statements of data/seed.sql.
  std::vector<std::string> seed_tables;
  size_t seed_sql_statements = 0;

  int64_t total() const { return static_cast<int64_t>(results.size()); }
  int64_t passed() const;
  int64_t failed() const { return total() - passed(); }
};

/// Runs the local test. Model failures are results; errors are operational: the database
/// cannot be opened, a fixture fails to load, or `--model` names no model
/// (`model 'x' not found`).
Result<LocalTestReport> RunLocalTests(const LocalTestProject& project,
                                      const LocalTestOptions& options = {});

/// An empty in-memory DuckDB database, as RunLocalTests opens one.
Result<std::shared_ptr<sdk::WarehouseAdapter>> OpenLocalDatabase();

/// The same on a database the caller opened (an empty DuckDB database; tests read it after).
Result<LocalTestReport> RunLocalTestsOn(sdk::WarehouseAdapter& warehouse,
                                        const LocalTestProject& project,
                                        const LocalTestOptions& options = {});

}  // namespace rocky::engine
