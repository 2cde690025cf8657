#include "runtime/cost_optimizer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <utility>

#include "base/strings.h"

namespace rocky::runtime {

namespace {

struct SizeDbu {
  std::string_view size;
  double dbu_per_hour;
};

constexpr std::array<SizeDbu, 9> kDbuTable{{{"2X-Small", 4},
                                            {"X-Small", 6},
                                            {"Small", 12},
                                            {"Medium", 24},
                                            {"Large", 40},
                                            {"X-Large", 80},
                                            {"2X-Large", 144},
                                            {"3X-Large", 272},
                                            {"4X-Large", 528}}};

constexpr double kFullRefreshMinSeconds = 60;
constexpr double kViewMinSeconds = 30;
constexpr int64_t kViewMinConsumers = 3;
constexpr double kIncrementalRowShare = 0.5;
constexpr double kIncrementalSaving = 0.70;
constexpr double kViewSaving = 0.50;
constexpr auto kSavingsWindow = std::chrono::days(30);

struct Stats {
  double mean_seconds = 0;
  std::optional<double> mean_rows;
  int64_t runs_in_window = 0;
};

Stats StatsOf(const ModelUsage& m, Timestamp now) {
  Stats s;
  double total_ms = 0;
  double rows = 0;
  int64_t with_rows = 0;
  for (const auto& e : m.executions) {
    total_ms += static_cast<double>(e.duration_ms);
    if (e.rows_affected) {
      rows += static_cast<double>(*e.rows_affected);
      ++with_rows;
    }
    if (e.started_at >= now - kSavingsWindow && e.started_at <= now) ++s.runs_in_window;
  }
  if (!m.executions.empty())
    s.mean_seconds = total_ms / 1000.0 / static_cast<double>(m.executions.size());
  if (with_rows > 0) s.mean_rows = rows / static_cast<double>(with_rows);
  return s;
}

double Savings(const Stats& s, double dbu_per_hour, const config::CostConfig& cost,
               double fraction) {
  double monthly = s.mean_seconds / 3600.0 * static_cast<double>(s.runs_in_window) * dbu_per_hour *
                   cost.compute_cost_per_dbu * fraction;
  return std::round(monthly * 100.0) / 100.0;
}

std::optional<Recommendation> Rule(const ModelUsage& m, const Stats& s, double dbu_per_hour,
                                   const config::CostConfig& cost) {
  Recommendation r{m.model_name, m.strategy, "", 0, ""};
  if (m.strategy == "full_refresh" && s.mean_seconds >= kFullRefreshMinSeconds &&
      m.timestamp_column) {
    r.recommended_strategy = "incremental";
    r.estimated_monthly_savings = Savings(s, dbu_per_hour, cost, kIncrementalSaving);
    r.reasoning = fmt::format(
        "full_refresh averages {:.1f} s per run and has the timestamp column '{}': an "
        "incremental load on it would process only new rows (about 70% less compute)",
        s.mean_seconds, *m.timestamp_column);
    return r;
  }
  if (m.strategy == "incremental" && s.mean_rows && m.latest_row_count && *m.latest_row_count > 0 &&
      *s.mean_rows >= kIncrementalRowShare * static_cast<double>(*m.latest_row_count)) {
    r.recommended_strategy = "full_refresh";
    r.reasoning = fmt::format(
        "incremental runs touch {:.0f} rows on average, {:.0f}% of the table's {} rows: a "
        "full refresh is simpler for the same work",
        *s.mean_rows, 100.0 * *s.mean_rows / static_cast<double>(*m.latest_row_count),
        *m.latest_row_count);
    return r;
  }
  if (m.strategy == "view" && m.consumers >= kViewMinConsumers &&
      s.mean_seconds >= kViewMinSeconds) {
    r.recommended_strategy = "full_refresh";
    r.estimated_monthly_savings = Savings(s, dbu_per_hour, cost, kViewSaving);
    r.reasoning = fmt::format(
        "view read by {} models averages {:.1f} s per run: materializing it once would spare "
        "each reader recomputing it (about 50% less compute)",
        m.consumers, s.mean_seconds);
    return r;
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> DbuPerHour(std::string_view warehouse_size) {
  for (const auto& row : kDbuTable)
    if (EqualsIgnoreCase(row.size, warehouse_size)) return row.dbu_per_hour;
  return std::nullopt;
}

Result<OptimizeReport> Optimize(const std::vector<ModelUsage>& models,
                                const OptimizeOptions& options) {
  auto dbu = DbuPerHour(options.cost.warehouse_size);
  if (!dbu) {
    std::vector<std::string> sizes;
    for (const auto& row : kDbuTable) sizes.emplace_back(row.size);
    return std::unexpected(Error{ErrorKind::kConfig,
                                 fmt::format("unknown cost.warehouse_size '{}'; expected one of {}",
                                             options.cost.warehouse_size, Join(sizes, ", ")),
                                 {}});
  }
  OptimizeReport report;
  bool any_history = false;
  for (const auto& m : models) {
    if (options.model_filter && m.model_name.find(*options.model_filter) == std::string::npos)
      continue;
    if (!m.executions.empty()) any_history = true;
    if (static_cast<int64_t>(m.executions.size()) < options.cost.min_history_runs) continue;
    ++report.total_models_analyzed;
    if (auto r = Rule(m, StatsOf(m, options.now), *dbu, options.cost))
      report.recommendations.push_back(std::move(*r));
  }
  std::stable_sort(report.recommendations.begin(), report.recommendations.end(),
                   [](const Recommendation& a, const Recommendation& b) {
                     if (a.estimated_monthly_savings != b.estimated_monthly_savings)
                       return a.estimated_monthly_savings > b.estimated_monthly_savings;
                     return a.model_name < b.model_name;
                   });
  if (!any_history) report.message = "no run history available";
  return report;
}

}  // namespace rocky::runtime
