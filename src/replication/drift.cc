#include "replication/drift.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <initializer_list>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "base/strings.h"

namespace rocky::replication {

namespace {

std::string CompactUpper(std::string_view type) {
  std::string out;
  out.reserve(type.size());
  for (char c : type) {
    auto u = static_cast<unsigned char>(c);
    if (std::isspace(u)) continue;
    out.push_back(static_cast<char>(std::toupper(u)));
  }
  return out;
}

// A compacted type split into its name and integer parameters; nullopt when the parameters are
// not a comma-separated list of integers.
struct TypeShape {
  std::string base;
  std::vector<int> params;
  bool has_parens = false;
};

std::optional<TypeShape> Shape(std::string_view type) {
  std::string text = CompactUpper(type);
  size_t open = text.find('(');
  if (open == std::string::npos) return TypeShape{text, {}, false};
  if (text.back() != ')') return std::nullopt;
  TypeShape shape{text.substr(0, open), {}, true};
  std::string inner = text.substr(open + 1, text.size() - open - 2);
  for (const auto& part : Split(inner, ",")) {
    int value = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || end != part.data() + part.size()) return std::nullopt;
    shape.params.push_back(value);
  }
  return shape;
}

bool In(std::string_view value, std::initializer_list<std::string_view> set) {
  for (auto s : set)
    if (value == s) return true;
  return false;
}

std::string LowerKey(std::string_view name) { return ToLower(name); }

std::string JoinReasons(const std::vector<std::string>& parts) { return Join(parts, ", "); }

}  // namespace

std::string_view ToString(DriftActionKind kind) {
  switch (kind) {
    case DriftActionKind::kAlterColumnTypes:
      return "alter_column_types";
    case DriftActionKind::kDropAndRecreate:
      return "drop_and_recreate";
    case DriftActionKind::kAddColumns:
      return "add_columns";
  }
  return "drop_and_recreate";
}

Json DriftAction::ToJson() const {
  return Json::Object().Set("table", table).Set("action", ToString(action)).Set("reason", reason);
}

bool SameColumnType(std::string_view a, std::string_view b) {
  return CompactUpper(a) == CompactUpper(b);
}

bool IsSafeWidening(std::string_view target_type, std::string_view source_type) {
  auto from = Shape(target_type);
  auto to = Shape(source_type);
  if (!from || !to) return false;
  const std::string& f = from->base;
  const std::string& t = to->base;

  // Parameterised rows first: DECIMAL(p,s) → DECIMAL(p2,s), VARCHAR(n) → VARCHAR(m).
  if (f == "DECIMAL" && t == "DECIMAL") {
    if (from->params.size() != 2 || to->params.size() != 2) return false;
    return from->params[1] == to->params[1] && to->params[0] >= from->params[0];
  }
  if (f == "VARCHAR" && t == "VARCHAR") {
    if (from->params.size() != 1 || to->params.size() != 1) return false;
    return to->params[0] >= from->params[0];
  }
  if (t == "STRING" && !to->has_parens) {
    if (f == "DECIMAL") return true;  // DECIMAL(…), any precision and scale
    return !from->has_parens &&
           In(f, {"INT", "INTEGER", "BIGINT", "LONG", "FLOAT", "DOUBLE", "BOOLEAN"});
  }
  if (from->has_parens || to->has_parens) return false;
  if (In(f, {"INT", "INTEGER"})) return In(t, {"BIGINT", "LONG"});
  if (f == "SMALLINT") return In(t, {"INT", "INTEGER", "BIGINT", "LONG"});
  if (f == "TINYINT") return In(t, {"SMALLINT", "INT", "INTEGER", "BIGINT", "LONG"});
  if (f == "FLOAT") return t == "DOUBLE";
  return false;
}

Result<DriftPlan> PlanDrift(const sdk::TableRef& target,
                            const std::vector<sdk::ColumnInfo>& source_columns,
                            const std::vector<sdk::ColumnInfo>& target_columns,
                            const std::vector<std::string>& metadata_columns,
                            const sdk::SqlDialect& dialect) {
  std::unordered_set<std::string> ignored;
  for (const auto& m : metadata_columns) ignored.insert(LowerKey(m));
  std::unordered_map<std::string, const sdk::ColumnInfo*> by_name;
  for (const auto& c : target_columns) {
    std::string key = LowerKey(c.name);
    if (!ignored.contains(key)) by_name.emplace(std::move(key), &c);
  }

  DriftPlan plan;
  for (const auto& s : source_columns) {
    std::string key = LowerKey(s.name);
    if (ignored.contains(key)) continue;
    auto it = by_name.find(key);
    if (it == by_name.end()) {
      plan.added.push_back(s);
    } else if (!SameColumnType(it->second->data_type, s.data_type)) {
      plan.drifted.push_back({it->second->name, it->second->data_type, s.data_type});
    }
  }

  const std::string table = target.FullName();
  if (!plan.drifted.empty()) {
    bool alterable = true;
    std::vector<std::string> changes;
    for (const auto& d : plan.drifted) {
      changes.push_back(
          fmt::format("column '{}' changed {} \u2192 {}", d.name, d.target_type, d.source_type));
      if (!IsSafeWidening(d.target_type, d.source_type) ||
          !dialect.CanAlter(d.target_type, d.source_type))
        alterable = false;
    }
    if (alterable) {
      for (const auto& d : plan.drifted) {
        auto sql = dialect.AlterColumnTypeSql(target, d.name, d.source_type);
        if (!sql) return std::unexpected(sql.error());
        plan.statements.push_back({"alter_column_types", table, std::move(*sql), true});
      }
      plan.actions.push_back({table, DriftActionKind::kAlterColumnTypes, JoinReasons(changes)});
    } else {
      auto sql = dialect.DropTableSql(target);
      if (!sql) return std::unexpected(sql.error());
      plan.statements.push_back({"drop_table", table, std::move(*sql), true});
      plan.actions.push_back({table, DriftActionKind::kDropAndRecreate, JoinReasons(changes)});
      plan.recreate = true;
      plan.added.clear();  // the CTAS creates every source column
      return plan;
    }
  }

  if (!plan.added.empty()) {
    std::vector<std::string> additions;
    for (const auto& a : plan.added) {
      auto sql = dialect.AddColumnSql(target, a.name, a.data_type);
      if (!sql) return std::unexpected(sql.error());
      plan.statements.push_back({"add_columns", table, std::move(*sql), true});
      additions.push_back(fmt::format("column '{}' added ({})", a.name, a.data_type));
    }
    plan.actions.push_back({table, DriftActionKind::kAddColumns, JoinReasons(additions)});
  }
  return plan;
}

}  // namespace rocky::replication
