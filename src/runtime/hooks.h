#pragma once
// The hook dispatcher (runtime.md §12): the EventSink that runs the configured shell hooks and
// webhooks of each event.
//
// Concurrency: events may come from several workers; they are dispatched one at a time in the
// order Fire was called (a ticket lock), and Fire returns when the event's synchronous hooks
// finished. `async = true` webhooks are built at once (their body reflects the event) and queued
// to one background thread, which sends them in order and logs the result; they never abort.
// The destructor waits for queued async sends.
//
// Failures follow each hook's `on_failure`: ignore says nothing, warn logs a warning, abort makes
// the outcome `aborted by hook for event 'on_x': <reason>`. Every hook of the event still runs;
// the first abort wins. No secret (header value, signing key, routing key) reaches a log line or
// a message.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/http.h"
#include "config/config.h"
#include "runtime/events.h"
#include "runtime/hooks_webhook.h"

namespace rocky::runtime {

/// What one hook invocation did (for `rocky hooks test` and tests).
struct HookInvocation {
  enum class Kind { kShell, kWebhook };
  Kind kind = Kind::kShell;
  std::string target;  // the command, or `METHOD url` with the URL password redacted
  config::HookFailure on_failure = config::HookFailure::kWarn;
  bool async = false;  // queued: the result is only logged
  bool ok = true;
  std::string error;  // the failure reason; "" when ok or async
  int64_t duration_ms = 0;
  int attempts = 0;                // webhooks
  std::optional<int> http_status;  // webhooks, when a response came back
};

/// Every invocation of one event and what they decided.
struct HookReport {
  EventOutcome outcome;
  std::vector<HookInvocation> invocations;
};

struct HookDispatcherOptions {
  /// How webhook retries wait (tests record the delays); default: sleep.
  RetrySleeper sleep;
};

class HookDispatcher : public EventSink {
 public:
  /// `project_dir` is where shell hooks run ("" = the current directory). `http` must outlive
  /// the dispatcher; the configuration is copied.
  HookDispatcher(const config::HookConfig& config, std::string project_dir, HttpClient& http,
                 HookDispatcherOptions options = {});
  ~HookDispatcher() override;

  HookDispatcher(const HookDispatcher&) = delete;
  HookDispatcher& operator=(const HookDispatcher&) = delete;

  EventOutcome Fire(const RunEvent& event) override;

  /// Fire, with what each hook did.
  HookReport Dispatch(const RunEvent& event);

  /// Whether any shell hook or webhook is configured for `event`.
  bool HasHooks(config::HookEvent event) const;

  /// Blocks until every queued async webhook has been sent.
  void WaitForAsync();

 private:
  struct AsyncSend {
    size_t webhook = 0;     // index into config_.webhooks
    std::string event_key;  // on_…
    HttpRequest request;
  };

  HookReport DispatchLocked(const RunEvent& event, config::HookEvent kind);
  void AsyncLoop();

  const config::HookConfig config_;
  const std::string project_dir_;
  HttpClient& http_;
  HookDispatcherOptions options_;

  // Ticket lock: events are dispatched in call order.
  std::mutex order_mutex_;
  std::condition_variable order_cv_;
  uint64_t next_ticket_ = 0;
  uint64_t serving_ = 0;

  // The async queue and its one worker, started on first use.
  std::mutex async_mutex_;
  std::condition_variable async_cv_;
  std::deque<AsyncSend> async_queue_;
  bool async_busy_ = false;
  bool stopping_ = false;
  std::thread async_worker_;
};

}  // namespace rocky::runtime
