#include "lang/lower.h"

#include <fmt/format.h>

#include "lang/lower_internal.h"

namespace rocky::lang {

namespace {

// Step ranks of dsl.md §3.1.
constexpr int kRankJoin = 1, kRankWhere = 2, kRankGroup = 3, kRankHaving = 4, kRankProject = 5,
              kRankDistinct = 6, kRankSort = 7, kRankTake = 8;

sql::JoinKind SqlJoin(JoinKind k) {
  switch (k) {
    case JoinKind::kInner: return sql::JoinKind::kInner;
    case JoinKind::kLeft: return sql::JoinKind::kLeft;
    case JoinKind::kRight: return sql::JoinKind::kRight;
    case JoinKind::kFull: return sql::JoinKind::kFull;
    case JoinKind::kCross: return sql::JoinKind::kCross;
  }
  return sql::JoinKind::kInner;
}

}  // namespace

Lowerer::Lowerer(const ParsedFile& parsed, sql::Script& script,
                 std::vector<Diagnostic>& diagnostics)
    : parsed_(parsed), script_(script), arena_(script.arena()), syms_(script.symbols()),
      dialect_(script.dialect()), diags_(diagnostics) {}

sql::Query* Lowerer::LowerFile(const File& file) {
  std::vector<sql::Cte*> ctes;
  for (const Let* let : file.lets) {
    sql::Select* q = LowerPipeline(*let->body);
    auto* cte = Plain<sql::Cte>();
    cte->span = let->span;
    cte->name = Id(let->name);
    cte->query = q;
    ctes.push_back(cte);
  }
  sql::Select* main = LowerPipeline(*file.main);
  if (!ctes.empty()) {
    auto* with = Plain<sql::With>();
    with->span = ctes.front()->span;
    with->ctes = ToList(ctes);
    main->with = with;
  }
  return main;
}

sql::Select* Lowerer::LowerPipeline(const Pipeline& p) {
  frame_ = Frame{};
  subquery_count_ = 0;
  current_ = p.span;
  auto* t = New<sql::Table>(p.relation.span);
  t->name = NameOf(p.relation);
  if (p.alias.valid()) {
    auto* alias = Plain<sql::TableAlias>();
    alias->name = Id(p.alias);
    t->alias = alias;
    frame_.left = alias->name;
  } else {
    frame_.left = Id(p.relation.parts.back());
  }
  frame_.from = t;
  for (const Step* step : p.steps) ApplyStep(*step);
  return BuildSelect(p.span);
}

void Lowerer::ApplyStep(const Step& step) {
  current_ = step.span;
  auto rank_of = [&] {
    switch (step.kind) {
      case StepKind::kJoin: return kRankJoin;
      case StepKind::kWhere: return frame_.has_group ? kRankHaving : kRankWhere;
      case StepKind::kGroup: return kRankGroup;
      case StepKind::kDerive: case StepKind::kSelect: return kRankProject;
      case StepKind::kDistinct: return kRankDistinct;
      case StepKind::kSort: return kRankSort;
      case StepKind::kTake: return kRankTake;
      case StepKind::kReplicate: return 0;
    }
    return 0;
  };
  if (step.kind == StepKind::kReplicate) return;  // `SELECT * FROM X` is what a bare from gives
  int rank = rank_of();
  if (rank < frame_.max_rank || (step.kind == StepKind::kGroup && frame_.has_group) ||
      (step.kind == StepKind::kTake && frame_.limit)) {
    CloseFrame(step.span);
    rank = rank_of();
  }
  switch (step.kind) {
    case StepKind::kWhere: {
      Lowered cond = LowerExpr(static_cast<const WhereStep&>(step).condition, true);
      CheckDepth(cond, step.span);
      (rank == kRankHaving ? frame_.having : frame_.where).push_back(cond.expr);
      break;
    }
    case StepKind::kGroup: {
      auto& g = static_cast<const GroupStep&>(step);
      frame_.has_group = true;
      for (const Name& key : g.keys) {
        frame_.group_keys.push_back(ColumnOf(key));
        frame_.group_items.push_back(Item(ColumnOf(key), {}, key.span));
      }
      for (const lang::Item& item : g.items) {
        Lowered value = LowerExpr(item.expr, true);
        CheckDepth(value, item.span);
        frame_.group_items.push_back(Item(value.expr, Id(item.name), item.span));
        frame_.aliases[item.name.text] = {item.name.text, value};
      }
      break;
    }
    case StepKind::kDerive:
      for (const lang::Item& item : static_cast<const DeriveStep&>(step).items) {
        Lowered value = LowerExpr(item.expr, true);
        CheckDepth(value, item.span);
        frame_.extra.push_back(Item(value.expr, Id(item.name), item.span));
        frame_.aliases[item.name.text] = {item.name.text, value};
      }
      break;
    case StepKind::kSelect: {
      frame_.has_select = true;
      frame_.select_items.clear();
      frame_.extra.clear();
      for (const SelectItem& item : static_cast<const SelectStep&>(step).items) {
        if (item.star) {
          frame_.select_items.push_back(Item(StarOf(nullptr, item.span), {}, item.span));
        } else if (const AliasDef* a = FindAlias(item.name)) {
          frame_.select_items.push_back(
              Item(Clone(a->value.expr), Id(item.name.parts[0]), item.span));
        } else {
          frame_.select_items.push_back(Item(ColumnOf(item.name), {}, item.span));
        }
      }
      break;
    }
    case StepKind::kJoin: {
      auto& j = static_cast<const JoinStep&>(step);
      ApplyJoin(j);
      if (!j.keep.empty()) rank = kRankProject;  // `{ keep … }` projects like a derive
      break;
    }
    case StepKind::kSort: {
      frame_.order.clear();
      for (const SortKey& k : static_cast<const SortStep&>(step).keys)
        frame_.order.push_back(OrderOf(k));
      break;
    }
    case StepKind::kTake: {
      auto* limit = Plain<sql::Limit>();
      limit->span = step.span;
      const Word& n = static_cast<const TakeStep&>(step).count;
      limit->count = Number(n.text, n.span);
      frame_.limit = limit;
      break;
    }
    case StepKind::kDistinct: frame_.distinct = true; break;
    case StepKind::kReplicate: break;
  }
  frame_.max_rank = std::max(frame_.max_rank, rank);
}

void Lowerer::ApplyJoin(const JoinStep& j) {
  auto* t = New<sql::Table>(j.relation.span);
  t->name = NameOf(j.relation);
  sql::Ident right = Id(j.alias.valid() ? j.alias : j.relation.parts.back());
  if (j.alias.valid()) {
    auto* alias = Plain<sql::TableAlias>();
    alias->name = right;
    t->alias = alias;
  }
  auto* join = New<sql::Join>(j.span);
  join->join = SqlJoin(j.join);
  join->left = frame_.from;
  join->right = t;
  if (!j.on_keys.empty()) {
    std::vector<sql::Expr*> conds;
    for (const Word& key : j.on_keys)
      conds.push_back(Binary(sql::BinaryOp::kEq, {QualifiedColumn(frame_.left, key), 1},
                             {QualifiedColumn(right, key), 1}, key.span)
                          .expr);
    join->on = AndAll(conds, j.span);
  } else if (j.on_expr) {
    Lowered on = LowerExpr(j.on_expr, false);
    CheckDepth(on, j.span);
    join->on = on.expr;
  }
  frame_.from = join;
  frame_.has_joins = true;
  for (const Name& name : j.keep) frame_.extra.push_back(Item(ColumnOf(name), {}, name.span));
}

sql::Expr* Lowerer::AndAll(const std::vector<sql::Expr*>& conjuncts, SrcRange span) {
  if (conjuncts.empty()) return nullptr;
  Lowered all{conjuncts[0], 1};
  for (size_t i = 1; i < conjuncts.size(); ++i)
    all = Binary(sql::BinaryOp::kAnd, all, {conjuncts[i], 1}, span);
  return all.expr;
}

void Lowerer::CloseFrame(SrcRange span) {
  sql::Select* inner = BuildSelect(span);
  auto* derived = New<sql::Derived>(span);
  derived->query = inner;
  auto* alias = Plain<sql::TableAlias>();
  alias->name = Generated(fmt::format("_q{}", ++subquery_count_), span);
  derived->alias = alias;
  frame_ = Frame{};
  frame_.from = derived;
  frame_.left = alias->name;
}

sql::Select* Lowerer::BuildSelect(SrcRange span) {
  auto* s = New<sql::Select>(span);
  std::vector<sql::SelectItem*> items;
  auto append = [&](const std::vector<sql::SelectItem*>& more) {
    items.insert(items.end(), more.begin(), more.end());
  };
  if (frame_.has_select) {
    append(frame_.select_items);
  } else if (frame_.has_group) {
    append(frame_.group_items);
  } else if (!frame_.extra.empty()) {
    items.push_back(Item(StarOf(frame_.has_joins ? &frame_.left : nullptr, span), {}, span));
  } else {
    items.push_back(Item(StarOf(nullptr, span), {}, span));
  }
  append(frame_.extra);
  s->items = ToList(items);
  s->from = frame_.from;
  s->where = AndAll(frame_.where, span);
  if (frame_.has_group && !frame_.group_keys.empty()) {
    auto* g = Plain<sql::GroupBy>();
    g->span = span;
    g->items = ToList(frame_.group_keys);
    s->group_by = g;
  }
  s->having = AndAll(frame_.having, span);
  s->distinct = frame_.distinct;
  s->order_by = ToList(frame_.order);
  s->limit = frame_.limit;
  return s;
}

LowerResult Lower(const ParsedFile& parsed, const sql::Dialect& dialect) {
  LowerResult r;
  r.script = std::make_unique<sql::Script>(parsed.text(), dialect, parsed.file());
  r.diagnostics = parsed.diagnostics();
  if (!parsed.ok() || !parsed.root().main) return r;
  Lowerer lowerer(parsed, *r.script, r.diagnostics);
  try {
    r.query = lowerer.LowerFile(parsed.root());
  } catch (const LowerAbort&) {
    r.query = nullptr;
  }
  return r;
}

LowerResult Lower(std::string_view text, const std::string& file, const sql::Dialect& dialect) {
  auto parsed = Parse(text, file);
  return Lower(*parsed, dialect);
}

}  // namespace rocky::lang
