#pragma once
// The shapes of an OpenAI-compatible chat-completions endpoint (POST /v1/chat/completions, as
// Ollama, vLLM and llama.cpp serve it) as the LLM emulator answers them: request validation, the
// completion a reply becomes, and the error body `{"error": {"message", "type", "param",
// "code"}}` of each status.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace rocky::emulator::llm::chat_completions {

/// The problem with a request body, naming the field; nullopt when the body is valid.
std::optional<std::string> Validate(const nlohmann::json& body);

/// The conversation of a valid request, text only: `{"system": "…", "messages": [{"role",
/// "text"}]}`; system messages are joined into `system` and also kept in `messages`.
nlohmann::json Prompt(const nlohmann::json& body);

/// The completion answering with `text`, created at `created` (Unix seconds).
nlohmann::json Reply(std::string_view id, int64_t created, std::string_view model,
                     std::string_view text, int prompt_tokens, int completion_tokens);

/// The error body; an empty `message` gets a default one. Types and codes: 400
/// invalid_request_error (code null, `param` the field when given), 401 invalid_request_error /
/// invalid_api_key, 429 requests / rate_limit_exceeded, 5xx server_error.
nlohmann::json ErrorBody(int status, std::string_view message, std::string_view param = {});

}  // namespace rocky::emulator::llm::chat_completions
