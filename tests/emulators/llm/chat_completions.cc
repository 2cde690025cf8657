#include "emulators/llm/chat_completions.h"

#include <fmt/format.h>

#include "emulators/llm/content_text.h"

namespace rocky::emulator::llm::chat_completions {

namespace {

// Message content: a string, or an array of text parts.
bool IsText(const nlohmann::json& content) {
  if (content.is_string()) return true;
  if (!content.is_array()) return false;
  for (const auto& part : content)
    if (!part.is_object() || !part.contains("type") || part["type"] != "text" ||
        !part.contains("text") || !part["text"].is_string())
      return false;
  return true;
}

std::optional<std::string> CheckLimit(const nlohmann::json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return std::nullopt;
  if (!body[key].is_number_integer() || body[key].get<int64_t>() < 1)
    return fmt::format("{}: must be a positive integer", key);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> Validate(const nlohmann::json& body) {
  if (!body.is_object()) return "the request body must be a JSON object";
  if (!body.contains("model")) return "model: you must provide a model parameter";
  if (!body["model"].is_string() || body["model"].get<std::string>().empty())
    return "model: must be a non-empty string";
  if (!body.contains("messages")) return "messages: Missing required parameter";
  const auto& messages = body["messages"];
  if (!messages.is_array()) return "messages: must be an array";
  if (messages.empty()) return "messages: must contain at least one message";
  for (size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    if (!m.is_object()) return fmt::format("messages[{}]: must be an object", i);
    const std::string role =
        m.contains("role") && m["role"].is_string() ? m["role"].get<std::string>() : "";
    if (role != "system" && role != "user" && role != "assistant")
      return fmt::format("messages[{}].role: must be 'system', 'user' or 'assistant'", i);
    if (!m.contains("content"))
      return fmt::format("messages[{}].content: Missing required parameter", i);
    if (!IsText(m["content"]))
      return fmt::format("messages[{}].content: must be a string or an array of text parts", i);
  }
  if (body.contains("stream") && body["stream"] == true) return "stream: streaming is not emulated";
  if (auto problem = CheckLimit(body, "max_tokens")) return problem;
  if (auto problem = CheckLimit(body, "max_completion_tokens")) return problem;
  return std::nullopt;
}

nlohmann::json Prompt(const nlohmann::json& body) {
  std::string system;
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& m : body["messages"]) {
    std::string text = ContentText(m["content"]);
    if (m["role"] == "system") system += (system.empty() ? "" : "\n") + text;
    messages.push_back({{"role", m["role"]}, {"text", std::move(text)}});
  }
  return {{"system", system}, {"messages", messages}};
}

nlohmann::json Reply(std::string_view id, int64_t created, std::string_view model,
                     std::string_view text, int prompt_tokens, int completion_tokens) {
  nlohmann::json choice = {{"index", 0},
                           {"message", {{"role", "assistant"}, {"content", text}}},
                           {"finish_reason", "stop"}};
  return {{"id", id},
          {"object", "chat.completion"},
          {"created", created},
          {"model", model},
          {"choices", nlohmann::json::array({choice})},
          {"usage",
           {{"prompt_tokens", prompt_tokens},
            {"completion_tokens", completion_tokens},
            {"total_tokens", prompt_tokens + completion_tokens}}}};
}

nlohmann::json ErrorBody(int status, std::string_view message, std::string_view param) {
  std::string type = status >= 500 ? "server_error" : "invalid_request_error";
  nlohmann::json code = nullptr;
  std::string text(message);
  if (status == 401) {
    code = "invalid_api_key";
    if (text.empty()) text = "Incorrect API key provided.";
  } else if (status == 429) {
    type = "requests";
    code = "rate_limit_exceeded";
    if (text.empty()) text = "Rate limit reached for requests (emulated).";
  } else if (text.empty()) {
    text = status >= 500 ? "The server had an error while processing your request."
                         : fmt::format("emulated HTTP {}", status);
  }
  return {{"error",
           {{"message", text},
            {"type", type},
            {"param", param.empty() ? nlohmann::json(nullptr) : nlohmann::json(param)},
            {"code", code}}}};
}

}  // namespace rocky::emulator::llm::chat_completions
