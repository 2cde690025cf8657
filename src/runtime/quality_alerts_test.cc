#include "runtime/quality_alerts.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rocky::runtime {
namespace {

state::QualitySnapshot Snapshot(std::optional<int64_t> lag,
                                std::vector<state::QualitySnapshot::NullRate> rates,
                                std::string run_id = "run-1") {
  state::QualitySnapshot s;
  s.model_name = "orders";
  s.run_id = std::move(run_id);
  s.row_count = 10;
  s.freshness_lag_seconds = lag;
  s.null_rates = std::move(rates);
  return s;
}

// "type/severity[/column]" per alert, joined by spaces.
std::string Summary(const std::vector<QualityAlert>& alerts) {
  std::string out;
  for (const auto& a : alerts) {
    if (!out.empty()) out += ' ';
    out += a.type + "/" + std::string(ToString(a.severity));
    if (a.column) out += "/" + *a.column;
  }
  return out;
}

TEST(QualityAlertsTest, RulesAndTheirBounds) {
  struct Case {
    std::optional<int64_t> lag;
    std::vector<state::QualitySnapshot::NullRate> rates;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {std::nullopt, {}, ""},
      {0, {{"a", 0.0}}, ""},
      {86400, {}, ""},  // exactly one day is not late
      {86401, {}, "freshness/warning"},
      {1000000, {}, "freshness/warning"},
      {std::nullopt, {{"a", 0.2}}, ""},  // bounds are exclusive
      {std::nullopt, {{"a", 0.2001}}, "null_rate/warning/a"},
      {std::nullopt, {{"a", 0.5}}, "null_rate/warning/a"},
      {std::nullopt, {{"a", 0.5001}}, "null_rate/critical/a"},
      {std::nullopt, {{"a", 1.0}}, "null_rate/critical/a"},
      {90000,
       {{"a", 0.1}, {"b", 0.3}, {"c", 0.9}},
       "freshness/warning null_rate/warning/b null_rate/critical/c"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(Summary(QualityAlerts(Snapshot(cases[i].lag, cases[i].rates))), cases[i].expected)
        << "case " << i;
  }
}

TEST(QualityAlertsTest, MessagesAndRunIds) {
  auto alerts = QualityAlerts(std::vector<state::QualitySnapshot>{
      Snapshot(90000, {{"email", 1.0 / 3.0}}, "run-2"), Snapshot(std::nullopt, {}, "run-1"),
      Snapshot(std::nullopt, {{"email", 0.75}}, "run-0")});
  ASSERT_EQ(alerts.size(), 3u);
  EXPECT_EQ(alerts[0].message, "freshness lag of 90000 s exceeds 86400 s (1 day)");
  EXPECT_EQ(alerts[0].run_id, "run-2");
  EXPECT_FALSE(alerts[0].column.has_value());
  EXPECT_EQ(alerts[1].message, "column 'email' is 33.3% null (above 20%)");
  EXPECT_EQ(alerts[1].run_id, "run-2");
  EXPECT_EQ(alerts[2].message, "column 'email' is 75.0% null (above 50%)");
  EXPECT_EQ(alerts[2].run_id, "run-0");
  EXPECT_EQ(alerts[2].severity, AlertSeverity::kCritical);
}

}  // namespace
}  // namespace rocky::runtime
