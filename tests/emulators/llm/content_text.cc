#include "emulators/llm/content_text.h"

namespace rocky::emulator::llm {

std::string ContentText(const nlohmann::json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  for (const auto& block : content) {
    if (!out.empty()) out += '\n';
    out += block["text"].get<std::string>();
  }
  return out;
}

}  // namespace rocky::emulator::llm
