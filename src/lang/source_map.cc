#include "lang/source_map.h"

#include <algorithm>

#include <fmt/format.h>

namespace rocky::lang {

SourceMap::SourceMap(std::string_view text, std::string file) : file_(std::move(file)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts_.push_back(i + 1);
}

Span SourceMap::Locate(SrcRange r) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), r.begin);
  size_t line = static_cast<size_t>(it - line_starts_.begin());
  int col = static_cast<int>(r.begin - line_starts_[line - 1]) + 1;
  return Span{file_, static_cast<int>(line), col,
              static_cast<int>(r.end > r.begin ? r.end - r.begin : 0)};
}

std::string Printable(std::string_view text, size_t max_chars) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < text.size();) {
    if (chars == max_chars) return out + "…";
    ++chars;
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    bool valid = n > 0 && i + n <= text.size();
    for (size_t k = 1; valid && k < n; ++k)
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (!valid || c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02X}", c);
      ++i;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

Diagnostic MakeError(const SourceMap& map, std::string_view code, SrcRange r, std::string message,
                     std::string suggestion) {
  Diagnostic d;
  d.severity = Severity::kError;
  d.code = std::string(code);
  d.message = std::move(message);
  d.span = map.Locate(r);
  if (!suggestion.empty()) d.suggestion = std::move(suggestion);
  return d;
}

}  // namespace rocky::lang
