#include "lang/sql_names.h"

#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "base/strings.h"
#include "sql/keywords.h"
#include "sql/parser.h"

namespace rocky::lang {

namespace {

const sql::Select* FirstSelect(const sql::Script& s) {
  if (!s.ok() || s.statements().size() != 1) return nullptr;
  const sql::Statement* st = s.statements()[0].tree;
  if (!st || st->kind != sql::StatementKind::kQueryStatement) return nullptr;
  const sql::Query* q = static_cast<const sql::QueryStatement*>(st)->query;
  return q->kind == sql::QueryKind::kSelect ? static_cast<const sql::Select*>(q) : nullptr;
}

bool IsPlainName(const sql::Script& s, const sql::Expr* e, std::string_view word) {
  if (e->kind != sql::ExprKind::kColumn) return false;
  const sql::Name& n = static_cast<const sql::Column*>(e)->name;
  return n.size == 1 && EqualsIgnoreCase(s.Spelling(n[0]), word);
}

bool IdentReadsBack(std::string_view w, const sql::Dialect& d) {
  std::string word(w);
  auto replace = [&](std::string text) { return ReplaceAll(text, "@", word); };
  auto column = sql::Parse(replace("SELECT @ FROM t"), d);
  const sql::Select* s = FirstSelect(*column);
  if (!s || s->items.size != 1 || !IsPlainName(*column, s->items[0]->expr, word)) return false;
  auto places = sql::Parse(
      replace("SELECT @.*, @.x, x.@, @ + 1 AS @ FROM @ AS @ JOIN @.@.@ AS x ON @.x = x.@ "
              "WHERE @ = 1 GROUP BY @, @.x HAVING @ > 1 ORDER BY @, x.@ DESC"),
      d);
  if (!FirstSelect(*places)) return false;
  auto cte = sql::Parse(replace("WITH @ AS (SELECT 1) SELECT * FROM @"), d);
  s = FirstSelect(*cte);
  return s && s->with && s->with->ctes.size == 1 &&
         EqualsIgnoreCase(cte->Spelling(s->with->ctes[0]->name), word);
}

bool FunctionReadsBack(std::string_view name, const sql::Dialect& d) {
  auto parsed = sql::Parse("SELECT " + std::string(name) + "(x)", d);
  const sql::Select* s = FirstSelect(*parsed);
  if (!s || s->items.size != 1 || s->items[0]->expr->kind != sql::ExprKind::kFunc) return false;
  const sql::Name& n = static_cast<const sql::Func*>(s->items[0]->expr)->name;
  return n.size == 1 && EqualsIgnoreCase(parsed->Spelling(n[0]), name);
}

bool IsSqlKeyword(std::string_view word) {
  return sql::LookupKeyword(word, sql::CaseFoldHash(word)) != sql::Keyword::kNone;
}

// Answers per (dialect, word, function?). Lowering may run on several threads.
bool Cached(std::string_view word, const sql::Dialect& d, bool function,
            bool (*reads_back)(std::string_view, const sql::Dialect&)) {
  static std::mutex mu;
  static std::map<std::tuple<const sql::Dialect*, std::string, bool>, bool> cache;
  auto key = std::make_tuple(&d, ToLower(word), function);
  {
    std::lock_guard lock(mu);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  bool needs = !reads_back(word, d);
  std::lock_guard lock(mu);
  cache.emplace(std::move(key), needs);
  return needs;
}

}  // namespace

bool IdentNeedsQuotes(std::string_view word, const sql::Dialect& dialect) {
  if (!IsSqlKeyword(word)) return false;
  if (dialect.IsReserved(sql::LookupKeyword(word, sql::CaseFoldHash(word)))) return true;
  return Cached(word, dialect, false, &IdentReadsBack);
}

bool FunctionNeedsQuotes(std::string_view name, const sql::Dialect& dialect) {
  if (!IsSqlKeyword(name)) return false;
  return Cached(name, dialect, true, &FunctionReadsBack);
}

}  // namespace rocky::lang
