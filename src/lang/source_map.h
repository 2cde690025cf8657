#pragma once
// Byte ranges of a .rocky source to file:line:col spans, and the diagnostic codes of the
// language front end.

#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "lang/token.h"

namespace rocky::lang {

inline constexpr std::string_view kLexErrorCode = "P001";     // a malformed token
inline constexpr std::string_view kSyntaxErrorCode = "P002";  // expected X, found Y
// A pipeline too large to lower is reported as P002 too: models.md reserves P003 for `.sql`
// models that are not one query.

class SourceMap {
 public:
  SourceMap(std::string_view text, std::string file);
  /// 1-based line and byte column of `r.begin`; `len` is the byte length of the range.
  Span Locate(SrcRange r) const;
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::vector<uint32_t> line_starts_;
};

/// `text` safe to quote in a message: valid UTF-8 is kept, control characters and invalid
/// bytes become \xNN escapes, and at most `max_chars` characters are kept (then "…").
std::string Printable(std::string_view text, size_t max_chars = 24);

/// An error diagnostic at `r`.
Diagnostic MakeError(const SourceMap& map, std::string_view code, SrcRange r, std::string message,
                     std::string suggestion = {});

}  // namespace rocky::lang
