// Issue 7 acceptance: for each TPC-H query in tests/corpora/sql/tpc-h.sql, column lineage
// attributes every output column of the original query to the same tables as the fully
// qualified form that follows it in the corpus.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "base/strings.h"
#include "compiler/binder.h"
#include "sql/dialect.h"
#include "sql/parser.h"

namespace rocky::compiler {
namespace {

// The TPC-H schema (types are not what this test checks).
class TpchCatalog : public Catalog {
 public:
  TpchCatalog() {
    Add("part", "p_partkey p_name p_mfgr p_brand p_type p_size p_container p_retailprice p_comment");
    Add("supplier", "s_suppkey s_name s_address s_nationkey s_phone s_acctbal s_comment");
    Add("partsupp", "ps_partkey ps_suppkey ps_availqty ps_supplycost ps_comment");
    Add("customer",
        "c_custkey c_name c_address c_nationkey c_phone c_acctbal c_mktsegment c_comment");
    Add("orders",
        "o_orderkey o_custkey o_orderstatus o_totalprice o_orderdate o_orderpriority o_clerk "
        "o_shippriority o_comment");
    Add("lineitem",
        "l_orderkey l_partkey l_suppkey l_linenumber l_quantity l_extendedprice l_discount l_tax "
        "l_returnflag l_linestatus l_shipdate l_commitdate l_receiptdate l_shipinstruct "
        "l_shipmode l_comment");
    Add("nation", "n_nationkey n_name n_regionkey n_comment");
    Add("region", "r_regionkey r_name r_comment");
  }
  const RelationShape* Find(const std::vector<std::string>& parts) const override {
    auto it = tables_.find(ToLower(parts.back()));
    return it == tables_.end() ? nullptr : &it->second;
  }

 private:
  void Add(const std::string& table, const std::string& columns) {
    RelationShape shape;
    for (const std::string& c : Split(columns, " "))
      shape.columns.push_back({c, ColumnType{Type::Unknown(), true}, {}});
    tables_[table] = std::move(shape);
  }
  std::map<std::string, RelationShape> tables_;
};

// Per output column: the set of tables its lineage reaches.
std::vector<std::set<std::string>> TablesPerColumn(const sql::Script& script,
                                                   const sql::Query& query,
                                                   const Catalog& catalog,
                                                   std::vector<Diagnostic>& errors) {
  BindResult r = BindQuery(script, query, catalog);
  for (const Diagnostic& d : r.diagnostics)
    if (d.severity == Severity::kError) errors.push_back(d);
  std::vector<std::set<std::string>> out;
  for (const BoundColumn& c : r.columns) {
    std::set<std::string> tables;
    for (const ColumnSource& s : c.sources) tables.insert(ToLower(s.relation));
    out.push_back(std::move(tables));
  }
  return out;
}

TEST(TpchLineage, OriginalAndQualifiedFormsAgree) {
  std::ifstream in(std::string(ROCKY_CORPUS_DIR) + "/tpc-h.sql");
  ASSERT_TRUE(in) << "missing tests/corpora/sql/tpc-h.sql";
  std::stringstream text;
  text << in.rdbuf();
  auto script = sql::Parse(text.str(), sql::DuckDbDialect());
  ASSERT_TRUE(script->diagnostics().empty());
  const auto& statements = script->statements();
  ASSERT_EQ(statements.size() % 2, 0u);
  TpchCatalog catalog;
  size_t columns_checked = 0;
  for (size_t i = 0; i + 1 < statements.size(); i += 2) {
    const auto* original = static_cast<const sql::QueryStatement*>(statements[i].tree);
    const auto* qualified = static_cast<const sql::QueryStatement*>(statements[i + 1].tree);
    ASSERT_EQ(original->kind, sql::StatementKind::kQueryStatement);
    ASSERT_EQ(qualified->kind, sql::StatementKind::kQueryStatement);
    std::vector<Diagnostic> errors;
    auto a = TablesPerColumn(*script, *original->query, catalog, errors);
    auto b = TablesPerColumn(*script, *qualified->query, catalog, errors);
    for (const Diagnostic& d : errors) ADD_FAILURE() << "query " << i / 2 + 1 << ": " << d.message;
    ASSERT_EQ(a.size(), b.size()) << "query " << i / 2 + 1;
    for (size_t c = 0; c < a.size(); ++c) {
      EXPECT_EQ(a[c], b[c]) << "query " << i / 2 + 1 << ", column " << c + 1;
      ++columns_checked;
    }
  }
  EXPECT_GE(columns_checked, 70u);  // 22 queries, 76 output columns
}

}  // namespace
}  // namespace rocky::compiler
