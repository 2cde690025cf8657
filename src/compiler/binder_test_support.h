// Shared by the binder's tests: a catalog from a map, a query bound in one call, and the bound
// columns, lineage and diagnostic codes as text to compare.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "compiler/binder.h"
#include "sql/dialect.h"
#include "sql/parser.h"

namespace rocky::compiler::binder_testing {

class MapCatalog : public Catalog {
 public:
  void Add(std::string name, std::vector<BoundColumn> columns) {
    shapes_[ToLower(name)] = RelationShape{std::move(columns), false};
  }
  const RelationShape* Find(const std::vector<std::string>& parts) const override {
    auto it = shapes_.find(ToLower(Join(parts, ".")));
    return it == shapes_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, RelationShape> shapes_;
};

struct Bound {
  BindResult result;
  /// "name:Type, …" in output order.
  std::string Columns() const {
    std::vector<std::string> out;
    for (const auto& c : result.columns) out.push_back(c.name + ":" + c.type.ToString());
    return Join(out, ", ");
  }
  /// "col <- rel.src transform + …; …".
  std::string Lineage() const {
    std::vector<std::string> out;
    for (const auto& c : result.columns) {
      std::vector<std::string> sources;
      for (const auto& s : c.sources)
        sources.push_back(s.relation + "." + s.column + " " + s.transform);
      out.push_back(c.name + " <- " + Join(sources, " + "));
    }
    return Join(out, "; ");
  }
  std::vector<std::string> Codes() const {
    std::vector<std::string> out;
    for (const auto& d : result.diagnostics) out.push_back(d.code);
    return out;
  }
  /// The W002 / E002 diagnostics, "code message" per line.
  std::string Warnings() const {
    std::vector<std::string> out;
    for (const auto& d : result.diagnostics)
      if (d.code == "W002" || d.code == "E002") out.push_back(d.code + " " + d.message);
    return Join(out, "\n");
  }
};

/// Parses `sql` (one query statement, which must parse cleanly) and binds it against `catalog`.
inline Bound BindText(std::string_view sql, const Catalog& catalog, const sql::Dialect& dialect) {
  auto script = sql::Parse(sql, dialect);
  EXPECT_TRUE(script->diagnostics().empty())
      << sql << ": " << (script->diagnostics().empty() ? "" : script->diagnostics()[0].message);
  if (script->statements().empty() || !script->statements()[0].tree) return {};
  const auto* stmt = static_cast<const sql::QueryStatement*>(script->statements()[0].tree);
  BindOptions options;
  options.dialect = std::string(dialect.name);
  return Bound{BindQuery(*script, *stmt->query, catalog, options)};
}

}  // namespace rocky::compiler::binder_testing
