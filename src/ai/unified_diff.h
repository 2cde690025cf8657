#pragma once
// A unified diff of two texts, line by line (the format `diff -u` and `git diff` print and
// `patch` reads), for `ai-sync` proposals. The edit script is a longest common subsequence of
// lines, so it is meant for model-sized files (quadratic in the number of lines).

#include <string>
#include <string_view>

namespace rocky::ai {

/// `--- a/<old_label>` and `+++ b/<new_label>` headers, then one `@@ -l,n +l,n @@` hunk per
/// group of changes with `context` unchanged lines around it. A last line without a newline is
/// followed by `\ No newline at end of file`. Empty when the texts are equal.
std::string UnifiedDiff(std::string_view old_text, std::string_view new_text,
                        std::string_view old_label, std::string_view new_label, int context = 3);

}  // namespace rocky::ai
