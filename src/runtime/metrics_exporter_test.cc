#include "runtime/metrics_exporter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "base/log.h"

namespace rocky::runtime {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Records requests; answers with `status`, or fails with `error` when it is set.
class RecordingHttp : public HttpClient {
 public:
  int status = 200;
  std::string error;

  Result<HttpResponse> Send(const HttpRequest& request) override {
    std::lock_guard lock(mutex_);
    sent_.push_back(request);
    if (!error.empty())
      return Fail(ErrorKind::kAdapter, "{} {} failed: {}", request.method, request.url, error);
    return HttpResponse{status, {}, "{}"};
  }
  std::vector<HttpRequest> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<HttpRequest> sent_;
};

class StderrCapture {
 public:
  StderrCapture() {
    Log::Configure(LogLevel::kInfo, false);
    testing::internal::CaptureStderr();
  }
  std::string Finish() { return testing::internal::GetCapturedStderr(); }
};

OtlpExportConfig Config() {
  OtlpExportConfig c;
  c.url = "http://collector:4318/v1/metrics";
  c.headers = {{"api-key", "s3cr3t-value"}};
  c.service_name = "svc";
  return c;
}

std::string Header(const HttpRequest& request, std::string_view name) {
  HttpResponse as_response{0, request.headers, ""};
  const std::string* value = as_response.FindHeader(name);
  return value ? *value : "<none>";
}

std::string PointValue(const HttpRequest& request, std::string_view metric) {
  auto body = Json::Parse(request.body);
  if (!body) return "unparsable";
  for (const Json& m : (*body)["resourceMetrics"][0]["scopeMetrics"][0]["metrics"].items())
    if (m["name"].AsString() == metric) return m["gauge"]["dataPoints"][0]["asInt"].AsString();
  return "missing";
}

TEST(MetricsExporterTest, FinishSendsOnePostWithTheCurrentValues) {
  Metrics metrics;
  RecordingHttp http;
  MetricsExporter exporter(metrics, http, Config(), {{"run_id", "run-1"}});
  exporter.Start();
  metrics.RecordUnit(true, 5);
  metrics.RecordUnit(true, 6);
  exporter.Finish();
  exporter.Finish();  // once only
  auto sent = http.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].method, "POST");
  EXPECT_EQ(sent[0].url, "http://collector:4318/v1/metrics");
  EXPECT_EQ(sent[0].timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(Header(sent[0], "content-type"), "application/json");
  EXPECT_EQ(Header(sent[0], "api-key"), "s3cr3t-value");
  EXPECT_EQ(PointValue(sent[0], "rocky.tables_processed"), "2");
}

TEST(MetricsExporterTest, ExportsPeriodicallyAndStopsPromptly) {
  Metrics metrics;
  RecordingHttp http;
  MetricsExportOptions options;
  options.interval = std::chrono::milliseconds(20);
  MetricsExporter exporter(metrics, http, Config(), {}, options);
  exporter.Start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (http.sent().size() < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto start = std::chrono::steady_clock::now();
  exporter.Finish();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_GE(http.sent().size(), 4u);  // three periodic ones and the final one
}

TEST(MetricsExporterTest, ALongIntervalDoesNotDelayFinish) {
  Metrics metrics;
  RecordingHttp http;
  MetricsExporter exporter(metrics, http, Config(), {});  // 30 s
  exporter.Start();
  auto start = std::chrono::steady_clock::now();
  exporter.Finish();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(http.sent().size(), 1u);
}

TEST(MetricsExporterTest, TheDestructorSendsTheFinalExport) {
  Metrics metrics;
  RecordingHttp http;
  { MetricsExporter exporter(metrics, http, Config(), {}); }
  EXPECT_EQ(http.sent().size(), 1u);
}

TEST(MetricsExporterTest, AnErrorIsOneWarningWithoutSecrets) {
  Metrics metrics;
  RecordingHttp http;
  http.error = "Couldn't connect to server";
  StderrCapture capture;
  MetricsExporter exporter(metrics, http, Config(), {});
  EXPECT_FALSE(exporter.ExportNow());
  std::string err = capture.Finish();
  EXPECT_THAT(err, HasSubstr("warning: metrics export failed: POST "
                             "http://collector:4318/v1/metrics failed: Couldn't connect"));
  EXPECT_THAT(err, Not(HasSubstr("s3cr3t")));
}

TEST(MetricsExporterTest, ANon2xxStatusIsAWarningNamingIt) {
  Metrics metrics;
  RecordingHttp http;
  http.status = 503;
  OtlpExportConfig config = Config();
  config.url = "http://user:pa55@collector:4318/v1/metrics";
  StderrCapture capture;
  MetricsExporter exporter(metrics, http, config, {});
  EXPECT_FALSE(exporter.ExportNow());
  std::string err = capture.Finish();
  EXPECT_THAT(err, HasSubstr("metrics export failed: POST http://user:***@collector:4318/v1/"
                             "metrics answered HTTP 503"));
  EXPECT_THAT(err, Not(HasSubstr("pa55")));
  EXPECT_THAT(err, Not(HasSubstr("s3cr3t")));
  http.status = 200;
  EXPECT_TRUE(exporter.ExportNow());
}

}  // namespace
}  // namespace rocky::runtime
