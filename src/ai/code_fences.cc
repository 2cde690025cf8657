#include "ai/code_fences.h"

#include "base/strings.h"

namespace rocky::ai {

std::string StripCodeFences(std::string_view reply) {
  size_t line_start = 0;
  while (line_start < reply.size()) {
    size_t line_end = reply.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = reply.size();
    std::string_view line = Trim(reply.substr(line_start, line_end - line_start));
    if (line.starts_with("```") || line.starts_with("~~~")) {
      const std::string_view fence = line.substr(0, 3);
      const size_t body_start = std::min(line_end + 1, reply.size());
      size_t close = body_start;
      size_t body_end = reply.size();
      while (close < reply.size()) {
        size_t end = reply.find('\n', close);
        if (end == std::string_view::npos) end = reply.size();
        if (Trim(reply.substr(close, end - close)).starts_with(fence)) {
          body_end = close;
          break;
        }
        close = end + 1;
      }
      return std::string(Trim(reply.substr(body_start, body_end - body_start)));
    }
    line_start = line_end + 1;
  }
  return std::string(Trim(reply));
}

}  // namespace rocky::ai
