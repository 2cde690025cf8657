#include "migrate/jinja.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <regex>

#include "base/strings.h"
#include "migrate/jinja_expression.h"

namespace rocky::migrate {

namespace {

template <typename T>
using Expected = std::expected<T, JinjaError>;

std::unexpected<JinjaError> Refuse(int line, std::string construct, std::string message) {
  return std::unexpected(JinjaError{line, std::move(construct), std::move(message)});
}

// ---- tags -----------------------------------------------------------------------------------

struct Tag {
  enum class Kind { kText, kOutput, kStatement };
  Kind kind = Kind::kText;
  std::string body;  // text, or the inside of the delimiters (trimmed)
  int line = 1;
  size_t begin = 0, end = 0;  // the tag's source range
};

int LineAt(std::string_view text, size_t pos) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
}

void TrimRight(std::string& s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
}

// Splits the template into text, `{{ }}` and `{% %}` tags; comments vanish. `{%-`/`-%}` (and
// the same on the other delimiters) strip the whitespace before or after the tag.
Expected<std::vector<Tag>> SplitTags(std::string_view text) {
  std::vector<Tag> tags;
  size_t pos = 0;
  bool strip_next = false;
  while (pos <= text.size()) {
    size_t open = text.find('{', pos);
    while (open != std::string_view::npos && open + 1 < text.size() && text[open + 1] != '{' &&
           text[open + 1] != '%' && text[open + 1] != '#')
      open = text.find('{', open + 1);
    if (open + 1 >= text.size()) open = std::string_view::npos;
    std::string chunk(
        text.substr(pos, open == std::string_view::npos ? std::string_view::npos : open - pos));
    if (strip_next)
      chunk.erase(0, chunk.find_first_not_of(" \t\r\n") == std::string::npos
                         ? chunk.size()
                         : chunk.find_first_not_of(" \t\r\n"));
    if (open == std::string_view::npos) {
      if (!chunk.empty())
        tags.push_back({Tag::Kind::kText, chunk, LineAt(text, pos), pos, text.size()});
      break;
    }
    char kind = text[open + 1];
    std::string_view close = kind == '{' ? "}}" : kind == '%' ? "%}" : "#}";
    size_t body_start = open + 2;
    bool strip_before = body_start < text.size() && text[body_start] == '-';
    if (strip_before) TrimRight(chunk);
    if (!chunk.empty()) tags.push_back({Tag::Kind::kText, chunk, LineAt(text, pos), pos, open});
    size_t closing = text.find(close, body_start);
    int line = LineAt(text, open);
    if (closing == std::string_view::npos)
      return Refuse(line, std::string(text.substr(open, 2)),
                    fmt::format("'{}' is never closed with '{}'", text.substr(open, 2), close));
    size_t body_end = closing;
    strip_next = body_end > body_start && text[body_end - 1] == '-';
    if (strip_next) --body_end;
    if (strip_before) ++body_start;
    std::string body(Trim(text.substr(body_start, body_end - body_start)));
    if (kind == '%' && body == "raw") {
      // `{% raw %}…{% endraw %}`: the text in between is kept as written.
      static const std::regex kEndRaw(R"(\{%-?\s*endraw\s*-?%\})");
      std::match_results<std::string_view::const_iterator> end;
      if (!std::regex_search(text.begin() + closing + 2, text.end(), end, kEndRaw))
        return Refuse(line, "{% raw %}", "'{% raw %}' is never closed with '{% endraw %}'");
      size_t end_at = static_cast<size_t>(end[0].first - text.begin());
      tags.push_back({Tag::Kind::kText, std::string(text.substr(closing + 2, end_at - closing - 2)),
                      line, closing + 2, end_at});
      strip_next = false;
      pos = end_at + end[0].length();
      continue;
    }
    if (kind != '#')
      tags.push_back({kind == '{' ? Tag::Kind::kOutput : Tag::Kind::kStatement, std::move(body),
                      line, open, closing + 2});
    pos = closing + 2;
  }
  return tags;
}

// ---- statements -----------------------------------------------------------------------------

struct Node;
using Body = std::vector<Node>;

struct Branch {
  std::unique_ptr<JinjaExpr> condition;  // null for `else`
  Body body;
  int line = 0;
  size_t source_begin = 0, source_end = 0;
};

struct Node {
  enum class Kind { kText, kOutput, kIf, kFor, kSet };
  Kind kind = Kind::kText;
  int line = 0;
  std::string text;                 // kText; the variable of kFor and kSet
  std::unique_ptr<JinjaExpr> expr;  // kOutput, the iterable of kFor, the value of kSet
  std::vector<Branch> branches;     // kIf
  Body body;                        // kFor
};

std::string Keyword(const std::string& body) {
  size_t end = 0;
  while (end < body.size() &&
         (std::isalnum(static_cast<unsigned char>(body[end])) || body[end] == '_'))
    ++end;
  return body.substr(0, end);
}

class TemplateParser {
 public:
  TemplateParser(std::string_view source, std::vector<Tag> tags)
      : source_(source), tags_(std::move(tags)) {}

  Expected<Body> ParseAll() {
    auto body = ParseBody({});
    if (!body) return body;
    if (next_ < tags_.size())
      return Refuse(tags_[next_].line, "{% " + Keyword(tags_[next_].body) + " %}",
                    fmt::format("unexpected '{{% {} %}}'", Keyword(tags_[next_].body)));
    return body;
  }

 private:
  Expected<std::unique_ptr<JinjaExpr>> Expression(std::string_view text, int line,
                                                  std::string_view* rest = nullptr) {
    auto e = ParseJinjaExpression(text, rest);
    if (!e)
      return Refuse(line, std::string(text), fmt::format("cannot parse '{}': {}", text, e.error()));
    return std::move(*e);
  }

  // Parses nodes until a statement whose keyword is in `stops` (left unconsumed) or the end.
  Expected<Body> ParseBody(const std::vector<std::string>& stops) {
    Body body;
    while (next_ < tags_.size()) {
      const Tag& tag = tags_[next_];
      if (tag.kind == Tag::Kind::kText) {
        body.push_back(Node{Node::Kind::kText, tag.line, tag.body, nullptr, {}, {}});
        ++next_;
        continue;
      }
      if (tag.kind == Tag::Kind::kOutput) {
        auto e = Expression(tag.body, tag.line);
        if (!e) return std::unexpected(e.error());
        body.push_back(Node{Node::Kind::kOutput, tag.line, "", std::move(*e), {}, {}});
        ++next_;
        continue;
      }
      std::string keyword = Keyword(tag.body);
      if (std::find(stops.begin(), stops.end(), keyword) != stops.end()) return body;
      Expected<Node> node = keyword == "if"    ? ParseIf()
                            : keyword == "for" ? ParseFor()
                            : keyword == "set" ? ParseSet()
                                               : Unsupported(tag, keyword);
      if (!node) return std::unexpected(node.error());
      body.push_back(std::move(*node));
    }
    if (!stops.empty())
      return Refuse(LineAt(source_, source_.size()), "{% " + stops.back() + " %}",
                    fmt::format("missing '{{% {} %}}'", stops.back()));
    return body;
  }

  std::unexpected<JinjaError> Unsupported(const Tag& tag, const std::string& keyword) {
    std::string construct = "{% " + (keyword.empty() ? tag.body : keyword) + " %}";
    return Refuse(tag.line, construct, fmt::format("unsupported Jinja statement '{}'", construct));
  }

  Expected<Node> ParseIf() {
    Node node;
    node.kind = Node::Kind::kIf;
    node.line = tags_[next_].line;
    while (true) {
      const Tag& tag = tags_[next_];
      std::string keyword = Keyword(tag.body);
      if (keyword == "endif") {
        ++next_;
        return node;
      }
      Branch branch;
      branch.line = tag.line;
      if (keyword == "if" || keyword == "elif") {
        auto e = Expression(std::string_view(tag.body).substr(keyword.size()), tag.line);
        if (!e) return std::unexpected(e.error());
        branch.condition = std::move(*e);
      } else if (!node.branches.empty() && !node.branches.back().condition) {
        return Refuse(tag.line, "{% else %}", "a second '{% else %}' in one '{% if %}'");
      }
      branch.source_begin = tag.end;
      ++next_;
      auto body = ParseBody({"elif", "else", "endif"});
      if (!body) return std::unexpected(body.error());
      branch.body = std::move(*body);
      branch.source_end = tags_[next_].begin;
      node.branches.push_back(std::move(branch));
    }
  }

  Expected<Node> ParseFor() {
    const Tag& tag = tags_[next_];
    Node node;
    node.kind = Node::Kind::kFor;
    node.line = tag.line;
    std::string_view rest = std::string_view(tag.body).substr(3);
    rest = Trim(rest);
    size_t name_end = 0;
    while (name_end < rest.size() &&
           (std::isalnum(static_cast<unsigned char>(rest[name_end])) || rest[name_end] == '_'))
      ++name_end;
    node.text = std::string(rest.substr(0, name_end));
    std::string_view after = Trim(rest.substr(name_end));
    if (node.text.empty() || !StartsWith(after, "in "))
      return Refuse(tag.line, "{% " + tag.body + " %}",
                    "only '{% for NAME in EXPRESSION %}' is supported (no unpacking, no filters)");
    std::string_view iterable_rest;
    auto e = Expression(after.substr(3), tag.line, &iterable_rest);
    if (!e) return std::unexpected(e.error());
    if (!Trim(iterable_rest).empty())
      return Refuse(tag.line, "{% " + tag.body + " %}",
                    fmt::format("unsupported '{}' in a for loop", Trim(iterable_rest)));
    node.expr = std::move(*e);
    ++next_;
    auto body = ParseBody({"endfor", "else"});
    if (!body) return std::unexpected(body.error());
    if (Keyword(tags_[next_].body) == "else")
      return Refuse(tags_[next_].line, "{% else %}", "'{% for %}…{% else %}' is not supported");
    node.body = std::move(*body);
    ++next_;
    return node;
  }

  Expected<Node> ParseSet() {
    const Tag& tag = tags_[next_];
    std::string_view rest = Trim(std::string_view(tag.body).substr(3));
    size_t eq = rest.find('=');
    std::string name(Trim(rest.substr(0, eq == std::string_view::npos ? rest.size() : eq)));
    bool simple = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
    if (eq == std::string_view::npos || !simple)
      return Refuse(tag.line, "{% " + tag.body + " %}",
                    "only '{% set NAME = EXPRESSION %}' is supported (no block set, no unpacking)");
    auto e = Expression(rest.substr(eq + 1), tag.line);
    if (!e) return std::unexpected(e.error());
    ++next_;
    return Node{Node::Kind::kSet, tag.line, name, std::move(*e), {}, {}};
  }

  std::string_view source_;
  std::vector<Tag> tags_;
  size_t next_ = 0;
};

// ---- evaluation -----------------------------------------------------------------------------

using Value = JinjaValue;

class Renderer {
 public:
  Renderer(std::string_view source, const JinjaEnvironment& env) : source_(source), env_(env) {}

  Expected<void> Render(const Body& body, std::string& out) {
    for (const Node& node : body) {
      switch (node.kind) {
        case Node::Kind::kText:
          out += node.text;
          break;
        case Node::Kind::kOutput: {
          auto v = Eval(*node.expr, node.line);
          if (!v) return std::unexpected(v.error());
          out += v->Render();
          break;
        }
        case Node::Kind::kSet: {
          auto v = Eval(*node.expr, node.line);
          if (!v) return std::unexpected(v.error());
          scopes_.back()[node.text] = std::move(*v);
          break;
        }
        case Node::Kind::kIf:
          if (auto r = RenderIf(node, out); !r) return r;
          break;
        case Node::Kind::kFor:
          if (auto r = RenderFor(node, out); !r) return r;
          break;
      }
    }
    return {};
  }

  std::vector<DroppedIncrementalBlock> dropped;

  Expected<Value> Evaluate(const JinjaExpr& e) { return Eval(e, 1); }

 private:
  Expected<void> RenderIf(const Node& node, std::string& out) {
    for (const Branch& b : node.branches) {
      bool take = true;
      if (b.condition) {
        incremental_called_ = false;
        auto v = Eval(*b.condition, b.line);
        if (!v) return std::unexpected(v.error());
        take = v->Truthy();
        if (incremental_called_ && !take)
          dropped.push_back(
              {b.line, std::string(source_.substr(b.source_begin, b.source_end - b.source_begin))});
      }
      if (take) return Render(b.body, out);
    }
    return {};
  }

  Expected<void> RenderFor(const Node& node, std::string& out) {
    auto seq = Eval(*node.expr, node.line);
    if (!seq) return std::unexpected(seq.error());
    std::vector<Value> items;
    if (seq->kind == Value::Kind::kList)
      items = seq->items;
    else if (seq->kind == Value::Kind::kDict)
      for (const auto& [k, v] : seq->fields) items.push_back(Value::String(k));
    else
      return Refuse(node.line, "{% for %}", "a for loop needs a list, got " + seq->Render());
    scopes_.emplace_back();
    for (size_t i = 0; i < items.size(); ++i) {
      double n = static_cast<double>(i);
      scopes_.back()[node.text] = items[i];
      scopes_.back()["loop"] =
          Value::Dict({{"index", Value::Number(n + 1)},
                       {"index0", Value::Number(n)},
                       {"first", Value::Bool(i == 0)},
                       {"last", Value::Bool(i + 1 == items.size())},
                       {"length", Value::Number(static_cast<double>(items.size()))}});
      if (auto r = Render(node.body, out); !r) {
        scopes_.pop_back();
        return r;
      }
    }
    scopes_.pop_back();
    return {};
  }

  Expected<Value> Eval(const JinjaExpr& e, int line) {
    switch (e.kind) {
      case JinjaExpr::Kind::kLiteral:
        return e.literal;
      case JinjaExpr::Kind::kName:
        return Lookup(e.name, line);
      case JinjaExpr::Kind::kList: {
        std::vector<Value> items;
        for (const auto& a : e.args) {
          auto v = Eval(*a, line);
          if (!v) return v;
          items.push_back(std::move(*v));
        }
        return Value::List(std::move(items));
      }
      case JinjaExpr::Kind::kAttr: {
        auto base = Eval(*e.args[0], line);
        if (!base) return base;
        if (base->kind == Value::Kind::kDict) {
          auto it = base->fields.find(e.name);
          if (it != base->fields.end()) return it->second;
        }
        std::string dotted = DottedName(e);
        return Refuse(line, dotted.empty() ? "." + e.name : dotted,
                      fmt::format("unknown attribute '{}'", dotted.empty() ? e.name : dotted));
      }
      case JinjaExpr::Kind::kIndex: {
        auto base = Eval(*e.args[0], line);
        if (!base) return base;
        auto index = Eval(*e.args[1], line);
        if (!index) return index;
        if (base->kind == Value::Kind::kList && index->kind == Value::Kind::kNumber) {
          auto i = static_cast<long long>(index->number);
          if (i < 0) i += static_cast<long long>(base->items.size());
          if (i >= 0 && i < static_cast<long long>(base->items.size()))
            return base->items[static_cast<size_t>(i)];
        }
        if (base->kind == Value::Kind::kDict && index->kind == Value::Kind::kString) {
          auto it = base->fields.find(index->text);
          if (it != base->fields.end()) return it->second;
        }
        return Refuse(line, "[" + index->Render() + "]",
                      fmt::format("index {} not found", index->Render()));
      }
      case JinjaExpr::Kind::kDict: {
        std::map<std::string, Value> fields;
        for (const auto& [k, x] : e.named) {
          auto v = Eval(*x, line);
          if (!v) return v;
          fields[k] = std::move(*v);
        }
        return Value::Dict(std::move(fields));
      }
      case JinjaExpr::Kind::kCall:
        return Call(e, line);
      case JinjaExpr::Kind::kFilter:
        return Filter(e, line);
      case JinjaExpr::Kind::kUnary: {
        auto v = Eval(*e.args[0], line);
        if (!v) return v;
        if (e.name == "not") return Value::Bool(!v->Truthy());
        if (v->kind != Value::Kind::kNumber)
          return Refuse(line, "-", "unary '-' needs a number, got " + v->Render());
        return Value::Number(-v->number);
      }
      case JinjaExpr::Kind::kBinary:
        return Binary(e, line);
    }
    return Value{};
  }

  Expected<Value> Lookup(const std::string& name, int line) {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it)
      if (auto f = it->find(name); f != it->end()) return f->second;
    if (auto g = env_.globals.find(name); g != env_.globals.end()) return g->second;
    return Refuse(line, name, fmt::format("unknown name '{}'", name));
  }

  Expected<JinjaArgs> Arguments(const JinjaExpr& e, size_t first, int line) {
    JinjaArgs args;
    for (size_t i = first; i < e.args.size(); ++i) {
      auto v = Eval(*e.args[i], line);
      if (!v) return std::unexpected(v.error());
      args.positional.push_back(std::move(*v));
    }
    for (const auto& [k, x] : e.named) {
      auto v = Eval(*x, line);
      if (!v) return std::unexpected(v.error());
      args.named.emplace_back(k, std::move(*v));
    }
    return args;
  }

  Expected<Value> Call(const JinjaExpr& e, int line) {
    std::string name = DottedName(*e.args[0]);
    if (name == "is_incremental") {
      incremental_called_ = true;
      return Value::Bool(false);
    }
    auto fn = env_.functions.find(name);
    if (name.empty() || fn == env_.functions.end()) {
      std::string shown = name.empty() ? "a computed call" : name + "()";
      return Refuse(line, shown,
                    fmt::format("unsupported call '{}' (a macro, adapter or dbt function the "
                                "import cannot expand statically)",
                                shown));
    }
    auto args = Arguments(e, 1, line);
    if (!args) return std::unexpected(args.error());
    auto v = fn->second(*args);
    if (!v) return Refuse(line, name + "()", name + "(): " + v.error());
    return std::move(*v);
  }

  Expected<Value> Filter(const JinjaExpr& e, int line) {
    auto v = Eval(*e.args[0], line);
    if (!v) return v;
    auto args = Arguments(e, 1, line);
    if (!args) return std::unexpected(args.error());
    const auto& a = args->positional;
    const std::string& f = e.name;
    auto text = [&]() { return v->Render(); };
    if (f == "lower") return Value::String(ToLower(text()));
    if (f == "upper") return Value::String(ToUpper(text()));
    if (f == "trim") return Value::String(std::string(Trim(text())));
    if (f == "default") return v->kind == Value::Kind::kNone && !a.empty() ? a[0] : *v;
    if (f == "length")
      return Value::Number(static_cast<double>(v->kind == Value::Kind::kList   ? v->items.size()
                                               : v->kind == Value::Kind::kDict ? v->fields.size()
                                                                               : text().size()));
    if (f == "replace" && a.size() == 2)
      return Value::String(ReplaceAll(text(), a[0].Render(), a[1].Render()));
    if (f == "join" && v->kind == Value::Kind::kList) {
      std::vector<std::string> parts;
      for (const Value& item : v->items) parts.push_back(item.Render());
      return Value::String(Join(parts, a.empty() ? "" : a[0].Render()));
    }
    return Refuse(line, "|" + f, fmt::format("unsupported filter '{}'", f));
  }

  // `x is [not] test`. An unknown name, attribute or index is not defined (no error).
  Expected<Value> Is(const JinjaExpr& e, int line) {
    const std::string& test = e.args[1]->literal.text;
    auto v = Eval(*e.args[0], line);
    bool result = false;
    if (test == "defined" || test == "undefined") {
      bool lookup = e.args[0]->kind == JinjaExpr::Kind::kName ||
                    e.args[0]->kind == JinjaExpr::Kind::kAttr ||
                    e.args[0]->kind == JinjaExpr::Kind::kIndex;
      if (!v && !lookup) return v;
      result = v.has_value() == (test == "defined");
    } else if (!v) {
      return v;
    } else if (test == "none") {
      result = v->kind == Value::Kind::kNone;
    } else if (test == "string") {
      result = v->kind == Value::Kind::kString;
    } else if (test == "number") {
      result = v->kind == Value::Kind::kNumber;
    } else {
      return Refuse(line, "is " + test, fmt::format("unsupported test 'is {}'", test));
    }
    return Value::Bool(e.name == "is" ? result : !result);
  }

  Expected<Value> Binary(const JinjaExpr& e, int line) {
    const std::string& op = e.name;
    if (op == "is" || op == "is not") return Is(e, line);
    auto l = Eval(*e.args[0], line);
    if (!l) return l;
    if (op == "and" && !l->Truthy()) return *l;
    if (op == "or" && l->Truthy()) return *l;
    auto r = Eval(*e.args[1], line);
    if (!r) return r;
    if (op == "and" || op == "or") return *r;
    if (op == "==") return Value::Bool(*l == *r);
    if (op == "!=") return Value::Bool(!(*l == *r));
    if (op == "~") return Value::String(l->Render() + r->Render());
    if (op == "in" || op == "not in") {
      bool found = false;
      if (r->kind == Value::Kind::kList)
        found = std::find(r->items.begin(), r->items.end(), *l) != r->items.end();
      else if (r->kind == Value::Kind::kDict)
        found = r->fields.count(l->Render()) > 0;
      else if (r->kind == Value::Kind::kString)
        found = r->text.find(l->Render()) != std::string::npos;
      else
        return Refuse(line, op, "'in' needs a list, a dict or a string");
      return Value::Bool(op == "in" ? found : !found);
    }
    bool numbers = l->kind == Value::Kind::kNumber && r->kind == Value::Kind::kNumber;
    bool strings = l->kind == Value::Kind::kString && r->kind == Value::Kind::kString;
    if (op == "+" && strings) return Value::String(l->text + r->text);
    if ((op == "<" || op == ">" || op == "<=" || op == ">=") && (numbers || strings)) {
      int c = numbers ? (l->number < r->number   ? -1
                         : l->number > r->number ? 1
                                                 : 0)
                      : l->text.compare(r->text);
      bool result = op == "<" ? c < 0 : op == ">" ? c > 0 : op == "<=" ? c <= 0 : c >= 0;
      return Value::Bool(result);
    }
    if (numbers) {
      if (op == "+") return Value::Number(l->number + r->number);
      if (op == "-") return Value::Number(l->number - r->number);
      if (op == "*") return Value::Number(l->number * r->number);
      if (op == "/" && r->number != 0) return Value::Number(l->number / r->number);
    }
    return Refuse(line, op,
                  fmt::format("cannot apply '{}' to {} and {}", op, l->Render(), r->Render()));
  }

  std::string_view source_;
  const JinjaEnvironment& env_;
  std::vector<std::map<std::string, Value>> scopes_{1};
  bool incremental_called_ = false;
};

}  // namespace

std::expected<JinjaOutput, JinjaError> RenderJinja(std::string_view text,
                                                   const JinjaEnvironment& env) {
  auto tags = SplitTags(text);
  if (!tags) return std::unexpected(tags.error());
  TemplateParser parser(text, std::move(*tags));
  auto body = parser.ParseAll();
  if (!body) return std::unexpected(body.error());
  Renderer renderer(text, env);
  JinjaOutput out;
  if (auto r = renderer.Render(*body, out.text); !r) return std::unexpected(r.error());
  out.incremental_blocks = std::move(renderer.dropped);
  return out;
}

std::expected<JinjaValue, JinjaError> EvaluateJinja(std::string_view expression,
                                                    const JinjaEnvironment& env) {
  auto e = ParseJinjaExpression(expression);
  if (!e) return Refuse(1, std::string(expression), e.error());
  Renderer renderer(expression, env);
  return renderer.Evaluate(**e);
}

}  // namespace rocky::migrate
