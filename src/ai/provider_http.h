#pragma once
// The two HTTP providers and what they share: POST a JSON body with retries on transient
// answers, read a service's error body. Internal to the ai library.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "adapters/http/retry_policy.h"
#include "ai/llm_provider.h"
#include "base/error.h"
#include "base/http.h"

namespace rocky::ai {

struct ProviderCall {
  std::string provider;  // for messages: "Anthropic", "OpenAI-compatible endpoint"
  HttpClient* http = nullptr;
  const adapters::http::RetryPolicy* retry = nullptr;
  std::function<void(std::chrono::milliseconds)> sleep;
};

/// What an HTTP provider holds: its endpoint, model, key (never shown) and options.
class HttpProvider : public LlmProvider {
 public:
  HttpProvider(std::string endpoint, std::string model, std::string api_key,
               std::string key_variable, ProviderOptions options)
      : endpoint_(std::move(endpoint)),
        model_(std::move(model)),
        api_key_(std::move(api_key)),
        key_variable_(std::move(key_variable)),
        options_(std::move(options)) {}
  const std::string& endpoint() const override { return endpoint_; }

 protected:
  ProviderCall Call(std::string provider) const {
    return {std::move(provider), options_.http.get(), &options_.retry, options_.sleep};
  }

  std::string endpoint_;
  std::string model_;
  std::string api_key_;
  std::string key_variable_;
  ProviderOptions options_;
};

/// Sends `request` and returns the first answer that is not transient (it may still be an
/// error status). 429, 500, 502, 503, 504, 529 and retryable transport failures are retried
/// `retry.max_retries` times, waiting the policy's backoff or a longer Retry-After; after the
/// last one the error names the status and the service's message.
Result<HttpResponse> PostWithRetries(const ProviderCall& call, const HttpRequest& request);

/// `<type>: <message>` from an error body in either service's shape (`{"error": {"type",
/// "message"}}`, Anthropic's wrapped in `{"type": "error", …}`), else the body's start.
std::string ServiceErrorText(std::string_view body);

/// `HTTP <status> from <provider>: <ServiceErrorText>`, with a hint for 401/403 naming the
/// variable that holds the key.
Error ServiceError(const ProviderCall& call, const HttpResponse& response,
                   std::string_view key_variable);

/// The Anthropic Messages API (services.md §4): POST <base>/v1/messages with `x-api-key`,
/// `anthropic-version: 2023-06-01` and `{model, max_tokens, system, messages}`; the answer is the
/// text of its `content[]` text blocks.
std::unique_ptr<LlmProvider> NewAnthropicProvider(std::string base_url, std::string model,
                                                  std::string api_key, std::string key_variable,
                                                  ProviderOptions options);

/// An OpenAI-compatible chat-completions endpoint (Ollama, vLLM, llama.cpp's server, or OpenAI):
/// POST <base_url>/chat/completions with `{model, messages, max_tokens}` (the system prompt as
/// the first message) and, when there is a key, `Authorization: Bearer <key>`; the answer is
/// `choices[0].message.content`.
std::unique_ptr<LlmProvider> NewOpenAiProvider(std::string base_url, std::string model,
                                               std::string api_key, std::string key_variable,
                                               ProviderOptions options);

}  // namespace rocky::ai
