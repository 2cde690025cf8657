#include "facade/event_sinks.h"

#include "adapters/http/http_client.h"
#include "base/log.h"
#include "runtime/hooks.h"
#include "valkey/channel_publisher.h"

namespace rocky::facade {

namespace {

class DebugLogSink : public runtime::EventSink {
 public:
  runtime::EventOutcome Fire(const runtime::RunEvent& event) override {
    LogDebug("event {}", event.ToJson().Dump());
    return {};
  }
};

// Every event as one compact JSON message on the Valkey channel `rocky:events` (runtime.md §12).
class ValkeyEventSink : public runtime::EventSink {
 public:
  explicit ValkeyEventSink(std::string url) : publisher_(std::move(url), "rocky:events") {}
  runtime::EventOutcome Fire(const runtime::RunEvent& event) override {
    publisher_.Publish(event.ToJson().Dump());
    return {};
  }

 private:
  valkey::ChannelPublisher publisher_;
};

}  // namespace

struct RunEventSinks::Parts {
  explicit Parts(const config::Config& config)
      : http(adapters::http::NewHttpClient()), hooks(config.hooks, config.project_dir, *http) {
    if (!config.cache.valkey_url.empty() && config.cache.publish_events)
      valkey.emplace(std::string(config.cache.valkey_url.Reveal()));
  }
  DebugLogSink log;
  std::unique_ptr<HttpClient> http;
  runtime::HookDispatcher hooks;
  std::optional<ValkeyEventSink> valkey;
};

RunEventSinks::RunEventSinks(const config::Config& config)
    : parts_(std::make_unique<Parts>(config)) {
  fan_out_.Add(&parts_->log);
  fan_out_.Add(&parts_->hooks);
  if (parts_->valkey) fan_out_.Add(&*parts_->valkey);
}

RunEventSinks::~RunEventSinks() = default;

}  // namespace rocky::facade
