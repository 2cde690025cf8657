#include "runtime/quality_alerts.h"

#include <fmt/format.h>

namespace rocky::runtime {

std::string_view ToString(AlertSeverity severity) {
  return severity == AlertSeverity::kCritical ? "critical" : "warning";
}

std::vector<QualityAlert> QualityAlerts(const state::QualitySnapshot& snapshot) {
  std::vector<QualityAlert> out;
  if (snapshot.freshness_lag_seconds && *snapshot.freshness_lag_seconds > kFreshnessLagAlertSeconds)
    out.push_back({"freshness", AlertSeverity::kWarning,
                   fmt::format("freshness lag of {} s exceeds {} s (1 day)",
                               *snapshot.freshness_lag_seconds, kFreshnessLagAlertSeconds),
                   snapshot.run_id, std::nullopt});
  for (const auto& n : snapshot.null_rates) {
    double bound = 0;
    AlertSeverity severity = AlertSeverity::kWarning;
    if (n.rate > kNullRateCritical) {
      bound = kNullRateCritical;
      severity = AlertSeverity::kCritical;
    } else if (n.rate > kNullRateWarning) {
      bound = kNullRateWarning;
    } else {
      continue;
    }
    out.push_back({"null_rate", severity,
                   fmt::format("column '{}' is {:.1f}% null (above {:g}%)", n.column,
                               n.rate * 100.0, bound * 100.0),
                   snapshot.run_id, n.column});
  }
  return out;
}

std::vector<QualityAlert> QualityAlerts(const std::vector<state::QualitySnapshot>& snapshots) {
  std::vector<QualityAlert> out;
  for (const auto& s : snapshots) {
    auto alerts = QualityAlerts(s);
    out.insert(out.end(), std::make_move_iterator(alerts.begin()),
               std::make_move_iterator(alerts.end()));
  }
  return out;
}

}  // namespace rocky::runtime
