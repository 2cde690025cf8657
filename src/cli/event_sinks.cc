#include "cli/event_sinks.h"

#include "base/log.h"

namespace rocky::cli {

namespace {

class DebugLogSink : public runtime::EventSink {
 public:
  runtime::EventOutcome Fire(const runtime::RunEvent& event) override {
    LogDebug("event {}", event.ToJson().Dump());
    return {};
  }
};

}  // namespace

struct RunEventSinks::Parts {
  DebugLogSink log;
};

RunEventSinks::RunEventSinks(const core::Config& config) : parts_(std::make_unique<Parts>()) {
  fan_out_.Add(&parts_->log);
}

RunEventSinks::~RunEventSinks() = default;

}  // namespace rocky::cli
