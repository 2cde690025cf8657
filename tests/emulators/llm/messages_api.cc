#include "emulators/llm/messages_api.h"

#include <fmt/format.h>

#include "emulators/llm/content_text.h"

namespace rocky::emulator::llm::messages_api {

namespace {

// A system prompt or message content: a string, or an array of text blocks. Returns the
// problem, naming `field`, or nullopt.
std::optional<std::string> CheckText(const nlohmann::json& value, const std::string& field) {
  if (value.is_string()) return std::nullopt;
  if (!value.is_array())
    return fmt::format("{}: must be a string or an array of content blocks", field);
  for (size_t i = 0; i < value.size(); ++i) {
    const auto& block = value[i];
    if (!block.is_object() || !block.contains("type"))
      return fmt::format("{}.{}.type: Field required", field, i);
    if (block["type"] != "text")
      return fmt::format("{}.{}.type: only text blocks are emulated", field, i);
    if (!block.contains("text") || !block["text"].is_string())
      return fmt::format("{}.{}.text: Field required (a string)", field, i);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> Validate(const nlohmann::json& body) {
  if (!body.is_object()) return "the request body must be a JSON object";
  if (!body.contains("model")) return "model: Field required";
  if (!body["model"].is_string() || body["model"].get<std::string>().empty())
    return "model: must be a non-empty string";
  if (!body.contains("max_tokens")) return "max_tokens: Field required";
  if (!body["max_tokens"].is_number_integer() || body["max_tokens"].get<int64_t>() < 1)
    return "max_tokens: must be a positive integer";
  if (!body.contains("messages")) return "messages: Field required";
  const auto& messages = body["messages"];
  if (!messages.is_array()) return "messages: must be an array";
  if (messages.empty()) return "messages: at least one message is required";
  for (size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    if (!m.is_object()) return fmt::format("messages.{}: must be an object", i);
    if (!m.contains("role") || (m["role"] != "user" && m["role"] != "assistant"))
      return fmt::format("messages.{}.role: must be 'user' or 'assistant'", i);
    if (!m.contains("content")) return fmt::format("messages.{}.content: Field required", i);
    if (auto problem = CheckText(m["content"], fmt::format("messages.{}.content", i)))
      return problem;
  }
  if (messages[0]["role"] != "user")
    return "messages.0.role: the first message must use the user role";
  if (body.contains("stream") && body["stream"] == true) return "stream: streaming is not emulated";
  if (body.contains("system"))
    if (auto problem = CheckText(body["system"], "system")) return problem;
  return std::nullopt;
}

nlohmann::json Prompt(const nlohmann::json& body) {
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& m : body["messages"])
    messages.push_back({{"role", m["role"]}, {"text", ContentText(m["content"])}});
  return {{"system", body.contains("system") ? ContentText(body["system"]) : ""},
          {"messages", messages}};
}

nlohmann::json Reply(std::string_view id, std::string_view model, std::string_view text,
                     int input_tokens, int output_tokens) {
  return {{"id", id},
          {"type", "message"},
          {"role", "assistant"},
          {"model", model},
          {"content", nlohmann::json::array({{{"type", "text"}, {"text", text}}})},
          {"stop_reason", "end_turn"},
          {"stop_sequence", nullptr},
          {"usage", {{"input_tokens", input_tokens}, {"output_tokens", output_tokens}}}};
}

std::string ErrorType(int status) {
  switch (status) {
    case 400:
      return "invalid_request_error";
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    case 529:
      return "overloaded_error";
    default:
      return status >= 500 ? "api_error" : "invalid_request_error";
  }
}

nlohmann::json ErrorBody(int status, std::string_view message, std::string_view request_id) {
  std::string text(message);
  if (text.empty()) {
    if (status == 429)
      text = "rate limit exceeded (emulated)";
    else if (status == 529)
      text = "Overloaded";
    else if (status >= 500)
      text = "Internal server error";
    else
      text = fmt::format("emulated HTTP {}", status);
  }
  return {{"type", "error"},
          {"error", {{"type", ErrorType(status)}, {"message", text}}},
          {"request_id", request_id}};
}

}  // namespace rocky::emulator::llm::messages_api
