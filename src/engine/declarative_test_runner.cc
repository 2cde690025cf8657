#include "engine/declarative_test_runner.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/log.h"
#include "base/strings.h"
#include "project/model_tests_sql.h"

namespace rocky::engine {

namespace {

DeclarativeResult RunOne(const project::ModelTest& test, const project::Model& model,
                         const std::vector<project::Model>& models,
                         sdk::WarehouseAdapter& warehouse) {
  DeclarativeResult r;
  r.model = model.name;
  r.test_type = test.type;
  r.column = test.column;
  r.severity = test.severity;
  auto error = [&](std::string detail) {
    r.status = DeclarativeStatus::kError;
    r.detail = std::move(detail);
    return r;
  };
  const sdk::SqlDialect& dialect = warehouse.Dialect();
  auto table = project::ModelTestTable(model, dialect);
  if (!table) return error(table.error().message);
  r.table = *table;
  if (model.strategy.type() == project::StrategyType::kEphemeral)
    return error(fmt::format("model '{}' is ephemeral: it has no table to test", model.name));
  auto sql = project::ModelTestSql(test, model, models, dialect);
  if (!sql) return error(sql.error().message);
  r.sql = *sql;
  auto rows = warehouse.ExecuteQuery(r.sql);
  if (!rows) return error(rows.error().message);
  auto verdict = project::EvaluateModelTest(test, *rows);
  if (!verdict) return error(verdict.error().message);
  r.status = verdict->passed ? DeclarativeStatus::kPass : DeclarativeStatus::kFail;
  r.detail = std::move(verdict->detail);
  return r;
}

template <typename P>
int64_t CountIf(const std::vector<DeclarativeResult>& results, P&& predicate) {
  return std::count_if(results.begin(), results.end(), predicate);
}

}  // namespace

const char* DeclarativeStatusName(DeclarativeStatus status) {
  switch (status) {
    case DeclarativeStatus::kPass:
      return "pass";
    case DeclarativeStatus::kFail:
      return "fail";
    case DeclarativeStatus::kError:
      return "error";
  }
  return "error";
}

int64_t DeclarativeReport::passed() const {
  return CountIf(results, [](const auto& r) { return r.status == DeclarativeStatus::kPass; });
}
int64_t DeclarativeReport::failed() const {
  return CountIf(results, [](const auto& r) {
    return r.status == DeclarativeStatus::kFail && r.severity == project::TestSeverity::kError;
  });
}
int64_t DeclarativeReport::warned() const {
  return CountIf(results, [](const auto& r) {
    return r.status == DeclarativeStatus::kFail && r.severity == project::TestSeverity::kWarning;
  });
}
int64_t DeclarativeReport::errored() const {
  return CountIf(results, [](const auto& r) { return r.status == DeclarativeStatus::kError; });
}

Result<DeclarativeReport> RunDeclarativeTests(const std::vector<project::Model>& models,
                                              sdk::WarehouseAdapter& warehouse,
                                              const DeclarativeOptions& options) {
  if (options.model && std::none_of(models.begin(), models.end(), [&](const project::Model& m) {
        return EqualsIgnoreCase(m.name, *options.model);
      }))
    return Fail(ErrorKind::kNotFound, "model '{}' not found", *options.model);
  std::vector<const project::Model*> ordered;
  for (const auto& m : models)
    if (!options.model || EqualsIgnoreCase(m.name, *options.model)) ordered.push_back(&m);

  DeclarativeReport report;
  for (const project::Model* model : ordered) {
    for (const project::ModelTest& test : model->tests) {
      report.results.push_back(RunOne(test, *model, models, warehouse));
      const DeclarativeResult& r = report.results.back();
      LogDebug("test {} {} on {}: {}", model->name, project::ModelTestLabel(test), r.table,
               DeclarativeStatusName(r.status));
    }
  }
  return report;
}

}  // namespace rocky::engine
