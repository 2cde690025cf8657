#pragma once
// Run lifecycle events (runtime.md §12) and the sink the runners fire them into. Hooks, webhooks,
// Valkey publishing and Pipes logging all sit behind EventSink, so a runner only says what
// happened.

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/time.h"

namespace rocky::runtime {

struct RunEvent {
  std::string event;  // without the `on_` prefix: "pipeline_start", "after_materialize", …
  std::string run_id;
  std::string pipeline;
  Timestamp timestamp{};
  std::optional<std::string> model;
  std::optional<std::string> table;
  std::optional<std::string> error;
  std::optional<int64_t> duration_ms;
  Json metadata = Json::Object();

  /// The context JSON: {event, run_id, pipeline, timestamp, model?, table?, error?,
  /// duration_ms?, metadata}.
  Json ToJson() const;
};

/// What firing an event decided.
struct EventOutcome {
  bool abort = false;   // a hook with on_failure = abort failed
  std::string message;  // `aborted by hook for event 'on_x': <reason>` when abort
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  /// Runs the event's hooks in order; returns when `before_*` hooks finished (others too, unless
  /// configured async). Thread-safe: events from several workers are dispatched in call order.
  virtual EventOutcome Fire(const RunEvent& event) = 0;
};

/// Fires into several sinks in order; the first abort wins but every sink sees the event.
class FanOutSink : public EventSink {
 public:
  void Add(EventSink* sink) { sinks_.push_back(sink); }
  EventOutcome Fire(const RunEvent& event) override;

 private:
  std::vector<EventSink*> sinks_;
};

}  // namespace rocky::runtime
