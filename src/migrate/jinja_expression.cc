#include "migrate/jinja_expression.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace rocky::migrate {

namespace {

struct Token {
  enum class Kind { kName, kString, kNumber, kOp, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
};

using ExprPtr = std::unique_ptr<JinjaExpr>;
using Parsed = std::expected<ExprPtr, std::string>;

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) { Advance(); }

  Parsed ParseTop() { return ParseOr(); }
  std::string_view Rest() const { return text_.substr(token_start_); }
  bool AtEnd() const { return token_.kind == Token::Kind::kEnd; }
  const std::string& error() const { return error_; }

 private:
  void Advance() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    token_start_ = pos_;
    token_ = Token{};
    if (pos_ >= text_.size()) return;
    char c = text_[pos_];
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t b = pos_;
      while (pos_ < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
        ++pos_;
      token_ = {Token::Kind::kName, std::string(text_.substr(b, pos_ - b))};
      return;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t b = pos_;
      while (pos_ < text_.size() &&
             (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.'))
        ++pos_;
      token_ = {Token::Kind::kNumber, std::string(text_.substr(b, pos_ - b))};
      return;
    }
    if (c == '\'' || c == '"') {
      std::string s;
      ++pos_;
      while (pos_ < text_.size() && text_[pos_] != c) {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
        s += text_[pos_++];
      }
      if (pos_ >= text_.size()) {
        error_ = "unterminated string";
        token_ = {Token::Kind::kEnd, ""};
        return;
      }
      ++pos_;
      token_ = {Token::Kind::kString, std::move(s)};
      return;
    }
    for (std::string_view op : {"==", "!=", "<=", ">=", "**", "//"}) {
      if (text_.substr(pos_, 2) == op) {
        pos_ += 2;
        token_ = {Token::Kind::kOp, std::string(op)};
        return;
      }
    }
    ++pos_;
    token_ = {Token::Kind::kOp, std::string(1, c)};
  }

  bool IsOp(std::string_view op) const {
    return token_.kind == Token::Kind::kOp && token_.text == op;
  }
  // Whether the token after the current one is the word `w` (one token of look-ahead).
  bool NextIsWord(std::string_view w) {
    size_t pos = pos_, start = token_start_;
    Token saved = token_;
    Advance();
    bool yes = IsWord(w);
    pos_ = pos;
    token_start_ = start;
    token_ = std::move(saved);
    return yes;
  }
  bool IsWord(std::string_view w) const {
    return token_.kind == Token::Kind::kName && token_.text == w;
  }
  Parsed Fail(std::string message) {
    if (!error_.empty()) message = error_;
    return std::unexpected(std::move(message));
  }
  std::string Describe() const {
    return token_.kind == Token::Kind::kEnd ? "end of expression" : "'" + token_.text + "'";
  }

  static ExprPtr Node(JinjaExpr::Kind kind, std::string name = "") {
    auto e = std::make_unique<JinjaExpr>();
    e->kind = kind;
    e->name = std::move(name);
    return e;
  }
  static ExprPtr Binary(std::string op, ExprPtr l, ExprPtr r) {
    auto e = Node(JinjaExpr::Kind::kBinary, std::move(op));
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return e;
  }

  using Level = Parsed (Parser::*)();

  // A left-associative chain of `next` operands joined by any of `ops` (symbols or words).
  Parsed ParseChain(Level next, std::initializer_list<std::string_view> ops) {
    auto left = (this->*next)();
    while (left) {
      auto op = std::find_if(ops.begin(), ops.end(),
                             [&](std::string_view o) { return IsOp(o) || IsWord(o); });
      if (op == ops.end()) break;
      Advance();
      auto right = (this->*next)();
      if (!right) return right;
      left = Binary(std::string(*op), std::move(*left), std::move(*right));
    }
    return left;
  }
  Parsed ParseOr() { return ParseChain(&Parser::ParseAnd, {"or"}); }
  Parsed ParseAnd() { return ParseChain(&Parser::ParseNot, {"and"}); }
  // `op operand` (repeatable), else `next`.
  Parsed ParsePrefix(std::string_view op, Level self, Level next) {
    if (!IsOp(op) && !IsWord(op)) return (this->*next)();
    Advance();
    auto operand = (this->*self)();
    if (!operand) return operand;
    auto e = Node(JinjaExpr::Kind::kUnary, std::string(op));
    e->args.push_back(std::move(*operand));
    return e;
  }
  Parsed ParseNot() { return ParsePrefix("not", &Parser::ParseNot, &Parser::ParseComparison); }
  Parsed ParseComparison() {
    auto left = ParseConcat();
    while (left) {
      std::string op;
      if (IsOp("==") || IsOp("!=") || IsOp("<") || IsOp(">") || IsOp("<=") || IsOp(">=")) {
        op = token_.text;
        Advance();
      } else if (IsWord("in")) {
        op = "in";
        Advance();
      } else if (IsWord("not") && NextIsWord("in")) {
        Advance();
        Advance();
        op = "not in";
      } else if (IsWord("is")) {
        // `x is [not] test`: the test's name is the right operand, as a string literal.
        Advance();
        op = "is";
        if (IsWord("not")) {
          Advance();
          op = "is not";
        }
        if (token_.kind != Token::Kind::kName) return Fail("expected a test name after 'is'");
        auto test = Node(JinjaExpr::Kind::kLiteral);
        test->literal = JinjaValue::String(token_.text);
        Advance();
        left = Binary(op, std::move(*left), std::move(test));
        continue;
      } else {
        break;
      }
      auto right = ParseConcat();
      if (!right) return right;
      left = Binary(op, std::move(*left), std::move(*right));
    }
    return left;
  }
  Parsed ParseConcat() { return ParseChain(&Parser::ParseSum, {"~"}); }
  Parsed ParseSum() { return ParseChain(&Parser::ParseProduct, {"+", "-"}); }
  Parsed ParseProduct() { return ParseChain(&Parser::ParseUnary, {"*", "/"}); }
  Parsed ParseUnary() { return ParsePrefix("-", &Parser::ParseUnary, &Parser::ParseFiltered); }
  Parsed ParseFiltered() {
    auto value = ParsePostfix();
    while (value && IsOp("|")) {
      Advance();
      if (token_.kind != Token::Kind::kName) return Fail("expected a filter name after '|'");
      auto e = Node(JinjaExpr::Kind::kFilter, token_.text);
      Advance();
      e->args.push_back(std::move(*value));
      if (IsOp("(")) {
        if (auto r = ParseArguments(*e); !r) return r;
      }
      value = std::move(e);
    }
    return value;
  }
  // Reads `(a, b, k=v)` into e.args (after those already there) and e.named.
  Parsed ParseArguments(JinjaExpr& e) {
    Advance();
    while (!IsOp(")")) {
      if (token_.kind == Token::Kind::kName && Rest().size() > token_.text.size()) {
        std::string_view after = Rest().substr(token_.text.size());
        size_t k = after.find_first_not_of(" \t\n");
        if (k != std::string_view::npos && after[k] == '=' && after.substr(k, 2) != "==") {
          std::string key = token_.text;
          Advance();
          Advance();
          auto v = ParseOr();
          if (!v) return v;
          e.named.emplace_back(std::move(key), std::move(*v));
          if (IsOp(","))
            Advance();
          else if (!IsOp(")"))
            return Fail("expected ',' or ')' in arguments, got " + Describe());
          continue;
        }
      }
      auto v = ParseOr();
      if (!v) return v;
      e.args.push_back(std::move(*v));
      if (IsOp(","))
        Advance();
      else if (!IsOp(")"))
        return Fail("expected ',' or ')' in arguments, got " + Describe());
    }
    Advance();
    return ExprPtr{};
  }
  Parsed ParsePostfix() {
    auto value = ParsePrimary();
    while (value) {
      if (IsOp("(")) {
        auto call = Node(JinjaExpr::Kind::kCall);
        call->args.push_back(std::move(*value));
        if (auto r = ParseArguments(*call); !r) return r;
        value = std::move(call);
      } else if (IsOp(".")) {
        Advance();
        if (token_.kind != Token::Kind::kName) return Fail("expected a name after '.'");
        auto attr = Node(JinjaExpr::Kind::kAttr, token_.text);
        Advance();
        attr->args.push_back(std::move(*value));
        value = std::move(attr);
      } else if (IsOp("[")) {
        Advance();
        auto index = ParseOr();
        if (!index) return index;
        if (!IsOp("]")) return Fail("expected ']', got " + Describe());
        Advance();
        auto e = Node(JinjaExpr::Kind::kIndex);
        e->args.push_back(std::move(*value));
        e->args.push_back(std::move(*index));
        value = std::move(e);
      } else {
        break;
      }
    }
    return value;
  }
  Parsed ParsePrimary() {
    if (token_.kind == Token::Kind::kString) {
      auto e = Node(JinjaExpr::Kind::kLiteral);
      e->literal = JinjaValue::String(token_.text);
      Advance();
      return e;
    }
    if (token_.kind == Token::Kind::kNumber) {
      auto e = Node(JinjaExpr::Kind::kLiteral);
      e->literal = JinjaValue::Number(std::strtod(token_.text.c_str(), nullptr));
      Advance();
      return e;
    }
    if (token_.kind == Token::Kind::kName) {
      auto e = Node(JinjaExpr::Kind::kLiteral);
      const std::string& w = token_.text;
      if (w == "true" || w == "True")
        e->literal = JinjaValue::Bool(true);
      else if (w == "false" || w == "False")
        e->literal = JinjaValue::Bool(false);
      else if (w == "none" || w == "None")
        e->literal = JinjaValue{};
      else
        e = Node(JinjaExpr::Kind::kName, w);
      Advance();
      return e;
    }
    if (IsOp("(")) {
      Advance();
      auto inner = ParseOr();
      if (!inner) return inner;
      if (!IsOp(")")) return Fail("expected ')', got " + Describe());
      Advance();
      return inner;
    }
    if (IsOp("[")) {
      Advance();
      auto list = Node(JinjaExpr::Kind::kList);
      while (!IsOp("]")) {
        auto item = ParseOr();
        if (!item) return item;
        list->args.push_back(std::move(*item));
        if (IsOp(","))
          Advance();
        else if (!IsOp("]"))
          return Fail("expected ',' or ']' in a list, got " + Describe());
      }
      Advance();
      return list;
    }
    if (IsOp("{")) {
      Advance();
      auto dict = Node(JinjaExpr::Kind::kDict);
      while (!IsOp("}")) {
        if (token_.kind != Token::Kind::kString) return Fail("dict keys must be strings");
        std::string key = token_.text;
        Advance();
        if (!IsOp(":")) return Fail("expected ':' after a dict key, got " + Describe());
        Advance();
        auto value = ParseOr();
        if (!value) return value;
        dict->named.emplace_back(std::move(key), std::move(*value));
        if (IsOp(","))
          Advance();
        else if (!IsOp("}"))
          return Fail("expected ',' or '}' in a dict, got " + Describe());
      }
      Advance();
      return dict;
    }
    return Fail("unexpected " + Describe());
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t token_start_ = 0;
  Token token_;
  std::string error_;
};

}  // namespace

std::expected<std::unique_ptr<JinjaExpr>, std::string> ParseJinjaExpression(
    std::string_view text, std::string_view* rest) {
  Parser p(text);
  auto e = p.ParseTop();
  if (!e) return e;
  if (!p.error().empty()) return std::unexpected(p.error());
  if (rest) {
    *rest = p.Rest();
  } else if (!p.AtEnd()) {
    return std::unexpected("unexpected '" + std::string(p.Rest()) + "' after the expression");
  }
  return e;
}

std::string DottedName(const JinjaExpr& e) {
  if (e.kind == JinjaExpr::Kind::kName) return e.name;
  if (e.kind != JinjaExpr::Kind::kAttr) return "";
  std::string base = DottedName(*e.args[0]);
  return base.empty() ? "" : base + "." + e.name;
}

}  // namespace rocky::migrate
