#include <nlohmann/json.hpp>

#include "ai/provider_http.h"
#include "base/log.h"

namespace rocky::ai {

namespace {

class AnthropicProvider : public HttpProvider {
 public:
  using HttpProvider::HttpProvider;

  std::string_view name() const override { return "anthropic"; }

  Result<std::string> Complete(const LlmRequest& request) override {
    nlohmann::json messages = nlohmann::json::array();
    for (const LlmMessage& m : request.messages)
      messages.push_back({{"role", m.role == LlmMessage::Role::kUser ? "user" : "assistant"},
                          {"content", m.text}});
    nlohmann::json body = {
        {"model", model_}, {"max_tokens", request.max_tokens}, {"messages", std::move(messages)}};
    if (!request.system.empty()) body["system"] = request.system;
    HttpRequest http;
    http.method = "POST";
    http.url = endpoint_;
    http.headers = {{"x-api-key", api_key_},
                    {"anthropic-version", "2023-06-01"},
                    {"content-type", "application/json"}};
    http.body = body.dump();
    http.timeout = options_.timeout;
    const ProviderCall call = Call("Anthropic API");
    auto response = PostWithRetries(call, http);
    if (!response) return Fail(std::move(response.error()));
    if (!response->ok()) return Fail(ServiceError(call, *response, key_variable_));
    auto parsed = nlohmann::json::parse(response->body, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("content") || !parsed["content"].is_array())
      return Fail(ErrorKind::kAdapter,
                  "the Anthropic API answered with a body that is not a "
                  "message (no content array): {}",
                  ServiceErrorText(response->body));
    std::string text;
    for (const auto& block : parsed["content"])
      if (block.is_object() && block.value("type", "") == "text" && block.contains("text") &&
          block["text"].is_string())
        text += block["text"].get<std::string>();
    if (parsed.value("stop_reason", "") == "max_tokens")
      LogWarn("the answer stopped at ai.max_tokens ({}); raise it if the code is cut short",
              request.max_tokens);
    return text;
  }
};

}  // namespace

std::unique_ptr<LlmProvider> NewAnthropicProvider(std::string base_url, std::string model,
                                                  std::string api_key, std::string key_variable,
                                                  ProviderOptions options) {
  return std::make_unique<AnthropicProvider>(base_url + "/v1/messages", std::move(model),
                                             std::move(api_key), std::move(key_variable),
                                             std::move(options));
}

}  // namespace rocky::ai
