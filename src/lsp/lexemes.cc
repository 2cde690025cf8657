#include "lsp/lexemes.h"

#include <algorithm>
#include <string>

#include "lang/lexer.h"
#include "sql/lexer.h"

namespace rocky::lsp {

namespace {

char SqlPunct(sql::TokenKind k) {
  switch (k) {
    case sql::TokenKind::kLParen:
      return '(';
    case sql::TokenKind::kRParen:
      return ')';
    case sql::TokenKind::kComma:
      return ',';
    case sql::TokenKind::kDot:
      return '.';
    case sql::TokenKind::kColon:
      return ':';
    default:
      return 0;
  }
}

std::vector<Lexeme> LexSql(std::string_view text, const sql::Dialect& dialect) {
  std::vector<sql::Token> tokens;
  std::vector<sql::LexIssue> issues;
  std::vector<sql::CommentRange> comments;
  sql::Tokenize(text, dialect, tokens, issues, &comments);
  std::vector<Lexeme> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const sql::Token& t = tokens[i];
    Lexeme l{LexemeKind::kPunct, false, 0, t.begin, t.end};
    switch (t.kind) {
      case sql::TokenKind::kEof:
      case sql::TokenKind::kError:
        continue;
      case sql::TokenKind::kWord:
        l.kind = LexemeKind::kWord;
        l.keyword = t.kw != sql::Keyword::kNone;
        break;
      case sql::TokenKind::kQuotedIdent:
        l.kind = LexemeKind::kQuotedIdent;
        break;
      case sql::TokenKind::kString:
        l.kind = LexemeKind::kString;
        break;
      case sql::TokenKind::kNumber:
        l.kind = LexemeKind::kNumber;
        break;
      case sql::TokenKind::kAt:
        if (i + 1 < tokens.size() && tokens[i + 1].kind == sql::TokenKind::kWord &&
            tokens[i + 1].begin == t.end) {
          l.kind = LexemeKind::kMacro;
          l.end = tokens[++i].end;
        }
        break;
      default:
        l.punct = SqlPunct(t.kind);
        break;
    }
    out.push_back(l);
  }
  for (const auto& c : comments) out.push_back({LexemeKind::kComment, false, 0, c.begin, c.end});
  std::sort(out.begin(), out.end(),
            [](const Lexeme& a, const Lexeme& b) { return a.begin < b.begin; });
  return out;
}

std::vector<Lexeme> LexRocky(std::string_view text) {
  std::vector<Diagnostic> ignored;
  lang::SourceMap map(text, "");
  std::vector<Lexeme> out;
  for (const lang::Token& t : lang::Tokenize(text, map, ignored)) {
    Lexeme l{LexemeKind::kPunct, false, 0, t.begin, t.end};
    switch (t.kind) {
      case lang::TokenKind::kEof:
      case lang::TokenKind::kNewline:
        continue;
      case lang::TokenKind::kComment:
        l.kind = LexemeKind::kComment;
        break;
      case lang::TokenKind::kIdent:
        l.kind = LexemeKind::kWord;
        break;
      case lang::TokenKind::kNumber:
        l.kind = LexemeKind::kNumber;
        break;
      case lang::TokenKind::kString:
      case lang::TokenKind::kDate:
      case lang::TokenKind::kTimestamp:
        l.kind = LexemeKind::kString;
        break;
      default:
        if (lang::IsKeyword(t.kind)) {
          l.kind = LexemeKind::kWord;
          l.keyword = true;
        } else {
          std::string_view s = lang::TokenSpelling(t.kind);
          l.punct = s.size() == 1 && std::string_view("(),.:").find(s[0]) != std::string_view::npos
                        ? s[0]
                        : 0;
        }
        break;
    }
    out.push_back(l);
  }
  return out;
}

}  // namespace

bool IsRockyPath(std::string_view path) { return path.ends_with(".rocky"); }

std::vector<Lexeme> Lex(std::string_view text, bool rocky, const sql::Dialect& dialect) {
  return rocky ? LexRocky(text) : LexSql(text, dialect);
}

}  // namespace rocky::lsp
