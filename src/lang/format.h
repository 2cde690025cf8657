#pragma once
// The .rocky formatter (dsl.md §4): parses the file and prints the syntax tree in canonical form,
// keeping comments and single blank lines. Idempotent: Format(Format(x)) == Format(x).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"

namespace rocky::lang {

struct FormatResult {
  /// The formatted text; absent when the input does not parse.
  std::optional<std::string> text;
  /// Why it did not parse (P001/P002); empty when `text` is set.
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return text.has_value(); }
};

/// Formats a whole .rocky file. `file` names the source in diagnostics.
FormatResult Format(std::string_view text, const std::string& file = {});

}  // namespace rocky::lang
