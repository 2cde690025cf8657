#include "compiler/name_patterns.h"

#include <regex>
#include <string>

namespace rocky::compiler {

namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

}  // namespace

bool LikeMatches(std::string_view text, std::string_view pattern, bool case_insensitive) {
  // Iterative matching with one backtrack point for the last `%` (linear in practice).
  size_t t = 0, p = 0, star_p = std::string_view::npos, star_t = 0;
  auto same = [&](char a, char b) { return case_insensitive ? Lower(a) == Lower(b) : a == b; };
  while (t < text.size()) {
    bool literal = p < pattern.size() && pattern[p] != '%' && same(pattern[p], text[t]);
    if (p < pattern.size() && (pattern[p] == '_' || literal)) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '%') {
      star_p = p++;
      star_t = t;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

namespace {

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

bool GlobMatches(std::string_view text, std::string_view pattern) {
  size_t t = 0, p = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    size_t next = p + 1;
    bool step = false;
    if (p < pattern.size()) {
      char c = pattern[p];
      if (c == '?') step = true;
      else if (c == '[') step = ClassMatches(pattern, p, text[t], next);
      else if (c != '*') step = c == text[t];
    }
    if (step) {
      p = next;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star_p = p++;
      star_t = t;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
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
