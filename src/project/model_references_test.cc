#include "project/model_references.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "project/dag.h"
#include "project/model_loader.h"

namespace rocky::project {
namespace {

namespace fs = std::filesystem;
using V = std::vector<std::string>;

// A `.sql` model whose text starts at line 1, column 1 of models/<name>.sql.
Model Sql(std::string name, std::string text, std::vector<std::string> depends_on = {},
          bool depends_on_given = false) {
  Model m;
  m.name = std::move(name);
  m.path = "models/" + m.name + ".sql";
  m.kind = ModelKind::kSql;
  m.text = std::move(text);
  m.spans.file = Span{m.path, 1, 0, 0};
  m.spans.body = Span{m.path, 1, 1, static_cast<int>(m.text.size())};
  m.depends_on_given = depends_on_given || !depends_on.empty();
  m.depends_on = std::move(depends_on);
  if (m.depends_on_given) m.spans.depends_on = Span{"models/" + m.name + ".toml", 1, 1, 10};
  return m;
}

std::string Located(const Diagnostic& d) {
  std::string out = d.code + " ";
  if (d.span) out += fmt::format("{}:{}:{}: ", d.span->file, d.span->line, d.span->col);
  return out + d.message;
}

struct Resolved {
  std::vector<Model> models;
  std::vector<Diagnostic> diagnostics;
  std::vector<std::vector<ExternalRelation>> external;

  const Model& model(std::string_view name) const {
    for (const Model& m : models)
      if (m.name == name) return m;
    ADD_FAILURE() << "no model " << name;
    return models.front();
  }
  V refs(std::string_view name) const { return model(name).sql_references; }
  V externals(std::string_view name) const {
    for (size_t i = 0; i < models.size(); ++i)
      if (models[i].name == name) {
        V out;
        for (const ExternalRelation& r : external[i]) out.push_back(r.name);
        return out;
      }
    return {"<no model>"};
  }
  V messages() const {
    V out;
    for (const Diagnostic& d : diagnostics) out.push_back(Located(d));
    return out;
  }
};

Resolved Resolve(std::vector<Model> models, const sql::Dialect& dialect = sql::DuckDbDialect(),
                 unsigned threads = 1) {
  Resolved r;
  r.models = std::move(models);
  r.external = ResolveSqlReferences(r.models, r.diagnostics, dialect, SqlReferenceOptions{threads});
  EXPECT_EQ(r.external.size(), r.models.size());
  return r;
}

std::vector<Model> Upstreams() {
  return {Sql("stg_orders", "SELECT * FROM raw.orders"),
          Sql("stg_customers", "SELECT * FROM raw.customers"),
          Sql("stg_payments", "SELECT * FROM raw.payments")};
}

TEST(ModelRefTest, JoinsSubqueriesAndCtes) {
  auto models = Upstreams();
  models.push_back(Sql("mart",
                       "WITH paid AS (SELECT order_id FROM stg_payments)\n"
                       "SELECT o.*, c.name,\n"
                       "  (SELECT count(*) FROM STG_PAYMENTS p WHERE p.order_id = o.id) AS n\n"
                       "FROM stg_orders o\n"
                       "LEFT JOIN (SELECT * FROM stg_customers) c ON c.id = o.customer_id\n"
                       "WHERE o.id IN (SELECT order_id FROM paid)\n"
                       "  AND EXISTS (SELECT 1 FROM \"Stg_Orders\")"));
  Resolved r = Resolve(std::move(models));
  EXPECT_TRUE(r.diagnostics.empty()) << ::testing::PrintToString(r.messages());
  // Each model once, spelled as the model is named, in order of first appearance.
  EXPECT_EQ(r.refs("mart"), (V{"stg_payments", "stg_orders", "stg_customers"}));
  EXPECT_EQ(r.externals("mart"), V{});
  EXPECT_EQ(r.refs("stg_orders"), V{});
  EXPECT_EQ(r.externals("stg_orders"), V{"raw.orders"});
}

TEST(ModelRefTest, CteNamedLikeAModelShadowsIt) {
  auto models = Upstreams();
  // The main query reads the CTE; the CTE body cannot see itself, so it reads raw.orders.
  models.push_back(
      Sql("a", "WITH stg_orders AS (SELECT * FROM raw.orders) SELECT * FROM stg_orders"));
  // Here the CTE body reads the model it shadows.
  models.push_back(Sql("b",
                       "WITH stg_orders AS (SELECT * FROM stg_orders WHERE ok)\n"
                       "SELECT * FROM stg_orders"));
  // A CTE in a subquery does not hide the model outside the subquery.
  models.push_back(Sql("c",
                       "SELECT * FROM (WITH stg_customers AS (SELECT 1) "
                       "SELECT * FROM stg_customers) x, stg_customers"));
  // Recursive CTEs see themselves.
  models.push_back(Sql("d",
                       "WITH RECURSIVE stg_payments AS (SELECT 1 AS n UNION ALL "
                       "SELECT n + 1 FROM stg_payments WHERE n < 3) SELECT * FROM stg_payments"));
  Resolved r = Resolve(std::move(models));
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_EQ(r.refs("a"), V{});
  EXPECT_EQ(r.externals("a"), V{"raw.orders"});
  EXPECT_EQ(r.refs("b"), V{"stg_orders"});
  EXPECT_EQ(r.refs("c"), V{"stg_customers"});
  EXPECT_EQ(r.refs("d"), V{});
}

TEST(ModelRefTest, QualifiedAndUnknownNamesAreExternal) {
  auto models = Upstreams();
  models.push_back(Sql("m",
                       "SELECT * FROM analytics.stg_orders\n"
                       "JOIN poc.analytics.stg_customers USING (id)\n"
                       "JOIN \"Raw\".events e USING (id)\n"
                       "JOIN lookup USING (id)\n"
                       "JOIN 'seeds/x.csv' USING (id)"));
  Resolved r = Resolve(std::move(models));
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_EQ(r.refs("m"), V{});
  EXPECT_EQ(r.externals("m"), (V{"analytics.stg_orders", "poc.analytics.stg_customers",
                                 "\"Raw\".events", "lookup", "'seeds/x.csv'"}));
  const ExternalRelation& three = r.external[3][1];
  EXPECT_EQ(three.parts, (V{"poc", "analytics", "stg_customers"}));
  EXPECT_EQ(three.span.file, "models/m.sql");
  EXPECT_EQ(three.span.line, 2);
  EXPECT_EQ(three.span.col, 6);
  EXPECT_EQ(r.external[3][2].parts, (V{"Raw", "events"}));
  EXPECT_TRUE(r.external[3][4].parts.empty());
}

TEST(ModelRefTest, SelfReferenceIsListed) {
  Resolved r = Resolve({Sql("a", "SELECT * FROM a")});
  EXPECT_EQ(r.refs("a"), V{"a"});
  DagBuild b = BuildModelDag(r.models);
  EXPECT_FALSE(b.dag.acyclic());
  ASSERT_EQ(b.diagnostics.size(), 1u);
  EXPECT_EQ(b.diagnostics[0].message, "circular dependency detected involving: [a]");
}

TEST(ModelRefTest, RockyModelsAreLoweredAndResolvedLikeSql) {
  Model dsl = Sql("dsl", "from stg_orders\njoin raw.customers on customer_id\nwhere x > 1");
  dsl.kind = ModelKind::kRocky;
  dsl.path = "models/dsl.rocky";
  dsl.sql_references = {"stale"};
  auto models = Upstreams();
  models.push_back(std::move(dsl));
  Resolved r = Resolve(std::move(models));
  EXPECT_TRUE(r.diagnostics.empty()) << r.diagnostics[0].message;
  EXPECT_EQ(r.refs("dsl"), V{"stg_orders"});
  EXPECT_EQ(r.externals("dsl"), V{"raw.customers"});
  // The external relation is located in the .rocky file itself.
  for (size_t i = 0; i < r.models.size(); ++i)
    if (r.models[i].name == "dsl") {
      ASSERT_EQ(r.external[i].size(), 1u);
      EXPECT_EQ(r.external[i][0].span.file, "models/dsl.rocky");
      EXPECT_EQ(r.external[i][0].span.line, 2);
      EXPECT_EQ(r.external[i][0].span.col, 6);
    }
}

TEST(ModelRefTest, P003NotASingleQuery) {
  std::vector<Model> models = {
      Sql("two", "SELECT 1;\nSELECT 2"),    Sql("insert", "INSERT INTO t SELECT 1"),
      Sql("ddl", "CREATE TABLE t (x INT)"), Sql("syntax", "SELECT a,\n  b\nFROM t WHERE"),
      Sql("lex", "SELECT 'open"),           Sql("empty", ""),
      Sql("ok", "SELECT * FROM two"),
  };
  Resolved r = Resolve(std::move(models));
  EXPECT_EQ(r.messages(),
            (V{"P003 models/two.sql:2:1: .sql model is not a single parseable query: found 2 "
               "statements; a model is one query",
               "P003 models/insert.sql:1:1: .sql model is not a single parseable query: INSERT "
               "statement found; a model is a SELECT or WITH … SELECT query",
               "P003 models/ddl.sql:1:1: .sql model is not a single parseable query: CREATE "
               "statement found; a model is a SELECT or WITH … SELECT query",
               "P003 models/syntax.sql:3:13: .sql model is not a single parseable query: "
               "expected one of expression, '-', NOT, found end of input",
               "P003 models/lex.sql:1:8: .sql model is not a single parseable query: unterminated "
               "string literal",
               "P003 models/empty.sql:1:1: .sql model is not a single parseable query: the file "
               "has no query"}));
  for (const Diagnostic& d : r.diagnostics) {
    EXPECT_EQ(d.severity, Severity::kError);
    ASSERT_TRUE(d.model);
  }
  EXPECT_EQ(*r.diagnostics[0].model, "two");
  // A model that failed has no references; the others still resolve.
  EXPECT_EQ(r.refs("two"), V{});
  EXPECT_EQ(r.refs("ok"), V{"two"});
}

TEST(ModelRefTest, SpansAreFileCoordinatesAfterFrontmatter) {
  Model m = Sql("m", "SELECT *\n  FROM x WHERE");
  m.spans.body = Span{"models/m.sql", 5, 3, 0};  // the text starts at line 5, column 3
  Model n = Sql("n", "SELECT * FROM", {}, false);
  n.spans.body = Span{"models/n.sql", 4, 7, 0};
  Resolved r = Resolve({std::move(m), std::move(n)});
  ASSERT_EQ(r.diagnostics.size(), 2u);
  // Line 2 of the text keeps its column; line 1 is shifted by the body's column.
  EXPECT_EQ(r.diagnostics[0].span->line, 6);
  EXPECT_EQ(r.diagnostics[0].span->col, 15);
  EXPECT_EQ(r.diagnostics[1].span->line, 4);
  EXPECT_EQ(r.diagnostics[1].span->col, 20);
}

TEST(ModelRefTest, DialectDecidesWhatParses) {
  // `QUALIFY` and `FROM`-first are DuckDB; `@stage` is Snowflake.
  std::vector<Model> models = {Sql("a", "FROM b SELECT x"), Sql("b", "SELECT 1 AS x")};
  Resolved duck = Resolve(models, sql::DuckDbDialect());
  EXPECT_TRUE(duck.diagnostics.empty());
  EXPECT_EQ(duck.refs("a"), V{"b"});
  Resolved sf = Resolve(models, sql::SnowflakeDialect());
  ASSERT_EQ(sf.diagnostics.size(), 1u);
  EXPECT_EQ(sf.diagnostics[0].code, "P003");
}

TEST(ModelRefDag, DagSeesSqlReferences) {
  std::vector<Model> models = {
      Sql("stg", "SELECT * FROM raw.orders"),
      Sql("int", "WITH x AS (SELECT * FROM stg) SELECT * FROM x"),
      Sql("mart", "SELECT * FROM int JOIN stg USING (id)"),
  };
  Resolved r = Resolve(std::move(models));
  DagBuild b = BuildModelDag(r.models);
  EXPECT_TRUE(b.diagnostics.empty());
  const ModelDag& dag = b.dag;
  ASSERT_TRUE(dag.acyclic());
  EXPECT_EQ(dag.layer(*dag.Find("stg")), 0);
  EXPECT_EQ(dag.layer(*dag.Find("int")), 1);
  EXPECT_EQ(dag.layer(*dag.Find("mart")), 2);
  EXPECT_EQ(dag.execution_layers(), 3);
}

TEST(ModelRefDag, D011WhenDependsOnOmitsAReference) {
  std::vector<Model> models = {
      Sql("a", "SELECT 1 AS id"),
      Sql("b", "SELECT 1 AS id"),
      Sql("c", "SELECT * FROM a JOIN b USING (id)", {"a"}),
      Sql("d", "SELECT * FROM a", {}, /*depends_on_given=*/true),
      Sql("e", "SELECT * FROM a JOIN b USING (id)", {"b", "a"}),
  };
  Resolved r = Resolve(std::move(models));
  DagBuild b = BuildModelDag(r.models);
  ASSERT_TRUE(b.ok());
  V got;
  for (const Diagnostic& d : b.diagnostics)
    got.push_back(d.code + " " + *d.model + " " + d.message);
  EXPECT_EQ(got,
            (V{"D011 c model 'c' references 'b' in its SQL, but its depends_on does not list it",
               "D011 d model 'd' references 'a' in its SQL, but its depends_on does not list it"}));
  EXPECT_EQ(b.diagnostics[0].severity, Severity::kInfo);
}

TEST(ModelRefDag, CycleThroughSqlReferences) {
  std::vector<Model> models = {
      Sql("a", "SELECT * FROM c"),
      Sql("b", "WITH x AS (SELECT * FROM a) SELECT * FROM x"),
      Sql("c", "SELECT * FROM (SELECT * FROM b) s"),
      Sql("d", "SELECT * FROM a"),
  };
  Resolved r = Resolve(std::move(models));
  DagBuild b = BuildModelDag(r.models);
  EXPECT_FALSE(b.ok());
  EXPECT_FALSE(b.dag.acyclic());
  ASSERT_EQ(b.diagnostics.size(), 1u);
  EXPECT_EQ(b.diagnostics[0].message, "circular dependency detected involving: [a, b, c]");
}

// A fresh folder under the system temp dir, removed at the end of the test.
class TempTree {
 public:
  TempTree() {
    static int counter = 0;
    root_ = fs::temp_directory_path() / fmt::format("rocky_refs_{}_{}", ::getpid(), counter++);
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~TempTree() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  const fs::path& root() const { return root_; }
  void Write(const std::string& rel, std::string_view content) const {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }

 private:
  fs::path root_;
};

TEST(ModelRefDag, LoadedModelsWithFrontmatterAndSidecars) {
  TempTree tree;
  tree.Write("_defaults.toml", "[target]\ncatalog = \"c\"\nschema = \"s\"\n");
  tree.Write("stg.sql", "SELECT * FROM raw.orders\n");
  tree.Write("mart.sql", "---toml\ndepends_on = [\"stg\"]\n---\n\nSELECT * FROM stg, stg2, \n");
  tree.Write("stg2.sql", "  SELECT * FROM stg;\n");
  tree.Write("bad.sql", "---toml\n---\n  SELECT 1 FROM t WHERE;\n");
  ModelLoadOptions options;
  options.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  ModelLoad load = LoadModels(tree.root(), options);
  ASSERT_TRUE(load.ok()) << (load.diagnostics.empty() ? "" : load.diagnostics[0].message);
  std::vector<Diagnostic> diags;
  ResolveSqlReferences(load.models, diags, sql::DuckDbDialect());
  ASSERT_EQ(diags.size(), 2u);
  // bad: the text starts at line 3, column 3; the WHERE has no condition.
  EXPECT_EQ(diags[0].model, "bad");
  EXPECT_EQ(diags[0].span->line, 3);
  EXPECT_EQ(diags[0].span->col, 24);
  EXPECT_NE(diags[0].span->file.find("bad.sql"), std::string::npos);
  // mart: the trailing comma leaves FROM incomplete, at the end of line 5.
  EXPECT_EQ(diags[1].model, "mart");
  EXPECT_EQ(diags[1].span->line, 5);
  auto stg2 = load.Find("stg2");
  ASSERT_TRUE(stg2);
  EXPECT_EQ(load.models[*stg2].sql_references, V{"stg"});
}

// 10,000 models in one chain-free fan: the resolution itself must stay linear and fast.
TEST(ModelRefTest, TenThousandModels) {
  std::vector<Model> models;
  models.reserve(10000);
  for (int i = 0; i < 10000; ++i) {
    std::string sql = fmt::format(
        "WITH base AS (SELECT id, amount, updated_at FROM m{:05d} WHERE amount > 0)\n"
        "SELECT b.id, sum(b.amount) AS total, max(b.updated_at) AS last_update\n"
        "FROM base b JOIN raw.lookup l ON l.id = b.id\n"
        "LEFT JOIN m{:05d} x ON x.id = b.id\n"
        "WHERE b.id IN (SELECT id FROM raw.allowed)\n"
        "GROUP BY b.id",
        i / 2, i / 3);
    models.push_back(Sql(fmt::format("m{:05d}", i), std::move(sql)));
  }
  for (unsigned threads : {1u, 0u}) {
    std::vector<Model> copy = models;
    std::vector<Diagnostic> diags;
    auto start = std::chrono::steady_clock::now();
    auto external = ResolveSqlReferences(copy, diags, sql::DuckDbDialect(), {threads});
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("ResolveSqlReferences: 10000 models, %s: %.1f ms\n",
                threads == 1 ? "1 thread" : "all cores", ms);
    EXPECT_TRUE(diags.empty());
    EXPECT_EQ(copy[9].sql_references, (V{"m00004", "m00003"}));
    EXPECT_EQ(copy[0].sql_references, V{"m00000"});
    EXPECT_EQ(external[9].size(), 2u);
  }
}

}  // namespace
}  // namespace rocky::project
