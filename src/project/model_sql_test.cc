#include "project/model_sql.h"

#include <gtest/gtest.h>

#include "adapters/duckdb/duckdb_dialect.h"
#include "sql/dialect.h"
#include "sql/parser.h"

namespace rocky::project {
namespace {

Model MakeModel(std::string name, std::string text, MaterializationStrategy::Options strategy = {},
                ModelKind kind = ModelKind::kSql) {
  Model m;
  m.name = name;
  m.kind = kind;
  m.path = "models/" + name + (kind == ModelKind::kSql ? ".sql" : ".rocky");
  m.text = std::move(text);
  m.target = ModelTarget{"poc", "analytics", name};
  m.strategy.options = std::move(strategy);
  m.spans.file = Span{m.path, 1, 0, 0};
  m.spans.body = Span{m.path, 1, 1, static_cast<int>(m.text.size())};
  return m;
}

struct Project {
  std::vector<Model> models;
  std::vector<ModelQuery> queries;
  std::vector<Diagnostic> diagnostics;
  adapters::duckdb::DuckDbDialect dialect;

  explicit Project(std::vector<Model> ms) : models(std::move(ms)) {
    std::sort(models.begin(), models.end(),
              [](const Model& a, const Model& b) { return a.name < b.name; });
    queries = AnalyzeModelQueries(models, diagnostics, sql::DuckDbDialect());
  }
  size_t Index(std::string_view name) const {
    for (size_t i = 0; i < models.size(); ++i)
      if (models[i].name == name) return i;
    ADD_FAILURE() << "no model " << name;
    return 0;
  }
  std::string Q(std::string_view name, ReferenceStyle style = ReferenceStyle::kTarget) const {
    ModelSqlContext context{models, queries, dialect, style};
    auto q = RenderModelQuery(context, Index(name));
    EXPECT_TRUE(q.has_value()) << (q ? "" : q.error().message);
    return q ? *q : "";
  }
};

void ExpectParses(const std::string& sql) {
  auto script = sql::Parse(sql, sql::DuckDbDialect());
  EXPECT_TRUE(script->diagnostics().empty())
      << sql << "\n" << (script->diagnostics().empty() ? "" : script->diagnostics()[0].message);
}

TEST(ModelSql, BareReferencesBecomeQualifiedTargetsWithTheirNameAsAlias) {
  Project p({MakeModel("stg_orders", "SELECT id, amount FROM raw.orders"),
             MakeModel("int_orders", "SELECT * FROM stg_orders WHERE amount > 0"),
             MakeModel("fct", "SELECT o.id, s.amount\nFROM int_orders o\n"
                              "JOIN stg_orders AS s ON s.id = o.id -- stg_orders stays\n"
                              "WHERE o.id IN (SELECT id FROM stg_orders)")});
  ASSERT_TRUE(p.diagnostics.empty());
  EXPECT_EQ(p.Q("int_orders"),
            "SELECT * FROM poc.analytics.stg_orders AS stg_orders WHERE amount > 0");
  EXPECT_EQ(p.Q("fct"),
            "SELECT o.id, s.amount\nFROM poc.analytics.int_orders o\n"
            "JOIN poc.analytics.stg_orders AS s ON s.id = o.id -- stg_orders stays\n"
            "WHERE o.id IN (SELECT id FROM poc.analytics.stg_orders AS stg_orders)");
  EXPECT_EQ(p.Q("fct", ReferenceStyle::kBareName), p.models[p.Index("fct")].text);
  ExpectParses(p.Q("fct"));
}

TEST(ModelSql, TwoPartTargetsWhenTheCatalogIsEmpty) {
  Model m = MakeModel("stg", "SELECT 1 AS a");
  m.target.catalog = "";
  Project p({m, MakeModel("out", "SELECT a FROM stg")});
  EXPECT_EQ(p.Q("out"), "SELECT a FROM analytics.stg AS stg");
}

TEST(ModelSql, EphemeralModelsAreInlinedAsCtesInDependencyOrder) {
  Project p({MakeModel("base", "SELECT id FROM raw.t"),
             MakeModel("e1", "SELECT id FROM base", EphemeralStrategy{}),
             MakeModel("e2", "SELECT id FROM e1 WHERE id > 1", EphemeralStrategy{}),
             MakeModel("plain", "SELECT * FROM e2 JOIN e1 USING (id)"),
             MakeModel("with_ctes", "WITH x AS (SELECT id FROM e1)\nSELECT * FROM x")});
  ASSERT_TRUE(p.diagnostics.empty());
  const std::string e1 = "SELECT id FROM poc.analytics.base AS base";
  const std::string e2 = "WITH e1 AS (\n" + e1 + "\n)\nSELECT id FROM e1 WHERE id > 1";
  EXPECT_EQ(p.Q("e2"), e2);
  EXPECT_EQ(p.Q("plain"), "WITH e1 AS (\n" + e1 + "\n),\ne2 AS (\n" + e2 +
                              "\n)\nSELECT * FROM e2 JOIN e1 USING (id)");
  EXPECT_EQ(p.Q("with_ctes"),
            "WITH e1 AS (\n" + e1 + "\n),\nx AS (SELECT id FROM e1)\nSELECT * FROM x");
  ExpectParses(p.Q("plain"));
  ExpectParses(p.Q("with_ctes"));
  ModelSqlContext context{p.models, p.queries, p.dialect};
  EXPECT_TRUE(CheckModelSql(context).empty());
}

TEST(ModelSql, AnEphemeralNameClashingWithACteIsE031) {
  Project p({MakeModel("e", "SELECT 1 AS a", EphemeralStrategy{}),
             MakeModel("c", "WITH e AS (SELECT 2 AS a)\nSELECT * FROM e"),
             MakeModel("d", "WITH E AS (SELECT 2 AS a)\nSELECT * FROM (SELECT * FROM e) t")});
  ModelSqlContext context{p.models, p.queries, p.dialect};
  // In c, `e` is the CTE (not a model reference); in d the inner `e` is the CTE too.
  EXPECT_TRUE(CheckModelSql(context).empty());
  Project q({MakeModel("e", "SELECT 1 AS a", EphemeralStrategy{}),
             MakeModel("c", "WITH x AS (SELECT 2 AS a), e_ AS (SELECT 1 AS b)\n"
                            "SELECT * FROM (WITH e AS (SELECT 3 AS a) SELECT * FROM e) s, e")});
  ModelSqlContext qc{q.models, q.queries, q.dialect};
  EXPECT_TRUE(CheckModelSql(qc).empty());
  Project r({MakeModel("e", "SELECT 1 AS a", EphemeralStrategy{}),
             MakeModel("c", "WITH e2 AS (SELECT * FROM e), E AS (SELECT 1 AS a) SELECT * FROM e2")});
  ModelSqlContext rc{r.models, r.queries, r.dialect};
  auto diags = CheckModelSql(rc);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].code, "E031");
  EXPECT_EQ(diags[0].model, "c");
  EXPECT_FALSE(RenderModelQuery(rc, r.Index("c")).has_value());
}

TEST(ModelSql, RockyModelsAreLoweredAndTheirReferencesRewritten) {
  Project p({MakeModel("stg_orders", "SELECT id, amount, status FROM raw.orders"),
             MakeModel("big_orders", "from stg_orders\nwhere amount > 100\nselect { id, amount }",
                       FullRefreshStrategy{}, ModelKind::kRocky)});
  ASSERT_TRUE(p.diagnostics.empty()) << p.diagnostics[0].message;
  EXPECT_EQ(p.models[p.Index("big_orders")].sql_references, std::vector<std::string>{"stg_orders"});
  std::string q = p.Q("big_orders");
  EXPECT_NE(q.find("poc.analytics.stg_orders AS stg_orders"), std::string::npos) << q;
  ExpectParses(q);
}

TEST(ModelSql, RockyLoweringErrorsAreDiagnosticsOfTheModel) {
  Project p({MakeModel("broken", "from t\nwhere >", FullRefreshStrategy{}, ModelKind::kRocky)});
  ASSERT_FALSE(p.diagnostics.empty());
  EXPECT_EQ(p.diagnostics[0].code, "P002");
  EXPECT_EQ(p.diagnostics[0].model, "broken");
  EXPECT_FALSE(p.queries[0].ok);
}

std::vector<std::string> Sqls(const ModelStatements& s) {
  std::vector<std::string> out;
  for (const auto& st : s.statements) out.push_back(st.sql);
  return out;
}

TEST(ModelSql, StrategyStatementsOnDuckDb) {
  adapters::duckdb::DuckDbDialect d;
  const std::string q = "SELECT * FROM raw.t";
  TargetState missing;
  TargetState exists{true, {{"id", "INTEGER", true}, {"name", "VARCHAR", true}}};
  auto gen = [&](MaterializationStrategy::Options o, const TargetState& state,
                 ModelStatementOptions opts = {}) {
    Model m = MakeModel("m", q, std::move(o));
    auto s = GenerateModelStatements(m, q, d, state, opts);
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message);
    return s ? *s : ModelStatements{};
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(Sqls(gen(FullRefreshStrategy{}, missing)),
            V{"CREATE OR REPLACE TABLE poc.analytics.m AS\nSELECT * FROM raw.t"});
  EXPECT_EQ(Sqls(gen(ViewStrategy{}, missing)),
            V{"CREATE OR REPLACE VIEW poc.analytics.m AS\nSELECT * FROM raw.t"});
  EXPECT_EQ(Sqls(gen(MaterializedViewStrategy{}, missing)),
            V{"CREATE OR REPLACE VIEW poc.analytics.m AS\nSELECT * FROM raw.t"});
  EXPECT_TRUE(gen(EphemeralStrategy{}, missing).empty());

  ModelStatements boot = gen(IncrementalStrategy{"ts"}, missing);
  EXPECT_TRUE(boot.bootstrap);
  EXPECT_EQ(Sqls(boot), V{"CREATE OR REPLACE TABLE poc.analytics.m AS\nSELECT * FROM raw.t"});
  ModelStatementOptions w;
  w.watermark = "TIMESTAMP '2026-04-07 10:00:00'";
  ModelStatements inc = gen(IncrementalStrategy{"ts"}, exists, w);
  EXPECT_FALSE(inc.bootstrap);
  EXPECT_EQ(Sqls(inc), V{"INSERT INTO poc.analytics.m\nSELECT *\nFROM (\nSELECT * FROM raw.t\n) "
                         "AS _rocky_src\nWHERE _rocky_src.ts > TIMESTAMP '2026-04-07 10:00:00'"});
  EXPECT_FALSE(inc.statements[0].idempotent);
  EXPECT_TRUE(Sqls(gen(IncrementalStrategy{"ts"}, exists))[0].ends_with(
      "WHERE _rocky_src.ts > TIMESTAMP '1970-01-01 00:00:00'"));
  ModelStatementOptions full;
  full.full_refresh = true;
  EXPECT_TRUE(gen(IncrementalStrategy{"ts"}, exists, full).bootstrap);

  EXPECT_EQ(Sqls(gen(MergeStrategy{{"id"}, std::nullopt}, exists)),
            V{"MERGE INTO poc.analytics.m AS t\nUSING (\nSELECT * FROM raw.t\n) AS s\nON t.id = "
              "s.id\nWHEN MATCHED THEN UPDATE SET *\nWHEN NOT MATCHED THEN INSERT *"});

  ModelStatements di = gen(DeleteInsertStrategy{{"day"}}, exists);
  EXPECT_TRUE(di.transactional);
  EXPECT_EQ(Sqls(di), (V{"DELETE FROM poc.analytics.m WHERE day IN (SELECT DISTINCT day FROM (\n"
                         "SELECT * FROM raw.t\n) AS _rocky_incoming)",
                         "INSERT INTO poc.analytics.m\nSELECT * FROM raw.t"}));
  EXPECT_EQ(Sqls(gen(DeleteInsertStrategy{{"a", "b"}}, exists))[0],
            "DELETE FROM poc.analytics.m WHERE (a, b) IN (SELECT DISTINCT a, b FROM (\n"
            "SELECT * FROM raw.t\n) AS _rocky_incoming)");

  ModelStatementOptions day;
  day.partition = PartitionBatch{"2026-04-07", *ParseTimestamp("2026-04-07T00:00:00Z"),
                                 *ParseTimestamp("2026-04-08T00:00:00Z"), {}};
  Model ti = MakeModel("m", "SELECT * FROM raw.t WHERE ts >= @start_date AND ts < @end_date",
                       TimeIntervalStrategy{"ts"});
  auto part = GenerateModelStatements(ti, ti.text, d, missing, day);
  ASSERT_TRUE(part.has_value()) << part.error().message;
  EXPECT_EQ(Sqls(*part),
            (V{"CREATE TABLE IF NOT EXISTS poc.analytics.m AS\nSELECT * FROM (\nSELECT * FROM raw.t "
               "WHERE ts >= TIMESTAMP '1900-01-01 00:00:00' AND ts < TIMESTAMP '1900-01-01 "
               "00:00:00'\n) AS _rocky_bootstrap\nWHERE 1 = 0",
               "BEGIN TRANSACTION",
               "DELETE FROM poc.analytics.m WHERE ts >= TIMESTAMP '2026-04-07 00:00:00' AND ts < "
               "TIMESTAMP '2026-04-08 00:00:00'",
               "INSERT INTO poc.analytics.m\nSELECT * FROM raw.t WHERE ts >= TIMESTAMP '2026-04-07 "
               "00:00:00' AND ts < TIMESTAMP '2026-04-08 00:00:00'",
               "COMMIT"}));
  for (const auto& s : Sqls(*part)) ExpectParses(s);
  EXPECT_FALSE(GenerateModelStatements(ti, ti.text, d, exists, {}).has_value());

  ModelStatements mb = gen(MicrobatchStrategy{"ts"}, exists, day);
  EXPECT_EQ(Sqls(mb)[2],
            "INSERT INTO poc.analytics.m\nSELECT * FROM (\nSELECT * FROM raw.t\n) AS _rocky_src "
            "WHERE _rocky_src.ts >= TIMESTAMP '2026-04-07 00:00:00' AND _rocky_src.ts < "
            "TIMESTAMP '2026-04-08 00:00:00'");
  EXPECT_TRUE(gen(MicrobatchStrategy{"ts"}, missing, day).bootstrap);

  Model dyn = MakeModel("m", q, DynamicTableStrategy{"1 hours", std::nullopt});
  EXPECT_FALSE(GenerateModelStatements(dyn, q, d, missing, {}).has_value());
}

TEST(ModelSql, ChangedOutputColumnsRebuildIncrementalTargets) {
  adapters::duckdb::DuckDbDialect d;
  Model m = MakeModel("m", "SELECT 1 AS id, 2 AS extra", MergeStrategy{{"id"}, std::nullopt});
  TargetState exists{true, {{"id", "INTEGER", true}}};
  ModelStatementOptions o;
  o.output_columns = {"id", "extra"};
  auto s = GenerateModelStatements(m, m.text, d, exists, o);
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(s->bootstrap);
  EXPECT_EQ(s->rebuilt_reason, "model columns changed");
  o.output_columns = {"ID"};
  s = GenerateModelStatements(m, m.text, d, exists, o);
  EXPECT_FALSE(s->bootstrap);
}

TEST(ModelSql, BadIdentifiersNeverReachSql) {
  adapters::duckdb::DuckDbDialect d;
  Model m = MakeModel("m", "SELECT 1", IncrementalStrategy{"ts; DROP TABLE x"});
  TargetState exists{true, {{"id", "INTEGER", true}}};
  EXPECT_FALSE(GenerateModelStatements(m, m.text, d, exists, {}).has_value());
  Model bad = MakeModel("m", "SELECT 1");
  bad.target.schema = "a b";
  EXPECT_FALSE(GenerateModelStatements(bad, bad.text, d, {}, {}).has_value());
}

TEST(ModelSql, StatementsHashIsFnv1a64OfTheJoinedSql) {
  std::vector<sdk::Statement> s{{"model", "t", "A", true}, {"model", "t", "B", true}};
  EXPECT_EQ(StatementsHash(s).size(), 16u);
  EXPECT_NE(StatementsHash(s), StatementsHash({{"model", "t", "A;\nB", true}}) + "x");
  EXPECT_EQ(StatementsHash(s), StatementsHash({{"model", "t", "A;\nB", true}}));
}

}  // namespace
}  // namespace rocky::project
