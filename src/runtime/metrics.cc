#include "runtime/metrics.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace rocky::runtime {
namespace {

void SetDurations(Json& out, const std::string& prefix, std::vector<int64_t> samples) {
  std::sort(samples.begin(), samples.end());
  out.Set(prefix + "_p50_ms", PercentileOf(samples, 50));
  out.Set(prefix + "_p95_ms", PercentileOf(samples, 95));
  out.Set(prefix + "_max_ms", samples.empty() ? int64_t{0} : samples.back());
}

}  // namespace

int64_t PercentileOf(const std::vector<int64_t>& sorted, int p) {
  if (sorted.empty()) return 0;
  size_t index = static_cast<size_t>(p) * (sorted.size() - 1) / 100;
  return sorted[std::min(index, sorted.size() - 1)];
}

double ErrorRatePct(int64_t processed, int64_t failed) {
  int64_t total = processed + failed;
  if (total <= 0) return 0.0;
  double pct = static_cast<double>(failed) * 100.0 / static_cast<double>(total);
  return std::round(pct * 10.0) / 10.0;
}

void Metrics::RecordUnit(bool succeeded, int64_t duration_ms) {
  (succeeded ? tables_processed_ : tables_failed_).fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(samples_mutex_);
  table_durations_.push_back(duration_ms);
}

void Metrics::RecordStatement(int64_t duration_ms) {
  statements_executed_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(samples_mutex_);
  query_durations_.push_back(duration_ms);
}

Json Metrics::Snapshot() const {
  std::vector<int64_t> tables;
  std::vector<int64_t> queries;
  {
    std::lock_guard lock(samples_mutex_);
    tables = table_durations_;
    queries = query_durations_;
  }
  int64_t processed = tables_processed();
  int64_t failed = tables_failed();
  Json out = Json::Object()
                 .Set("tables_processed", processed)
                 .Set("tables_failed", failed)
                 .Set("error_rate_pct", ErrorRatePct(processed, failed))
                 .Set("statements_executed", statements_executed())
                 .Set("retries_attempted", retries_attempted())
                 .Set("retries_succeeded", retries_succeeded())
                 .Set("anomalies_detected", anomalies_detected());
  SetDurations(out, "table_duration", std::move(tables));
  SetDurations(out, "query_duration", std::move(queries));
  return out;
}

}  // namespace rocky::runtime
