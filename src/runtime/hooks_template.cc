#include "runtime/hooks_template.h"

#include "base/strings.h"
#include "base/time.h"

namespace rocky::runtime {

namespace {

// The preset bodies exactly as runtime.md §12 gives them; teams and datadog repeat the slack text.
constexpr std::string_view kSlack =
    R"({"text": "Rocky {{event}}: pipeline {{pipeline}} (run {{run_id}}){{#if table}} table {{table}}{{/if}}{{#if error}} error: {{error}}{{/if}}"})";
constexpr std::string_view kTeams =
    R"({"@type": "MessageCard", "@context": "https://schema.org/extensions", "summary": "Rocky {{event}}", "text": "Rocky {{event}}: pipeline {{pipeline}} (run {{run_id}}){{#if table}} table {{table}}{{/if}}{{#if error}} error: {{error}}{{/if}}"})";
constexpr std::string_view kPagerDuty =
    R"({"routing_key": "{{routing_key}}", "event_action": "trigger", "payload": {"summary": "Rocky {{event}} in {{pipeline}}{{#if error}}: {{error}}{{/if}}", "source": "rocky", "severity": "error"}})";
constexpr std::string_view kDatadog =
    R"({"title": "Rocky {{event}}", "text": "Rocky {{event}}: pipeline {{pipeline}} (run {{run_id}}){{#if table}} table {{table}}{{/if}}{{#if error}} error: {{error}}{{/if}}", "source_type_name": "rocky", "tags": ["pipeline:{{pipeline}}", "run_id:{{run_id}}"]})";

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";

// A placeholder's value: nullopt when missing.
std::optional<Json> Lookup(std::string_view name, const TemplateContext& ctx) {
  const RunEvent& e = ctx.event;
  if (name == "event") return Json("on_" + e.event);
  if (name == "run_id") return Json(e.run_id);
  if (name == "pipeline") return Json(e.pipeline);
  if (name == "timestamp") return Json(FormatRfc3339(e.timestamp));
  if (name == "model") return e.model ? std::optional<Json>(*e.model) : std::nullopt;
  if (name == "table") return e.table ? std::optional<Json>(*e.table) : std::nullopt;
  if (name == "error") return e.error ? std::optional<Json>(*e.error) : std::nullopt;
  if (name == "duration_ms")
    return e.duration_ms ? std::optional<Json>(Json(*e.duration_ms)) : std::nullopt;
  if (name == "routing_key")
    return ctx.routing_key.empty() ? std::nullopt : std::optional<Json>(ctx.routing_key);
  constexpr std::string_view kMetadata = "metadata.";
  if (StartsWith(name, kMetadata)) {
    const Json* node = &e.metadata;
    for (const std::string& key : Split(name.substr(kMetadata.size()), ".")) {
      node = node->IsObject() ? node->Find(key) : nullptr;
      if (!node) return std::nullopt;
    }
    if (node->IsNull()) return std::nullopt;
    return *node;
  }
  return std::nullopt;
}

// Handlebars-like truth: missing, null, false, "", 0 and [] are false.
bool Truthy(const std::optional<Json>& value) {
  if (!value) return false;
  switch (value->type()) {
    case Json::Type::kNull:
      return false;
    case Json::Type::kBool:
      return value->AsBool();
    case Json::Type::kInt:
      return value->AsInt() != 0;
    case Json::Type::kDouble:
      return value->AsDouble() != 0;
    case Json::Type::kString:
    case Json::Type::kRaw:
      return !value->AsString().empty();
    case Json::Type::kArray:
      return !value->empty();
    case Json::Type::kObject:
      return true;
  }
  return false;
}

void AppendEscaped(std::string& out, std::string_view text) {
  std::string quoted;
  AppendJsonString(quoted, text);
  out.append(quoted, 1, quoted.size() - 2);
}

void AppendValue(std::string& out, std::string_view name, const TemplateContext& ctx) {
  std::optional<Json> value = Lookup(name, ctx);
  if (!value || value->IsNull()) {
    if (name == "duration_ms") out += "null";
    return;
  }
  if (value->IsString())
    AppendEscaped(out, value->AsString());
  else
    AppendEscaped(out, value->Dump());
}

// Renders from `pos` to the end, or to the `{{/if}}` closing the block when `in_block`; output
// only when `emit`. Returns the position just past what it consumed.
size_t RenderFrom(std::string_view text, size_t pos, bool emit, bool in_block,
                  const TemplateContext& ctx, std::string& out) {
  while (pos < text.size()) {
    size_t open = text.find(kOpen, pos);
    size_t close = open == std::string_view::npos ? open : text.find(kClose, open + kOpen.size());
    if (close == std::string_view::npos) {
      if (emit) out.append(text.substr(pos));
      return text.size();
    }
    if (emit) out.append(text.substr(pos, open - pos));
    std::string_view tag = Trim(text.substr(open + kOpen.size(), close - open - kOpen.size()));
    pos = close + kClose.size();
    if (StartsWith(tag, "#if ") || StartsWith(tag, "#if\t")) {
      std::string_view field = Trim(tag.substr(3));
      bool taken = emit && Truthy(Lookup(field, ctx));
      pos = RenderFrom(text, pos, taken, /*in_block=*/true, ctx, out);
    } else if (tag == "/if") {
      if (in_block) return pos;  // a stray `{{/if}}` outside a block renders nothing
    } else if (emit) {
      AppendValue(out, tag, ctx);
    }
  }
  return pos;
}

}  // namespace

std::string RenderHookTemplate(std::string_view text, const TemplateContext& context) {
  std::string out;
  out.reserve(text.size() + 64);
  RenderFrom(text, 0, /*emit=*/true, /*in_block=*/false, context, out);
  return out;
}

std::optional<std::string_view> PresetBodyTemplate(config::WebhookPreset preset) {
  switch (preset) {
    case config::WebhookPreset::kSlack:
      return kSlack;
    case config::WebhookPreset::kTeams:
      return kTeams;
    case config::WebhookPreset::kPagerDuty:
      return kPagerDuty;
    case config::WebhookPreset::kDatadog:
      return kDatadog;
    case config::WebhookPreset::kGeneric:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace rocky::runtime
