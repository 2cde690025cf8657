#pragma once
// The run metrics as an OTLP/HTTP JSON export (services.md §3.1), and where to send it.
//
// The body is an ExportMetricsServiceRequest in the OTLP JSON Protobuf encoding: keys in
// lowerCamelCase, 64-bit integers (timeUnixNano, asInt) as decimal strings. Every snapshot field
// becomes one gauge `rocky.<field>` with a single data point: `asDouble` for error_rate_pct,
// `asInt` for the other (integer) fields.
//
// The destination comes from the OpenTelemetry exporter variables:
// - OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: the full URL, used as is;
// - else OTEL_EXPORTER_OTLP_ENDPOINT: a base URL; `/v1/metrics` is appended (one slash);
// - OTEL_EXPORTER_OTLP_HEADERS, then OTEL_EXPORTER_OTLP_METRICS_HEADERS (which wins for a name
//   both set): `key1=value1,key2=value2`, keys and values percent-decoded and trimmed;
// - OTEL_SERVICE_NAME: the resource attribute `service.name` (default `rocky`).
// Header values are secrets (API keys): they stay in the request, never in messages.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/http.h"
#include "base/json.h"
#include "base/time.h"

namespace rocky::runtime {

struct OtlpExportConfig {
  std::string url;  // where the POST goes, e.g. http://collector:4318/v1/metrics
  HttpHeaders headers;
  std::string service_name = "rocky";
};

/// A string attribute of the resource or of a data point.
using OtlpAttributes = std::vector<std::pair<std::string, std::string>>;

/// The value of an environment variable, or nullptr when it is unset.
using EnvLookup = std::function<const char*(const char*)>;

/// The export configuration from the environment; nullopt when neither endpoint variable is set
/// to a non-empty value (metrics export is off).
std::optional<OtlpExportConfig> OtlpExportConfigFromEnv(const EnvLookup& env);

/// `key1=value1,key2=value2` (W3C baggage style): keys and values percent-decoded and trimmed of
/// spaces and tabs. Entries without `=` or with an empty key are skipped.
HttpHeaders ParseOtlpHeaders(std::string_view text);

/// The ExportMetricsServiceRequest for `snapshot` (Metrics::Snapshot()) taken at `at`: resource
/// attribute `service.name`, scope `rocky` 1.0.0, one gauge per field in snapshot order, each
/// data point carrying `point_attributes` (run_id, pipeline).
Json OtlpMetricsRequest(const Json& snapshot, std::string_view service_name,
                        const OtlpAttributes& point_attributes, Timestamp at);

}  // namespace rocky::runtime
