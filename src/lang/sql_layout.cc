// LowerResult::Sql: the lowered query in the layout of dsl.md §3.2. Expressions go through the
// SQL printer (sql/printer.h); this file only decides where the lines break.

#include <fmt/format.h>

#include "lang/lower.h"
#include "sql/printer.h"

namespace rocky::lang {

namespace {

class Layout {
 public:
  Layout(const sql::Script& script, const sql::PrintOptions& options)
      : script_(script), options_(options),
        dialect_(options.dialect ? *options.dialect : script.dialect()) {}

  void Query(const sql::Query* q) {
    // Lowering makes only SELECTs; anything else prints on one line.
    if (q->kind != sql::QueryKind::kSelect) {
      out_ += sql::PrintQuery(script_, *q, options_);
      return;
    }
    auto* s = static_cast<const sql::Select*>(q);
    if (const sql::With* w = s->with) {
      out_ += "WITH ";
      for (uint32_t i = 0; i < w->ctes.size; ++i) {
        if (i) out_ += ",\n";
        Id(w->ctes[i]->name);
        out_ += " AS (\n";
        Query(w->ctes[i]->query);
        out_ += "\n)";
      }
      out_ += '\n';
    }
    out_ += s->distinct ? "SELECT DISTINCT " : "SELECT ";
    for (uint32_t i = 0; i < s->items.size; ++i) {
      if (i) out_ += ", ";
      Expr(s->items[i]->expr);
      if (s->items[i]->alias.valid()) {
        out_ += " AS ";
        Id(s->items[i]->alias);
      }
    }
    if (s->from) {
      out_ += "\nFROM ";
      From(s->from);
    }
    if (s->where) (out_ += "\nWHERE ", Expr(s->where));
    if (s->group_by) {
      out_ += "\nGROUP BY ";
      for (uint32_t i = 0; i < s->group_by->items.size; ++i) {
        if (i) out_ += ", ";
        Expr(s->group_by->items[i]);
      }
    }
    if (s->having) (out_ += "\nHAVING ", Expr(s->having));
    if (s->order_by.size) {
      out_ += "\nORDER BY ";
      for (uint32_t i = 0; i < s->order_by.size; ++i) {
        if (i) out_ += ", ";
        Expr(s->order_by[i]->expr);
        if (s->order_by[i]->dir == sql::SortDir::kDesc) out_ += " DESC";
        if (s->order_by[i]->dir == sql::SortDir::kAsc) out_ += " ASC";
      }
    }
    if (s->limit && s->limit->count) (out_ += "\nLIMIT ", Expr(s->limit->count));
  }

  std::string Take() { return std::move(out_); }

 private:
  void Expr(const sql::Expr* e) { out_ += sql::PrintExpr(script_, *e, options_); }

  void Id(const sql::Ident& id) {
    std::string_view s = script_.Spelling(id);
    if (!id.quoted && !options_.quote_all_identifiers) {
      out_ += s;
      return;
    }
    char q = dialect_.ident_quote;
    out_ += q;
    for (char c : s) {
      if (c == q) out_ += q;
      out_ += c;
    }
    out_ += q;
  }

  void Alias(const sql::TableRef* r) {
    if (!r->alias) return;
    out_ += " AS ";
    Id(r->alias->name);
  }

  void From(const sql::TableRef* r) {
    switch (r->kind) {
      case sql::TableRefKind::kTable: {
        auto* t = static_cast<const sql::Table*>(r);
        for (uint32_t i = 0; i < t->name.size; ++i) {
          if (i) out_ += '.';
          Id(t->name[i]);
        }
        Alias(r);
        return;
      }
      case sql::TableRefKind::kDerived:
        out_ += "(\n";
        Query(static_cast<const sql::Derived*>(r)->query);
        out_ += "\n)";
        Alias(r);
        return;
      case sql::TableRefKind::kJoin: {
        auto* j = static_cast<const sql::Join*>(r);
        From(j->left);
        switch (j->join) {
          case sql::JoinKind::kLeft: out_ += "\nLEFT JOIN "; break;
          case sql::JoinKind::kRight: out_ += "\nRIGHT JOIN "; break;
          case sql::JoinKind::kFull: out_ += "\nFULL JOIN "; break;
          case sql::JoinKind::kCross: out_ += "\nCROSS JOIN "; break;
          default: out_ += "\nJOIN "; break;
        }
        From(j->right);
        if (j->on) (out_ += " ON ", Expr(j->on));
        return;
      }
      default:  // lowering makes no other kinds
        return;
    }
  }

  const sql::Script& script_;
  const sql::PrintOptions& options_;
  const sql::Dialect& dialect_;
  std::string out_;
};

}  // namespace

std::string LowerResult::Sql(const sql::Dialect* dialect) const {
  if (!query) return {};
  sql::PrintOptions options;
  options.dialect = dialect;
  Layout layout(*script, options);
  layout.Query(query);
  return layout.Take();
}

}  // namespace rocky::lang
