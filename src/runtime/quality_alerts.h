#pragma once
// The alert rules of `rocky metrics --alerts` (cli.md §3) over the quality snapshots that runs
// record (runtime.md §1 step 6, §8): a freshness lag above one day is a warning; a column's null
// rate above 0.5 is critical, above 0.2 a warning. Bounds are exclusive.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "state/state_store.h"

namespace rocky::runtime {

inline constexpr int64_t kFreshnessLagAlertSeconds = 86400;
inline constexpr double kNullRateCritical = 0.5;
inline constexpr double kNullRateWarning = 0.2;

enum class AlertSeverity { kWarning, kCritical };

/// `warning` | `critical`.
std::string_view ToString(AlertSeverity severity);

struct QualityAlert {
  std::string type;  // "freshness" | "null_rate"
  AlertSeverity severity = AlertSeverity::kWarning;
  std::string message;
  std::string run_id;
  std::optional<std::string> column;  // null_rate alerts
};

/// The alerts of one snapshot: freshness first, then null rates in the snapshot's column order.
std::vector<QualityAlert> QualityAlerts(const state::QualitySnapshot& snapshot);

/// The alerts of every snapshot, in the order given.
std::vector<QualityAlert> QualityAlerts(const std::vector<state::QualitySnapshot>& snapshots);

}  // namespace rocky::runtime
