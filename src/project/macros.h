#pragma once
// SQL macros (cli.md §4 `compile`): files `<models>/../macros/*.sql` whose first line is
// `-- @macro name(p1, p2)`; the rest of the file is the body. A call `@name(a, b)` in a `.sql`
// model is replaced by the body with each `{p}` replaced by the argument's text, and the result
// is expanded again, up to a depth of 10. `@start_date` / `@end_date` (no parentheses) are not
// macros, and `@word(` that names no macro is left as written (DuckDB's `@` is an operator).
//
// Arguments are split at top-level commas: commas inside parentheses, brackets and quoted text
// belong to the argument. Expansion errors are P004 diagnostics on the model; a broken macro
// file is a P004 diagnostic on that file.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "project/model.h"

namespace rocky::project {

inline constexpr std::string_view kMacroCode = "P004";
inline constexpr int kMaxMacroDepth = 10;

struct Macro {
  std::string name;
  std::vector<std::string> params;
  std::string body;
  std::string path;
};

struct MacroSet {
  std::map<std::string, Macro> by_name;  // lower-case names
  std::vector<Diagnostic> diagnostics;
  /// Hash of every macro (0 when there are none): part of cache keys of models that use them.
  uint64_t hash = 0;
  bool empty() const { return by_name.empty(); }
};

/// The macros of `<models_dir>/../macros` (none when the folder does not exist).
MacroSet LoadMacros(const std::filesystem::path& models_dir);

/// `text` with every macro call expanded, or an error message (`macro recursion too deep:
/// name`, `macro 'name' takes 2 argument(s), got 1`, an unclosed call).
std::optional<std::string> ExpandMacros(std::string_view text, const MacroSet& macros,
                                        std::string& error);

/// Expands the macro calls of every `.sql` model in place; problems are P004 diagnostics.
/// Returns the indexes of the models whose text changed.
std::vector<size_t> ExpandModelMacros(std::vector<Model>& models, const MacroSet& macros,
                                      std::vector<Diagnostic>& diagnostics);

}  // namespace rocky::project
