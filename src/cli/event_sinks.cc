#include "cli/event_sinks.h"

#include "adapters/http/http_client.h"
#include "base/log.h"
#include "runtime/hooks.h"

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
  explicit Parts(const config::Config& config)
      : http(adapters::http::NewHttpClient()), hooks(config.hooks, config.project_dir, *http) {}
  DebugLogSink log;
  std::unique_ptr<HttpClient> http;
  runtime::HookDispatcher hooks;
};

RunEventSinks::RunEventSinks(const config::Config& config)
    : parts_(std::make_unique<Parts>(config)) {
  fan_out_.Add(&parts_->log);
  fan_out_.Add(&parts_->hooks);
}

RunEventSinks::~RunEventSinks() = default;

}  // namespace rocky::cli
