#pragma once
// Periodic OTLP/HTTP JSON export of a run's Metrics (services.md §3.1): every `interval` on a
// background thread while the run lasts, and once more at Finish. An export is one POST with a
// short timeout and no retry (the next export carries the newer values); a failure (no answer,
// or a non-2xx status) is one warning on stderr and never fails the run. Warnings name the URL
// (password redacted) and the status or error, never the headers.
//
// Concurrency: the worker sleeps on a condition variable, so Finish wakes and joins it at once
// (an export in flight finishes first, bounded by the timeout).

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "base/http.h"
#include "base/time.h"
#include "runtime/metrics.h"
#include "runtime/otlp_metrics.h"

namespace rocky::runtime {

struct MetricsExportOptions {
  std::chrono::milliseconds interval{30000};
  std::chrono::milliseconds timeout{5000};  // per request
  std::function<Timestamp()> now = NowUtc;
};

class MetricsExporter {
 public:
  /// `metrics` and `http` must outlive the exporter. `point_attributes` go on every data point.
  MetricsExporter(const Metrics& metrics, HttpClient& http, OtlpExportConfig config,
                  OtlpAttributes point_attributes, MetricsExportOptions options = {});
  /// Finish, when it was not called.
  ~MetricsExporter();
  MetricsExporter(const MetricsExporter&) = delete;
  MetricsExporter& operator=(const MetricsExporter&) = delete;

  /// Starts the periodic exports (the first one `interval` from now).
  void Start();
  /// Stops the periodic exports and sends the final one. Only the first call does anything.
  void Finish();
  /// Sends the current snapshot now. False (after one warning) when the export failed.
  bool ExportNow();

 private:
  const Metrics& metrics_;
  HttpClient& http_;
  OtlpExportConfig config_;
  OtlpAttributes point_attributes_;
  MetricsExportOptions options_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;      // guarded by mutex_
  bool finished_ = false;  // guarded by mutex_
  std::thread worker_;
};

}  // namespace rocky::runtime
