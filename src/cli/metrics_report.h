#pragma once
// What `rocky metrics MODEL` prints (cli.md §3) from a unit's quality history, as JSON and as
// text. The unit is a model name (transformation runs) or a table key (quality and replication
// checks). The history comes newest first, as StateStore::QualityHistory returns it.

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "state/state_store.h"

namespace rocky::cli {

/// Snapshots shown with --trend (one without).
inline constexpr int kTrendSnapshots = 20;

struct MetricsQuery {
  std::string model;
  bool trend = false;
  std::optional<std::string> column;
  bool alerts = false;

  /// How many snapshots are shown: 20 with --trend, else the latest.
  int Limit() const { return trend ? kTrendSnapshots : 1; }
};

/// `{model, snapshots, count, alerts*, column?, column_trend*, message?}` over the first
/// Limit() snapshots of `history`. `alerts` only with query.alerts; `column_trend` (one entry per
/// snapshot shown, newest first; `null_rate` when that run measured the column, matched
/// case-insensitively) only with query.column; with no snapshot, `message` says so.
Json MetricsReportJson(const MetricsQuery& query,
                       const std::vector<state::QualitySnapshot>& history);

/// The same for a terminal: a snapshot table, the column trend and the alerts.
std::string MetricsReportText(const MetricsQuery& query,
                              const std::vector<state::QualitySnapshot>& history);

}  // namespace rocky::cli
