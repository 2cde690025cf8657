#include "sql/table_references.h"

#include <algorithm>

#include "sql/parser.h"
#include "sql/walker.h"

namespace rocky::sql {

namespace {

char FoldChar(char c, CaseFolding folding) {
  if (folding == CaseFolding::kUpper) return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
  return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

// Scopes are frames, one per WITH being walked: the CTEs [0, visible) of `with` are in scope.
// A query or statement remembers how many frames existed when it was entered and drops the
// frames of its own WITH when it is left.
class Collector : public TreeVisitor {
 public:
  Collector(const Script& script, std::vector<TableReference>& out) : script_(script), out_(out) {}

  bool Enter(const Statement&) override {
    marks_.push_back(frames_.size());
    return true;
  }
  void Leave(const Statement&) override { PopScope(); }
  bool Enter(const Query&) override {
    marks_.push_back(frames_.size());
    return true;
  }
  void Leave(const Query&) override { PopScope(); }

  bool Enter(const With& with) override {
    frames_.push_back(Frame{&with, with.recursive ? with.ctes.size : 0});
    return true;
  }
  void Leave(const Cte&) override {
    // Inner scopes are gone by now: the top frame is this CTE's WITH.
    Frame& f = frames_.back();
    if (!f.with->recursive) ++f.visible;
  }

  bool Enter(const TableRef& ref) override {
    if (ref.kind != TableRefKind::kTable) return true;
    const Table& table = As<Table>(ref);
    // A stage holds files, not a relation; IDENTIFIER($var) names no table before run time.
    if (table.name.empty() && !table.path) return true;
    TableReference item;
    item.table = &table;
    item.name = table.name;
    if (table.name.empty()) {
      item.span = table.path->span;
    } else {
      if (table.identifier()) {
        // The whole IDENTIFIER('…') call: rewriting replaces it with a plain name.
        std::string_view src = script_.source();
        size_t end = table.identifier()->span.end;
        while (end < src.size() && src[end] != ')') ++end;
        item.span = SrcRange{table.span.begin, static_cast<uint32_t>(std::min(end + 1, src.size()))};
      } else {
        item.span = SrcRange{table.name[0].span.begin, table.name.back().span.end};
      }
      if (table.name.size == 1) item.cte = FindCte(table.name[0]);
    }
    out_.push_back(item);
    return true;
  }

 private:
  struct Frame {
    const With* with;
    uint32_t visible;
  };

  void PopScope() {
    frames_.resize(marks_.back());
    marks_.pop_back();
  }

  const Cte* FindCte(const Ident& name) const {
    for (size_t f = frames_.size(); f-- > 0;) {
      const Frame& frame = frames_[f];
      for (uint32_t i = frame.visible; i-- > 0;) {
        const Cte* cte = frame.with->ctes[i];
        if (SameIdentifier(script_, cte->name, name)) return cte;
      }
    }
    return nullptr;
  }

  const Script& script_;
  std::vector<TableReference>& out_;
  std::vector<Frame> frames_;
  std::vector<size_t> marks_;
};

void SortBySource(std::vector<TableReference>& refs) {
  std::stable_sort(refs.begin(), refs.end(), [](const TableReference& a, const TableReference& b) {
    return a.span.begin < b.span.begin;
  });
}

}  // namespace

bool SameIdentifier(const Script& script, const Ident& a, const Ident& b) {
  if (a.sym == b.sym && a.quoted == b.quoted) return true;
  std::string_view x = script.Spelling(a), y = script.Spelling(b);
  if (x.size() != y.size()) return false;
  const CaseFolding folding = script.dialect().folding;
  if (folding == CaseFolding::kInsensitive || (!a.quoted && !b.quoted)) {
    for (size_t i = 0; i < x.size(); ++i)
      if (FoldChar(x[i], CaseFolding::kLower) != FoldChar(y[i], CaseFolding::kLower)) return false;
    return true;
  }
  // The dialect folds unquoted names; a quoted name is taken as written.
  for (size_t i = 0; i < x.size(); ++i) {
    char cx = a.quoted ? x[i] : FoldChar(x[i], folding);
    char cy = b.quoted ? y[i] : FoldChar(y[i], folding);
    if (cx != cy) return false;
  }
  return true;
}

std::vector<TableReference> CollectTableReferences(const Script& script, const Query& query) {
  std::vector<TableReference> out;
  Collector collector(script, out);
  Walk(&query, collector);
  SortBySource(out);
  return out;
}

std::vector<TableReference> CollectTableReferences(const Script& script,
                                                   const Statement& statement) {
  std::vector<TableReference> out;
  Collector collector(script, out);
  Walk(&statement, collector);
  SortBySource(out);
  return out;
}

}  // namespace rocky::sql
