#pragma once
// The language-model providers behind the AI commands (services.md §4): one request of a system
// prompt and a conversation, one text answer. Two implementations: the Anthropic Messages API and
// an OpenAI-compatible chat-completions endpoint (Ollama, vLLM, llama.cpp servers a team runs
// itself, so no code leaves the company). Transient failures (429, 5xx, Anthropic's 529
// overloaded, a refused connection) are retried with the adapters' retry policy, honouring
// Retry-After. The API key is sent in a header and appears in no log, error or output.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/http/retry_policy.h"
#include "base/error.h"
#include "base/http.h"
#include "config/config.h"
#include "config/env_substitution.h"

namespace rocky::ai {

struct LlmMessage {
  enum class Role { kUser, kAssistant };
  Role role = Role::kUser;
  std::string text;
};

struct LlmRequest {
  std::string system;
  std::vector<LlmMessage> messages;  // starts with a user message, roles alternate
  int64_t max_tokens = 4096;
};

class LlmProvider {
 public:
  virtual ~LlmProvider() = default;
  /// The text of the answer (every text block, joined). Errors name the provider and the
  /// service's own error type and message.
  virtual Result<std::string> Complete(const LlmRequest& request) = 0;
  /// `anthropic` or `openai`, and the endpoint it calls (for reports; never the key).
  virtual std::string_view name() const = 0;
  virtual const std::string& endpoint() const = 0;
};

struct ProviderOptions {
  std::shared_ptr<HttpClient> http;  // null: the real client (libcurl)
  adapters::http::RetryPolicy retry;
  /// How to wait between retries (tests pass a recorder); null: sleep.
  std::function<void(std::chrono::milliseconds)> sleep;
  std::chrono::milliseconds timeout{std::chrono::seconds(120)};
};

/// The provider `config.provider` names, with its key and base URL from `config` and `env`:
/// - anthropic: the key from `api_key_env` (required: `ANTHROPIC_API_KEY is not set`), the base
///   URL from ANTHROPIC_BASE_URL, else `base_url`, else https://api.anthropic.com;
/// - openai: the base URL (ending in `/v1`) from `base_url`, else OPENAI_BASE_URL (required: the
///   error names both); the key from `api_key_env` when that variable is set (local servers need
///   none).
Result<std::unique_ptr<LlmProvider>> MakeLlmProvider(const config::AiConfig& config,
                                                     const config::EnvLookup& env,
                                                     ProviderOptions options = {});

}  // namespace rocky::ai
