// The formatter prints the tree line by line. Each output line starts at a source offset (the
// element it prints); comments are placed by their offsets: a comment alone on its source line
// becomes a line of its own before the next element, at that element's indentation; a comment
// after code stays at the end of the output line that holds that code. A blank line in the
// source between two elements becomes one blank line, except at the start of the file, after a
// line ending in '{' and before a '}'.

#include "lang/format.h"

#include "lang/parser.h"

namespace rocky::lang {

namespace {

constexpr int kIndent = 4;

struct OutLine {
  int indent = 0;
  std::string text;
  std::string comment;
  bool blank = false;
};

class Formatter {
 public:
  explicit Formatter(const ParsedFile& f) : f_(f) {
    const auto& toks = f.tokens();
    for (size_t i = 0; i < toks.size(); ++i) {
      if (toks[i].kind != TokenKind::kComment) continue;
      bool own_line = i == 0 || toks[i - 1].kind == TokenKind::kNewline;
      comments_.push_back({toks[i], own_line});
    }
  }

  std::string Run() {
    const File& file = f_.root();
    for (const Let* let : file.lets) {
      Begin(0, let->span.begin);
      Put("let ");
      Word(let->name);
      Put(" =");
      End();
      Pipeline(*let->body, kIndent);
      Blank();
    }
    Pipeline(*file.main, 0);
    FlushComments(static_cast<uint32_t>(f_.text().size()), 0);
    return Join();
  }

 private:
  struct Comment {
    Token token;
    bool own_line;
  };

  // ---- lines ----

  bool SourceBlankBetween(uint32_t a, uint32_t b) const {
    if (b <= a) return false;
    std::string_view gap = f_.text().substr(a, b - a);
    size_t first = gap.find('\n');
    return first != std::string_view::npos && gap.find('\n', first + 1) != std::string_view::npos;
  }

  bool BlankAllowed() const {
    return !lines_.empty() && !lines_.back().blank && !EndsWithBrace(lines_.back());
  }

  static bool EndsWithBrace(const OutLine& l) { return !l.text.empty() && l.text.back() == '{'; }

  void Blank() {
    if (!lines_.empty() && !lines_.back().blank) lines_.push_back({0, "", "", true});
  }

  void FlushComments(uint32_t before, int indent) {
    while (next_comment_ < comments_.size() && comments_[next_comment_].token.begin < before) {
      const Comment& c = comments_[next_comment_++];
      std::string_view text = f_.Text(c.token.range());
      OutLine* code = LastCodeLine();
      if (!c.own_line && code) {
        Attach(*code, text);
      } else {
        if (SourceBlankBetween(last_end_, c.token.begin) && BlankAllowed()) Blank();
        lines_.push_back({indent, "", std::string(text), false});
      }
      last_end_ = std::max(last_end_, c.token.end);
    }
  }

  // The last line that is not blank (a trailing comment belongs there, even after the blank
  // line that follows a let).
  OutLine* LastCodeLine() {
    for (auto it = lines_.rbegin(); it != lines_.rend(); ++it)
      if (!it->blank) return &*it;
    return nullptr;
  }

  static void Attach(OutLine& line, std::string_view comment) {
    if (!line.comment.empty()) line.comment += ' ';
    line.comment += comment;
  }

  /// Starts the output line of an element that begins at `src` in the source.
  void Begin(int indent, uint32_t src, bool closing = false) {
    FlushComments(src, indent);
    if (!closing && SourceBlankBetween(last_end_, src) && BlankAllowed()) Blank();
    line_ = OutLine{indent, "", "", false};
  }

  void Put(std::string_view text) { line_.text += text; }
  void Mark(uint32_t src_end) { last_end_ = std::max(last_end_, src_end); }
  void Src(SrcRange r) {
    Put(f_.Text(r));
    Mark(r.end);
  }
  void Word(const lang::Word& w) { Src(w.span); }
  void NameOut(const Name& n) {
    for (uint32_t i = 0; i < n.parts.size; ++i) {
      if (i) Put(".");
      Word(n.parts[i]);
    }
  }

  /// Ends the current line; comments inside what it printed trail it.
  void End() {
    while (next_comment_ < comments_.size() &&
           comments_[next_comment_].token.begin < last_end_) {
      const Comment& c = comments_[next_comment_++];
      Attach(line_, f_.Text(c.token.range()));
      last_end_ = std::max(last_end_, c.token.end);
    }
    lines_.push_back(std::move(line_));
    line_ = OutLine{};
  }

  std::string Join() const {
    std::string out;
    size_t n = lines_.size();
    while (n > 0 && lines_[n - 1].blank) --n;
    for (size_t i = 0; i < n; ++i) {
      const OutLine& l = lines_[i];
      std::string text = l.text;
      if (!l.comment.empty()) text += text.empty() ? l.comment : " " + l.comment;
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
      if (!text.empty()) out += std::string(l.indent, ' ');
      out += text;
      out += '\n';
    }
    return out;
  }

  // ---- pipelines and steps ----

  void Pipeline(const lang::Pipeline& p, int indent) {
    Begin(indent, p.span.begin);
    Put("from ");
    NameOut(p.relation);
    if (p.alias.valid()) {
      Put(" as ");
      Word(p.alias);
    }
    End();
    for (const Step* s : p.steps) StepOut(*s, indent);
  }

  void StepOut(const Step& s, int indent) {
    Begin(indent, s.span.begin);
    switch (s.kind) {
      case StepKind::kWhere:
        Put("where ");
        ExprOut(static_cast<const WhereStep&>(s).condition);
        break;
      case StepKind::kGroup: {
        auto& g = static_cast<const GroupStep&>(s);
        Put("group");
        for (uint32_t i = 0; i < g.keys.size; ++i) {
          Put(i ? ", " : " ");
          NameOut(g.keys[i]);
        }
        Put(" ");
        Items(g.items, g.block);
        break;
      }
      case StepKind::kDerive: {
        auto& d = static_cast<const DeriveStep&>(s);
        Put("derive ");
        Items(d.items, d.block);
        break;
      }
      case StepKind::kSelect: {
        auto& sel = static_cast<const SelectStep&>(s);
        Put("select ");
        BlockOut(sel.items.size, sel.block, [&](uint32_t i) {
          const SelectItem& it = sel.items[i];
          if (it.star) Src(it.span);
          else NameOut(it.name);
        }, [&](uint32_t i) { return sel.items[i].span.begin; });
        break;
      }
      case StepKind::kJoin: JoinOut(static_cast<const JoinStep&>(s)); break;
      case StepKind::kSort: {
        auto& so = static_cast<const SortStep&>(s);
        Put("sort ");
        SortKeys(so.keys);
        break;
      }
      case StepKind::kTake:
        Put("take ");
        Word(static_cast<const TakeStep&>(s).count);
        break;
      case StepKind::kDistinct: Put("distinct"); Mark(s.span.end); break;
      case StepKind::kReplicate: Put("replicate"); Mark(s.span.end); break;
    }
    End();
  }

  void JoinOut(const JoinStep& j) {
    static constexpr std::string_view kWords[] = {"join", "left join", "right join", "full join",
                                                  "cross join"};
    Put(kWords[static_cast<int>(j.join)]);
    Put(" ");
    NameOut(j.relation);
    if (j.alias.valid()) {
      Put(" as ");
      Word(j.alias);
    }
    if (!j.on_keys.empty()) {
      Put(" on ");
      for (uint32_t i = 0; i < j.on_keys.size; ++i) {
        if (i) Put(", ");
        Word(j.on_keys[i]);
      }
    } else if (j.on_expr) {
      Put(" on (");
      ExprOut(j.on_expr);
      Put(")");
    }
    if (!j.has_keep) return;
    Put(" ");
    if (j.keep.empty()) {
      Put("{}");
      Mark(j.block.rbrace.end);
      return;
    }
    int indent = line_.indent;
    Put("{");
    Mark(j.block.lbrace.end);
    End();
    Begin(indent + kIndent, j.keep[0].span.begin);
    Put("keep ");
    for (uint32_t i = 0; i < j.keep.size; ++i) {
      if (i) Put(", ");
      NameOut(j.keep[i]);
    }
    End();
    Begin(indent, j.block.rbrace.begin, true);
    Put("}");
    Mark(j.block.rbrace.end);
  }

  void Items(const List<Item>& items, const Block& block) {
    BlockOut(items.size, block, [&](uint32_t i) {
      Word(items[i].name);
      Put(": ");
      ExprOut(items[i].expr);
    }, [&](uint32_t i) { return items[i].span.begin; });
  }

  /// `{`, one line per item (all but the last with ','), `}` left open on its line.
  template <typename Print, typename BeginOf>
  void BlockOut(uint32_t n, const Block& block, Print print, BeginOf begin_of) {
    if (n == 0) {
      Put("{}");
      Mark(block.rbrace.end);
      return;
    }
    int indent = line_.indent;
    Put("{");
    Mark(block.lbrace.end);
    End();
    for (uint32_t i = 0; i < n; ++i) {
      Begin(indent + kIndent, begin_of(i));
      print(i);
      if (i + 1 < n) Put(",");
      End();
    }
    Begin(indent, block.rbrace.begin, true);
    Put("}");
    Mark(block.rbrace.end);
  }

  void SortKeys(const List<SortKey>& keys) {
    for (uint32_t i = 0; i < keys.size; ++i) {
      if (i) Put(", ");
      if (keys[i].minus) Put("-");
      NameOut(keys[i].name);
      if (keys[i].dir == SortDir::kAsc) Put(" asc");
      if (keys[i].dir == SortDir::kDesc) Put(" desc");
      Mark(keys[i].span.end);
    }
  }

  // ---- expressions ----

  void Exprs(const List<Expr*>& list) {
    for (uint32_t i = 0; i < list.size; ++i) {
      if (i) Put(", ");
      ExprOut(list[i]);
    }
  }

  void ExprOut(const Expr* e) {
    switch (e->kind) {
      case ExprKind::kName: NameOut(As<NameExpr>(e)->name); break;
      case ExprKind::kString: case ExprKind::kNumber: case ExprKind::kDate:
      case ExprKind::kTimestamp: case ExprKind::kTrue: case ExprKind::kFalse:
      case ExprKind::kNull:
        Src(e->span);
        break;
      case ExprKind::kParen:
        Put("(");
        ExprOut(As<ParenExpr>(e)->inner);
        Put(")");
        break;
      case ExprKind::kUnary: {
        auto* u = As<UnaryExpr>(e);
        if (u->op == UnaryOp::kNot) {
          Put("not ");
        } else {
          Put("-");
          // `- -x` must not become `--x`, which starts a comment.
          if (u->operand->kind == ExprKind::kUnary && As<UnaryExpr>(u->operand)->op == UnaryOp::kNeg)
            Put(" ");
        }
        ExprOut(u->operand);
        break;
      }
      case ExprKind::kBinary: {
        auto* b = As<BinaryExpr>(e);
        ExprOut(b->lhs);
        Put(" ");
        Put(BinaryOpSpelling(b->op));
        Put(" ");
        ExprOut(b->rhs);
        break;
      }
      case ExprKind::kIsNull: {
        auto* i = As<IsNullExpr>(e);
        ExprOut(i->operand);
        Put(i->negated ? " is not null" : " is null");
        break;
      }
      case ExprKind::kIn: {
        auto* in = As<InExpr>(e);
        ExprOut(in->operand);
        Put(in->negated ? " not in [" : " in [");
        Exprs(in->items);
        Put("]");
        break;
      }
      case ExprKind::kCall: CallOut(As<CallExpr>(e)); break;
      case ExprKind::kMatch: MatchOut(As<MatchExpr>(e)); break;
    }
    Mark(e->span.end);
  }

  void CallOut(const CallExpr* c) {
    Word(c->name);
    Put("(");
    Exprs(c->args);
    Put(")");
    const WindowSpec* w = c->over;
    if (!w) return;
    Put(" over (");
    bool first = true;
    auto sep = [&] {
      if (!first) Put(", ");
      first = false;
    };
    if (!w->partition.empty()) {
      sep();
      Put("partition ");
      for (uint32_t i = 0; i < w->partition.size; ++i) {
        if (i) Put(", ");
        NameOut(w->partition[i]);
      }
    }
    if (!w->sort.empty()) {
      sep();
      Put("sort ");
      SortKeys(w->sort);
    }
    if (const WindowFrame* fr = w->frame) {
      sep();
      Put(fr->range ? "range " : "rows ");
      Bound(fr->start);
      Put("..");
      Bound(fr->end);
    }
    Put(")");
    Mark(w->span.end);
  }

  void Bound(const FrameBound& b) {
    switch (b.kind) {
      case BoundKind::kUnbounded: Put("unbounded"); break;
      case BoundKind::kCurrent: Put("current"); break;
      case BoundKind::kOffset: Put(b.offset); break;
    }
    Mark(b.span.end);
  }

  void MatchOut(const MatchExpr* m) {
    int indent = line_.indent;
    Put("match ");
    ExprOut(m->subject);
    Put(" {");
    Mark(m->lbrace.end);
    End();
    for (uint32_t i = 0; i < m->arms.size; ++i) {
      const MatchArm* arm = m->arms[i];
      Begin(indent + kIndent, arm->span.begin);
      switch (arm->kind) {
        case ArmKind::kWildcard: Put("_"); break;
        case ArmKind::kValue: ExprOut(arm->value); break;
        case ArmKind::kCompare:
          Put(BinaryOpSpelling(arm->op));
          Put(" ");
          ExprOut(arm->value);
          break;
        case ArmKind::kIn:
          Put("in [");
          Exprs(arm->items);
          Put("]");
          break;
      }
      Put(" => ");
      ExprOut(arm->result);
      if (i + 1 < m->arms.size) Put(",");
      End();
    }
    Begin(indent, m->rbrace.begin, true);
    Put("}");
    Mark(m->rbrace.end);
  }

  const ParsedFile& f_;
  std::vector<Comment> comments_;
  size_t next_comment_ = 0;
  std::vector<OutLine> lines_;
  OutLine line_;
  uint32_t last_end_ = 0;
};

}  // namespace

FormatResult Format(std::string_view text, const std::string& file) {
  auto parsed = Parse(text, file);
  if (!parsed->ok()) return FormatResult{std::nullopt, parsed->diagnostics()};
  return FormatResult{Formatter(*parsed).Run(), {}};
}

}  // namespace rocky::lang
