#include "runtime/hooks.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/log.h"

namespace rocky::runtime {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// An in-memory HttpClient: records requests and answers from a script (then 200).
class FakeHttpClient : public HttpClient {
 public:
  struct Answer {
    int status = 200;
    std::string error;  // non-empty: fail with this message instead
  };

  Result<HttpResponse> Send(const HttpRequest& request) override {
    int now = ++in_flight_;
    int seen = max_in_flight_.load();
    while (now > seen && !max_in_flight_.compare_exchange_weak(seen, now)) {
    }
    if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
    Answer answer;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
      if (!script_.empty()) {
        answer = script_.front();
        script_.erase(script_.begin());
      }
    }
    --in_flight_;
    if (!answer.error.empty())
      return Fail(ErrorKind::kAdapter, "{} {} failed: {}", request.method, request.url,
                  answer.error);
    HttpResponse response;
    response.status = answer.status;
    return response;
  }

  void Script(std::vector<Answer> answers) { script_ = std::move(answers); }
  void SetDelay(std::chrono::milliseconds delay) { delay_ = delay; }
  std::vector<HttpRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  int max_in_flight() const { return max_in_flight_; }

 private:
  std::mutex mutex_;
  std::vector<Answer> script_;
  std::vector<HttpRequest> requests_;
  std::chrono::milliseconds delay_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
};

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "rocky-dispatch-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string Read(const std::string& name) const {
    std::ifstream in(fs::path(path_) / name);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

 private:
  std::string path_;
};

RunEvent Event(std::string name = "pipeline_start") {
  RunEvent e;
  e.event = std::move(name);
  e.run_id = "run-1";
  e.pipeline = "raw";
  e.timestamp = *ParseTimestamp("2026-04-07T10:00:00Z");
  return e;
}

config::ShellHookConfig Shell(config::HookEvent event, std::string command,
                            config::HookFailure on_failure = config::HookFailure::kWarn) {
  config::ShellHookConfig hook;
  hook.event = event;
  hook.command = std::move(command);
  hook.on_failure = on_failure;
  return hook;
}

config::WebhookConfig Webhook(config::HookEvent event, std::string url = "http://127.0.0.1:9/hook",
                            config::HookFailure on_failure = config::HookFailure::kWarn) {
  config::WebhookConfig hook;
  hook.event = event;
  hook.url = std::move(url);
  hook.on_failure = on_failure;
  hook.retry_delay_ms = 100;
  return hook;
}

// Captures stderr (where logs go) around a block.
class StderrCapture {
 public:
  StderrCapture() {
    Log::Configure(LogLevel::kTrace, false);
    testing::internal::CaptureStderr();
  }
  std::string Finish() {
    std::string out = testing::internal::GetCapturedStderr();
    Log::Configure(LogLevel::kInfo, false);
    return out;
  }
};

using config::HookEvent;
using config::HookFailure;

TEST(HookDispatcherTest, NoHooksContinues) {
  FakeHttpClient http;
  config::HookConfig config;
  config.shell.push_back(Shell(HookEvent::kPipelineError, "exit 1", HookFailure::kAbort));
  HookDispatcher dispatcher(config, "", http);
  HookReport report = dispatcher.Dispatch(Event("pipeline_start"));
  EXPECT_FALSE(report.outcome.abort);
  EXPECT_TRUE(report.invocations.empty());
  EXPECT_FALSE(dispatcher.Fire(Event("not_an_event")).abort);
  EXPECT_TRUE(dispatcher.HasHooks(HookEvent::kPipelineError));
  EXPECT_FALSE(dispatcher.HasHooks(HookEvent::kPipelineStart));
}

TEST(HookDispatcherTest, ShellHooksInConfigOrderThenWebhooks) {
  TempDir dir;
  FakeHttpClient http;
  config::HookConfig config;
  config.webhooks.push_back(Webhook(HookEvent::kPipelineStart));
  config.shell.push_back(Shell(HookEvent::kPipelineStart, "echo one >> order.txt"));
  config.shell.push_back(Shell(HookEvent::kPipelineComplete, "echo other >> order.txt"));
  config.shell.push_back(Shell(HookEvent::kPipelineStart, "echo two >> order.txt"));
  HookDispatcher dispatcher(config, dir.path(), http);
  HookReport report = dispatcher.Dispatch(Event("pipeline_start"));
  EXPECT_EQ(dir.Read("order.txt"), "one\ntwo\n");
  ASSERT_EQ(report.invocations.size(), 3u);
  EXPECT_EQ(report.invocations[0].kind, HookInvocation::Kind::kShell);
  EXPECT_EQ(report.invocations[0].target, "echo one >> order.txt");
  EXPECT_EQ(report.invocations[1].target, "echo two >> order.txt");
  EXPECT_EQ(report.invocations[2].kind, HookInvocation::Kind::kWebhook);
  EXPECT_EQ(report.invocations[2].target, "POST http://127.0.0.1:9/hook");
  EXPECT_EQ(report.invocations[2].http_status, 200);
  EXPECT_EQ(http.requests().size(), 1u);
}

TEST(HookDispatcherTest, IgnoreSaysNothing) {
  FakeHttpClient http;
  config::HookConfig config;
  config.shell.push_back(Shell(HookEvent::kPipelineStart, "exit 4", HookFailure::kIgnore));
  HookDispatcher dispatcher(config, "", http);
  StderrCapture capture;
  HookReport report = dispatcher.Dispatch(Event());
  std::string logs = capture.Finish();
  EXPECT_FALSE(report.outcome.abort);
  ASSERT_EQ(report.invocations.size(), 1u);
  EXPECT_FALSE(report.invocations[0].ok);
  EXPECT_EQ(logs.find("warning"), std::string::npos) << logs;
}

TEST(HookDispatcherTest, WarnLogsAndContinues) {
  FakeHttpClient http;
  config::HookConfig config;
  config.shell.push_back(Shell(HookEvent::kPipelineStart, "exit 4", HookFailure::kWarn));
  HookDispatcher dispatcher(config, "", http);
  StderrCapture capture;
  EventOutcome outcome = dispatcher.Fire(Event());
  std::string logs = capture.Finish();
  EXPECT_FALSE(outcome.abort);
  EXPECT_NE(logs.find("warning: hook for event 'on_pipeline_start' failed: command 'exit 4' "
                      "exited with status 4"),
            std::string::npos)
      << logs;
}

TEST(HookDispatcherTest, AbortStopsTheRunWithTheSpecMessage) {
  TempDir dir;
  FakeHttpClient http;
  config::HookConfig config;
  config.shell.push_back(Shell(HookEvent::kBeforeMaterialize, "exit 2", HookFailure::kAbort));
  config.shell.push_back(Shell(HookEvent::kBeforeMaterialize, "touch ran.txt"));
  config.webhooks.push_back(Webhook(HookEvent::kBeforeMaterialize));
  HookDispatcher dispatcher(config, dir.path(), http);
  HookReport report = dispatcher.Dispatch(Event("before_materialize"));
  EXPECT_TRUE(report.outcome.abort);
  EXPECT_EQ(report.outcome.message,
            "aborted by hook for event 'on_before_materialize': command 'exit 2' exited with "
            "status 2");
  // The event's other hooks still ran.
  EXPECT_TRUE(fs::exists(fs::path(dir.path()) / "ran.txt"));
  EXPECT_EQ(http.requests().size(), 1u);
}

TEST(HookDispatcherTest, FirstAbortWins) {
  FakeHttpClient http;
  http.Script({{500, ""}});
  config::HookConfig config;
  config.shell.push_back(Shell(HookEvent::kPipelineError, "exit 7", HookFailure::kAbort));
  config.webhooks.push_back(
      Webhook(HookEvent::kPipelineError, "http://127.0.0.1:9/hook", HookFailure::kAbort));
  HookDispatcher dispatcher(config, "", http);
  EventOutcome outcome = dispatcher.Fire(Event("pipeline_error"));
  EXPECT_TRUE(outcome.abort);
  EXPECT_EQ(outcome.message,
            "aborted by hook for event 'on_pipeline_error': command 'exit 7' exited with status 7");
}

TEST(HookDispatcherTest, EventsFromManyThreadsAreDispatchedOneAtATime) {
  FakeHttpClient http;
  http.SetDelay(2ms);
  config::HookConfig config;
  config.webhooks.push_back(Webhook(HookEvent::kAfterMaterialize));
  config.webhooks.push_back(Webhook(HookEvent::kAfterMaterialize));
  HookDispatcher dispatcher(config, "", http);
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&, w] {
      for (int i = 0; i < 5; ++i) {
        RunEvent e = Event("after_materialize");
        e.table = "t" + std::to_string(w) + "_" + std::to_string(i);
        dispatcher.Fire(e);
      }
    });
  for (auto& t : workers) t.join();
  auto requests = http.requests();
  ASSERT_EQ(requests.size(), 40u);
  EXPECT_EQ(http.max_in_flight(), 1);
  // Both webhooks of one event are sent back to back.
  for (size_t i = 0; i < requests.size(); i += 2) EXPECT_EQ(requests[i].body, requests[i + 1].body);
}

TEST(WebhookTest, RequestHeadersAndDefaultBody) {
  FakeHttpClient http;
  config::HookConfig config;
  auto hook = Webhook(HookEvent::kPipelineStart);
  hook.method = "put";
  hook.timeout_ms = 2500;
  hook.headers = {{"Authorization", Secret("Bearer tok")}, {"X-Team", Secret("data")}};
  config.webhooks.push_back(hook);
  HookDispatcher dispatcher(config, "", http);
  RunEvent e = Event();
  dispatcher.Fire(e);
  auto requests = http.requests();
  ASSERT_EQ(requests.size(), 1u);
  const HttpRequest& r = requests[0];
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.url, "http://127.0.0.1:9/hook");
  EXPECT_EQ(r.timeout, 2500ms);
  EXPECT_EQ(r.body, e.ToJson().Dump());
  HttpHeaders expected = {
      {"Content-Type", "application/json"}, {"Authorization", "Bearer tok"}, {"X-Team", "data"}};
  EXPECT_EQ(r.headers, expected);
}

TEST(WebhookTest, UserHeadersWinOverDefaults) {
  auto hook = Webhook(HookEvent::kPipelineStart);
  hook.preset = config::WebhookPreset::kSlack;
  hook.headers = {{"content-type", Secret("application/vnd.custom+json")}};
  HttpRequest r = BuildWebhookRequest(hook, Event());
  HttpHeaders expected = {{"Content-Type", "application/vnd.custom+json"}};
  EXPECT_EQ(r.headers, expected);
  EXPECT_EQ(r.body, R"j({"text": "Rocky on_pipeline_start: pipeline raw (run run-1)"})j");
}

TEST(WebhookTest, HmacSha256KnownVectors) {
  // RFC 4231 test cases 1 and 2.
  EXPECT_EQ(HmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookTest, SignatureHeaderSignsTheBody) {
  auto hook = Webhook(HookEvent::kPipelineStart);
  hook.secret = Secret("Jefe");
  hook.body_template = "what do ya want for nothing?";
  HttpRequest r = BuildWebhookRequest(hook, Event());
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[1].first, "X-Rocky-Signature");
  EXPECT_EQ(r.headers[1].second,
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  hook.secret = Secret();
  EXPECT_EQ(BuildWebhookRequest(hook, Event()).headers.size(), 1u);
}

TEST(WebhookTest, RetryDelayDoublesAndCaps) {
  EXPECT_EQ(WebhookRetryDelay(1000, 1), 1000ms);
  EXPECT_EQ(WebhookRetryDelay(1000, 2), 2000ms);
  EXPECT_EQ(WebhookRetryDelay(1000, 3), 4000ms);
  EXPECT_EQ(WebhookRetryDelay(1000, 5), 16000ms);
  EXPECT_EQ(WebhookRetryDelay(1000, 6), 30000ms);
  EXPECT_EQ(WebhookRetryDelay(1000, 60), 30000ms);
  EXPECT_EQ(WebhookRetryDelay(0, 3), 0ms);
  EXPECT_EQ(WebhookRetryDelay(40000, 1), 30000ms);
}

TEST(WebhookTest, RetriesAfterServerErrorsThenSucceeds) {
  FakeHttpClient http;
  http.Script({{500, ""}, {503, ""}, {0, "connection refused"}, {204, ""}});
  config::HookConfig config;
  auto hook = Webhook(HookEvent::kPipelineComplete, "http://127.0.0.1:9/hook", HookFailure::kAbort);
  hook.retry_count = 3;
  hook.retry_delay_ms = 100;
  config.webhooks.push_back(hook);
  std::vector<std::chrono::milliseconds> waits;
  HookDispatcher dispatcher(config, "", http,
                            {.sleep = [&](std::chrono::milliseconds d) { waits.push_back(d); }});
  HookReport report = dispatcher.Dispatch(Event("pipeline_complete"));
  EXPECT_FALSE(report.outcome.abort) << report.outcome.message;
  ASSERT_EQ(report.invocations.size(), 1u);
  EXPECT_TRUE(report.invocations[0].ok);
  EXPECT_EQ(report.invocations[0].attempts, 4);
  EXPECT_EQ(report.invocations[0].http_status, 204);
  EXPECT_EQ(waits, (std::vector<std::chrono::milliseconds>{100ms, 200ms, 400ms}));
  EXPECT_EQ(http.requests().size(), 4u);
}

TEST(WebhookTest, ExhaustedRetriesFail) {
  FakeHttpClient http;
  http.Script({{500, ""}, {502, ""}, {500, ""}});
  config::HookConfig config;
  auto hook = Webhook(HookEvent::kPipelineComplete, "http://127.0.0.1:9/hook", HookFailure::kAbort);
  hook.retry_count = 2;
  config.webhooks.push_back(hook);
  HookDispatcher dispatcher(config, "", http, {.sleep = [](std::chrono::milliseconds) {}});
  HookReport report = dispatcher.Dispatch(Event("pipeline_complete"));
  EXPECT_TRUE(report.outcome.abort);
  EXPECT_EQ(report.outcome.message,
            "aborted by hook for event 'on_pipeline_complete': POST http://127.0.0.1:9/hook "
            "returned HTTP 500 (after 3 attempts)");
  EXPECT_EQ(report.invocations[0].attempts, 3);
}

TEST(WebhookTest, ClientErrorOrTimeoutIsAFailure) {
  FakeHttpClient http;
  http.Script({{0, "timed out after 50 ms"}});
  config::HookConfig config;
  config.webhooks.push_back(
      Webhook(HookEvent::kPipelineStart, "http://127.0.0.1:9/hook", HookFailure::kAbort));
  HookDispatcher dispatcher(config, "", http);
  EventOutcome outcome = dispatcher.Fire(Event());
  EXPECT_TRUE(outcome.abort);
  EXPECT_EQ(outcome.message,
            "aborted by hook for event 'on_pipeline_start': POST http://127.0.0.1:9/hook failed: "
            "timed out after 50 ms");
}

TEST(WebhookTest, AsyncNeverAbortsAndIsSentInTheBackground) {
  FakeHttpClient http;
  http.SetDelay(100ms);
  http.Script({{500, ""}});
  config::HookConfig config;
  auto hook = Webhook(HookEvent::kPipelineError, "http://127.0.0.1:9/hook", HookFailure::kAbort);
  hook.async = true;
  config.webhooks.push_back(hook);
  HookDispatcher dispatcher(config, "", http);
  auto start = std::chrono::steady_clock::now();
  HookReport report = dispatcher.Dispatch(Event("pipeline_error"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 80ms);  // did not wait for the send
  EXPECT_FALSE(report.outcome.abort);
  ASSERT_EQ(report.invocations.size(), 1u);
  EXPECT_TRUE(report.invocations[0].async);
  StderrCapture capture;
  dispatcher.WaitForAsync();
  std::string logs = capture.Finish();
  EXPECT_EQ(http.requests().size(), 1u);
  EXPECT_NE(logs.find("warning: async hook for event 'on_pipeline_error' failed: POST "
                      "http://127.0.0.1:9/hook returned HTTP 500"),
            std::string::npos)
      << logs;
}

TEST(WebhookTest, DestructorWaitsForAsyncSends) {
  FakeHttpClient http;
  http.SetDelay(50ms);
  config::HookConfig config;
  auto hook = Webhook(HookEvent::kAfterModelRun);
  hook.async = true;
  config.webhooks.push_back(hook);
  {
    HookDispatcher dispatcher(config, "", http);
    for (int i = 0; i < 3; ++i) {
      RunEvent e = Event("after_model_run");
      e.model = "m" + std::to_string(i);
      dispatcher.Fire(e);
    }
  }
  auto requests = http.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (int i = 0; i < 3; ++i)  // in event order, each with the body of its own event
    EXPECT_NE(requests[i].body.find("\"model\":\"m" + std::to_string(i) + "\""), std::string::npos);
}

TEST(WebhookTest, SecretsNeverReachLogsOrMessages) {
  FakeHttpClient http;
  http.Script({{500, ""}, {500, ""}, {401, ""}, {401, ""}});
  config::HookConfig config;
  auto hook = Webhook(HookEvent::kPipelineError, "https://user:url-password@hooks.example/x",
                      HookFailure::kWarn);
  hook.preset = config::WebhookPreset::kPagerDuty;
  hook.routing_key = Secret("ROUTING-SECRET");
  hook.secret = Secret("SIGNING-SECRET");
  hook.headers = {{"Authorization", Secret("Bearer HEADER-SECRET")}};
  hook.retry_count = 1;
  config.webhooks.push_back(hook);
  auto aborting = hook;
  aborting.on_failure = HookFailure::kAbort;
  config.webhooks.push_back(aborting);
  HookDispatcher dispatcher(config, "", http, {.sleep = [](std::chrono::milliseconds) {}});
  StderrCapture capture;
  HookReport report = dispatcher.Dispatch(Event("pipeline_error"));
  std::string logs = capture.Finish();
  ASSERT_TRUE(report.outcome.abort);
  // The secrets did go out in the requests...
  auto requests = http.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_NE(requests[0].body.find("ROUTING-SECRET"), std::string::npos);
  // ...and nowhere else.
  std::string shown = logs + report.outcome.message;
  for (const auto& inv : report.invocations) shown += inv.target + inv.error;
  for (const char* secret : {"ROUTING-SECRET", "SIGNING-SECRET", "HEADER-SECRET", "url-password"})
    EXPECT_EQ(shown.find(secret), std::string::npos) << secret << " leaked: " << shown;
  EXPECT_NE(shown.find("https://user:***@hooks.example/x returned HTTP 500"), std::string::npos)
      << shown;
}

}  // namespace
}  // namespace rocky::runtime
