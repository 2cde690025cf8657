#include <nlohmann/json.hpp>

#include "ai/provider_http.h"
#include "base/log.h"

namespace rocky::ai {

namespace {

class OpenAiProvider : public HttpProvider {
 public:
  using HttpProvider::HttpProvider;

  std::string_view name() const override { return "openai"; }

  Result<std::string> Complete(const LlmRequest& request) override {
    nlohmann::json messages = nlohmann::json::array();
    if (!request.system.empty())
      messages.push_back({{"role", "system"}, {"content", request.system}});
    for (const LlmMessage& m : request.messages)
      messages.push_back({{"role", m.role == LlmMessage::Role::kUser ? "user" : "assistant"},
                          {"content", m.text}});
    const nlohmann::json body = {
        {"model", model_}, {"max_tokens", request.max_tokens}, {"messages", std::move(messages)}};
    HttpRequest http;
    http.method = "POST";
    http.url = endpoint_;
    http.headers = {{"content-type", "application/json"}};
    if (!api_key_.empty()) http.headers.push_back({"authorization", "Bearer " + api_key_});
    http.body = body.dump();
    http.timeout = options_.timeout;
    const ProviderCall call = Call("OpenAI-compatible endpoint " + endpoint_);
    auto response = PostWithRetries(call, http);
    if (!response) return Fail(std::move(response.error()));
    if (!response->ok()) {
      Error error = ServiceError(call, *response, key_variable_);
      if ((response->status == 401 || response->status == 403) && api_key_.empty())
        error.hint = fmt::format("the server wants a key: set {} (ai.api_key_env)", key_variable_);
      return Fail(std::move(error));
    }
    auto parsed = nlohmann::json::parse(response->body, nullptr, false);
    const nlohmann::json* content = nullptr;
    if (parsed.is_object() && parsed.contains("choices") && parsed["choices"].is_array() &&
        !parsed["choices"].empty()) {
      const auto& choice = parsed["choices"][0];
      if (choice.is_object() && choice.contains("message") && choice["message"].is_object() &&
          choice["message"].contains("content"))
        content = &choice["message"]["content"];
      if (choice.is_object() && choice.value("finish_reason", "") == "length")
        LogWarn("the answer stopped at ai.max_tokens ({}); raise it if the code is cut short",
                request.max_tokens);
    }
    if (!content || !content->is_string())
      return Fail(ErrorKind::kAdapter,
                  "the {} answered with a body that is not a chat completion (no "
                  "choices[0].message.content): {}",
                  call.provider, ServiceErrorText(response->body));
    return content->get<std::string>();
  }
};

}  // namespace

std::unique_ptr<LlmProvider> NewOpenAiProvider(std::string base_url, std::string model,
                                               std::string api_key, std::string key_variable,
                                               ProviderOptions options) {
  return std::make_unique<OpenAiProvider>(base_url + "/chat/completions", std::move(model),
                                          std::move(api_key), std::move(key_variable),
                                          std::move(options));
}

}  // namespace rocky::ai
