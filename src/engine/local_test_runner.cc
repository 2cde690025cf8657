#include "engine/local_test_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <variant>

#include "adapters/duckdb/duckdb_adapter.h"
#include "base/log.h"
#include "engine/local_fixtures.h"
#include "sql/identifier.h"

namespace rocky::engine {

const project::PartitionWindow kWholeTimeWindow{"all", *ParseTimestamp("1900-01-01T00:00:00Z"),
                                             *ParseTimestamp("9999-12-31T23:59:59Z")};

namespace {

std::string ErrorText(const Error& error) {
  std::string text = error.message;
  // The adapter's "while running … statement" lines add nothing to a model failure.
  if (error.kind != ErrorKind::kAdapter)
    for (const auto& c : error.context) text += " (" + c + ")";
  return text;
}

// See LocalTestOptions::read_only_databases.
void AttachReadOnly(sdk::WarehouseAdapter& warehouse, const std::string& file) {
  const std::string catalog = std::filesystem::path(file).stem().string();
  if (!sql::IsValidIdentifier(catalog)) {
    LogWarn("not attaching {}: its name '{}' is not a valid catalog identifier", file, catalog);
    return;
  }
  auto exists = warehouse.ExecuteQuery(fmt::format(
      "SELECT COUNT(*) FROM duckdb_databases() WHERE database_name = '{}'", catalog));
  if (exists && !exists->rows.empty() && !exists->rows[0].empty())
    if (const auto* n = std::get_if<int64_t>(&exists->rows[0][0]); n && *n > 0) {
      LogDebug("catalog '{}' comes from the fixtures; {} is not attached", catalog, file);
      return;
    }
  auto done = warehouse.ExecuteStatement(
      {"attach", catalog,
       fmt::format("ATTACH {} AS {} (READ_ONLY)",
                   warehouse.Dialect().Literal(sdk::LiteralKind::kString, file), catalog),
       true});
  if (!done)
    LogWarn("cannot attach the warehouse file {} read-only: {}; models that read '{}' will fail",
            file, done.error().message, catalog);
  else
    LogDebug("attached {} read-only as catalog '{}'", file, catalog);
}

// The SQL that builds (or checks) one model locally.
Result<std::string> LocalStatement(const project::ModelSqlContext& context, size_t index) {
  const project::Model& model = context.models[index];
  auto query = project::RenderModelQuery(context, index);
  if (!query) return query;
  std::string sql = std::move(*query);
  if (model.strategy.type() == project::StrategyType::kTimeInterval)
    sql = project::SubstitutePartitionBounds(sql, context.dialect, kWholeTimeWindow.start,
                                          kWholeTimeWindow.end);
  switch (model.strategy.type()) {
    case project::StrategyType::kEphemeral:
      return fmt::format("SELECT COUNT(*) FROM (\n{}\n) AS _t", sql);
    case project::StrategyType::kView:
    case project::StrategyType::kMaterializedView:
      if (auto ok = sql::ValidateIdentifier(model.name); !ok) return std::unexpected(ok.error());
      return fmt::format("CREATE OR REPLACE VIEW {} AS\n{}", model.name, sql);
    default:
      if (auto ok = sql::ValidateIdentifier(model.name); !ok) return std::unexpected(ok.error());
      return fmt::format("CREATE OR REPLACE TABLE {} AS\n{}", model.name, sql);
  }
}

Result<void> BuildModel(sdk::WarehouseAdapter& warehouse, const project::ModelSqlContext& context,
                        size_t index) {
  auto statement = LocalStatement(context, index);
  if (!statement) return std::unexpected(std::move(statement.error()));
  const project::Model& model = context.models[index];
  if (model.strategy.type() == project::StrategyType::kEphemeral) {
    auto rows = warehouse.ExecuteQuery(*statement);
    if (!rows) return std::unexpected(std::move(rows.error()));
    return Ok();
  }
  auto done = warehouse.ExecuteStatement({"local_test", model.name, *statement, true});
  if (!done) return std::unexpected(std::move(done.error()));
  return Ok();
}

}  // namespace

int64_t LocalTestReport::passed() const {
  return std::count_if(results.begin(), results.end(),
                       [](const LocalModelResult& r) { return r.passed(); });
}

Result<LocalTestReport> RunLocalTests(const LocalTestProject& project,
                                      const LocalTestOptions& options) {
  if (options.model && !project.dag.Find(*options.model))
    return Fail(ErrorKind::kNotFound, "model '{}' not found", *options.model);
  auto db = OpenLocalDatabase();
  if (!db) return std::unexpected(std::move(db.error()));
  return RunLocalTestsOn(**db, project, options);
}

Result<std::shared_ptr<sdk::WarehouseAdapter>> OpenLocalDatabase() {
  auto db = adapters::duckdb::OpenDuckDbAdapter(std::nullopt);
  if (!db) return Fail(std::move(db.error()).With("while opening the in-memory DuckDB database"));
  return db->warehouse;
}

Result<LocalTestReport> RunLocalTestsOn(sdk::WarehouseAdapter& warehouse,
                                        const LocalTestProject& project,
                                        const LocalTestOptions& options) {
  const auto& models = project.models;
  const project::ModelDag& dag = project.dag;
  const size_t n = models.size();
  std::vector<bool> selected(n, true), counted(n, true);
  if (options.model) {
    auto id = dag.Find(*options.model);
    if (!id) return Fail(ErrorKind::kNotFound, "model '{}' not found", *options.model);
    std::fill(selected.begin(), selected.end(), false);
    std::fill(counted.begin(), counted.end(), false);
    for (project::ModelId up : dag.Upstream(*id)) selected[up] = true;
    selected[*id] = counted[*id] = true;
  }

  LocalTestReport report;
  auto fixtures = LoadLocalFixtures(warehouse, ProjectDirOf(project.models_dir));
  if (!fixtures) return std::unexpected(std::move(fixtures.error()));
  report.seed_tables = std::move(fixtures->seed_tables);
  report.seed_sql_statements = fixtures->seed_sql_statements;
  for (const std::string& file : options.read_only_databases) AttachReadOnly(warehouse, file);

  const project::ModelSqlContext context{models, project.queries, warehouse.Dialect(),
                                      project::ReferenceStyle::kBareName};
  std::vector<bool> done(n, false), failed(n, false);
  for (project::ModelId id : dag.order()) {
    if (!selected[id]) continue;
    std::optional<std::string> error;
    for (project::ModelId dep : dag.dependencies(id)) {
      if (failed[dep]) {
        error = fmt::format("skipped: dependency '{}' failed", models[dep].name);
        break;
      }
    }
    if (!error) {
      auto built = BuildModel(warehouse, context, id);
      if (!built) error = ErrorText(built.error());
    }
    done[id] = true;
    failed[id] = error.has_value();
    if (error)
      LogDebug("model {} failed: {}", models[id].name, *error);
    else
      LogDebug("model {} built", models[id].name);
    if (counted[id]) report.results.push_back({models[id].name, std::move(error)});
  }
  // Models in or downstream of a cycle have no place in the order.
  for (size_t id = 0; id < n; ++id)
    if (counted[id] && !done[id])
      report.results.push_back(
          {models[id].name, "skipped: the model is in or downstream of a dependency cycle"});
  return report;
}

}  // namespace rocky::engine
