#pragma once
// `rocky validate-migration` below the CLI: a dbt project's models lined up with a compiled Rocky
// project's (cli.md §5), and a model's built table compared with the table it must equal
// (EXCEPT ALL both ways, columns matched by name).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "adapter_sdk/warehouse_adapter.h"
#include "facade/project_compile.h"
#include "migrate/dbt_project.h"

namespace rocky::facade {

struct ModelValidation {
  std::string model;
  bool present_in_dbt = false;
  bool present_in_rocky = false;
  bool compile_ok = false;
  std::string dbt_description;  // empty: none
  std::optional<std::string> rocky_intent;
  int64_t test_count = 0;
  int64_t contracts_generated = 0;
  std::vector<std::string> warnings;
};

struct MigrationValidation {
  int64_t models_imported = 0;  // models of the Rocky project
  int64_t models_failed = 0;    // dbt models missing from Rocky or not compiling
  int64_t total_tests = 0;
  int64_t total_contracts = 0;
  int64_t total_warnings = 0;
  std::vector<ModelValidation> validations;  // by model name
};

/// Every model of either side. `notes` adds per-model lines (what the import reported); the
/// compile's errors and warnings for the model are added to them.
MigrationValidation ValidateMigration(const migrate::DbtProject& dbt, const CompiledProject& rocky,
                                      const std::map<std::string, std::vector<std::string>>& notes);

struct TableComparison {
  std::string model;
  std::string expected_table;
  std::string rocky_table;
  int64_t rocky_rows = 0;
  int64_t expected_rows = 0;
  int64_t missing_rows = 0;          // in the expected table, not in Rocky's
  int64_t extra_rows = 0;            // in Rocky's table, not in the expected one
  std::vector<std::string> samples;  // "missing: a | b", "extra: …"
  std::optional<std::string> error;
  bool Equal() const { return !error && missing_rows == 0 && extra_rows == 0; }
};

/// Compares `rocky_table` with `expected` (a table, or any relation SQL such as
/// `read_csv_auto('…')`), showing up to `sample_size` differing rows each way.
TableComparison CompareTables(sdk::WarehouseAdapter& warehouse, const std::string& model,
                              const std::string& rocky_table, const std::string& expected,
                              int64_t sample_size);

}  // namespace rocky::facade
