#pragma once
// Progress of long work (a run's tables or models) on stderr. On a terminal with text logs it is
// one live line redrawn with `\r`: label, bar, done/total, failures, elapsed time; failures are
// printed above it as they happen. Elsewhere (a pipe, a CI log, JSON logs) each finished unit is
// one log line at INFO:
//   copied acme.staging.orders in 120 ms (incremental, 42 rows)
//   FAILED acme.staging.orders: <error>
//   skipped acme.staging.orders (<reason>)
// Thread-safe: workers report from their own threads; output is serialized.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "state/state_store.h"

namespace rocky::runtime {

enum class ProgressMode {
  kBar,    // live single line (a terminal)
  kLines,  // one log line per unit
  kQuiet,  // nothing (tests, --quiet)
};

/// kBar when stderr is a terminal and logs are text, kLines otherwise.
ProgressMode DetectProgressMode(bool json_logs);

class ProgressReporter {
 public:
  /// Receives each line in kLines mode (no trailing newline).
  using LineSink = std::function<void(std::string_view line)>;

  /// Lines go to the logger at INFO; the bar goes to stderr.
  explicit ProgressReporter(ProgressMode mode);
  /// Lines go to `sink`, the bar to `bar_out` (which the caller keeps open).
  ProgressReporter(ProgressMode mode, LineSink sink, std::FILE* bar_out);

  /// Begins (or restarts) counting `total_units`. `label` heads the bar ("copying tables");
  /// `verb` starts a success line ("copied", "built").
  void Start(int64_t total_units, std::string label, std::string verb = "done");
  /// A unit ended. `detail` is the parenthesised note for success and skipped units, and the
  /// error for failed ones.
  void UnitFinished(std::string_view name, state::UnitStatus status, int64_t duration_ms,
                    std::string_view detail = {});
  /// Ends the bar (kBar) and prints `summary` when not empty.
  void Finish(std::string_view summary);

  ProgressMode mode() const { return mode_; }

 private:
  void Emit(const std::string& line);  // a whole line, above the bar in kBar mode
  void DrawBar();

  const ProgressMode mode_;
  LineSink sink_;
  std::FILE* bar_out_;

  std::mutex mutex_;
  int64_t total_ = 0;
  int64_t done_ = 0;
  int64_t failed_ = 0;
  std::string label_;
  std::string verb_ = "done";
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  bool bar_visible_ = false;
};

}  // namespace rocky::runtime
