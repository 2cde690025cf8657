#include "emulators/common/sql_tokens.h"

#include <cctype>

#include "base/strings.h"

namespace rocky::emulator {

namespace {

bool IsWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

// Reads a quoted run starting at sql[i] (the quote); Spark rules: backslash escapes, and a doubled
// quote stands for one quote. Returns the index after the closing quote, or npos.
size_t ReadQuoted(std::string_view sql, size_t i, bool backslash_escapes, std::string& value) {
  char quote = sql[i];
  for (size_t j = i + 1; j < sql.size(); ++j) {
    char c = sql[j];
    if (backslash_escapes && c == '\\' && j + 1 < sql.size()) {
      char next = sql[++j];
      switch (next) {
        case 'n':
          value.push_back('\n');
          break;
        case 't':
          value.push_back('\t');
          break;
        case 'r':
          value.push_back('\r');
          break;
        case '0':
          value.push_back('\0');
          break;
        default:
          value.push_back(next);
      }
      continue;
    }
    if (c == quote) {
      if (j + 1 < sql.size() && sql[j + 1] == quote) {
        value.push_back(quote);
        ++j;
        continue;
      }
      return j + 1;
    }
    value.push_back(c);
  }
  return std::string_view::npos;
}

}  // namespace

bool Token::Is(std::string_view upper) const {
  return kind == TokenKind::kWord && EqualsIgnoreCase(text, upper);
}

SqlLexRules DatabricksLexRules() {
  SqlLexRules rules;
  rules.backtick_identifiers = true;
  rules.double_quoted_identifiers = false;
  return rules;
}

SqlLexRules SnowflakeLexRules() {
  SqlLexRules rules;
  rules.dollar_quoted_strings = true;
  rules.slash_slash_comments = true;
  return rules;
}

Result<std::vector<Token>> Tokenize(std::string_view sql, const SqlLexRules& rules) {
  std::vector<Token> out;
  size_t i = 0;
  auto line_comment = [&](size_t from) {
    size_t end = sql.find('\n', from);
    return end == std::string_view::npos ? sql.size() : end;
  };
  while (i < sql.size()) {
    char c = sql[i];
    char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    Token t;
    size_t end = i + 1;
    if (std::isspace(static_cast<unsigned char>(c))) {
      t.kind = TokenKind::kSpace;
      while (end < sql.size() && std::isspace(static_cast<unsigned char>(sql[end]))) ++end;
    } else if ((c == '-' && next == '-') ||
               (rules.slash_slash_comments && c == '/' && next == '/')) {
      t.kind = TokenKind::kComment;
      end = line_comment(i);
    } else if (c == '/' && next == '*') {
      t.kind = TokenKind::kComment;
      end = sql.find("*/", i + 2);
      if (end == std::string_view::npos)
        return Fail(ErrorKind::kUsage, "Unclosed bracketed comment");
      end += 2;
    } else if (rules.dollar_quoted_strings && c == '$' && next == '$') {
      t.kind = TokenKind::kString;
      end = sql.find("$$", i + 2);
      if (end == std::string_view::npos)
        return Fail(ErrorKind::kUsage, "Syntax error: unclosed string literal");
      t.value = std::string(sql.substr(i + 2, end - i - 2));
      end += 2;
    } else if (c == '\'' || (c == '"' && !rules.double_quoted_identifiers)) {
      t.kind = TokenKind::kString;
      end = ReadQuoted(sql, i, rules.backslash_escapes, t.value);
      if (end == std::string_view::npos)
        return Fail(ErrorKind::kUsage, "Syntax error: unclosed string literal");
    } else if ((c == '`' && rules.backtick_identifiers) ||
               (c == '"' && rules.double_quoted_identifiers)) {
      t.kind = TokenKind::kQuotedIdent;
      end = ReadQuoted(sql, i, false, t.value);
      if (end == std::string_view::npos)
        return Fail(ErrorKind::kUsage, "Syntax error: unclosed identifier");
    } else if (IsWordStart(c)) {
      t.kind = TokenKind::kWord;
      while (end < sql.size() && IsWordChar(sql[end])) ++end;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      t.kind = TokenKind::kNumber;
      while (end < sql.size() && (IsWordChar(sql[end]) || sql[end] == '.')) ++end;
    } else {
      t.kind = TokenKind::kSymbol;
    }
    t.text = std::string(sql.substr(i, end - i));
    if (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber || t.kind == TokenKind::kSymbol)
      t.value = t.text;
    out.push_back(std::move(t));
    i = end;
  }
  return out;
}

std::string QuoteIdent(std::string_view name) {
  return "\"" + ReplaceAll(name, "\"", "\"\"") + "\"";
}

std::string QuoteLiteral(std::string_view text) { return "'" + SqlQuote(text) + "'"; }

std::string RenderDuckDb(const std::vector<Token>& tokens, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end && i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == TokenKind::kQuotedIdent)
      out += QuoteIdent(t.value);
    else if (t.kind == TokenKind::kString)
      out += QuoteLiteral(t.value);
    else
      out += t.text;
  }
  return out;
}

std::string RenderDuckDb(const std::vector<Token>& tokens) {
  return RenderDuckDb(tokens, 0, tokens.size());
}

SqlStatement::SqlStatement(std::vector<Token> tokens) : tokens_(std::move(tokens)) {
  sig_of_raw_.assign(tokens_.size(), std::string::npos);
  for (size_t i = 0; i < tokens_.size(); ++i) {
    if (!tokens_[i].significant()) continue;
    sig_of_raw_[i] = sig_.size();
    sig_.push_back(i);
  }
}

size_t SqlStatement::SigIndex(size_t raw) const {
  return raw < sig_of_raw_.size() ? sig_of_raw_[raw] : std::string::npos;
}

const Token& SqlStatement::at(size_t i) const {
  static const Token kEnd;
  return i < sig_.size() ? tokens_[sig_[i]] : kEnd;
}

bool SqlStatement::Words(size_t i, std::initializer_list<std::string_view> words) const {
  for (auto w : words)
    if (!at(i++).Is(w)) return false;
  return true;
}

std::optional<std::pair<std::vector<std::string>, size_t>> SqlStatement::Name(size_t i) const {
  if (!at(i).IsName()) return std::nullopt;
  std::vector<std::string> parts{at(i).value};
  ++i;
  while (at(i).kind == TokenKind::kSymbol && at(i).text == "." && at(i + 1).IsName()) {
    parts.push_back(at(i + 1).value);
    i += 2;
  }
  return std::pair{std::move(parts), i};
}

std::string SqlStatement::Keyword(size_t i) const {
  return at(i).kind == TokenKind::kWord ? ToUpper(at(i).text) : "";
}

std::vector<std::vector<Token>> SplitStatements(const std::vector<Token>& tokens) {
  std::vector<std::vector<Token>> out;
  std::vector<Token> current;
  bool significant = false;
  int depth = 0;
  auto flush = [&] {
    if (significant) out.push_back(std::move(current));
    current.clear();
    significant = false;
  };
  for (const Token& t : tokens) {
    if (t.IsSymbol("(")) ++depth;
    if (t.IsSymbol(")") && depth > 0) --depth;
    if (t.IsSymbol(";") && depth == 0) {
      flush();
      continue;
    }
    significant = significant || t.significant();
    current.push_back(t);
  }
  flush();
  return out;
}

}  // namespace rocky::emulator
