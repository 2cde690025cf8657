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

}  // namespace rocky::lsp
