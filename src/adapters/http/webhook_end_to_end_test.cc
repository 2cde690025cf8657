// The webhook dispatcher (runtime/hooks.h) over the real HTTP client against a local receiver.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "adapters/http/http_client.h"
#include "adapters/http/test_receiver.h"
#include "runtime/hooks.h"

namespace rocky::adapters::http {
namespace {

using namespace std::chrono_literals;
using config::HookEvent;
using config::HookFailure;
using runtime::HookDispatcher;
using runtime::RunEvent;
using testing::TestReceiver;

// HMAC-SHA256 as hex through OpenSSL's EVP_Q_mac: independent of the code under test.
std::string ExpectedSignature(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t len = 0;
  char digest[] = "SHA256";
  EVP_Q_mac(nullptr, "HMAC", nullptr, digest, nullptr, key.data(), key.size(),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, sizeof(out),
            &len);
  std::string hex;
  for (size_t i = 0; i < len; ++i) hex += fmt::format("{:02x}", out[i]);
  return "sha256=" + hex;
}

RunEvent Event(std::string name) {
  RunEvent e;
  e.event = std::move(name);
  e.run_id = "run-e2e";
  e.pipeline = "raw";
  e.timestamp = *ParseTimestamp("2026-04-07T10:00:00Z");
  e.table = "acme.raw.orders";
  e.duration_ms = 250;
  e.metadata = Json::Object().Set("rows", 10);
  return e;
}

config::WebhookConfig Webhook(HookEvent event, std::string url) {
  config::WebhookConfig hook;
  hook.event = event;
  hook.url = std::move(url);
  hook.retry_delay_ms = 10;
  return hook;
}

TEST(WebhookEndToEndTest, BodyHeadersAndSignature) {
  auto server = TestReceiver::Start();
  auto client = NewHttpClient();
  config::HookConfig config;
  auto hook = Webhook(HookEvent::kAfterMaterialize, server->Url("/notify"));
  hook.body_template =
      R"j({"event": "{{event}}", "table": "{{table}}", "took": {{duration_ms}}, "rows": "{{metadata.rows}}"})j";
  hook.secret = Secret("shh-signing-key");
  hook.headers = {{"Authorization", Secret("Bearer abc")}, {"X-Team", Secret("data")}};
  config.webhooks.push_back(hook);
  {
    HookDispatcher dispatcher(config, "", *client);
    EXPECT_FALSE(dispatcher.Fire(Event("after_materialize")).abort);
  }
  auto received = server->requests();
  ASSERT_EQ(received.size(), 1u);
  const auto& r = received[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/notify");
  EXPECT_EQ(
      r.body,
      R"j({"event": "on_after_materialize", "table": "acme.raw.orders", "took": 250, "rows": "10"})j");
  EXPECT_EQ(r.Header("Content-Type"), "application/json");
  EXPECT_EQ(r.Header("Authorization"), "Bearer abc");
  EXPECT_EQ(r.Header("X-Team"), "data");
  EXPECT_EQ(r.Header("X-Rocky-Signature"), ExpectedSignature("shh-signing-key", r.body));
}

TEST(WebhookEndToEndTest, DefaultBodyIsTheContextJson) {
  auto server = TestReceiver::Start();
  auto client = NewHttpClient();
  config::HookConfig config;
  config.webhooks.push_back(Webhook(HookEvent::kPipelineComplete, server->Url("/ctx")));
  RunEvent e = Event("pipeline_complete");
  {
    HookDispatcher dispatcher(config, "", *client);
    dispatcher.Fire(e);
  }
  auto received = server->requests();
  ASSERT_EQ(received.size(), 1u);
  auto body = Json::Parse(received[0].body);
  ASSERT_TRUE(body) << received[0].body;
  EXPECT_EQ(*body, e.ToJson());
  EXPECT_EQ((*body)["event"].AsString(), "pipeline_complete");
  EXPECT_TRUE(received[0].Header("X-Rocky-Signature").empty());
}

TEST(WebhookEndToEndTest, PagerDutyPresetCarriesTheRoutingKey) {
  auto server = TestReceiver::Start();
  auto client = NewHttpClient();
  config::HookConfig config;
  auto hook = Webhook(HookEvent::kPipelineError, server->Url("/v2/enqueue"));
  hook.preset = config::WebhookPreset::kPagerDuty;
  hook.routing_key = Secret("rk-42");
  config.webhooks.push_back(hook);
  RunEvent e = Event("pipeline_error");
  e.error = "2 tables failed";
  {
    HookDispatcher dispatcher(config, "", *client);
    dispatcher.Fire(e);
  }
  auto received = server->requests();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(
      received[0].body,
      R"j({"routing_key": "rk-42", "event_action": "trigger", "payload": {"summary": "Rocky on_pipeline_error in raw: 2 tables failed", "source": "rocky", "severity": "error"}})j");
}

TEST(WebhookEndToEndTest, RetriesAfterServerErrorsThenSucceeds) {
  auto server = TestReceiver::Start();
  server->Script({500, 503});
  auto client = NewHttpClient();
  config::HookConfig config;
  auto hook = Webhook(HookEvent::kPipelineStart, server->Url("/retry"));
  hook.on_failure = HookFailure::kAbort;
  hook.retry_count = 2;
  config.webhooks.push_back(hook);
  HookDispatcher dispatcher(config, "", *client);
  auto report = dispatcher.Dispatch(Event("pipeline_start"));
  EXPECT_FALSE(report.outcome.abort) << report.outcome.message;
  ASSERT_EQ(report.invocations.size(), 1u);
  EXPECT_EQ(report.invocations[0].attempts, 3);
  EXPECT_EQ(report.invocations[0].http_status, 200);
  auto received = server->requests();
  ASSERT_EQ(received.size(), 3u);
  EXPECT_EQ(received[0].body, received[2].body);
}

TEST(WebhookEndToEndTest, ServerErrorsExhaustRetries) {
  auto server = TestReceiver::Start();
  server->Script({500, 500});
  auto client = NewHttpClient();
  config::HookConfig config;
  auto hook = Webhook(HookEvent::kPipelineStart, server->Url("/down"));
  hook.on_failure = HookFailure::kAbort;
  hook.retry_count = 1;
  config.webhooks.push_back(hook);
  HookDispatcher dispatcher(config, "", *client);
  auto outcome = dispatcher.Fire(Event("pipeline_start"));
  EXPECT_TRUE(outcome.abort);
  EXPECT_EQ(outcome.message,
            fmt::format("aborted by hook for event 'on_pipeline_start': POST "
                        "http://127.0.0.1:{}/down returned HTTP 500 (after 2 attempts)",
                        server->port()));
}

TEST(WebhookEndToEndTest, TimeoutCountsAsAFailure) {
  auto server = TestReceiver::Start();
  server->SetDelay(600ms);
  auto client = NewHttpClient();
  config::HookConfig config;
  auto hook = Webhook(HookEvent::kBeforeMaterialize, server->Url("/slow"));
  hook.on_failure = HookFailure::kAbort;
  hook.timeout_ms = 100;
  config.webhooks.push_back(hook);
  HookDispatcher dispatcher(config, "", *client);
  auto start = std::chrono::steady_clock::now();
  auto outcome = dispatcher.Fire(Event("before_materialize"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
  EXPECT_TRUE(outcome.abort);
  EXPECT_EQ(outcome.message, fmt::format("aborted by hook for event 'on_before_materialize': POST "
                                         "http://127.0.0.1:{}/slow failed: timed out after 100 ms",
                                         server->port()));
}

TEST(WebhookEndToEndTest, AsyncFiresAndForgets) {
  auto server = TestReceiver::Start();
  server->SetDelay(200ms);
  server->Script({500});
  auto client = NewHttpClient();
  config::HookConfig config;
  auto hook = Webhook(HookEvent::kPipelineComplete, server->Url("/async"));
  hook.async = true;
  hook.on_failure = HookFailure::kAbort;  // async never aborts
  config.webhooks.push_back(hook);
  {
    HookDispatcher dispatcher(config, "", *client);
    auto start = std::chrono::steady_clock::now();
    auto outcome = dispatcher.Fire(Event("pipeline_complete"));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 150ms);
    EXPECT_FALSE(outcome.abort);
  }  // the destructor waits for the send
  EXPECT_EQ(server->requests().size(), 1u);
}

}  // namespace
}  // namespace rocky::adapters::http
