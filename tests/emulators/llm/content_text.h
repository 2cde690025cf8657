#pragma once
// The text of a message's content as both model APIs send it: a string, or an array of text
// blocks (`{"type": "text", "text": …}`).

#include <nlohmann/json.hpp>
#include <string>

namespace rocky::emulator::llm {

/// The string, or the blocks' texts joined by newlines. `content` must have been validated.
std::string ContentText(const nlohmann::json& content);

}  // namespace rocky::emulator::llm
