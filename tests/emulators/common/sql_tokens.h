#pragma once
// A small lexer for the SQL text an emulated warehouse receives, enough to rewrite it for DuckDB
// without a parser: words, quoted identifiers, string literals, numbers, comments, white space and
// symbols. The quoting rules differ between warehouses and are given as SqlLexRules:
//   Databricks (Spark): `backtick` identifiers, '…' and "…" both strings, backslash escapes.
//   Snowflake: "…" identifiers, '…' strings with backslash escapes, $$…$$ strings, // comments.
// Rendering a token list back gives DuckDB SQL: quoted identifiers become "…", strings become '…'
// with doubled quotes, everything else is kept verbatim.

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"

namespace rocky::emulator {

enum class TokenKind { kSpace, kComment, kWord, kQuotedIdent, kString, kNumber, kSymbol };

/// How a warehouse's SQL quotes things.
struct SqlLexRules {
  bool backtick_identifiers = false;      // `name`
  bool double_quoted_identifiers = true;  // "name" (else "…" is a string)
  bool backslash_escapes = true;          // '\n', '\'' inside string literals
  bool dollar_quoted_strings = false;     // $$…$$
  bool slash_slash_comments = false;      // // to the end of the line
};

/// Spark SQL as Databricks reads it.
SqlLexRules DatabricksLexRules();
/// Snowflake SQL.
SqlLexRules SnowflakeLexRules();

struct Token {
  TokenKind kind = TokenKind::kSymbol;
  std::string text;   // as written
  std::string value;  // words: as written; identifiers and strings: the decoded contents

  bool significant() const { return kind != TokenKind::kSpace && kind != TokenKind::kComment; }
  /// A bare word equal to `upper` (case-insensitive).
  bool Is(std::string_view upper) const;
  /// A word or a quoted identifier: something that can name an object.
  bool IsName() const { return kind == TokenKind::kWord || kind == TokenKind::kQuotedIdent; }
  /// A symbol token spelled `text`.
  bool IsSymbol(std::string_view symbol) const {
    return kind == TokenKind::kSymbol && text == symbol;
  }
};

/// Splits `sql` into tokens; fails (kUsage, a message such as "Syntax error: unclosed string
/// literal") on an unterminated string, identifier or comment.
Result<std::vector<Token>> Tokenize(std::string_view sql, const SqlLexRules& rules);

/// DuckDB text of tokens [begin, end).
std::string RenderDuckDb(const std::vector<Token>& tokens, size_t begin, size_t end);
std::string RenderDuckDb(const std::vector<Token>& tokens);

/// A double-quoted DuckDB identifier.
std::string QuoteIdent(std::string_view name);
/// A single-quoted DuckDB string literal.
std::string QuoteLiteral(std::string_view text);

/// The significant tokens of a statement, with look-ahead helpers over them.
class SqlStatement {
 public:
  explicit SqlStatement(std::vector<Token> tokens);

  const std::vector<Token>& tokens() const { return tokens_; }
  /// Number of significant tokens.
  size_t size() const { return sig_.size(); }
  /// The i-th significant token (a blank symbol past the end).
  const Token& at(size_t i) const;
  /// Index in tokens() of the i-th significant token (tokens().size() past the end).
  size_t raw(size_t i) const { return i < sig_.size() ? sig_[i] : tokens_.size(); }
  /// The significant index of tokens()[raw], or npos for space and comments.
  size_t SigIndex(size_t raw) const;
  /// Whether significant tokens from `i` are the given words.
  bool Words(size_t i, std::initializer_list<std::string_view> words) const;
  /// A dotted name starting at significant token `i`: its parts (decoded) and the index after it;
  /// nullopt when no name starts there.
  std::optional<std::pair<std::vector<std::string>, size_t>> Name(size_t i) const;

  /// The first significant word, upper-cased ("" when none).
  std::string Keyword(size_t i = 0) const;

 private:
  std::vector<Token> tokens_;
  std::vector<size_t> sig_;
  std::vector<size_t> sig_of_raw_;
};

/// Splits a token list into statements at the `;` symbols outside parentheses. Each piece keeps
/// its own tokens (the `;` dropped); pieces with no significant token are left out.
std::vector<std::vector<Token>> SplitStatements(const std::vector<Token>& tokens);

}  // namespace rocky::emulator
