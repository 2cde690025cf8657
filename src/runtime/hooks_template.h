#pragma once
// Webhook body templates (runtime.md §12): `{{name}}` placeholders and `{{#if name}}…{{/if}}`
// blocks (nestable) over one event. Names: event (the config key, with `on_`), run_id, pipeline,
// timestamp, model, table, error, duration_ms, metadata.KEY (dotted into nested objects) and
// routing_key. Values are JSON-string-escaped without quotes, so a template stays valid JSON when
// placeholders sit inside string literals; non-string metadata renders as its compact JSON text,
// escaped the same way. A missing value renders empty, except duration_ms, which renders `null`.
// Unknown names count as missing; text that is not a well-formed tag is copied as written.

#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"
#include "runtime/events.h"

namespace rocky::runtime {

/// What a template can see: the event, plus the webhook's PagerDuty routing key.
struct TemplateContext {
  const RunEvent& event;
  std::string_view routing_key;  // revealed only into the body that is sent
};

/// Renders `text` for one event.
std::string RenderHookTemplate(std::string_view text, const TemplateContext& context);

/// The preset's default body template (runtime.md §12); nullopt for `generic`, whose body is the
/// context JSON.
std::optional<std::string_view> PresetBodyTemplate(config::WebhookPreset preset);

}  // namespace rocky::runtime
