#include "runtime/events.h"

namespace rocky::runtime {

Json RunEvent::ToJson() const {
  Json j = Json::Object()
               .Set("event", event)
               .Set("run_id", run_id)
               .Set("pipeline", pipeline)
               .Set("timestamp", FormatRfc3339(timestamp));
  if (model) j.Set("model", *model);
  if (table) j.Set("table", *table);
  if (error) j.Set("error", *error);
  if (duration_ms) j.Set("duration_ms", *duration_ms);
  j.Set("metadata", metadata);
  return j;
}

EventOutcome FanOutSink::Fire(const RunEvent& event) {
  EventOutcome out;
  for (auto* sink : sinks_) {
    EventOutcome o = sink->Fire(event);
    if (o.abort && !out.abort) out = o;
  }
  return out;
}

}  // namespace rocky::runtime
