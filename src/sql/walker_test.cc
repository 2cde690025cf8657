#include "sql/walker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sql/parser.h"

namespace rocky::sql {
namespace {

// Records every callback as "Kind:text" (Enter) or "/Kind" (Leave), and checks nesting.
class Recorder : public TreeVisitor {
 public:
  explicit Recorder(const Script& script) : script_(script) {}

  bool Enter(const Statement& s) override { return Push("Statement", s.span); }
  void Leave(const Statement&) override { Pop("Statement"); }
  bool Enter(const Query& q) override { return Push("Query", q.span); }
  void Leave(const Query&) override { Pop("Query"); }
  bool Enter(const TableRef& r) override { return Push("TableRef", r.span); }
  void Leave(const TableRef&) override { Pop("TableRef"); }
  bool Enter(const Expr& e) override {
    ++exprs[e.kind];
    return Push("Expr", e.span);
  }
  void Leave(const Expr&) override { Pop("Expr"); }
  bool Enter(const With& w) override { return Push("With", w.span); }
  void Leave(const With&) override { Pop("With"); }
  bool Enter(const Cte& c) override { return Push("Cte", c.span); }
  void Leave(const Cte&) override { Pop("Cte"); }
  bool Enter(const DataType& t) override { return Push("DataType", t.span); }
  void Leave(const DataType&) override { Pop("DataType"); }

  std::vector<std::string> events;
  std::vector<std::string> stack;
  std::map<ExprKind, int> exprs;
  std::string skip;  // Enter returns false for nodes of this family
  bool spans_ok = true;

 private:
  bool Push(const std::string& family, SrcRange span) {
    events.push_back(family + ":" + std::string(script_.Text(span)));
    stack.push_back(family);
    if (span.begin > span.end || span.end > script_.source().size()) spans_ok = false;
    return family != skip;
  }
  void Pop(const std::string& family) {
    ASSERT_FALSE(stack.empty());
    EXPECT_EQ(stack.back(), family);
    stack.pop_back();
    events.push_back("/" + family);
  }
  const Script& script_;
};

std::unique_ptr<Script> ParseOk(std::string_view sql, const Dialect& d = DuckDbDialect()) {
  auto s = Parse(sql, d);
  EXPECT_TRUE(s->ok()) << sql << ": " << (s->ok() ? "" : s->diagnostics()[0].message);
  return s;
}

TEST(WalkerTest, VisitsEveryFamilyWithBalancedEnterAndLeave) {
  auto s = ParseOk(
      "WITH a AS (SELECT CAST(x AS INT) AS x FROM t1) "
      "SELECT a.x, (SELECT max(y) FROM t2) FROM a JOIN LATERAL (SELECT 1 FROM t3) d ON true "
      "WHERE EXISTS (SELECT 1 FROM t4) AND a.x IN (SELECT z FROM t5)");
  Recorder r(*s);
  Walk(s->statements()[0].tree, r);
  EXPECT_TRUE(r.stack.empty());
  EXPECT_TRUE(r.spans_ok);
  int tables = 0, queries = 0, types = 0, ctes = 0;
  for (const std::string& e : r.events) {
    if (e.rfind("TableRef:t", 0) == 0) ++tables;
    if (e.rfind("Query:", 0) == 0) ++queries;
    if (e.rfind("DataType:", 0) == 0) ++types;
    if (e.rfind("Cte:", 0) == 0) ++ctes;
  }
  EXPECT_EQ(tables, 5);   // t1 .. t5
  EXPECT_EQ(queries, 6);  // main, CTE body, scalar, lateral, EXISTS, IN
  EXPECT_EQ(types, 1);
  EXPECT_EQ(ctes, 1);
  EXPECT_EQ(r.exprs[ExprKind::kExists], 1);
  EXPECT_EQ(r.exprs[ExprKind::kInQuery], 1);
  EXPECT_EQ(r.exprs[ExprKind::kSubquery], 1);
  EXPECT_EQ(r.exprs[ExprKind::kCast], 1);
  EXPECT_EQ(r.exprs[ExprKind::kFunc], 1);
}

TEST(WalkerTest, WithComesBeforeTheBody) {
  auto s = ParseOk("SELECT * FROM b ORDER BY 1");
  auto s2 = ParseOk("WITH b AS (SELECT 1) SELECT * FROM b ORDER BY 1");
  Recorder r(*s2);
  Walk(static_cast<const QueryStatement*>(s2->statements()[0].tree)->query, r);
  ASSERT_GE(r.events.size(), 3u);
  EXPECT_EQ(r.events[0], "Query:WITH b AS (SELECT 1) SELECT * FROM b ORDER BY 1");
  EXPECT_EQ(r.events[1], "With:WITH b AS (SELECT 1)");
  EXPECT_EQ(r.events[2], "Cte:b AS (SELECT 1)");
}

TEST(WalkerTest, EnterFalseSkipsChildrenButStillLeaves) {
  auto s = ParseOk("SELECT f(a + 1), (SELECT b FROM t) FROM u");
  Recorder r(*s);
  r.skip = "Expr";
  Walk(s->statements()[0].tree, r);
  EXPECT_TRUE(r.stack.empty());
  // The two select items are entered; nothing below them is.
  EXPECT_EQ(r.exprs[ExprKind::kFunc], 1);
  EXPECT_EQ(r.exprs[ExprKind::kSubquery], 1);
  EXPECT_EQ(r.exprs[ExprKind::kBinary], 0);
  EXPECT_EQ(r.exprs[ExprKind::kColumn], 0);
  int tables = 0;
  for (const std::string& e : r.events) tables += e == "TableRef:t";
  EXPECT_EQ(tables, 0);
  EXPECT_NE(std::find(r.events.begin(), r.events.end(), "TableRef:u"), r.events.end());
}

TEST(WalkerTest, ReachesExpressionsInsideTableRefsAndStatements) {
  auto s = ParseOk(
      "MERGE INTO tgt USING (SELECT * FROM src WHERE k IN (SELECT k FROM keys)) s ON tgt.k = s.k "
      "WHEN MATCHED THEN UPDATE SET v = (SELECT max(v) FROM hist) "
      "WHEN NOT MATCHED THEN INSERT (k, v) VALUES (s.k, s.v)");
  Recorder r(*s);
  Walk(s->statements()[0].tree, r);
  std::vector<std::string> tables;
  for (const std::string& e : r.events)
    if (e.rfind("TableRef:", 0) == 0 && e.find(' ') == std::string::npos)
      tables.push_back(e.substr(9));
  EXPECT_EQ(tables, (std::vector<std::string>{"tgt", "src", "keys", "hist"}));
}

TEST(WalkerTest, NullIsIgnored) {
  auto s = ParseOk("SELECT 1");
  Recorder r(*s);
  Walk(static_cast<const Expr*>(nullptr), r);
  Walk(static_cast<const Query*>(nullptr), r);
  EXPECT_TRUE(r.events.empty());
}

TEST(WalkerTest, DynAsChecksTheKind) {
  auto s = ParseOk("SELECT 1 FROM t");
  const Query* q = static_cast<const QueryStatement*>(s->statements()[0].tree)->query;
  ASSERT_TRUE(DynAs<Select>(q));
  EXPECT_FALSE(DynAs<SetOp>(q));
  EXPECT_TRUE(DynAs<Table>(As<Select>(*q).from));
}

// Every statement of the conformance corpora in every dialect: balanced callbacks, spans inside
// the source.
int WalkAll(const std::string& text, const Dialect& d) {
  ParseOptions options;
  options.allow_expressions = true;
  auto script = Parse(text, d, options);
  int walked = 0;
  for (const ScriptStatement& st : script->statements()) {
    if (!st.tree) continue;
    Recorder r(*script);
    Walk(st.tree, r);
    EXPECT_TRUE(r.stack.empty()) << text;
    EXPECT_TRUE(r.spans_ok) << text;
    ++walked;
  }
  return walked;
}

TEST(WalkerTest, CorpusWalksBalanced) {
  for (const char* name : {"tpc-h.sql", "identity.sql"}) {
    std::ifstream in(std::string(ROCKY_CORPUS_DIR) + "/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    ASSERT_FALSE(text.empty()) << name;
    for (const Dialect* d : AllDialects()) {
      int walked = 0;
      if (std::string(name) == "tpc-h.sql") {
        walked = WalkAll(text, *d);
      } else {
        std::istringstream lines(text);
        std::string line;
        while (std::getline(lines, line)) walked += WalkAll(line, *d);
      }
      EXPECT_GT(walked, 20) << name << " " << d->name;  // Spark reads "x" as a string
    }
  }
}

}  // namespace
}  // namespace rocky::sql
