#pragma once
// Models answer with code in Markdown fences even when told not to; the code is what is inside.

#include <string>
#include <string_view>

namespace rocky::ai {

/// The body of the first fenced block (``` or ~~~, any info string such as `sql` or `rocky`),
/// else the whole text; trimmed either way. An unclosed fence runs to the end.
std::string StripCodeFences(std::string_view reply);

}  // namespace rocky::ai
