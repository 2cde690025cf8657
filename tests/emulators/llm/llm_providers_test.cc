// Rocky's language-model providers (src/ai/llm_provider.h) against the LLM emulator over real
// HTTP: the request each API documents, the answer's text, retries of 429/529 with the adapters'
// retry policy, and the errors a user sees (never with the key in them).

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ai/llm_provider.h"
#include "emulators/llm/llm_emulator.h"

namespace rocky::ai {
namespace {

using emulator::llm::LlmEmulator;
using emulator::llm::ScriptedReply;

constexpr const char* kKey = "sk-ant-test-secret-123";

class LlmProvidersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = LlmEmulator::Start({.api_key = kKey, .openai_key = "", .retry_after_secs = 0});
    ASSERT_TRUE(started.has_value()) << started.error().Text();
    emulator_ = std::move(*started);
    env_ = {{"ANTHROPIC_API_KEY", kKey}, {"ANTHROPIC_BASE_URL", emulator_->url()}};
  }

  config::EnvLookup Env() {
    return [this](const std::string& name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
  }

  ProviderOptions Options() {
    ProviderOptions options;
    options.retry.max_retries = 3;
    options.retry.initial_backoff = std::chrono::milliseconds(1);
    options.retry.jitter = false;
    options.sleep = [this](std::chrono::milliseconds d) { waits_.push_back(d); };
    return options;
  }

  std::unique_ptr<LlmProvider> Make(config::AiConfig config) {
    auto provider = MakeLlmProvider(config, Env(), Options());
    EXPECT_TRUE(provider.has_value()) << provider.error().Text();
    return provider ? std::move(*provider) : nullptr;
  }

  static LlmRequest Ask(std::string question) {
    LlmRequest request;
    request.system = "You write SQL.";
    request.max_tokens = 256;
    request.messages.push_back({LlmMessage::Role::kUser, std::move(question)});
    return request;
  }

  std::unique_ptr<LlmEmulator> emulator_;
  std::map<std::string, std::string> env_;
  std::vector<std::chrono::milliseconds> waits_;
};

TEST_F(LlmProvidersTest, AnthropicSendsTheDocumentedRequestAndReadsTheText) {
  emulator_->Script({ScriptedReply::Text("SELECT 1 AS one")});
  config::AiConfig config;
  config.model = "claude-test";
  auto provider = Make(config);
  ASSERT_TRUE(provider);
  LlmRequest request = Ask("one row");
  request.messages.push_back({LlmMessage::Role::kAssistant, "SELECT"});
  request.messages.push_back({LlmMessage::Role::kUser, "again"});
  auto answer = provider->Complete(request);
  ASSERT_TRUE(answer.has_value()) << answer.error().Text();
  EXPECT_EQ(*answer, "SELECT 1 AS one");
  const auto prompts = emulator_->Prompts();
  ASSERT_EQ(prompts.size(), 1u);
  EXPECT_EQ(prompts[0]["api"], "anthropic");
  EXPECT_EQ(prompts[0]["model"], "claude-test");
  EXPECT_EQ(prompts[0]["system"], "You write SQL.");
  ASSERT_EQ(prompts[0]["messages"].size(), 3u);
  EXPECT_EQ(prompts[0]["messages"][1]["role"], "assistant");
  EXPECT_EQ(prompts[0]["messages"][2]["text"], "again");
}

TEST_F(LlmProvidersTest, AnthropicRetriesOverloadedAndRateLimited) {
  emulator_->Script(
      {ScriptedReply::Status(529), ScriptedReply::Status(429), ScriptedReply::Text("SELECT 2")});
  auto provider = Make({});
  ASSERT_TRUE(provider);
  auto answer = provider->Complete(Ask("two"));
  ASSERT_TRUE(answer.has_value()) << answer.error().Text();
  EXPECT_EQ(*answer, "SELECT 2");
  EXPECT_EQ(waits_.size(), 2u);
  EXPECT_EQ(emulator_->ScriptState()["served"], 3);
}

TEST_F(LlmProvidersTest, AnthropicGivesUpAfterTheRetriesWithTheServiceMessage) {
  emulator_->Script({ScriptedReply::Status(529)}, /*repeat_last=*/true);
  auto provider = Make({});
  ASSERT_TRUE(provider);
  auto answer = provider->Complete(Ask("x"));
  ASSERT_FALSE(answer.has_value());
  EXPECT_NE(answer.error().message.find("HTTP 529"), std::string::npos) << answer.error().message;
  EXPECT_NE(answer.error().message.find("overloaded_error"), std::string::npos);
  EXPECT_EQ(waits_.size(), 3u);  // max_retries
}

TEST_F(LlmProvidersTest, AnthropicMalformedAnswerIsAnError) {
  emulator_->Script({ScriptedReply::Malformed()});
  auto provider = Make({});
  ASSERT_TRUE(provider);
  auto answer = provider->Complete(Ask("x"));
  ASSERT_FALSE(answer.has_value());
  EXPECT_NE(answer.error().message.find("not a message"), std::string::npos)
      << answer.error().message;
}

TEST_F(LlmProvidersTest, AnthropicWrongKeyNamesTheVariableAndNeverTheKey) {
  env_["ANTHROPIC_API_KEY"] = "sk-wrong-key-456";
  emulator_->Script({ScriptedReply::Text("never")});
  auto provider = Make({});
  ASSERT_TRUE(provider);
  auto answer = provider->Complete(Ask("x"));
  ASSERT_FALSE(answer.has_value());
  EXPECT_NE(answer.error().message.find("HTTP 401"), std::string::npos);
  EXPECT_NE(answer.error().hint.find("ANTHROPIC_API_KEY"), std::string::npos);
  EXPECT_EQ(answer.error().Text().find("sk-wrong-key-456"), std::string::npos);
  EXPECT_EQ(answer.error().hint.find("sk-wrong-key-456"), std::string::npos);
  EXPECT_TRUE(waits_.empty());  // not transient
}

TEST_F(LlmProvidersTest, AnthropicWithoutAKeyNamesTheVariable) {
  env_.erase("ANTHROPIC_API_KEY");
  auto provider = MakeLlmProvider({}, Env(), Options());
  ASSERT_FALSE(provider.has_value());
  EXPECT_EQ(provider.error().message, "ANTHROPIC_API_KEY is not set");
  config::AiConfig custom;
  custom.api_key_env = "MY_CLAUDE_KEY";
  auto named = MakeLlmProvider(custom, Env(), Options());
  ASSERT_FALSE(named.has_value());
  EXPECT_EQ(named.error().message, "MY_CLAUDE_KEY is not set");
}

TEST_F(LlmProvidersTest, OpenAiCompatibleEndpoint) {
  emulator_->Script({ScriptedReply::Status(503), ScriptedReply::Text("SELECT 3")});
  config::AiConfig config;
  config.provider = "openai";
  config.api_key_env = "OPENAI_API_KEY";
  config.model = "llama3";
  config.base_url = emulator_->openai_base_url() + "/";  // a trailing slash is fine
  auto provider = Make(config);
  ASSERT_TRUE(provider);
  EXPECT_EQ(provider->endpoint(), emulator_->openai_base_url() + "/chat/completions");
  auto answer = provider->Complete(Ask("three"));
  ASSERT_TRUE(answer.has_value()) << answer.error().Text();
  EXPECT_EQ(*answer, "SELECT 3");
  const auto prompts = emulator_->Prompts();  // the 503'd request and its retry
  ASSERT_EQ(prompts.size(), 2u);
  EXPECT_EQ(prompts[1]["api"], "openai");
  EXPECT_EQ(prompts[1]["model"], "llama3");
  EXPECT_EQ(prompts[1]["system"], "You write SQL.");
  EXPECT_EQ(waits_.size(), 1u);
}

TEST_F(LlmProvidersTest, OpenAiWithoutABaseUrlSaysWhatToSet) {
  config::AiConfig config;
  config.provider = "openai";
  auto provider = MakeLlmProvider(config, Env(), Options());
  ASSERT_FALSE(provider.has_value());
  EXPECT_NE(provider.error().hint.find("ai.base_url"), std::string::npos);
  EXPECT_NE(provider.error().hint.find("OPENAI_BASE_URL"), std::string::npos);
  env_["OPENAI_BASE_URL"] = emulator_->openai_base_url();
  EXPECT_TRUE(MakeLlmProvider(config, Env(), Options()).has_value());
}

TEST_F(LlmProvidersTest, OpenAiServerThatWantsAKey) {
  auto keyed = LlmEmulator::Start({.openai_key = "local-key", .retry_after_secs = 0});
  ASSERT_TRUE(keyed.has_value());
  (*keyed)->Script({ScriptedReply::Text("SELECT 4")}, true);
  config::AiConfig config;
  config.provider = "openai";
  config.api_key_env = "OPENAI_API_KEY";
  config.base_url = (*keyed)->openai_base_url();
  auto anonymous = Make(config);
  ASSERT_TRUE(anonymous);
  auto refused = anonymous->Complete(Ask("x"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("HTTP 401"), std::string::npos);
  EXPECT_NE(refused.error().hint.find("set OPENAI_API_KEY"), std::string::npos);
  env_["OPENAI_API_KEY"] = "local-key";
  auto with_key = Make(config);
  ASSERT_TRUE(with_key);
  auto answer = with_key->Complete(Ask("x"));
  ASSERT_TRUE(answer.has_value()) << answer.error().Text();
  EXPECT_EQ(*answer, "SELECT 4");
}

}  // namespace
}  // namespace rocky::ai
