// ai-explain, ai-sync and ai-test on a small project with a scripted provider: the requests they
// make, how answers are read, the snapshot comparison, the compile check of sync proposals and
// the local run of generated tests.

#include <gtest/gtest.h>

#include "ai/ai_test_support.h"
#include "ai/explainer.h"
#include "ai/model_prompt.h"
#include "ai/sync_planner.h"
#include "ai/test_generator.h"
#include "facade/dag_snapshot.h"
#include "facade/project_compile.h"
#include "sql/dialect.h"

namespace rocky::ai {
namespace {

using AiCommandsTest = AiProjectTest;

size_t IdOf(const facade::CompiledProject& compiled, std::string_view name) {
  const auto& models = compiled.project.load.models;
  for (size_t i = 0; i < models.size(); ++i)
    if (models[i].name == name) return i;
  ADD_FAILURE() << "no model " << name;
  return 0;
}

TEST_F(AiCommandsTest, SelectModelsByNameOrAll) {
  const facade::CompiledProject compiled = facade::CompileProject(config_, project_);
  auto all = SelectModels(compiled, std::nullopt, true);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), 4u);
  EXPECT_EQ(compiled.project.load.models[all->front()].name, "customer_orders");
  auto one = SelectModels(compiled, "stg_orders", false);
  ASSERT_TRUE(one.has_value());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(SelectModels(compiled, "nope", false).error().message, "model 'nope' not found");
  EXPECT_EQ(SelectModels(compiled, std::nullopt, false).error().kind, ErrorKind::kUsage);
}

TEST_F(AiCommandsTest, ExplainAsksAboutGrainFiltersJoinsAndAggregations) {
  const facade::CompiledProject compiled = facade::CompileProject(config_, project_);
  ScriptedProvider llm({"```\nOne row per customer.\n\n  It counts   their orders.\n```"});
  auto text = ExplainModel(llm, compiled, nullptr, IdOf(compiled, "customer_orders"));
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_EQ(*text, "One row per customer. It counts their orders.");
  ASSERT_EQ(llm.requests.size(), 1u);
  const std::string& ask = llm.requests[0].messages[0].text;
  for (const char* part : {"grain", "filters", "joins", "aggregations", "2 or 3 sentences",
                           "COUNT(*) AS orders", "customer_id Int64"})
    EXPECT_NE(ask.find(part), std::string::npos) << part << " in " << ask;
  // The model and its parent come first in the context, which asks for prose, not code.
  const std::string& system = llm.requests[0].system;
  EXPECT_LT(system.find("- customer_orders"), system.find("- stg_orders"));
  EXPECT_LT(system.find("- stg_orders"), system.find("- unrelated_stock"));
  EXPECT_NE(system.find("plain prose"), std::string::npos);
  EXPECT_EQ(system.find("Answer with the code only"), std::string::npos);

  ScriptedProvider silent({"   "});
  EXPECT_FALSE(ExplainModel(silent, compiled, nullptr, 0).has_value());
}

TEST_F(AiCommandsTest, SidecarBesideTheModelFile) {
  project::Model model;
  model.name = "m";
  model.path = "/p/models/sub/m.rocky";
  EXPECT_EQ(*SidecarPath(model), "/p/models/sub/m.toml");
  model.config_path = "/p/models/sub/m.rocky";
  EXPECT_FALSE(SidecarPath(model).has_value());
}

TEST(ParseGeneratedTests, FencedJsonWithProseDuplicateNamesAndMissingSql) {
  auto tests = ParseGeneratedTests(
      "Here are the tests:\n```json\n[\n"
      "  {\"name\": \"Order ID not null\", \"description\": \"every order\\nhas an id\", "
      "\"sql\": \"SELECT * FROM t WHERE order_id IS NULL;\"},\n"
      "  {\"name\": \"order id not null\", \"description\": \"again\", \"sql\": \"SELECT 1\"},\n"
      "  {\"name\": \"\", \"description\": \"no sql\"}\n]\n```\n");
  ASSERT_TRUE(tests.has_value()) << tests.error().message;
  ASSERT_EQ(tests->size(), 3u);
  EXPECT_EQ((*tests)[0].name, "order_id_not_null");
  EXPECT_EQ((*tests)[0].description, "every order has an id");
  EXPECT_EQ((*tests)[0].sql, "SELECT * FROM t WHERE order_id IS NULL");
  EXPECT_FALSE((*tests)[0].problem);
  EXPECT_EQ((*tests)[1].name, "order_id_not_null_2");
  EXPECT_EQ((*tests)[2].name, "test_3");
  EXPECT_EQ((*tests)[2].problem, "no SQL");
  EXPECT_FALSE(ParseGeneratedTests("no tests today").has_value());
  EXPECT_FALSE(ParseGeneratedTests("[1, 2").has_value());
  EXPECT_EQ(TestFileText((*tests)[0]),
            "-- every order has an id\nSELECT * FROM t WHERE order_id IS NULL\n");
}

TEST_F(AiCommandsTest, GeneratedTestsAreParsedAndRunLocally) {
  const facade::CompiledProject compiled = facade::CompileProject(config_, project_);
  ScriptedProvider llm({R"([
    {"name": "order_id_not_null", "description": "Every order has an id.",
     "sql": "SELECT * FROM stg_orders WHERE order_id IS NULL"},
    {"name": "has_rows", "description": "Wrong on purpose.", "sql": "SELECT * FROM stg_orders"},
    {"name": "broken", "description": "Does not parse.", "sql": "SELEC oops FROM"},
    {"name": "unknown_table", "description": "Fails to run.", "sql": "SELECT * FROM nowhere"}
  ])"});
  auto tests = GenerateTests(llm, compiled, nullptr, IdOf(compiled, "stg_orders"));
  ASSERT_TRUE(tests.has_value()) << tests.error().message;
  EXPECT_NE(llm.requests[0].messages[0].text.find("zero rows"), std::string::npos);
  const engine::LocalTestProject local{compiled.project.load.models, compiled.project.queries,
                                       compiled.project.dag.dag, root_ / "models"};
  auto db = LocalTestDatabase::Open(local);
  ASSERT_TRUE(db.has_value()) << db.error().message;
  EXPECT_TRUE(db->failed().empty());
  for (GeneratedTest& t : *tests) db->Check(t, sql::DuckDbDialect());
  ASSERT_EQ(tests->size(), 4u);
  EXPECT_FALSE((*tests)[0].problem) << *(*tests)[0].problem;
  EXPECT_EQ((*tests)[1].problem, "returned 1 row(s)");
  ASSERT_TRUE((*tests)[2].problem);
  EXPECT_EQ((*tests)[2].problem->rfind("does not parse", 0), 0u) << *(*tests)[2].problem;
  ASSERT_TRUE((*tests)[3].problem);
  EXPECT_EQ((*tests)[3].problem->rfind("fails to run", 0), 0u) << *(*tests)[3].problem;
}

class SyncTest : public AiProjectTest {
 protected:
  void SetUp() override {
    AiProjectTest::SetUp();
    Write("models/order_totals.sql",
          "-- Revenue per customer.\nSELECT customer_id, SUM(amount) AS total\nFROM stg_orders\n"
          "GROUP BY customer_id\n");
    Write("models/order_totals.toml", "intent = \"Revenue per customer.\"\n");
    facade::CompiledProject before = facade::CompileProject(config_, project_);
    ASSERT_EQ(before.errors, 0);
    snapshot_ = facade::DagSnapshotJson(before);
    // Upstream, `amount` becomes `amount_usd` and order_date a timestamp.
    Write("models/stg_orders.sql",
          "SELECT CAST(1 AS BIGINT) AS order_id, CAST(10 AS BIGINT) AS customer_id, "
          "CAST(9.5 AS DOUBLE) AS amount_usd, TIMESTAMP '2025-01-01 00:00:00' AS order_date");
  }
  Json snapshot_;
};

TEST_F(SyncTest, ParentChangesSinceTheSnapshot) {
  facade::CompiledProject now = facade::CompileProject(config_, project_);
  const auto before = facade::SnapshotModelColumns(snapshot_);
  ASSERT_EQ(before.at("stg_orders").size(), 4u);
  EXPECT_EQ(before.at("stg_orders")[2], (facade::SnapshotColumn{"amount", "Float64"}));
  const auto changes = ParentColumnChanges(now, IdOf(now, "order_totals"), before);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(ChangeText(changes[0]), "stg_orders: column amount (Float64) removed");
  EXPECT_EQ(ChangeText(changes[1]), "stg_orders: column order_date retyped from Date to Timestamp");
  EXPECT_EQ(ChangeText(changes[2]), "stg_orders: column amount_usd (Float64) added");
  EXPECT_TRUE(ParentColumnChanges(now, IdOf(now, "stg_customers"), before).empty());
}

TEST_F(SyncTest, ProposalIsCompiledInPlaceAndDiffed) {
  ScriptedProvider llm(
      {"SELECT customer_id, SUM(amount_total) AS total FROM stg_orders GROUP BY customer_id",
       "```sql\n-- Revenue per customer.\nSELECT customer_id, SUM(amount_usd) AS total\n"
       "FROM stg_orders\nGROUP BY customer_id\n```"});
  auto proposals =
      PlanSync(llm, config_, project_, snapshot_, {.model = "order_totals", .with_intent = true});
  ASSERT_TRUE(proposals.has_value()) << proposals.error().message;
  ASSERT_EQ(proposals->size(), 1u);
  const SyncProposal& p = (*proposals)[0];
  EXPECT_EQ(p.model, "order_totals");
  EXPECT_EQ(p.intent, "Revenue per customer.");
  EXPECT_TRUE(p.compiles());
  EXPECT_EQ(p.attempts, 2);
  EXPECT_EQ(p.diff,
            "--- a/order_totals.sql\n+++ b/order_totals.sql\n@@ -1,4 +1,4 @@\n"
            " -- Revenue per customer.\n-SELECT customer_id, SUM(amount) AS total\n"
            "+SELECT customer_id, SUM(amount_usd) AS total\n FROM stg_orders\n"
            " GROUP BY customer_id\n");
  const std::string& ask = llm.requests[0].messages[0].text;
  EXPECT_NE(ask.find("stg_orders: column amount (Float64) removed"), std::string::npos) << ask;
  EXPECT_NE(ask.find("Its intent: Revenue per customer."), std::string::npos);
  EXPECT_NE(ask.find("SUM(amount) AS total"), std::string::npos);
  EXPECT_NE(llm.requests[1].messages.back().text.find("amount_total"), std::string::npos);
  // Nothing was written.
  EXPECT_NE(Read("models/order_totals.sql").find("SUM(amount) AS total"), std::string::npos);
}

TEST_F(SyncTest, WithIntentSkipsModelsWithoutOneAndBrokenParentsAreNotCompared) {
  Write("models/totals_rank.sql", "SELECT customer_id, total FROM order_totals");
  facade::CompiledProject with_rank = facade::CompileProject(config_, project_);
  ScriptedProvider llm({"SELECT customer_id, COUNT(*) AS orders FROM stg_orders GROUP BY 1"});
  auto proposals = PlanSync(llm, config_, project_, snapshot_, {.with_intent = true});
  ASSERT_TRUE(proposals.has_value());
  ASSERT_EQ(proposals->size(), 1u);
  EXPECT_EQ((*proposals)[0].model, "order_totals");
  // order_totals does not compile now, so its dependants see no change.
  const auto before = facade::SnapshotModelColumns(snapshot_);
  EXPECT_TRUE(ParentColumnChanges(with_rank, IdOf(with_rank, "totals_rank"), before).empty());
}

}  // namespace
}  // namespace rocky::ai
