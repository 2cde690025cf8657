#include "runtime/otlp_metrics.h"

#include <chrono>

#include "base/url.h"

namespace rocky::runtime {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::string> NonEmpty(const EnvLookup& env, const char* name) {
  const char* value = env(name);
  if (!value) return std::nullopt;
  std::string_view trimmed = Trim(value);
  if (trimmed.empty()) return std::nullopt;
  return std::string(trimmed);
}

Json StringAttribute(std::string_view key, std::string_view value) {
  return Json::Object().Set("key", key).Set("value", Json::Object().Set("stringValue", value));
}

Json Attributes(const OtlpAttributes& attributes) {
  Json list = Json::Array();
  for (const auto& [key, value] : attributes) list.Push(StringAttribute(key, value));
  return list;
}

// The UCUM unit of a snapshot field: durations in milliseconds, the error rate in percent,
// counts dimensionless.
std::string_view UnitOf(std::string_view field) {
  if (field.ends_with("_ms")) return "ms";
  if (field.ends_with("_pct")) return "%";
  return "1";
}

}  // namespace

HttpHeaders ParseOtlpHeaders(std::string_view text) {
  HttpHeaders headers;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view entry = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key = PercentDecode(Trim(entry.substr(0, eq)));
    std::string value = PercentDecode(Trim(entry.substr(eq + 1)));
    if (key.empty()) continue;
    SetHttpHeader(headers, key, std::move(value));
  }
  return headers;
}

std::optional<OtlpExportConfig> OtlpExportConfigFromEnv(const EnvLookup& env) {
  OtlpExportConfig config;
  if (auto url = NonEmpty(env, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")) {
    config.url = std::move(*url);
  } else if (auto base = NonEmpty(env, "OTEL_EXPORTER_OTLP_ENDPOINT")) {
    std::string_view b = *base;
    while (b.ends_with('/')) b.remove_suffix(1);
    config.url = std::string(b) + "/v1/metrics";
  } else {
    return std::nullopt;
  }
  for (const char* name : {"OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_METRICS_HEADERS"}) {
    if (const char* text = env(name)) {
      for (auto& [key, value] : ParseOtlpHeaders(text)) SetHttpHeader(config.headers, key, value);
    }
  }
  if (auto service = NonEmpty(env, "OTEL_SERVICE_NAME")) config.service_name = std::move(*service);
  return config;
}

Json OtlpMetricsRequest(const Json& snapshot, std::string_view service_name,
                        const OtlpAttributes& point_attributes, Timestamp at) {
  const int64_t nanos =
      std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
  const std::string time = std::to_string(nanos);
  Json metrics = Json::Array();
  for (size_t i = 0; i < snapshot.keys().size(); ++i) {
    const std::string& field = snapshot.keys()[i];
    const Json& value = snapshot.items()[i];
    if (!value.IsNumber()) continue;
    Json point = Json::Object().Set("timeUnixNano", time);
    // proto3 JSON: int64 as a decimal string, double as a number.
    if (value.IsInt())
      point.Set("asInt", std::to_string(value.AsInt()));
    else
      point.Set("asDouble", value.AsDouble());
    if (!point_attributes.empty()) point.Set("attributes", Attributes(point_attributes));
    metrics.Push(Json::Object()
                     .Set("name", "rocky." + field)
                     .Set("unit", UnitOf(field))
                     .Set("gauge", Json::Object().Set("dataPoints", Json::Array().Push(point))));
  }
  Json scope_metrics =
      Json::Object()
          .Set("scope", Json::Object().Set("name", "rocky").Set("version", "1.0.0"))
          .Set("metrics", std::move(metrics));
  Json resource = Json::Object().Set(
      "attributes", Json::Array().Push(StringAttribute("service.name", service_name)));
  return Json::Object().Set(
      "resourceMetrics",
      Json::Array().Push(Json::Object()
                             .Set("resource", std::move(resource))
                             .Set("scopeMetrics", Json::Array().Push(std::move(scope_metrics)))));
}

}  // namespace rocky::runtime
