#pragma once
// The event sinks of a run, built from the configuration: a debug log of every event, shell
// hooks and webhooks.

#include <memory>

#include "config/config.h"
#include "runtime/events.h"

namespace rocky::facade {

class RunEventSinks {
 public:
  explicit RunEventSinks(const config::Config& config);
  ~RunEventSinks();
  runtime::EventSink& sink() { return fan_out_; }

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
  runtime::FanOutSink fan_out_;
};

}  // namespace rocky::facade
