#pragma once
// Small string helpers shared by every layer.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rocky {

std::string_view Trim(std::string_view s);
/// Standard base64 (RFC 4648, with padding).
std::string Base64Encode(std::string_view data);

std::string ToLower(std::string_view s);
std::string ToUpper(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
/// `a < b` as std::string orders them (unsigned bytes, then length), eight bytes per step and
/// without a library call: for sorting many short names.
bool BytewiseLess(std::string_view a, std::string_view b);

/// Splits on every occurrence of `sep` (non-empty); "a,,b" gives {"a", "", "b"}; "" gives {""}.
std::vector<std::string> Split(std::string_view s, std::string_view sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
/// Replaces every occurrence of `from` (non-empty) by `to`.
std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to);

/// Optimal-string-alignment Damerau-Levenshtein distance (transpositions count 1).
int EditDistance(std::string_view a, std::string_view b);

/// The candidate closest to `word` by EditDistance, offered only when its distance is at most
/// max(2, len(word)/3). Ties go to the earliest candidate.
std::optional<std::string> DidYouMean(std::string_view word,
                                      const std::vector<std::string>& candidates);

/// Doubles single quotes for use inside a SQL string literal.
std::string SqlQuote(std::string_view s);

}  // namespace rocky
