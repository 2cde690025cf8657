// The LLM emulator over real HTTP (Rocky's HTTP client): both APIs' answers and checks, the
// shared reply script, scripted and queued faults, the request log, and the program.

#include "emulators/llm/llm_emulator.h"

#include <gtest/gtest.h>

#include "base/strings.h"
#include "emulators/common/emulator_process.h"
#include "emulators/common/emulator_test_support.h"

namespace rocky::emulator::llm {
namespace {

using Json = nlohmann::json;
using test_support::Reply;

// A client of both APIs: `x-api-key` and `anthropic-version` for the Messages API, a bearer
// token for chat completions; an empty value leaves its header out.
class Client : public test_support::JsonClient {
 public:
  explicit Client(std::string base_url, std::string api_key = "sk-ant-test",
                  std::string version = "2023-06-01", std::string bearer = "")
      : JsonClient(std::move(base_url)),
        api_key_(std::move(api_key)),
        version_(std::move(version)),
        bearer_(std::move(bearer)) {}

  Reply Message(const Json& body) { return Call("POST", "/v1/messages", body); }
  Reply Chat(const Json& body) { return Call("POST", "/v1/chat/completions", body); }

  /// Sends a one-message request of either API: `{"model", "max_tokens", "messages"}`.
  Reply Ask(bool openai, std::string_view text) {
    Json body = {{"model", "m"},
                 {"max_tokens", 100},
                 {"messages", Json::array({{{"role", "user"}, {"content", text}}})}};
    return openai ? Chat(body) : Message(body);
  }

 private:
  void Prepare(HttpRequest& request) const override {
    if (!api_key_.empty()) SetHttpHeader(request.headers, "x-api-key", api_key_);
    if (!version_.empty()) SetHttpHeader(request.headers, "anthropic-version", version_);
    if (!bearer_.empty()) SetHttpHeader(request.headers, "Authorization", "Bearer " + bearer_);
  }

  std::string api_key_, version_, bearer_;
};

// The control endpoints need no credentials.
Client Control(const std::string& url) { return Client(url, "", ""); }

std::unique_ptr<LlmEmulator> Start(Options options = {}) {
  return test_support::Started(LlmEmulator::Start(std::move(options)));
}

Json MessagesBody() {
  return Json::parse(R"({
    "model": "claude-sonnet-4-5", "max_tokens": 1024,
    "system": "You write Rocky models. Output only code.",
    "messages": [{"role": "user", "content": "customers with more than 3 orders"}]})");
}

TEST(LlmEmulatorTest, MessagesApiAnswersWithTheScriptedText) {
  auto emulator = Start();
  ASSERT_TRUE(emulator);
  emulator->Script({ScriptedReply::Text("from orders\nwhere amount > 3")});
  Client client(emulator->url());
  Reply reply = client.Message(MessagesBody());
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_TRUE(StartsWith(reply.body["id"].get<std::string>(), "msg_"));
  EXPECT_EQ(reply.body["type"], "message");
  EXPECT_EQ(reply.body["role"], "assistant");
  EXPECT_EQ(reply.body["model"], "claude-sonnet-4-5");
  EXPECT_EQ(reply.body["content"],
            Json::parse(R"([{"type": "text", "text": "from orders\nwhere amount > 3"}])"));
  EXPECT_EQ(reply.body["stop_reason"], "end_turn");
  EXPECT_TRUE(reply.body["stop_sequence"].is_null());
  // 41 characters of system prompt and 33 of message: 74 / 4, rounded up; 28 / 4 out.
  EXPECT_EQ(reply.body["usage"], Json::parse(R"({"input_tokens": 19, "output_tokens": 7})"));
  EXPECT_TRUE(StartsWith(reply.Header("request-id"), "req_"));
}

TEST(LlmEmulatorTest, MessagesApiTakesContentBlocks) {
  auto emulator = Start({.api_key = "sk-ant-right"});
  ASSERT_TRUE(emulator);
  emulator->Script({ScriptedReply::Text("ok")});
  Json body = Json::parse(R"({
    "model": "m", "max_tokens": 5,
    "system": [{"type": "text", "text": "be brief"}],
    "messages": [{"role": "user", "content": [{"type": "text", "text": "a"},
                                              {"type": "text", "text": "b"}]},
                 {"role": "assistant", "content": "c"},
                 {"role": "user", "content": "d"}]})");
  Reply reply = Client(emulator->url(), "sk-ant-right").Message(body);
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(emulator->Prompts()[0], Json::parse(R"({"api": "anthropic", "model": "m",
    "system": "be brief", "messages": [{"role": "user", "text": "a\nb"},
    {"role": "assistant", "text": "c"}, {"role": "user", "text": "d"}]})"));
}

TEST(LlmEmulatorTest, MessagesApiChecksTheKeyAndTheVersion) {
  auto emulator = Start({.api_key = "sk-ant-right"});
  ASSERT_TRUE(emulator);
  emulator->Script({ScriptedReply::Text("never served")});
  for (const std::string key : {"", "sk-ant-wrong"}) {
    Reply reply = Client(emulator->url(), key).Message(MessagesBody());
    EXPECT_EQ(reply.status, 401) << key;
    EXPECT_EQ(reply.body["type"], "error");
    EXPECT_EQ(reply.body["error"]["type"], "authentication_error");
    EXPECT_FALSE(reply.body["error"]["message"].get<std::string>().empty());
    EXPECT_TRUE(StartsWith(reply.body["request_id"].get<std::string>(), "req_"));
  }
  Reply no_version = Client(emulator->url(), "sk-ant-right", "").Message(MessagesBody());
  EXPECT_EQ(no_version.status, 400);
  EXPECT_EQ(no_version.body["error"]["type"], "invalid_request_error");
  EXPECT_NE(no_version.body["error"]["message"].get<std::string>().find("anthropic-version"),
            std::string::npos);
  EXPECT_EQ(emulator->ScriptState()["served"], 0);

  // Without a configured key, any non-empty one is accepted.
  auto open = Start();
  ASSERT_TRUE(open);
  open->Script({ScriptedReply::Text("ok")});
  EXPECT_EQ(Client(open->url(), "anything").Message(MessagesBody()).status, 200);
  EXPECT_EQ(Client(open->url(), "").Message(MessagesBody()).status, 401);
}

TEST(LlmEmulatorTest, MessagesApiNamesTheInvalidField) {
  auto emulator = Start();
  ASSERT_TRUE(emulator);
  emulator->Script({ScriptedReply::Text("never served")});
  Client client(emulator->url());
  struct Case {
    const char* patch;  // merged into a valid body (null removes a key)
    const char* field;  // the message starts with it
  };
  const Case cases[] = {
      {R"({"model": null})", "model:"},
      {R"({"model": 7})", "model:"},
      {R"({"max_tokens": null})", "max_tokens:"},
      {R"({"max_tokens": 0})", "max_tokens:"},
      {R"({"max_tokens": "100"})", "max_tokens:"},
      {R"({"messages": null})", "messages:"},
      {R"({"messages": []})", "messages:"},
      {R"({"messages": [{"role": "assistant", "content": "hi"}]})", "messages.0.role:"},
      {R"({"messages": [{"role": "system", "content": "hi"}]})", "messages.0.role:"},
      {R"({"messages": [{"role": "user"}]})", "messages.0.content:"},
      {R"({"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": 3}]})",
       "messages.1.content:"},
      {R"({"messages": [{"role": "user", "content": [{"type": "image"}]}]})",
       "messages.0.content.0.type:"},
      {R"({"system": 5})", "system:"},
      {R"({"stream": true})", "stream:"},
  };
  for (const Case& c : cases) {
    Json body = MessagesBody();
    body.merge_patch(Json::parse(c.patch));
    Reply reply = client.Message(body);
    EXPECT_EQ(reply.status, 400) << c.patch;
    EXPECT_EQ(reply.body["error"]["type"], "invalid_request_error") << c.patch;
    EXPECT_TRUE(StartsWith(reply.body["error"]["message"].get<std::string>(), c.field))
        << c.patch << " → " << reply.body.dump();
  }
  auto raw = client.Raw("POST", "/v1/messages", "{not json");
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 400);
  EXPECT_EQ(Json::parse(raw->body)["error"]["type"], "invalid_request_error");
  EXPECT_EQ(emulator->ScriptState()["served"], 0);
}

TEST(LlmEmulatorTest, ChatCompletionsAnswerWithTheScriptedText) {
  auto emulator = Start();
  ASSERT_TRUE(emulator);
  emulator->Script({ScriptedReply::Text("select 1")});
  Client client(emulator->openai_base_url(), "", "");  // no key needed by default
  Json body = Json::parse(R"({"model": "qwen2.5-coder:7b", "max_completion_tokens": 512,
    "messages": [{"role": "system", "content": "Output only code."},
                 {"role": "user", "content": "one row"}]})");
  const int64_t before = NowMs() / 1000;
  Reply reply = client.Call("POST", "/chat/completions", body);
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_TRUE(StartsWith(reply.body["id"].get<std::string>(), "chatcmpl-"));
  EXPECT_EQ(reply.body["object"], "chat.completion");
  EXPECT_GE(reply.body["created"].get<int64_t>(), before);
  EXPECT_EQ(reply.body["model"], "qwen2.5-coder:7b");
  EXPECT_EQ(reply.body["choices"], Json::parse(R"([{"index": 0, "finish_reason": "stop",
    "message": {"role": "assistant", "content": "select 1"}}])"));
  // 17 + 7 characters in, 8 out.
  EXPECT_EQ(reply.body["usage"],
            Json::parse(R"({"prompt_tokens": 6, "completion_tokens": 2, "total_tokens": 8})"));
  EXPECT_EQ(emulator->Prompts()[0]["system"], "Output only code.");
}

TEST(LlmEmulatorTest, ChatCompletionsCheckTheBearerKeyOnlyWhenConfigured) {
  auto emulator = Start({.openai_key = "local-key"});
  ASSERT_TRUE(emulator);
  emulator->Script({ScriptedReply::Text("ok")});
  for (const std::string bearer : {"", "other-key"}) {
    Reply reply = Client(emulator->url(), "", "", bearer).Ask(/*openai=*/true, "hi");
    EXPECT_EQ(reply.status, 401) << bearer;
    EXPECT_EQ(reply.body["error"]["code"], "invalid_api_key");
    EXPECT_EQ(reply.body["error"]["type"], "invalid_request_error");
    EXPECT_TRUE(reply.body["error"]["message"].is_string());
  }
  EXPECT_EQ(emulator->ScriptState()["served"], 0);
  EXPECT_EQ(Client(emulator->url(), "", "", "local-key").Ask(true, "hi").status, 200);
}

TEST(LlmEmulatorTest, ChatCompletionsNameTheInvalidField) {
  auto emulator = Start();
  ASSERT_TRUE(emulator);
  Client client(emulator->url(), "", "");
  struct Case {
    const char* body;
    const char* param;
  };
  const Case cases[] = {
      {R"({"messages": [{"role": "user", "content": "x"}]})", "model"},
      {R"({"model": "m"})", "messages"},
      {R"({"model": "m", "messages": []})", "messages"},
      {R"({"model": "m", "messages": [{"role": "tool", "content": "x"}]})", "messages"},
      {R"({"model": "m", "messages": [{"role": "user", "content": 1}]})", "messages"},
      {R"({"model": "m", "messages": [{"role": "user", "content": "x"}], "max_tokens": 0})",
       "max_tokens"},
      {R"({"model": "m", "messages": [{"role": "user", "content": "x"}],
           "max_completion_tokens": "9"})",
       "max_completion_tokens"},
      {R"({"model": "m", "messages": [{"role": "user", "content": "x"}], "stream": true})",
       "stream"},
  };
  for (const Case& c : cases) {
    Reply reply = client.Chat(Json::parse(c.body));
    EXPECT_EQ(reply.status, 400) << c.body;
    EXPECT_EQ(reply.body["error"]["type"], "invalid_request_error") << c.body;
    EXPECT_EQ(reply.body["error"]["param"], c.param) << reply.body.dump();
    EXPECT_TRUE(reply.body["error"].contains("code"));
  }
}

TEST(LlmEmulatorTest, OneScriptServesBothApisInOrderAndRepeatsTheLast) {
  auto emulator = Start();
  ASSERT_TRUE(emulator);
  Client control = Control(emulator->url());
  Reply posted = control.Call("POST", "/_emulator/llm/script",
                              {{"replies", {"first", "second"}}, {"repeat_last", true}});
  ASSERT_EQ(posted.status, 200) << posted.body.dump();
  Client client(emulator->url());
  EXPECT_EQ(client.Ask(false, "q").body["content"][0]["text"], "first");
  EXPECT_EQ(client.Ask(true, "q").body["choices"][0]["message"]["content"], "second");
  EXPECT_EQ(client.Ask(false, "q").body["content"][0]["text"], "second");
  EXPECT_EQ(client.Ask(true, "q").body["choices"][0]["message"]["content"], "second");
  EXPECT_EQ(control.Call("GET", "/_emulator/llm/script").body,
            Json::parse(R"({"replies": ["second"], "repeat_last": true, "served": 4})"));

  // Cleared: "no scripted reply", in each API's shape.
  EXPECT_EQ(control.Call("DELETE", "/_emulator/llm/script").status, 200);
  Reply anthropic = client.Ask(false, "q");
  EXPECT_EQ(anthropic.status, 500);
  EXPECT_EQ(anthropic.body["error"]["type"], "api_error");
  EXPECT_EQ(anthropic.body["error"]["message"], "no scripted reply");
  Reply openai = client.Ask(true, "q");
  EXPECT_EQ(openai.status, 500);
  EXPECT_EQ(openai.body["error"]["type"], "server_error");
  EXPECT_EQ(openai.body["error"]["message"], "no scripted reply");
}

TEST(LlmEmulatorTest, WithoutRepeatLastTheScriptRunsOut) {
  auto emulator = Start();
  ASSERT_TRUE(emulator);
  emulator->Script({ScriptedReply::Text("only")});
  Client client(emulator->url());
  EXPECT_EQ(client.Ask(false, "q").body["content"][0]["text"], "only");
  EXPECT_EQ(client.Ask(false, "q").status, 500);
  // Appending again starts where the queue is; texts are served verbatim, fences and all.
  emulator->Script({ScriptedReply::Text("```sql\nselect 1\n```")});
  EXPECT_EQ(client.Ask(false, "q").body["content"][0]["text"], "```sql\nselect 1\n```");
  emulator->Script({ScriptedReply::Text("a")});
  emulator->Script({ScriptedReply::Text("b")});
  EXPECT_EQ(client.Ask(true, "q").body["choices"][0]["message"]["content"], "a");
  EXPECT_EQ(client.Ask(true, "q").body["choices"][0]["message"]["content"], "b");
}

TEST(LlmEmulatorTest, ScriptedStatusesAndMalformedBodies) {
  auto emulator = Start();
  ASSERT_TRUE(emulator);
  Client control = Control(emulator->url());
  Json script = Json::parse(R"({"replies": [{"status": 529}, {"malformed": true}, "good",
    {"status": 429, "retry_after": 0, "message": "slow down"}, {"malformed": true},
    {"status": 500}, {"text": "fine"}]})");
  ASSERT_EQ(control.Call("POST", "/_emulator/llm/script", script).status, 200);
  Client client(emulator->url());

  Reply overloaded = client.Ask(false, "q");
  EXPECT_EQ(overloaded.status, 529);
  EXPECT_EQ(overloaded.body["type"], "error");
  EXPECT_EQ(overloaded.body["error"]["type"], "overloaded_error");
  Reply malformed = client.Ask(false, "q");
  EXPECT_EQ(malformed.status, 200);
  EXPECT_EQ(malformed.Header("Content-Type"), "application/json");
  EXPECT_TRUE(malformed.body.is_discarded());
  EXPECT_EQ(client.Ask(false, "q").body["content"][0]["text"], "good");

  Reply limited = client.Ask(true, "q");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Header("retry-after"), "0");
  EXPECT_EQ(limited.body["error"]["code"], "rate_limit_exceeded");
  EXPECT_EQ(limited.body["error"]["message"], "slow down");
  Reply cut = client.Ask(true, "q");
  EXPECT_EQ(cut.status, 200);
  EXPECT_TRUE(cut.body.is_discarded());
  Reply failed = client.Ask(true, "q");
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.body["error"]["type"], "server_error");
  EXPECT_EQ(client.Ask(true, "q").body["choices"][0]["message"]["content"], "fine");

  // Replies that are not one of the forms are refused, and nothing is appended.
  for (const char* bad : {R"({"replies": "x"})", R"({"replies": [{"status": 200}]})",
                          R"({"replies": [{"malformed": false}]})", R"({"replies": [3]})",
                          R"({"replies": ["a"], "repeat_last": "yes"})"}) {
    Reply refused = control.Call("POST", "/_emulator/llm/script", Json::parse(bad));
    EXPECT_EQ(refused.status, 400) << bad;
    EXPECT_TRUE(refused.body["message"].is_string()) << bad;
  }
  EXPECT_EQ(emulator->ScriptState()["replies"], Json::array());
}

TEST(LlmEmulatorTest, QueuedFaultsAnswerInTheShapeOfTheApi) {
  auto emulator = Start({.retry_after_secs = 2});
  ASSERT_TRUE(emulator);
  emulator->Script({ScriptedReply::Text("after the faults")}, /*repeat_last=*/true);
  Client control = Control(emulator->url());
  Json faults = Json::parse(R"([
    {"match": "^POST /v1/messages$", "status": 429},
    {"match": "^POST /v1/messages$", "status": 529},
    {"match": "^POST /v1/messages$", "status": 429, "headers": {"Retry-After": "7"}},
    {"match": "^POST /v1/chat/completions$", "status": 429},
    {"match": "^POST /v1/chat/completions$", "status": 503}])");
  ASSERT_EQ(control.Call("POST", "/_emulator/faults", faults).status, 200);
  Client client(emulator->url());

  Reply limited = client.Ask(false, "q");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Header("retry-after"), "2");
  EXPECT_EQ(limited.body["error"]["type"], "rate_limit_error");
  EXPECT_TRUE(StartsWith(limited.body["request_id"].get<std::string>(), "req_"));
  Reply overloaded = client.Ask(false, "q");
  EXPECT_EQ(overloaded.status, 529);
  EXPECT_EQ(overloaded.body["error"]["type"], "overloaded_error");
  EXPECT_EQ(overloaded.body["error"]["message"], "Overloaded");
  EXPECT_EQ(overloaded.Header("retry-after"), "");
  Reply own_header = client.Ask(false, "q");
  EXPECT_EQ(own_header.status, 429);
  EXPECT_EQ(own_header.Header("retry-after"), "7");
  EXPECT_EQ(client.Ask(false, "q").body["content"][0]["text"], "after the faults");

  Reply openai_limited = client.Ask(true, "q");
  EXPECT_EQ(openai_limited.status, 429);
  EXPECT_EQ(openai_limited.Header("retry-after"), "2");
  EXPECT_EQ(openai_limited.body["error"]["code"], "rate_limit_exceeded");
  Reply unavailable = client.Ask(true, "q");
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(unavailable.body["error"]["type"], "server_error");
  EXPECT_EQ(client.Ask(true, "q").body["choices"][0]["message"]["content"], "after the faults");
  // A fault answers before the script is read: only the two good requests took a reply.
  EXPECT_EQ(emulator->ScriptState()["served"], 2);
}

TEST(LlmEmulatorTest, RequestLogHoldsEachFullBody) {
  auto emulator = Start();
  ASSERT_TRUE(emulator);
  emulator->Script({ScriptedReply::Text("from orders select unknown_col"),
                    ScriptedReply::Text("from orders select id")});
  Client client(emulator->url());
  Json first = MessagesBody();
  ASSERT_EQ(client.Message(first).status, 200);
  Json second = first;
  second["messages"].push_back(
      {{"role", "assistant"}, {"content", "from orders select unknown_col"}});
  second["messages"].push_back({{"role", "user"},
                                {"content",
                                 "the previous attempt had compilation errors: E002 unknown column "
                                 "`unknown_col`; fix them and regenerate"}});
  ASSERT_EQ(client.Message(second).status, 200);

  Client control = Control(emulator->url());
  Json log = control.Call("GET", "/_emulator/requests").body;
  ASSERT_EQ(log.size(), 2u) << log.dump();
  EXPECT_EQ(log[0]["method"], "POST");
  EXPECT_EQ(log[0]["target"], "/v1/messages");
  EXPECT_EQ(log[1]["status"], 200);
  EXPECT_EQ(Json::parse(log[0]["body"].get<std::string>()), first);
  EXPECT_EQ(Json::parse(log[1]["body"].get<std::string>()), second);
  EXPECT_NE(log[1]["body"].get<std::string>().find("E002 unknown column"), std::string::npos);
  EXPECT_EQ(log[1]["headers"]["x-api-key"], "sk-ant-test");

  Json prompts = control.Call("GET", "/_emulator/llm/prompts").body;
  ASSERT_EQ(prompts.size(), 2u);
  EXPECT_EQ(prompts[1]["messages"].size(), 3u);
  EXPECT_TRUE(StartsWith(prompts[1]["messages"][2]["text"].get<std::string>(),
                         "the previous attempt had compilation errors: E002"));
  EXPECT_EQ(control.Call("DELETE", "/_emulator/llm/prompts").status, 200);
  EXPECT_EQ(emulator->Prompts(), Json::array());
  // Control requests are not logged.
  EXPECT_EQ(emulator->requests().size(), 2u);
}

TEST(LlmEmulatorTest, RunsAsAProgram) {
  auto process = EmulatorProcess::Spawn(
      {LLM_EMULATOR_PATH, "--api-key", "sk-ant-k", "--openai-key", "o-k", "--retry-after", "0"});
  ASSERT_TRUE(process) << process.error().Text();
  const std::string url = (*process)->url();
  EXPECT_TRUE(StartsWith(url, "http://127.0.0.1:"));
  Client control = Control(url);
  ASSERT_EQ(control
                .Call("POST", "/_emulator/llm/script",
                      {{"replies", {Json{{"status", 429}}, "one", "two"}}})
                .status,
            200);
  Reply limited = Client(url, "sk-ant-k").Ask(false, "q");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Header("retry-after"), "0");
  EXPECT_EQ(Client(url, "wrong").Ask(false, "q").status, 401);
  EXPECT_EQ(Client(url, "sk-ant-k").Ask(false, "q").body["content"][0]["text"], "one");
  EXPECT_EQ(Client(url, "", "", "bad").Ask(true, "q").status, 401);
  EXPECT_EQ(Client(url, "", "", "o-k").Ask(true, "q").body["choices"][0]["message"]["content"],
            "two");
  EXPECT_EQ((*process)->Stop(), 0);
}

}  // namespace
}  // namespace rocky::emulator::llm
