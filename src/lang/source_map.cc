#include "lang/source_map.h"

#include <algorithm>

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
