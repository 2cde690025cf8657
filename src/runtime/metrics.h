#pragma once
// Run metrics (services.md §3.1): counters and duration samples that every worker of a run
// records into, and the snapshot that goes into RunOutput `metrics`. One Metrics per run, passed
// by reference. Counters are atomics; the duration samples sit behind a mutex.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "base/json.h"

namespace rocky::runtime {

/// The element at index floor(p·(n−1)/100) of `sorted` (ascending), or 0 when it is empty.
int64_t PercentileOf(const std::vector<int64_t>& sorted, int p);

/// failed·100/(processed+failed) rounded to one decimal; 0 with no units.
double ErrorRatePct(int64_t processed, int64_t failed);

class Metrics {
 public:
  Metrics() = default;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  /// A unit (table or model) finished: counts it as processed or failed and samples its duration.
  void RecordUnit(bool succeeded, int64_t duration_ms);
  /// A statement ran: counts it and samples its duration.
  void RecordStatement(int64_t duration_ms);
  /// A retry was attempted.
  void RecordRetryAttempt() { retries_attempted_.fetch_add(1, std::memory_order_relaxed); }
  /// A call succeeded after at least one retry.
  void RecordRetrySuccess() { retries_succeeded_.fetch_add(1, std::memory_order_relaxed); }
  void RecordAnomalies(int64_t count = 1) {
    anomalies_detected_.fetch_add(count, std::memory_order_relaxed);
  }

  int64_t tables_processed() const { return tables_processed_.load(); }
  int64_t tables_failed() const { return tables_failed_.load(); }
  int64_t statements_executed() const { return statements_executed_.load(); }
  int64_t retries_attempted() const { return retries_attempted_.load(); }
  int64_t retries_succeeded() const { return retries_succeeded_.load(); }
  int64_t anomalies_detected() const { return anomalies_detected_.load(); }

  /// {tables_processed, tables_failed, error_rate_pct, statements_executed, retries_attempted,
  /// retries_succeeded, anomalies_detected, table_duration_{p50,p95,max}_ms,
  /// query_duration_{p50,p95,max}_ms}; error_rate_pct is a double, the rest integers.
  Json Snapshot() const;

 private:
  std::atomic<int64_t> tables_processed_{0};
  std::atomic<int64_t> tables_failed_{0};
  std::atomic<int64_t> statements_executed_{0};
  std::atomic<int64_t> retries_attempted_{0};
  std::atomic<int64_t> retries_succeeded_{0};
  std::atomic<int64_t> anomalies_detected_{0};

  mutable std::mutex samples_mutex_;
  std::vector<int64_t> table_durations_;  // guarded by samples_mutex_
  std::vector<int64_t> query_durations_;  // guarded by samples_mutex_
};

}  // namespace rocky::runtime
