#pragma once
// Matching column names against the patterns of star expressions and COLUMNS(...): SQL LIKE
// (`%`, `_`), shell GLOB (`*`, `?`, `[…]`) and regular expressions. The binder uses them to
// expand `* LIKE 'p'`, `* ILIKE 'p'`, `* GLOB 'p'`, `* SIMILAR TO 'p'` and `COLUMNS('regex')`
// into the columns a warehouse would produce.

#include <optional>
#include <string_view>

namespace rocky::compiler {

/// SQL LIKE without an escape character; `case_insensitive` for ILIKE.
bool LikeMatches(std::string_view text, std::string_view pattern, bool case_insensitive);

/// Shell globbing: `*` any run, `?` one character, `[abc]` / `[a-z]` / `[!a]` a class.
bool GlobMatches(std::string_view text, std::string_view pattern);

/// A regular expression (ECMAScript syntax, close to RE2 for the patterns people write for
/// column names) found anywhere in `text`, or matching all of it when `full`; nullopt when the
/// pattern does not compile.
std::optional<bool> RegexMatches(std::string_view text, std::string_view pattern, bool full);

}  // namespace rocky::compiler
