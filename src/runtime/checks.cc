#include "runtime/checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <set>
#include <unordered_set>

#include "base/log.h"
#include "base/strings.h"
#include "runtime/checks_internal.h"

namespace rocky::runtime {

namespace {

using namespace checks_internal;
using Columns = std::vector<sdk::ColumnInfo>;

enum class Mode { kReplication, kQuality };

// One table under check, whichever pipeline type it came from.
struct Subject {
  std::optional<sdk::TableRef> source;  // replication only
  sdk::TableRef target;
  std::vector<std::string> asset_key;
  std::string table_key;
  std::vector<std::string> override_schemas;  // freshness override lookup order
};

// What the checks of one table produced.
struct Measurements {
  std::vector<Json> checks;
  std::optional<int64_t> target_count;
  std::vector<state::QualitySnapshot::NullRate> null_rates;
  std::optional<int64_t> lag_seconds;
};

struct Context {
  Mode mode = Mode::kReplication;
  const config::ChecksConfig& config;
  sdk::WarehouseAdapter* source = nullptr;
  sdk::WarehouseAdapter& target;
  sdk::BatchCheckAdapter* source_batch = nullptr;
  sdk::BatchCheckAdapter* target_batch = nullptr;
  std::unordered_set<std::string> metadata_columns;  // lower-cased
  std::optional<std::string> freshness_column;       // nullopt: freshness is skipped
  Timestamp now{};
  int concurrency = 1;
};

std::vector<sdk::TableRef> Targets(const std::vector<Subject>& subjects) {
  std::vector<sdk::TableRef> out;
  for (const auto& s : subjects) out.push_back(s.target);
  return out;
}

std::vector<sdk::TableRef> Sources(const std::vector<Subject>& subjects) {
  std::vector<sdk::TableRef> out;
  for (const auto& s : subjects) out.push_back(s.source.value_or(sdk::TableRef{}));
  return out;
}

Json RowCountResult(bool passed, int64_t source_count, int64_t target_count) {
  return Json::Object()
      .Set("name", "row_count")
      .Set("passed", passed)
      .Set("source_count", source_count)
      .Set("target_count", target_count);
}

void RunRowCounts(const Context& ctx, const std::vector<Subject>& subjects,
                  std::vector<Measurements>& m) {
  std::vector<Result<int64_t>> sources;
  if (ctx.mode == Mode::kReplication)
    sources = CountRows(*ctx.source, ctx.source_batch, Sources(subjects));
  auto targets = CountRows(ctx.target, ctx.target_batch, Targets(subjects));
  for (size_t i = 0; i < subjects.size(); ++i) {
    if (targets[i]) m[i].target_count = *targets[i];
    if (ctx.mode == Mode::kQuality) {
      m[i].checks.push_back(targets[i] ? RowCountResult(*targets[i] > 0, *targets[i], *targets[i])
                                       : ErrorResult("row_count", targets[i].error()));
    } else if (!sources[i]) {
      m[i].checks.push_back(ErrorResult("row_count", sources[i].error()));
    } else if (!targets[i]) {
      m[i].checks.push_back(ErrorResult("row_count", targets[i].error()));
    } else {
      m[i].checks.push_back(RowCountResult(*sources[i] == *targets[i], *sources[i], *targets[i]));
    }
  }
}

std::set<std::string> NameSet(const Columns& columns, const Context& ctx) {
  std::set<std::string> names;
  for (const auto& c : columns) {
    std::string name = ToLower(c.name);
    if (!ctx.metadata_columns.contains(name)) names.insert(std::move(name));
  }
  return names;
}

Json Difference(const std::set<std::string>& a, const std::set<std::string>& b) {
  Json out = Json::Array();
  for (const auto& name : a)
    if (!b.contains(name)) out.Push(name);
  return out;
}

void RunColumnMatch(const Context& ctx, const std::vector<Subject>& subjects,
                    const std::vector<Result<Columns>>& target_columns,
                    std::vector<Measurements>& m) {
  auto source_columns = DescribeAll(*ctx.source, Sources(subjects), ctx.concurrency);
  for (size_t i = 0; i < subjects.size(); ++i) {
    if (!source_columns[i]) {
      m[i].checks.push_back(ErrorResult("column_match", source_columns[i].error()));
      continue;
    }
    if (!target_columns[i]) {
      m[i].checks.push_back(ErrorResult("column_match", target_columns[i].error()));
      continue;
    }
    auto source = NameSet(*source_columns[i], ctx);
    auto target = NameSet(*target_columns[i], ctx);
    Json missing = Difference(source, target);
    Json extra = Difference(target, source);
    bool passed = missing.empty() && extra.empty();
    m[i].checks.push_back(Json::Object()
                              .Set("name", "column_match")
                              .Set("passed", passed)
                              .Set("missing", std::move(missing))
                              .Set("extra", std::move(extra)));
  }
}

void RunFreshness(const Context& ctx, const std::vector<Subject>& subjects,
                  std::vector<Measurements>& m) {
  const auto& config = *ctx.config.freshness;
  const std::string& column = *ctx.freshness_column;
  auto maxima = MaxValues(ctx.target, ctx.target_batch, Targets(subjects), column);
  for (size_t i = 0; i < subjects.size(); ++i) {
    int64_t threshold = config.threshold_seconds;
    for (const auto& schema : subjects[i].override_schemas) {
      if (auto it = config.overrides.find(schema); it != config.overrides.end()) {
        threshold = it->second;
        break;
      }
    }
    if (!maxima[i]) {
      m[i].checks.push_back(ErrorResult("freshness", maxima[i].error()));
      continue;
    }
    Json lag_json;  // null when the table has no maximum
    bool passed = false;
    if (const auto& max = *maxima[i]) {
      auto lag = FreshnessLagSeconds(*max, ctx.now);
      if (!lag) {
        m[i].checks.push_back(ErrorResult(
            "freshness", Error{ErrorKind::kAdapter,
                               fmt::format("MAX({}) is '{}', not a timestamp", column, *max)}));
        continue;
      }
      m[i].lag_seconds = *lag;
      lag_json = Json(*lag);
      passed = *lag <= threshold;
    }
    m[i].checks.push_back(Json::Object()
                              .Set("name", "freshness")
                              .Set("passed", passed)
                              .Set("lag_seconds", std::move(lag_json))
                              .Set("threshold_seconds", threshold));
  }
}

void RunNullRate(const Context& ctx, const Subject& subject, const Result<Columns>* described,
                 Measurements& m) {
  const auto& config = *ctx.config.null_rate;
  std::vector<std::string> columns = config.columns;
  if (columns.empty()) {
    if (!*described) {
      m.checks.push_back(ErrorResult("null_rate", described->error()));
      return;
    }
    for (const auto& c : **described) columns.push_back(c.name);
  }
  auto sql = NullRateSql(ctx.target.Dialect(), subject.target, columns, config.sample_percent);
  if (!sql) {
    m.checks.push_back(ErrorResult("null_rate", sql.error()));
    return;
  }
  auto result = ctx.target.ExecuteQuery(*sql);
  if (!result) {
    m.checks.push_back(ErrorResult("null_rate", result.error()));
    return;
  }
  const std::vector<sdk::Value>* row = result->rows.empty() ? nullptr : &result->rows[0];
  std::optional<int64_t> n;
  if (row != nullptr && row->size() == columns.size() + 1) n = CellToInt((*row)[0]);
  if (!n) {
    m.checks.push_back(ErrorResult(
        "null_rate",
        Error{ErrorKind::kAdapter, fmt::format("the null rate query of {} returned no counts",
                                               subject.target.FullName())}));
    return;
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    int64_t non_null = CellToInt((*row)[c + 1]).value_or(0);
    double rate = *n == 0 ? 0.0 : 1.0 - static_cast<double>(non_null) / static_cast<double>(*n);
    m.null_rates.push_back({columns[c], rate});
    m.checks.push_back(Json::Object()
                           .Set("name", "null_rate")
                           .Set("passed", rate <= config.threshold)
                           .Set("column", columns[c])
                           .Set("null_rate", rate)
                           .Set("threshold", config.threshold));
  }
}

Json RunCustom(const Context& ctx, const Subject& subject, const config::CustomCheckConfig& check) {
  const auto& dialect = ctx.target.Dialect();
  auto target = dialect.FormatTableRef(subject.target);
  if (!target) return ErrorResult(check.name, target.error());
  std::optional<std::string> source;
  if (subject.source) {
    auto formatted = dialect.FormatTableRef(*subject.source);
    if (!formatted) return ErrorResult(check.name, formatted.error());
    source = std::move(*formatted);
  }
  std::string query = CustomCheckSql(check.sql, *target, source);
  auto result = ctx.target.ExecuteQuery(query);
  if (!result) return ErrorResult(check.name, result.error());
  sdk::Value cell;
  if (!result->rows.empty() && !result->rows[0].empty()) cell = result->rows[0][0];
  auto value = CellToNumber(cell);
  if (!value) {
    return ErrorResult(
        check.name,
        Error{ErrorKind::kAdapter, fmt::format("custom check '{}' returned '{}', not a number",
                                               check.name, sdk::ValueToString(cell))});
  }
  bool passed = value->IsInt() ? value->AsInt() <= check.threshold
                               : value->AsDouble() <= static_cast<double>(check.threshold);
  return Json::Object()
      .Set("name", check.name)
      .Set("passed", passed)
      .Set("query", query)
      .Set("result_value", std::move(*value))
      .Set("threshold", check.threshold);
}

ChecksOutcome RunChecks(const Context& ctx, const std::vector<Subject>& subjects,
                        const std::string& run_id, state::StateStore* state,
                        const CheckCallbacks& callbacks) {
  const auto& config = ctx.config;
  std::vector<Measurements> m(subjects.size());

  if (config.row_count) RunRowCounts(ctx, subjects, m);

  bool column_match = config.column_match && ctx.mode == Mode::kReplication;
  bool describe_targets =
      column_match || (config.null_rate.has_value() && config.null_rate->columns.empty());
  std::vector<Result<Columns>> target_columns;
  if (describe_targets)
    target_columns = DescribeAll(ctx.target, Targets(subjects), ctx.concurrency);
  if (column_match) RunColumnMatch(ctx, subjects, target_columns, m);

  if (config.freshness && ctx.freshness_column) RunFreshness(ctx, subjects, m);

  if (config.null_rate || !config.custom.empty()) {
    ParallelFor(subjects.size(), ctx.concurrency, [&](size_t i) {
      if (config.null_rate)
        RunNullRate(ctx, subjects[i], describe_targets ? &target_columns[i] : nullptr, m[i]);
      for (const auto& check : config.custom)
        m[i].checks.push_back(RunCustom(ctx, subjects[i], check));
    });
  }

  std::vector<size_t> order(subjects.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return subjects[a].asset_key < subjects[b].asset_key;
  });

  ChecksOutcome outcome;
  std::vector<MeasuredCount> counts;
  for (size_t i : order) {
    const Subject& s = subjects[i];
    if (!m[i].checks.empty())
      outcome.check_results.push_back({s.asset_key, s.table_key, std::move(m[i].checks)});
    if (m[i].target_count) counts.push_back({s.table_key, *m[i].target_count});
    if (m[i].target_count || !m[i].null_rates.empty() || m[i].lag_seconds) {
      outcome.quality.push_back({s.table_key, run_id, ctx.now, m[i].target_count.value_or(0),
                                 std::move(m[i].null_rates), m[i].lag_seconds});
    }
  }
  if (config.row_count && config.anomaly_threshold_pct > 0 && state != nullptr)
    outcome.anomalies = DetectAnomalies(*state, counts, ctx.now, config.anomaly_threshold_pct);

  if (callbacks.on_result) {
    for (const auto& table : outcome.check_results)
      for (const auto& result : table.checks) callbacks.on_result(table, result);
  }
  if (callbacks.on_anomaly) {
    for (const auto& anomaly : outcome.anomalies) callbacks.on_anomaly(anomaly);
  }
  return outcome;
}

}  // namespace

CheckedTable CheckedTableFor(const replication::ReplicationTask& task) {
  std::string schema = task.origin != nullptr ? task.origin->source.schema : task.source.schema;
  return {task.source, task.target, task.asset_key, task.table_key, std::move(schema)};
}

Json TableCheckResults::ToJson() const {
  Json list = Json::Array();
  for (const auto& c : checks) list.Push(c);
  return Json::Object().Set("asset_key", Json::ArrayOf(asset_key)).Set("checks", std::move(list));
}

Json RowCountAnomaly::ToJson() const {
  return Json::Object()
      .Set("table", table)
      .Set("current_count", current_count)
      .Set("baseline_avg", baseline_avg)
      .Set("deviation_pct", deviation_pct)
      .Set("reason", reason);
}

Json ChecksOutcome::CheckResultsJson() const {
  Json out = Json::Array();
  for (const auto& t : check_results) out.Push(t.ToJson());
  return out;
}

Json ChecksOutcome::AnomaliesJson() const {
  Json out = Json::Array();
  for (const auto& a : anomalies) out.Push(a.ToJson());
  return out;
}

ChecksOutcome RunReplicationChecks(const config::ChecksConfig& config,
                                   const ReplicationChecksInput& input,
                                   const CheckWarehouses& warehouses, state::StateStore* state,
                                   const CheckCallbacks& callbacks) {
  if (!config.enabled || input.tables.empty()) return {};
  Context ctx{.mode = Mode::kReplication,
              .config = config,
              .source = &warehouses.source,
              .target = warehouses.target,
              .source_batch = warehouses.source_batch,
              .target_batch = warehouses.target_batch,
              .now = input.now,
              .concurrency = input.concurrency};
  for (const auto& name : input.metadata_columns) ctx.metadata_columns.insert(ToLower(name));
  if (config.freshness) {
    std::string column = config.freshness->column.value_or(input.timestamp_column);
    if (column.empty())
      LogWarn("freshness check skipped: no freshness column and no timestamp_column");
    else
      ctx.freshness_column = std::move(column);
  }
  std::vector<Subject> subjects;
  for (const auto& t : input.tables) {
    std::string source_schema = t.source_schema.empty() ? t.source.schema : t.source_schema;
    subjects.push_back({t.source,
                        t.target,
                        t.asset_key,
                        t.table_key,
                        {t.target.schema, std::move(source_schema)}});
  }
  return RunChecks(ctx, subjects, input.run_id, state, callbacks);
}

ChecksOutcome RunQualityChecks(const config::ChecksConfig& config, const QualityChecksInput& input,
                               sdk::WarehouseAdapter& warehouse, sdk::BatchCheckAdapter* batch,
                               state::StateStore* state, const CheckCallbacks& callbacks) {
  if (!config.enabled || input.tables.empty()) return {};
  Context ctx{.mode = Mode::kQuality,
              .config = config,
              .target = warehouse,
              .target_batch = batch,
              .now = input.now,
              .concurrency = input.concurrency};
  if (config.column_match) LogWarn("column_match is ignored in quality pipelines");
  if (config.freshness) {
    if (config.freshness->column && !config.freshness->column->empty())
      ctx.freshness_column = *config.freshness->column;
    else
      LogWarn("freshness check skipped: quality pipelines need [checks.freshness] column");
  }
  std::vector<Subject> subjects;
  for (const auto& t : input.tables)
    subjects.push_back({std::nullopt, t.table, t.asset_key, t.table_key, {t.table.schema}});
  return RunChecks(ctx, subjects, input.run_id, state, callbacks);
}

}  // namespace rocky::runtime
