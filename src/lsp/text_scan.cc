#include "lsp/text_scan.h"

#include <cctype>

#include "base/strings.h"

namespace rocky::lsp {

bool IsIdent(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || u >= 0x80;
}

std::string WordAt(std::string_view text, size_t offset) {
  if (offset > text.size()) return {};
  size_t start = offset, end = offset;
  while (start > 0 && IsIdent(text[start - 1])) --start;
  while (end < text.size() && IsIdent(text[end])) ++end;
  return std::string(text.substr(start, end - start));
}

std::vector<size_t> Mentions(std::string_view text, std::string_view word) {
  std::vector<size_t> out;
  if (word.empty()) return out;
  const std::string lower_text = ToLower(text), lower_word = ToLower(word);
  for (size_t at = lower_text.find(lower_word); at != std::string::npos;
       at = lower_text.find(lower_word, at + 1)) {
    size_t end = at + lower_word.size();
    if ((at == 0 || !IsIdent(text[at - 1])) && (end == text.size() || !IsIdent(text[end])))
      out.push_back(at);
  }
  return out;
}

Span SpanAt(const std::string& file, std::string_view text, size_t offset, size_t len) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return Span{file, line, static_cast<int>(offset - line_start) + 1, static_cast<int>(len)};
}

bool IsAliasDefinition(std::string_view text, size_t at, size_t len) {
  size_t before = at;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) --before;
  size_t after = at + len;
  bool aliased = before >= 2 && EqualsIgnoreCase(text.substr(before - 2, 2), "as") &&
                 (before == 2 || !IsIdent(text[before - 3]));
  bool labelled = after < text.size() && text[after] == ':' &&
                  (after + 1 == text.size() || text[after + 1] != ':');
  return aliased || labelled;
}

std::optional<size_t> DefiningMention(std::string_view text, std::string_view word) {
  std::vector<size_t> at = Mentions(text, word);
  if (at.empty()) return std::nullopt;
  for (size_t a : at)
    if (IsAliasDefinition(text, a, word.size())) return a;
  return at.front();
}

std::optional<Insertion> ArrayAppend(std::string_view toml, size_t key, std::string_view item) {
  size_t i = toml.find('=', key);
  if (i == std::string_view::npos || toml.substr(key, i - key).find('\n') != std::string_view::npos)
    return std::nullopt;
  for (++i; i < toml.size() && (toml[i] == ' ' || toml[i] == '\t');) ++i;
  if (i >= toml.size() || toml[i] != '[') return std::nullopt;
  const size_t open = i;
  std::optional<size_t> last;  // the last byte of the last element or comma
  for (int depth = 0; i < toml.size(); ++i) {
    const char c = toml[i];
    if (c == '#') {
      i = toml.find('\n', i);
      if (i == std::string_view::npos) return std::nullopt;
    } else if (c == '"' || c == '\'') {
      size_t j = i + 1;
      for (; j < toml.size() && toml[j] != c && toml[j] != '\n'; ++j)
        if (c == '"' && toml[j] == '\\') ++j;
      if (j >= toml.size() || toml[j] != c) return std::nullopt;
      last = i = j;
    } else if (c == '[' || c == ']') {
      depth += c == '[' ? 1 : -1;
      if (depth == 0) break;
      if (i != open) last = i;
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      last = i;
    }
  }
  if (i >= toml.size()) return std::nullopt;
  if (!last) return Insertion{open + 1, std::string(item)};
  if (toml[*last] == ',') return Insertion{*last + 1, " " + std::string(item) + ","};
  return Insertion{*last + 1, ", " + std::string(item)};
}

}  // namespace rocky::lsp
