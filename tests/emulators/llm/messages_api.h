#pragma once
// The shapes of the Anthropic Messages API (POST /v1/messages) as the LLM emulator answers them:
// request validation, the message a reply becomes, and the error body of each status,
// `{"type": "error", "error": {"type", "message"}, "request_id"}`.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace rocky::emulator::llm::messages_api {

/// The problem with a request body, naming the field ("max_tokens: must be a positive
/// integer"); nullopt when the body is a valid request.
std::optional<std::string> Validate(const nlohmann::json& body);

/// The conversation of a valid request, text only: `{"system": "…", "messages": [{"role",
/// "text"}]}` (content blocks joined by newlines).
nlohmann::json Prompt(const nlohmann::json& body);

/// The message answering with `text`.
nlohmann::json Reply(std::string_view id, std::string_view model, std::string_view text,
                     int input_tokens, int output_tokens);

/// The error type of an HTTP status: 400 invalid_request_error, 401 authentication_error,
/// 403 permission_error, 404 not_found_error, 413 request_too_large, 429 rate_limit_error,
/// 529 overloaded_error, other 5xx api_error.
std::string ErrorType(int status);

/// The error body; an empty `message` gets a default one for the status.
nlohmann::json ErrorBody(int status, std::string_view message, std::string_view request_id);

}  // namespace rocky::emulator::llm::messages_api
