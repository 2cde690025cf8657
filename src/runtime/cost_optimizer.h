#pragma once
// The rules of `rocky optimize` (cli.md §3) over plain inputs: each model's strategy, shape and
// consumers from the compiled project, its executions from the state store's run history, its
// latest row count from the quality history, and the `[cost]` configuration (config.md §11).
//
// A model is analyzed when it has at least `cost.min_history_runs` executions. Rules, first match:
// (a) full_refresh, mean duration >= 60 s, a Timestamp output column -> incremental, saving 70 %;
// (b) incremental, mean rows_affected >= 50 % of the latest row count -> full_refresh, saving 0;
// (c) view read by >= 3 models, mean duration >= 30 s -> full_refresh, saving 50 %.
// Savings = mean hours x runs in the 30 days before `now` x DBU/h(warehouse_size) x cost per DBU
// x the rule's fraction, rounded to cents.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/time.h"
#include "config/config.h"
#include "state/state_store.h"

namespace rocky::runtime {

/// DBU per hour of a warehouse size (`2X-Small` … `4X-Large`, case-insensitive); nullopt for a
/// size the table does not list.
std::optional<double> DbuPerHour(std::string_view warehouse_size);

/// What the rules know about one model.
struct ModelUsage {
  std::string model_name;
  std::string strategy;  // the strategy type name (`full_refresh`, `incremental`, `view`, …)
  /// A Timestamp (or TimestampNtz) output column, when the compiled shape shows one.
  std::optional<std::string> timestamp_column;
  /// How many models read this one.
  int64_t consumers = 0;
  /// Every recorded execution (any order).
  std::vector<state::ModelExecution> executions;
  /// The row count of the newest quality snapshot.
  std::optional<int64_t> latest_row_count;
};

struct Recommendation {
  std::string model_name;
  std::string current_strategy;
  std::string recommended_strategy;
  double estimated_monthly_savings = 0;
  std::string reasoning;
};

struct OptimizeReport {
  /// By savings, largest first, then by model name.
  std::vector<Recommendation> recommendations;
  int64_t total_models_analyzed = 0;
  /// `no run history available` when no selected model has an execution.
  std::optional<std::string> message;
};

struct OptimizeOptions {
  config::CostConfig cost;
  /// Keeps only models whose name contains this text.
  std::optional<std::string> model_filter;
  Timestamp now{};
};

/// The recommendations for `models`. Fails (kConfig) when `cost.warehouse_size` is not a size of
/// the DBU table.
Result<OptimizeReport> Optimize(const std::vector<ModelUsage>& models,
                                const OptimizeOptions& options);

}  // namespace rocky::runtime
