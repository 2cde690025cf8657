#include "runtime/cost_optimizer.h"

#include <gtest/gtest.h>

#include <chrono>

namespace rocky::runtime {
namespace {

using std::chrono::days;
using std::chrono::hours;

const Timestamp kNow = *ParseTimestamp("2026-04-30T12:00:00Z");

// `runs` executions of `seconds` each, one a day before kNow; rows_affected when given.
std::vector<state::ModelExecution> Runs(int runs, double seconds,
                                        std::optional<int64_t> rows = std::nullopt,
                                        days first_age = days(1)) {
  std::vector<state::ModelExecution> out;
  for (int i = 0; i < runs; ++i) {
    state::ModelExecution e;
    e.run_id = "run-" + std::to_string(i);
    e.started_at = kNow - first_age - days(i);
    e.duration_ms = static_cast<int64_t>(seconds * 1000);
    e.rows_affected = rows;
    out.push_back(e);
  }
  return out;
}

ModelUsage Model(std::string name, std::string strategy, std::vector<state::ModelExecution> runs) {
  ModelUsage m;
  m.model_name = std::move(name);
  m.strategy = std::move(strategy);
  m.executions = std::move(runs);
  return m;
}

struct Case {
  std::string name;
  ModelUsage model;
  config::CostConfig cost;
  // Empty: no recommendation.
  std::string recommended;
  double savings = 0;
  int64_t analyzed = 1;
};

config::CostConfig Cost(std::string size = "Medium", int64_t min_runs = 5) {
  config::CostConfig c;
  c.warehouse_size = std::move(size);
  c.min_history_runs = min_runs;
  return c;
}

std::vector<Case> Cases() {
  std::vector<Case> out;
  // (a) 5 runs of 120 s: 1/30 h x 5 x 24 DBU/h x 0.40 x 0.7 = 1.12.
  {
    auto m = Model("fct_orders", "full_refresh", Runs(5, 120));
    m.timestamp_column = "ordered_at";
    out.push_back({"a_full_refresh_to_incremental", m, Cost(), "incremental", 1.12});
    out.push_back({"a_large", m, Cost("Large"), "incremental", 1.87});  // 40 DBU/h: 1.8667
    auto no_ts = m;
    no_ts.timestamp_column.reset();
    out.push_back({"a_needs_timestamp", no_ts, Cost(), "", 0});
    auto short_runs = Model("fct_orders", "full_refresh", Runs(5, 59.9));
    short_runs.timestamp_column = "ordered_at";
    out.push_back({"a_needs_60s", short_runs, Cost(), "", 0});
    // Two runs fall outside the 30 days: the mean counts them, the monthly runs do not.
    auto old = m;
    auto older = Runs(2, 120, std::nullopt, days(40));
    old.executions.insert(old.executions.end(), older.begin(), older.end());
    out.push_back({"a_only_last_30_days_count", old, Cost(), "incremental", 1.12});
  }
  // (b) mean rows_affected 600 of 1000 rows.
  {
    auto m = Model("events", "incremental", Runs(5, 10, 600));
    m.latest_row_count = 1000;
    out.push_back({"b_incremental_to_full_refresh", m, Cost(), "full_refresh", 0});
    auto half = Model("events", "incremental", Runs(5, 10, 500));
    half.latest_row_count = 1000;
    out.push_back({"b_exactly_half", half, Cost(), "full_refresh", 0});
    auto few = Model("events", "incremental", Runs(5, 10, 499));
    few.latest_row_count = 1000;
    out.push_back({"b_below_half", few, Cost(), "", 0});
    auto no_count = Model("events", "incremental", Runs(5, 10, 600));
    out.push_back({"b_needs_row_count", no_count, Cost(), "", 0});
  }
  // (c) a view read by 3 models, 5 runs of 36 s: 0.01 h x 5 x 24 x 0.40 x 0.5 = 0.24.
  {
    auto m = Model("stg_users", "view", Runs(5, 36));
    m.consumers = 3;
    out.push_back({"c_view_to_full_refresh", m, Cost(), "full_refresh", 0.24});
    auto two = m;
    two.consumers = 2;
    out.push_back({"c_needs_3_readers", two, Cost(), "", 0});
    auto fast = Model("stg_users", "view", Runs(5, 29));
    fast.consumers = 5;
    out.push_back({"c_needs_30s", fast, Cost(), "", 0});
  }
  // min_history_runs: 4 runs are not analyzed under the default 5, are under 4.
  {
    auto m = Model("fct_orders", "full_refresh", Runs(4, 120));
    m.timestamp_column = "ordered_at";
    out.push_back({"min_runs_cut", m, Cost(), "", 0, 0});
    // 1/30 h x 4 x 24 x 0.40 x 0.7 = 0.896.
    out.push_back({"min_runs_lowered", m, Cost("Medium", 4), "incremental", 0.90});
  }
  // Other strategies are analyzed but never recommended.
  out.push_back({"merge_untouched", Model("dim", "merge", Runs(6, 500, 1)), Cost(), "", 0});
  return out;
}

TEST(CostOptimizerTest, Rules) {
  for (const auto& c : Cases()) {
    SCOPED_TRACE(c.name);
    auto report = Optimize({c.model}, {c.cost, std::nullopt, kNow});
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->total_models_analyzed, c.analyzed);
    EXPECT_FALSE(report->message.has_value());
    if (c.recommended.empty()) {
      EXPECT_TRUE(report->recommendations.empty());
      continue;
    }
    ASSERT_EQ(report->recommendations.size(), 1u);
    const auto& r = report->recommendations[0];
    EXPECT_EQ(r.model_name, c.model.model_name);
    EXPECT_EQ(r.current_strategy, c.model.strategy);
    EXPECT_EQ(r.recommended_strategy, c.recommended);
    EXPECT_DOUBLE_EQ(r.estimated_monthly_savings, c.savings);
    EXPECT_FALSE(r.reasoning.empty());
  }
}

TEST(CostOptimizerTest, DbuPerHourOfEachSize) {
  const std::vector<std::pair<std::string, double>> table = {
      {"2X-Small", 4}, {"X-Small", 6},    {"Small", 12},     {"Medium", 24},   {"Large", 40},
      {"X-Large", 80}, {"2X-Large", 144}, {"3X-Large", 272}, {"4X-Large", 528}};
  // One hour-long full_refresh run a day for 30 days at 1.0 per DBU, 100 % of it: 30 x DBU/h; the
  // report keeps the 70 % of rule (a).
  for (const auto& [size, dbu] : table) {
    SCOPED_TRACE(size);
    EXPECT_EQ(DbuPerHour(size), dbu);
    auto m = Model("m", "full_refresh", Runs(30, 3600, std::nullopt, days(0)));
    m.timestamp_column = "ts";
    auto cost = Cost(size);
    cost.compute_cost_per_dbu = 1.0;
    auto report = Optimize({m}, {cost, std::nullopt, kNow});
    ASSERT_TRUE(report.has_value());
    ASSERT_EQ(report->recommendations.size(), 1u);
    EXPECT_NEAR(report->recommendations[0].estimated_monthly_savings, 30 * dbu * 0.7, 1e-9);
  }
  EXPECT_EQ(DbuPerHour("medium"), 24);
  EXPECT_FALSE(DbuPerHour("Huge").has_value());
  auto bad = Optimize({}, {Cost("Huge"), std::nullopt, kNow});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind, ErrorKind::kConfig);
  EXPECT_NE(bad.error().message.find("unknown cost.warehouse_size 'Huge'"), std::string::npos);
}

TEST(CostOptimizerTest, ModelFilterIsASubstringAndOrderIsBySavings) {
  auto a = Model("fct_orders", "full_refresh", Runs(5, 120));
  a.timestamp_column = "ts";
  auto b = Model("fct_orders_daily", "full_refresh", Runs(5, 240));
  b.timestamp_column = "ts";
  auto c = Model("stg_users", "view", Runs(5, 3600));
  c.consumers = 4;
  auto all = Optimize({a, b, c}, {Cost(), std::nullopt, kNow});
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->total_models_analyzed, 3);
  ASSERT_EQ(all->recommendations.size(), 3u);
  EXPECT_EQ(all->recommendations[0].model_name, "stg_users");
  EXPECT_EQ(all->recommendations[1].model_name, "fct_orders_daily");
  EXPECT_EQ(all->recommendations[2].model_name, "fct_orders");

  auto filtered = Optimize({a, b, c}, {Cost(), std::string("orders"), kNow});
  ASSERT_TRUE(filtered.has_value());
  EXPECT_EQ(filtered->total_models_analyzed, 2);
  ASSERT_EQ(filtered->recommendations.size(), 2u);
  EXPECT_EQ(filtered->recommendations[0].model_name, "fct_orders_daily");

  auto none = Optimize({a, b, c}, {Cost(), std::string("nothing"), kNow});
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->total_models_analyzed, 0);
  EXPECT_EQ(none->message, "no run history available");
}

TEST(CostOptimizerTest, NoHistory) {
  auto report = Optimize({Model("a", "full_refresh", {}), Model("b", "view", {})},
                         {Cost(), std::nullopt, kNow});
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->total_models_analyzed, 0);
  EXPECT_TRUE(report->recommendations.empty());
  EXPECT_EQ(report->message, "no run history available");
  // Some history, none of it enough: analyzed 0 and no message.
  auto thin = Optimize({Model("a", "full_refresh", Runs(2, 100))}, {Cost(), std::nullopt, kNow});
  ASSERT_TRUE(thin.has_value());
  EXPECT_EQ(thin->total_models_analyzed, 0);
  EXPECT_FALSE(thin->message.has_value());
}

}  // namespace
}  // namespace rocky::runtime
