// Row-count anomaly detection against the check_history baseline (runtime.md §6).

#include <fmt/format.h>

#include <cmath>

#include "base/log.h"
#include "runtime/checks.h"
#include "runtime/checks_internal.h"

namespace rocky::runtime {

std::optional<RowCountAnomaly> DetectRowCountAnomaly(std::string table, int64_t current_count,
                                                     const std::vector<int64_t>& baseline,
                                                     double threshold_pct) {
  if (baseline.size() < kAnomalyMinBaseline) return std::nullopt;
  double sum = 0;
  for (int64_t n : baseline) sum += static_cast<double>(n);
  double avg = sum / static_cast<double>(baseline.size());
  double current = static_cast<double>(current_count);
  double deviation = 0;
  if (avg == 0) {
    deviation = current_count == 0 ? 0 : 100;
  } else {
    deviation = std::fabs(current - avg) / avg * 100;
  }
  if (!(deviation > threshold_pct)) return std::nullopt;
  std::string reason = fmt::format("row count {} {:.1f}% (expected ~{}, got {})",
                                   current < avg ? "dropped" : "spiked", deviation,
                                   std::llround(avg), current_count);
  return RowCountAnomaly{std::move(table), current_count, avg, deviation, std::move(reason)};
}

namespace checks_internal {

std::vector<RowCountAnomaly> DetectAnomalies(state::StateStore& state,
                                             const std::vector<MeasuredCount>& counts,
                                             Timestamp now, double threshold_pct) {
  std::vector<RowCountAnomaly> anomalies;
  std::vector<state::CheckHistoryEntry> entries;
  for (const auto& measured : counts) {
    entries.push_back({measured.table_key, now, measured.count});
    auto history = state.RecentCheckHistory(measured.table_key, now, kAnomalyBaselineSize);
    if (!history) {
      LogWarn("could not read the row count history of {}: {}", measured.table_key,
              history.error().message);
      continue;
    }
    std::vector<int64_t> baseline;
    for (const auto& h : *history) baseline.push_back(h.row_count);
    if (auto anomaly =
            DetectRowCountAnomaly(measured.table_key, measured.count, baseline, threshold_pct))
      anomalies.push_back(std::move(*anomaly));
  }
  if (!entries.empty()) {
    if (auto ok = state.AppendCheckHistory(entries); !ok)
      LogWarn("could not record the row count history of {} table(s): {}", entries.size(),
              ok.error().message);
  }
  return anomalies;
}

}  // namespace checks_internal

}  // namespace rocky::runtime
