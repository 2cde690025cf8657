#include "sql/lexer.h"

#include <cstring>

namespace rocky::sql {

namespace {

// Character classes, indexed by byte.
enum : uint8_t { kSpace = 1, kWordStart = 2, kWordPart = 4, kDigit = 8 };

struct CharTable {
  uint8_t cls[256] = {};
  CharTable() {
    for (int c : {' ', '\t', '\n', '\r', '\f', '\v'}) cls[c] = kSpace;
    for (int c = 'a'; c <= 'z'; ++c) cls[c] = kWordStart | kWordPart;
    for (int c = 'A'; c <= 'Z'; ++c) cls[c] = kWordStart | kWordPart;
    for (int c = '0'; c <= '9'; ++c) cls[c] = kWordPart | kDigit;
    cls[static_cast<int>('_')] = kWordStart | kWordPart;
    cls[static_cast<int>('$')] = kWordPart;
    for (int c = 0x80; c < 256; ++c) cls[c] = kWordStart | kWordPart;  // UTF-8 letters
  }
};
const CharTable kChars;

inline bool Is(unsigned char c, uint8_t mask) { return (kChars.cls[c] & mask) != 0; }

class Lexer {
 public:
  Lexer(std::string_view text, const Dialect& d, std::vector<Token>& tokens,
        std::vector<LexIssue>& issues, std::vector<CommentRange>* comments)
      : s_(text.data()), n_(static_cast<uint32_t>(text.size())), d_(d), tokens_(tokens),
        issues_(issues), comments_(comments) {}

  void Run() {
    tokens_.reserve(tokens_.size() + n_ / 4 + 2);
    uint8_t space = 0;
    while (true) {
      uint32_t start = i_;
      SkipSpaceAndComments();
      if (i_ != start) space = kTokSpaceBefore;
      if (i_ >= n_) break;
      Next(space);
      space = 0;
    }
    Push(TokenKind::kEof, n_, n_, space);
  }

 private:
  char At(uint32_t i) const { return i < n_ ? s_[i] : '\0'; }

  void Push(TokenKind k, uint32_t b, uint32_t e, uint8_t flags = 0, uint32_t aux = 0,
            Keyword kw = Keyword::kNone) {
    Token t;
    t.kind = k;
    t.flags = flags;
    t.kw = kw;
    t.begin = b;
    t.end = e;
    t.aux = aux;
    tokens_.push_back(t);
  }

  void Issue(uint32_t b, uint32_t e, std::string msg) {
    issues_.push_back(LexIssue{b, e, std::move(msg)});
  }

  void SkipSpaceAndComments() {
    while (i_ < n_) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (Is(c, kSpace)) {
        ++i_;
      } else if (c == '-' && At(i_ + 1) == '-') {
        LineComment();
      } else if (c == '/' && At(i_ + 1) == '/' && d_.slash_comments &&
                 !(i_ > 0 && s_[i_ - 1] == ':')) {  // file:///tmp/x in PUT / GET is no comment
        LineComment();
      } else if (c == '/' && At(i_ + 1) == '*') {
        BlockComment();
      } else {
        break;
      }
    }
  }

  void LineComment() {
    uint32_t b = i_;
    const void* nl = std::memchr(s_ + i_, '\n', n_ - i_);
    i_ = nl ? static_cast<uint32_t>(static_cast<const char*>(nl) - s_) : n_;
    if (comments_) comments_->push_back({b, i_});
  }

  void BlockComment() {
    uint32_t b = i_;
    i_ += 2;
    int depth = 1;
    while (i_ < n_) {
      if (s_[i_] == '*' && At(i_ + 1) == '/') {
        i_ += 2;
        if (--depth == 0) break;
      } else if (d_.nested_comments && s_[i_] == '/' && At(i_ + 1) == '*') {
        i_ += 2;
        ++depth;
      } else {
        ++i_;
      }
    }
    if (depth != 0) Issue(b, n_, "unterminated comment");
    if (comments_) comments_->push_back({b, i_});
  }

  void Next(uint8_t space) {
    uint32_t b = i_;
    unsigned char c = static_cast<unsigned char>(s_[i_]);
    if (Is(c, kWordStart)) {
      if (MaybePrefixedString(space)) return;
      Word(space);
      return;
    }
    if (Is(c, kDigit) || (c == '.' && Is(static_cast<unsigned char>(At(i_ + 1)), kDigit))) {
      Number(space);
      return;
    }
    auto op = [&](TokenKind k, uint32_t len) {
      i_ += len;
      Push(k, b, i_, space);
    };
    char c1 = At(i_ + 1);
    switch (c) {
      case '\'': QuotedString(b, b, StringForm::kPlain, '\'', d_.backslash_escapes, space); return;
      case '"':
        if (d_.double_quote_idents)
          QuotedIdent('"', space);
        else
          QuotedString(b, b, StringForm::kPlain, '"', d_.backslash_escapes, space);
        return;
      case '`':
        if (d_.backtick_idents) {
          QuotedIdent('`', space);
          return;
        }
        break;
      case '$':
        if (c1 == '{' && d_.Has(Feature::kDollarBraceVars) && DollarBrace(space)) return;
        Dollar(space);
        return;
      case '?':
        if (c1 == ':' && At(i_ + 2) == ':' && d_.Has(Feature::kTryCastColons))
          return op(TokenKind::kTryColons, 3);
        return op(TokenKind::kParam, 1);
      case '#':
        if (d_.Has(Feature::kHashColumns) && Is(static_cast<unsigned char>(c1), kDigit)) {
          ++i_;
          while (i_ < n_ && Is(static_cast<unsigned char>(s_[i_]), kDigit)) ++i_;
          Push(TokenKind::kParam, b, i_, space);
          return;
        }
        break;
      case '(': return op(TokenKind::kLParen, 1);
      case ')': return op(TokenKind::kRParen, 1);
      case '[': return op(TokenKind::kLBracket, 1);
      case ']': return op(TokenKind::kRBracket, 1);
      case '{': return op(TokenKind::kLBrace, 1);
      case '}': return op(TokenKind::kRBrace, 1);
      case ',': return op(TokenKind::kComma, 1);
      case '.': return op(TokenKind::kDot, 1);
      case ';': return op(TokenKind::kSemicolon, 1);
      case '+': return op(TokenKind::kPlus, 1);
      case '%': return op(TokenKind::kPercent, 1);
      case '&':
        if (c1 == '&' && d_.Has(Feature::kAmpAmpOverlap)) return op(TokenKind::kAmpAmp, 2);
        return op(TokenKind::kAmp, 1);
      case '~':
        if (c1 == '~' && d_.Has(Feature::kTildeOperators)) {
          char c2 = At(i_ + 2);
          return op(TokenKind::kTildeOp, c2 == '~' || c2 == '*' ? 3 : 2);  // ~~ ~~~ ~~*
        }
        return op(TokenKind::kTilde, 1);
      case ':':
        if (c1 == ':') return op(TokenKind::kDoubleColon, 2);
        if (c1 == '=') return op(TokenKind::kColonEq, 2);
        return op(TokenKind::kColon, 1);
      case '-':
        if (c1 == '>') return At(i_ + 2) == '>' ? op(TokenKind::kLongArrow, 3)
                                                : op(TokenKind::kArrow, 2);
        if (c1 == '|' && At(i_ + 2) == '-') return op(TokenKind::kAdjacent, 3);
        return op(TokenKind::kMinus, 1);
      case '*':
        if (c1 == '*' && d_.Has(Feature::kPowerStar)) return op(TokenKind::kDoubleStar, 2);
        return op(TokenKind::kStar, 1);
      case '/':
        if (c1 == '/') return op(TokenKind::kDoubleSlash, 2);
        return op(TokenKind::kSlash, 1);
      case '|':
        if (c1 == '|') return op(TokenKind::kConcat, 2);
        return op(TokenKind::kPipe, 1);
      case '^':
        if (c1 == '@') return op(TokenKind::kCaretAt, 2);
        return op(TokenKind::kCaret, 1);
      case '@':
        if (c1 == '>') return op(TokenKind::kContains, 2);
        return op(TokenKind::kAt, 1);
      case '=':
        if (c1 == '=') return op(TokenKind::kEqEq, 2);
        if (c1 == '>') return op(TokenKind::kFatArrow, 2);
        return op(TokenKind::kEq, 1);
      case '!':
        if (c1 == '=') return op(TokenKind::kNe, 2);
        if (c1 == '~' && d_.Has(Feature::kTildeOperators)) {  // !~ !~~ !~~* !~~~
          if (At(i_ + 2) != '~') return op(TokenKind::kTildeOp, 2);
          char c3 = At(i_ + 3);
          return op(TokenKind::kTildeOp, c3 == '~' || c3 == '*' ? 4 : 3);
        }
        return op(TokenKind::kExclaim, 1);
      case '<':
        if (c1 == '=') return At(i_ + 2) == '>' ? op(TokenKind::kNullSafeEq, 3)
                                                : op(TokenKind::kLe, 2);
        if (c1 == '>') return op(TokenKind::kNe, 2);
        if (c1 == '<') return op(TokenKind::kShl, 2);
        if (c1 == '@') return op(TokenKind::kContainedBy, 2);
        if ((c1 == '-' || c1 == '#') && At(i_ + 2) == '>' && d_.Has(Feature::kVectorDistanceOps))
          return op(c1 == '-' ? TokenKind::kDistanceOp : TokenKind::kInnerProductOp, 3);
        return op(TokenKind::kLt, 1);
      case '>':
        if (c1 == '=') return op(TokenKind::kGe, 2);
        if (c1 == '>') return op(TokenKind::kShr, 2);
        return op(TokenKind::kGt, 1);
      default: break;
    }
    // A stray byte: one error token, lexing continues.
    ++i_;
    Issue(b, i_, std::string("unexpected character '") + static_cast<char>(c) + "'");
    Push(TokenKind::kError, b, i_, space);
  }

  void Word(uint8_t space) {
    uint32_t b = i_;
    uint32_t h = kHashSeed;
    while (i_ < n_) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (!Is(c, kWordPart)) break;
      h = CaseFoldHashStep(h, c);
      ++i_;
    }
    Keyword kw = LookupKeyword(std::string_view(s_ + b, i_ - b), h);
    Push(TokenKind::kWord, b, i_, space, h, kw);
  }

  // N'..', E'..', r'..', X'..', B'..' (per dialect).
  bool MaybePrefixedString(uint8_t space) {
    char c = s_[i_];
    char q = At(i_ + 1);
    if (q != '\'' && q != '"') return false;
    char u = static_cast<char>(c & ~0x20);
    uint32_t b = i_;
    if (q == '\'') {
      if (u == 'N' && d_.national_strings) {
        QuotedString(b, b + 1, StringForm::kNational, '\'', d_.backslash_escapes, space);
        return true;
      }
      if (u == 'E' && d_.escape_strings) {
        QuotedString(b, b + 1, StringForm::kEscape, '\'', true, space);
        return true;
      }
      if (u == 'X') {
        QuotedString(b, b + 1, StringForm::kHex, '\'', false, space);
        return true;
      }
      if (u == 'B' && d_.bit_strings) {
        QuotedString(b, b + 1, StringForm::kBit, '\'', false, space);
        return true;
      }
    }
    if (u == 'R' && d_.raw_strings && (q == '\'' || !d_.double_quote_idents)) {
      QuotedString(b, b + 1, StringForm::kRaw, q, false, space);
      return true;
    }
    return false;
  }

  // `open` is the position of the opening quote; `b` the token start (prefix included).
  void QuotedString(uint32_t b, uint32_t open, StringForm form, char quote, bool backslash,
                    uint8_t space) {
    i_ = open + 1;
    while (i_ < n_) {
      char c = s_[i_];
      if (c == quote) {
        if (At(i_ + 1) == quote && form != StringForm::kRaw) {
          i_ += 2;
          continue;
        }
        ++i_;
        uint8_t flags = space | (backslash ? kTokBackslash : 0) | (quote == '"' ? kTokDoubleQuote : 0);
        Push(TokenKind::kString, b, i_, flags,
             static_cast<uint32_t>(form) | ((open - b) << 8));
        return;
      }
      if (c == '\\' && backslash) {
        i_ += 2;
        continue;
      }
      ++i_;
    }
    i_ = n_;
    Issue(b, n_, "unterminated string literal");
    Push(TokenKind::kError, b, n_, space);
  }

  void QuotedIdent(char quote, uint8_t space) {
    uint32_t b = i_;
    char close = quote;
    ++i_;
    uint8_t flags = space;
    while (i_ < n_) {
      if (s_[i_] == close) {
        if (At(i_ + 1) == close) {
          flags |= kTokEscapedQuote;
          i_ += 2;
          continue;
        }
        ++i_;
        Push(TokenKind::kQuotedIdent, b, i_, flags, static_cast<uint32_t>(quote));
        return;
      }
      ++i_;
    }
    i_ = n_;
    Issue(b, n_, "unterminated quoted identifier");
    Push(TokenKind::kError, b, n_, space);
  }

  // Databricks `${name}`: a substitution variable, read as one identifier word kept verbatim.
  bool DollarBrace(uint8_t space) {
    uint32_t b = i_;
    uint32_t j = i_ + 2;  // ${name}, ${spark.conf.key}, ${hivevar:name}
    while (j < n_ && (Is(static_cast<unsigned char>(s_[j]), kWordPart) || s_[j] == '.' ||
                      s_[j] == ':' || s_[j] == '-'))
      ++j;
    if (j == i_ + 2 || At(j) != '}') return false;
    i_ = j + 1;
    std::string_view text(s_ + b, i_ - b);
    Push(TokenKind::kWord, b, i_, space, CaseFoldHash(text));
    return true;
  }

  void Dollar(uint8_t space) {
    uint32_t b = i_;
    char c1 = At(i_ + 1);
    if (c1 == '$' && d_.dollar_strings) {
      const char* end = static_cast<const char*>(
          i_ + 2 <= n_ ? memmem(s_ + i_ + 2, n_ - i_ - 2, "$$", 2) : nullptr);
      if (!end) {
        i_ = n_;
        Issue(b, n_, "unterminated $$ string");
        Push(TokenKind::kError, b, n_, space);
        return;
      }
      i_ = static_cast<uint32_t>(end - s_) + 2;
      Push(TokenKind::kString, b, i_, space, static_cast<uint32_t>(StringForm::kDollar) | (2u << 8));
      return;
    }
    if (d_.dollar_tag_strings && Is(static_cast<unsigned char>(c1), kWordStart)) {
      uint32_t j = i_ + 1;
      while (j < n_ && Is(static_cast<unsigned char>(s_[j]), kWordPart) && s_[j] != '$') ++j;
      if (At(j) == '$') {
        std::string_view tag(s_ + b, j + 1 - b);
        const char* end = static_cast<const char*>(
            memmem(s_ + j + 1, n_ - j - 1, tag.data(), tag.size()));
        if (!end) {
          i_ = n_;
          Issue(b, n_, "unterminated dollar-quoted string");
          Push(TokenKind::kError, b, n_, space);
          return;
        }
        i_ = static_cast<uint32_t>(end - s_) + static_cast<uint32_t>(tag.size());
        Push(TokenKind::kString, b, i_, space,
             static_cast<uint32_t>(StringForm::kDollar) | (static_cast<uint32_t>(tag.size()) << 8));
        return;
      }
    }
    // $1, $name: a parameter (or Snowflake's positional column / session variable).
    ++i_;
    while (i_ < n_ && Is(static_cast<unsigned char>(s_[i_]), kWordPart) && s_[i_] != '$') ++i_;
    if (i_ == b + 1) {
      Issue(b, i_, "unexpected character '$'");
      Push(TokenKind::kError, b, i_, space);
      return;
    }
    Push(TokenKind::kParam, b, i_, space);
  }

  void Number(uint8_t space) {
    uint32_t b = i_;
    auto digits = [&] {
      while (i_ < n_) {
        char c = s_[i_];
        if (c >= '0' && c <= '9') {
          ++i_;
        } else if (c == '_' && d_.digit_separators && i_ > b &&
                   Is(static_cast<unsigned char>(At(i_ + 1)), kDigit) &&
                   Is(static_cast<unsigned char>(s_[i_ - 1]), kDigit)) {
          ++i_;
        } else {
          break;
        }
      }
    };
    digits();
    if (At(i_) == '.' && At(i_ + 1) != '.') {
      ++i_;
      digits();
    }
    char e = At(i_);
    if (e == 'e' || e == 'E') {
      uint32_t j = i_ + 1;
      if (At(j) == '+' || At(j) == '-') ++j;
      if (Is(static_cast<unsigned char>(At(j)), kDigit)) {
        i_ = j;
        digits();
      }
    }
    if (d_.number_suffixes) {
      char u = static_cast<char>(At(i_) & ~0x20);
      uint32_t len = 0;
      if (u == 'B' && (At(i_ + 1) & ~0x20) == 'D') len = 2;
      else if (u == 'L' || u == 'S' || u == 'Y' || u == 'D' || u == 'F') len = 1;
      if (len && !Is(static_cast<unsigned char>(At(i_ + len)), kWordPart)) i_ += len;
    }
    Push(TokenKind::kNumber, b, i_, space);
  }

  const char* s_;
  uint32_t n_;
  uint32_t i_ = 0;
  const Dialect& d_;
  std::vector<Token>& tokens_;
  std::vector<LexIssue>& issues_;
  std::vector<CommentRange>* comments_;
};

}  // namespace

void Tokenize(std::string_view text, const Dialect& dialect, std::vector<Token>& tokens,
              std::vector<LexIssue>& issues, std::vector<CommentRange>* comments) {
  Lexer(text, dialect, tokens, issues, comments).Run();
}

std::string DecodeString(std::string_view in, StringForm form, bool backslash, char quote) {
  std::string out;
  out.reserve(in.size());
  if (form == StringForm::kRaw || form == StringForm::kDollar) return std::string(in);
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == quote && i + 1 < in.size() && in[i + 1] == quote) {
      out += quote;
      ++i;
    } else if (c == '\\' && backslash && i + 1 < in.size()) {
      char n = in[++i];
      switch (n) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case '0': out += '\0'; break;
        case 'Z': out += '\x1a'; break;
        default: out += n; break;  // \\ \' \" and unknown escapes keep the character
      }
    } else {
      out += c;
    }
  }
  return out;
}

std::string DecodeQuotedIdent(std::string_view in, char quote) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    out += in[i];
    if (in[i] == quote && i + 1 < in.size() && in[i + 1] == quote) ++i;
  }
  return out;
}

}  // namespace rocky::sql
