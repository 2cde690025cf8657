#include "cli/metrics_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"
#include "base/time.h"
#include "cli/table.h"
#include "runtime/quality_alerts.h"

namespace rocky::cli {
namespace {

constexpr std::string_view kNoData = "no quality metrics available";

std::vector<state::QualitySnapshot> Shown(const MetricsQuery& query,
                                          const std::vector<state::QualitySnapshot>& history) {
  size_t n = std::min(history.size(), static_cast<size_t>(query.Limit()));
  return {history.begin(), history.begin() + static_cast<std::ptrdiff_t>(n)};
}

std::optional<double> NullRateOf(const state::QualitySnapshot& s, std::string_view column) {
  for (const auto& n : s.null_rates)
    if (EqualsIgnoreCase(n.column, column)) return n.rate;
  return std::nullopt;
}

std::string Percent(double rate) { return fmt::format("{:.1f}%", rate * 100.0); }

}  // namespace

Json MetricsReportJson(const MetricsQuery& query,
                       const std::vector<state::QualitySnapshot>& history) {
  const auto shown = Shown(query, history);
  Json snapshots = Json::Array();
  for (const auto& s : shown) {
    Json item = Json::Object()
                    .Set("run_id", s.run_id)
                    .Set("timestamp", FormatRfc3339(s.timestamp))
                    .Set("row_count", s.row_count);
    if (s.freshness_lag_seconds) item.Set("freshness_lag_seconds", *s.freshness_lag_seconds);
    Json rates = Json::Object();
    for (const auto& n : s.null_rates) rates.Set(n.column, n.rate);
    item.Set("null_rates", std::move(rates));
    snapshots.Push(std::move(item));
  }
  Json out = Json::Object()
                 .Set("model", query.model)
                 .Set("snapshots", std::move(snapshots))
                 .Set("count", static_cast<int64_t>(shown.size()));
  if (query.alerts) {
    Json alerts = Json::Array();
    for (const auto& a : runtime::QualityAlerts(shown)) {
      Json item = Json::Object()
                      .Set("type", a.type)
                      .Set("severity", runtime::ToString(a.severity))
                      .Set("message", a.message)
                      .Set("run_id", a.run_id);
      if (a.column) item.Set("column", *a.column);
      alerts.Push(std::move(item));
    }
    if (!alerts.empty()) out.Set("alerts", std::move(alerts));
  }
  if (query.column) {
    out.Set("column", *query.column);
    Json trend = Json::Array();
    for (const auto& s : shown) {
      Json item =
          Json::Object().Set("run_id", s.run_id).Set("timestamp", FormatRfc3339(s.timestamp));
      if (auto rate = NullRateOf(s, *query.column)) item.Set("null_rate", *rate);
      item.Set("row_count", s.row_count);
      trend.Push(std::move(item));
    }
    if (!trend.empty()) out.Set("column_trend", std::move(trend));
  }
  if (shown.empty()) out.Set("message", kNoData);
  return out;
}

std::string MetricsReportText(const MetricsQuery& query,
                              const std::vector<state::QualitySnapshot>& history) {
  const auto shown = Shown(query, history);
  if (shown.empty())
    return fmt::format(
        "{} for '{}': runs record them for the models they build and the tables "
        "they check.",
        kNoData, query.model);
  std::string out = query.trend
                        ? fmt::format("Quality of '{}', the last {} snapshot(s), newest first:\n\n",
                                      query.model, shown.size())
                        : fmt::format("Quality of '{}', the latest snapshot:\n\n", query.model);
  TextTable table({"RUN", "TIMESTAMP", "ROWS", "FRESHNESS LAG", "NULL RATES"});
  for (const auto& s : shown) {
    std::vector<std::string> rates;
    for (const auto& n : s.null_rates) rates.push_back(n.column + "=" + Percent(n.rate));
    table.AddRow({s.run_id, FormatRfc3339(s.timestamp), fmt::format("{}", s.row_count),
                  s.freshness_lag_seconds ? fmt::format("{} s", *s.freshness_lag_seconds) : "-",
                  rates.empty() ? "-" : Join(rates, ", ")});
  }
  out += table.Render();
  if (query.column) {
    out += fmt::format("\nColumn '{}':\n", *query.column);
    TextTable trend({"RUN", "TIMESTAMP", "NULL RATE", "ROWS"});
    for (const auto& s : shown) {
      auto rate = NullRateOf(s, *query.column);
      trend.AddRow({s.run_id, FormatRfc3339(s.timestamp), rate ? Percent(*rate) : "-",
                    fmt::format("{}", s.row_count)});
    }
    out += trend.Render();
  }
  if (query.alerts) {
    auto alerts = runtime::QualityAlerts(shown);
    if (alerts.empty()) {
      out += "\nNo alerts.\n";
    } else {
      out += "\nAlerts:\n";
      TextTable list({"SEVERITY", "TYPE", "RUN", "MESSAGE"});
      for (const auto& a : alerts)
        list.AddRow({std::string(runtime::ToString(a.severity)), a.type, a.run_id, a.message});
      out += list.Render();
    }
  }
  return out;
}

}  // namespace rocky::cli
