#include "facade/migration_validation.h"

#include <fmt/format.h>

#include <set>

#include "base/strings.h"

namespace rocky::facade {

MigrationValidation ValidateMigration(
    const migrate::DbtProject& dbt, const CompiledProject& rocky,
    const std::map<std::string, std::vector<std::string>>& notes) {
  const auto& models = rocky.project.load.models;
  std::set<std::string> names;
  for (const auto& m : dbt.models) names.insert(m.name);
  for (const auto& m : models) names.insert(m.name);
  MigrationValidation out;
  for (const std::string& name : names) {
    const migrate::DbtModel* d = dbt.FindModel(name);
    auto index = rocky.project.load.Find(name);
    const project::Model* r = index ? &models[*index] : nullptr;
    ModelValidation v{name, d != nullptr, r != nullptr, r != nullptr};
    if (auto it = notes.find(name); it != notes.end()) v.warnings = it->second;
    for (const Diagnostic& diag : rocky.diagnostics) {
      if (!diag.model || !EqualsIgnoreCase(*diag.model, name)) continue;
      if (diag.severity == Severity::kError) v.compile_ok = false;
      if (diag.severity != Severity::kInfo) v.warnings.push_back(diag.code + ": " + diag.message);
    }
    if (d && !r && v.warnings.empty()) v.warnings.push_back("missing from the Rocky project");
    if (d) v.dbt_description = d->description;
    if (r) {
      v.rocky_intent = r->intent;
      v.test_count = static_cast<int64_t>(r->tests.size());
      v.contracts_generated = r->contract ? 1 : 0;
    }
    out.models_imported += r ? 1 : 0;
    out.models_failed += d && !v.compile_ok ? 1 : 0;
    out.total_tests += v.test_count;
    out.total_contracts += v.contracts_generated;
    out.total_warnings += static_cast<int64_t>(v.warnings.size());
    out.validations.push_back(std::move(v));
  }
  return out;
}

namespace {

int64_t Count(sdk::WarehouseAdapter& w, const std::string& sql, std::optional<std::string>& error) {
  auto r = w.ExecuteQuery(sql);
  if (!r) {
    if (!error) error = r.error().message;
    return 0;
  }
  if (r->rows.empty() || r->rows[0].empty()) return 0;
  return std::stoll(sdk::ValueToString(r->rows[0][0]));
}

}  // namespace

TableComparison CompareTables(sdk::WarehouseAdapter& w, const std::string& model,
                              const std::string& rocky_table, const std::string& expected,
                              int64_t sample_size) {
  TableComparison c{model, expected, rocky_table};
  // The expected side's columns by the names of Rocky's, so column order does not matter.
  auto shape = w.ExecuteQuery("SELECT * FROM " + rocky_table + " LIMIT 0");
  if (!shape) {
    c.error = shape.error().message;
    return c;
  }
  std::vector<std::string> quoted;
  for (const std::string& col : shape->columns)
    quoted.push_back("\"" + ReplaceAll(col, "\"", "\"\"") + "\"");
  const std::string columns = Join(quoted, ", ");
  const std::string ours = fmt::format("SELECT {} FROM {}", columns, rocky_table);
  const std::string theirs = fmt::format("SELECT {} FROM {}", columns, expected);
  const std::string missing = fmt::format("{} EXCEPT ALL {}", theirs, ours);
  const std::string extra = fmt::format("{} EXCEPT ALL {}", ours, theirs);
  c.rocky_rows = Count(w, "SELECT COUNT(*) FROM " + rocky_table, c.error);
  c.expected_rows = Count(w, "SELECT COUNT(*) FROM " + expected, c.error);
  c.missing_rows = Count(w, fmt::format("SELECT COUNT(*) FROM ({}) AS _d", missing), c.error);
  c.extra_rows = Count(w, fmt::format("SELECT COUNT(*) FROM ({}) AS _d", extra), c.error);
  if (c.error || sample_size <= 0) return c;
  for (const auto& [label, sql] : {std::pair{"missing", missing}, std::pair{"extra", extra}}) {
    auto rows = w.ExecuteQuery(fmt::format("SELECT * FROM ({}) AS _d LIMIT {}", sql, sample_size));
    if (!rows) continue;
    for (const auto& row : rows->rows) {
      std::vector<std::string> cells;
      for (const auto& v : row) cells.push_back(sdk::ValueToString(v));
      c.samples.push_back(std::string(label) + ": " + Join(cells, " | "));
    }
  }
  return c;
}

}  // namespace rocky::facade
