#include "lang/lexer.h"

#include <fmt/format.h>

namespace rocky::lang {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }

int Digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return -1;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!IsDigit(s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Byte length of the UTF-8 sequence starting with `lead` (1 for stray continuation bytes).
size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

std::string CharHint(char c) {
  switch (c) {
    case '#': return "comments start with '--'";
    case ';': return "a .rocky file holds one pipeline and needs no ';'";
    case '!': return "write 'not x' for negation and '!=' for inequality";
    case '&': return "write 'and'";
    case '`': return "quote strings with \" or '";
    default: return {};
  }
}

class Lexer {
 public:
  Lexer(std::string_view text, const SourceMap& map, std::vector<Diagnostic>& diags,
        std::vector<uint32_t>* offsets)
      : s_(text), map_(map), diags_(diags), offsets_(offsets) {}

  std::vector<Token> Run() {
    std::vector<Token> out;
    out.reserve(s_.size() / 3 + 2);
    while (i_ < s_.size()) {
      char c = s_[i_];
      uint32_t b = static_cast<uint32_t>(i_);
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i_;
        continue;
      }
      if (c == '\n') {
        ++i_;
        out.push_back({TokenKind::kNewline, b, b + 1});
        continue;
      }
      if (c == '-' && Peek(1) == '-') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
        size_t e = i_;
        while (e > b && (s_[e - 1] == '\r' || s_[e - 1] == ' ' || s_[e - 1] == '\t')) --e;
        out.push_back({TokenKind::kComment, b, static_cast<uint32_t>(e)});
        continue;
      }
      if (IsIdentStart(c)) {
        while (i_ < s_.size() && IsIdentChar(s_[i_])) ++i_;
        std::string_view w = s_.substr(b, i_ - b);
        TokenKind k = w == "_" ? TokenKind::kUnderscore : LookupKeyword(w);
        out.push_back({k, b, End()});
        continue;
      }
      if (IsDigit(c)) {
        Number();
        out.push_back({TokenKind::kNumber, b, End()});
        continue;
      }
      if (c == '"' || c == '\'') {
        out.push_back({TokenKind::kString, b, String(c)});
        continue;
      }
      if (c == '@') {
        out.push_back(DateLiteral());
        continue;
      }
      TokenKind sym = Symbol();
      if (sym != TokenKind::kEof) {
        out.push_back({sym, b, End()});
        continue;
      }
      size_t n = Utf8Length(static_cast<unsigned char>(c));
      if (i_ + n > s_.size()) n = s_.size() - i_;
      i_ += n;
      Report({b, End()}, fmt::format("unexpected character '{}'", Printable(s_.substr(b, n))),
             CharHint(c));
    }
    out.push_back({TokenKind::kEof, End(), End()});
    return out;
  }

 private:
  char Peek(size_t k) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }

  void Report(SrcRange r, std::string message, std::string suggestion) {
    diags_.push_back(MakeError(map_, kLexErrorCode, r, std::move(message), std::move(suggestion)));
    if (offsets_) offsets_->push_back(r.begin);
  }
  uint32_t End() const { return static_cast<uint32_t>(i_); }

  void Number() {
    while (i_ < s_.size() && (IsDigit(s_[i_]) || s_[i_] == '_')) ++i_;
    if (Peek(0) == '.' && IsDigit(Peek(1))) {
      ++i_;
      while (i_ < s_.size() && (IsDigit(s_[i_]) || s_[i_] == '_')) ++i_;
    }
  }

  // Returns the end of the literal: after the closing quote, or the end of the line.
  uint32_t String(char quote) {
    uint32_t b = End();
    ++i_;
    while (i_ < s_.size() && s_[i_] != quote && s_[i_] != '\n') ++i_;
    if (i_ < s_.size() && s_[i_] == quote) {
      ++i_;
      return End();
    }
    size_t e = i_;
    while (e > b + 1 && s_[e - 1] == '\r') --e;
    Report({b, static_cast<uint32_t>(e)}, "unterminated string literal",
           fmt::format("close the string with {} on the same line", quote));
    return static_cast<uint32_t>(e);
  }

  Token DateLiteral() {
    uint32_t b = End();
    ++i_;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (IsIdentChar(c) || c == '-' || c == ':' || (c == '.' && IsDigit(Peek(1)))) ++i_;
      else break;
    }
    std::string_view body = s_.substr(b + 1, i_ - b - 1);
    bool timestamp = body.size() > 10 && body[10] == 'T';
    bool ok = timestamp ? IsValidTimestamp(body) : IsValidDate(body);
    if (!ok)
      Report({b, End()},
             fmt::format("invalid {} literal '{}'", timestamp ? "timestamp" : "date",
                         Printable(s_.substr(b, i_ - b), 40)),
             timestamp ? "write timestamps as @YYYY-MM-DDTHH:MM:SS, optionally with .fff and Z"
                       : "write dates as @YYYY-MM-DD");
    return {timestamp ? TokenKind::kTimestamp : TokenKind::kDate, b, End()};
  }

  TokenKind Symbol() {
    char c = s_[i_];
    char n = Peek(1);
    auto two = [&](TokenKind k) {
      i_ += 2;
      return k;
    };
    auto one = [&](TokenKind k) {
      i_ += 1;
      return k;
    };
    switch (c) {
      case '.': return n == '.' ? two(TokenKind::kDotDot) : one(TokenKind::kDot);
      case '{': return one(TokenKind::kLBrace);
      case '}': return one(TokenKind::kRBrace);
      case '(': return one(TokenKind::kLParen);
      case ')': return one(TokenKind::kRParen);
      case '[': return one(TokenKind::kLBracket);
      case ']': return one(TokenKind::kRBracket);
      case ':': return one(TokenKind::kColon);
      case ',': return one(TokenKind::kComma);
      case '*': return one(TokenKind::kStar);
      case '+': return one(TokenKind::kPlus);
      case '-': return one(TokenKind::kMinus);
      case '/': return one(TokenKind::kSlash);
      case '%': return one(TokenKind::kPercent);
      case '|': return one(TokenKind::kPipe);
      case '=':
        if (n == '=') return two(TokenKind::kEqEq);
        if (n == '>') return two(TokenKind::kFatArrow);
        return one(TokenKind::kAssign);
      case '!': return n == '=' ? two(TokenKind::kNe) : TokenKind::kEof;
      case '>': return n == '=' ? two(TokenKind::kGe) : one(TokenKind::kGt);
      case '<': return n == '=' ? two(TokenKind::kLe) : one(TokenKind::kLt);
      default: return TokenKind::kEof;
    }
  }

  std::string_view s_;
  const SourceMap& map_;
  std::vector<Diagnostic>& diags_;
  std::vector<uint32_t>* offsets_;
  size_t i_ = 0;
};

}  // namespace

std::vector<Token> Tokenize(std::string_view text, const SourceMap& map,
                            std::vector<Diagnostic>& diagnostics,
                            std::vector<uint32_t>* error_offsets) {
  return Lexer(text, map, diagnostics, error_offsets).Run();
}

bool IsValidDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  int y = Digits(t, 0, 4), m = Digits(t, 5, 2), d = Digits(t, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return false;
  return d <= DaysInMonth(y, m);
}

bool IsValidTimestamp(std::string_view t) {
  if (t.size() < 19 || !IsValidDate(t.substr(0, 10)) || t[10] != 'T' || t[13] != ':' ||
      t[16] != ':')
    return false;
  int h = Digits(t, 11, 2), mi = Digits(t, 14, 2), s = Digits(t, 17, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return false;
  size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    size_t start = ++i;
    while (i < t.size() && IsDigit(t[i])) ++i;
    if (i == start) return false;
  }
  if (i < t.size() && t[i] == 'Z') ++i;
  return i == t.size();
}

}  // namespace rocky::lang
