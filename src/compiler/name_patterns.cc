#include "compiler/name_patterns.h"

#include <regex>
#include <string>

namespace rocky::compiler {

namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Wildcard matching with one backtrack point for the last `star` (linear in practice).
// `step(p, c, next)` says whether the pattern element at p (never the star) matches the text
// character c, and sets `next` to where the following element starts.
template <typename Step>
bool WildcardMatches(std::string_view text, std::string_view pattern, char star, Step step) {
  size_t t = 0, p = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    size_t next = p + 1;
    if (p < pattern.size() && pattern[p] != star && step(p, text[t], next)) {
      p = next;
      ++t;
    } else if (p < pattern.size() && pattern[p] == star) {
      star_p = p++;
      star_t = t;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == star) ++p;
  return p == pattern.size();
}

// Matches one `[…]` class at pattern[p] against c; sets `end` past the class.
bool ClassMatches(std::string_view pattern, size_t p, char c, size_t& end) {
  size_t i = p + 1;
  bool negate = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negate) ++i;
  bool hit = false;
  bool first = true;
  while (i < pattern.size() && (pattern[i] != ']' || first)) {
    first = false;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      if (c >= pattern[i] && c <= pattern[i + 2]) hit = true;
      i += 3;
    } else {
      if (c == pattern[i]) hit = true;
      ++i;
    }
  }
  end = i < pattern.size() ? i + 1 : i;
  return hit != negate;
}

}  // namespace

bool LikeMatches(std::string_view text, std::string_view pattern, bool case_insensitive) {
  return WildcardMatches(text, pattern, '%', [&](size_t p, char c, size_t&) {
    char want = pattern[p];
    return want == '_' || (case_insensitive ? Lower(want) == Lower(c) : want == c);
  });
}

bool GlobMatches(std::string_view text, std::string_view pattern) {
  return WildcardMatches(text, pattern, '*', [&](size_t p, char c, size_t& next) {
    char want = pattern[p];
    if (want == '?') return true;
    if (want == '[') return ClassMatches(pattern, p, c, next);
    return want == c;
  });
}

std::optional<bool> RegexMatches(std::string_view text, std::string_view pattern, bool full) {
  try {
    std::regex re{std::string(pattern)};
    std::string s(text);
    return full ? std::regex_match(s, re) : std::regex_search(s, re);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

}  // namespace rocky::compiler
