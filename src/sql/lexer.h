#pragma once
// The tokenizer: one pass over the source, no allocation per token. Comments and whitespace are
// skipped; comment positions are kept for tools that want them. Malformed input (an unterminated
// string or comment, a stray character) becomes an Error token plus a LexIssue, and lexing goes on.

#include <string>
#include <string_view>
#include <vector>

#include "sql/dialect.h"
#include "sql/token.h"

namespace rocky::sql {

struct LexIssue {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string message;
};

struct CommentRange {
  uint32_t begin = 0;
  uint32_t end = 0;
};

/// Appends the tokens of `text` to `tokens`, always ending with one Eof token.
void Tokenize(std::string_view text, const Dialect& dialect, std::vector<Token>& tokens,
              std::vector<LexIssue>& issues, std::vector<CommentRange>* comments = nullptr);

/// Decodes a string literal token's text (between its quotes) to its value: doubled quotes,
/// backslash escapes when `backslash` is set, nothing for raw and dollar strings.
std::string DecodeString(std::string_view inner, StringForm form, bool backslash, char quote);

/// Decodes a quoted identifier's inner text (doubled closing quotes become one).
std::string DecodeQuotedIdent(std::string_view inner, char quote);

}  // namespace rocky::sql
