#include "runtime/otlp_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "runtime/metrics.h"

namespace rocky::runtime {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

EnvLookup Env(std::map<std::string, std::string> vars) {
  auto owned = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [owned](const char* name) -> const char* {
    auto it = owned->find(name);
    return it == owned->end() ? nullptr : it->second.c_str();
  };
}

// 2026-04-07T10:00:00.123456Z
Timestamp At() { return *ParseTimestamp("2026-04-07T10:00:00.123456Z"); }

// The request as a receiver sees it: dumped to text and parsed back.
Json RoundTrip(const Json& request) {
  auto parsed = Json::Parse(request.Dump());
  EXPECT_TRUE(parsed.has_value());
  return parsed ? *parsed : Json();
}

const Json* FindMetric(const Json& request, std::string_view name) {
  for (const Json& m : request["resourceMetrics"][0]["scopeMetrics"][0]["metrics"].items())
    if (m["name"].AsString() == name) return &m;
  return nullptr;
}

TEST(OtlpMetricsTest, EveryFieldIsAGaugeWithTheEncodedValue) {
  Metrics metrics;
  metrics.RecordUnit(true, 120);
  metrics.RecordUnit(true, 80);
  metrics.RecordUnit(false, 10);
  metrics.RecordStatement(7);
  Json snapshot = metrics.Snapshot();
  Json request = RoundTrip(
      OtlpMetricsRequest(snapshot, "etl-prod", {{"run_id", "run-1"}, {"pipeline", "raw"}}, At()));

  const Json& resource = request["resourceMetrics"][0]["resource"];
  ASSERT_EQ(resource["attributes"].size(), 1u);
  EXPECT_EQ(resource["attributes"][0]["key"].AsString(), "service.name");
  EXPECT_EQ(resource["attributes"][0]["value"]["stringValue"].AsString(), "etl-prod");
  const Json& scope = request["resourceMetrics"][0]["scopeMetrics"][0];
  EXPECT_EQ(scope["scope"]["name"].AsString(), "rocky");

  // One gauge per snapshot field, in snapshot order.
  const Json& list = scope["metrics"];
  ASSERT_EQ(list.size(), snapshot.keys().size());
  for (size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i]["name"].AsString(), "rocky." + snapshot.keys()[i]);
    const Json& points = list[i]["gauge"]["dataPoints"];
    ASSERT_EQ(points.size(), 1u) << snapshot.keys()[i];
    EXPECT_EQ(points[0]["timeUnixNano"], Json("1775556000123456000"));
  }

  // int64 values are decimal strings (proto3 JSON), the error rate a JSON number.
  const Json* processed = FindMetric(request, "rocky.tables_processed");
  ASSERT_NE(processed, nullptr);
  const Json& point = (*processed)["gauge"]["dataPoints"][0];
  EXPECT_EQ(point["asInt"], Json("2"));
  EXPECT_EQ(point.Find("asDouble"), nullptr);
  EXPECT_EQ((*processed)["unit"].AsString(), "1");
  ASSERT_EQ(point["attributes"].size(), 2u);
  EXPECT_EQ(point["attributes"][0]["key"].AsString(), "run_id");
  EXPECT_EQ(point["attributes"][0]["value"]["stringValue"].AsString(), "run-1");
  EXPECT_EQ(point["attributes"][1]["key"].AsString(), "pipeline");

  const Json* rate = FindMetric(request, "rocky.error_rate_pct");
  ASSERT_NE(rate, nullptr);
  const Json& rate_point = (*rate)["gauge"]["dataPoints"][0];
  EXPECT_TRUE(rate_point["asDouble"].IsNumber());
  EXPECT_DOUBLE_EQ(rate_point["asDouble"].AsDouble(), 33.3);
  EXPECT_EQ(rate_point.Find("asInt"), nullptr);
  EXPECT_EQ((*rate)["unit"].AsString(), "%");

  const Json* max = FindMetric(request, "rocky.table_duration_max_ms");
  ASSERT_NE(max, nullptr);
  EXPECT_EQ((*max)["gauge"]["dataPoints"][0]["asInt"], Json("120"));
  EXPECT_EQ((*max)["unit"].AsString(), "ms");
  EXPECT_EQ(FindMetric(request, "rocky.failed"), nullptr);
}

TEST(OtlpMetricsTest, DataPointsWithoutAttributesLeaveThemOut) {
  Metrics metrics;
  Json request = OtlpMetricsRequest(metrics.Snapshot(), "rocky", {}, At());
  const Json* m = FindMetric(request, "rocky.statements_executed");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ((*m)["gauge"]["dataPoints"][0].Find("attributes"), nullptr);
  EXPECT_EQ((*m)["gauge"]["dataPoints"][0]["asInt"], Json("0"));
}

TEST(OtlpMetricsTest, ConfigIsOffWithoutAnEndpoint) {
  EXPECT_FALSE(OtlpExportConfigFromEnv(Env({})).has_value());
  EXPECT_FALSE(OtlpExportConfigFromEnv(Env({{"OTEL_EXPORTER_OTLP_ENDPOINT", " "}})).has_value());
  EXPECT_FALSE(OtlpExportConfigFromEnv(Env({{"OTEL_SERVICE_NAME", "x"}})).has_value());
}

TEST(OtlpMetricsTest, BaseEndpointGetsTheMetricsPath) {
  struct Case {
    std::string endpoint;
    std::string url;
  };
  for (const Case& c : std::vector<Case>{
           {"http://collector:4318", "http://collector:4318/v1/metrics"},
           {"http://collector:4318/", "http://collector:4318/v1/metrics"},
           {"https://otel.example.com/otlp//", "https://otel.example.com/otlp/v1/metrics"},
       }) {
    auto config = OtlpExportConfigFromEnv(Env({{"OTEL_EXPORTER_OTLP_ENDPOINT", c.endpoint}}));
    ASSERT_TRUE(config.has_value()) << c.endpoint;
    EXPECT_EQ(config->url, c.url) << c.endpoint;
    EXPECT_EQ(config->service_name, "rocky");
    EXPECT_TRUE(config->headers.empty());
  }
}

TEST(OtlpMetricsTest, MetricsEndpointIsUsedAsIs) {
  auto config = OtlpExportConfigFromEnv(
      Env({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:4318"},
           {"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://b:9999/custom/metrics/"},
           {"OTEL_SERVICE_NAME", "nightly-etl"}}));
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->url, "http://b:9999/custom/metrics/");
  EXPECT_EQ(config->service_name, "nightly-etl");
}

TEST(OtlpMetricsTest, HeadersAreDecodedAndTheMetricsOnesWin) {
  EXPECT_THAT(ParseOtlpHeaders("api-key=se%20cret, x-team = data ,broken,=v,empty="),
              ElementsAre(Pair("api-key", "se cret"), Pair("x-team", "data"), Pair("empty", "")));
  EXPECT_THAT(ParseOtlpHeaders("Authorization=Basic%20dXNlcjpwYXNz"),
              ElementsAre(Pair("Authorization", "Basic dXNlcjpwYXNz")));
  auto config =
      OtlpExportConfigFromEnv(Env({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:4318"},
                                   {"OTEL_EXPORTER_OTLP_HEADERS", "api-key=general,x-tenant=t1"},
                                   {"OTEL_EXPORTER_OTLP_METRICS_HEADERS", "API-KEY=metrics"}}));
  ASSERT_TRUE(config.has_value());
  EXPECT_THAT(config->headers, ElementsAre(Pair("api-key", "metrics"), Pair("x-tenant", "t1")));
}

}  // namespace
}  // namespace rocky::runtime
