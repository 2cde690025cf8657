// The compile-verify loop and the prompt context on a small project, with a scripted provider.

#include "ai/model_generator.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "ai/ai_test_support.h"
#include "ai/prompt_context.h"
#include "config/config.h"
#include "facade/project_compile.h"

namespace rocky::ai {
namespace {

namespace fs = std::filesystem;

using GeneratorTest = AiProjectTest;

TEST_F(GeneratorTest, RetriesWithTheDiagnosticsUntilTheModelCompiles) {
  ScriptedProvider llm(
      {"```sql\nSELECT customer_id, SUM(amount_usd) AS total FROM stg_orders "
       "GROUP BY customer_id\n```",
       "SELECT customer_id, SUM(amount) AS total FROM stg_orders GROUP BY "
       "customer_id"});
  auto generated = GenerateModel(llm, config_, project_,
                                 {.intent = "total order amount per customer", .format = "sql"});
  ASSERT_TRUE(generated.has_value()) << generated.error().error.Text();
  EXPECT_EQ(generated->attempts, 2);
  EXPECT_EQ(generated->name, "gen_stg_orders");
  EXPECT_EQ(generated->source,
            "SELECT customer_id, SUM(amount) AS total FROM stg_orders GROUP BY customer_id\n");
  ASSERT_EQ(llm.requests.size(), 2u);
  const auto& retry = llm.requests[1].messages;
  ASSERT_EQ(retry.size(), 3u);
  EXPECT_EQ(retry[1].role, LlmMessage::Role::kAssistant);
  EXPECT_NE(retry[2].text.find("The previous attempt had compilation errors"), std::string::npos);
  EXPECT_NE(retry[2].text.find("E002"), std::string::npos) << retry[2].text;
  EXPECT_NE(retry[2].text.find("amount_usd"), std::string::npos);
  // Nothing was written.
  EXPECT_FALSE(fs::exists(root_ / "models" / "gen_stg_orders.sql"));
  EXPECT_FALSE(fs::exists(root_ / "models" / "rocky_ai_candidate.sql"));
}

TEST_F(GeneratorTest, GivesUpAfterMaxAttempts) {
  ScriptedProvider llm({"from stg_orders | derive { x: nope + 1 }"});
  auto generated = GenerateModel(llm, config_, project_,
                                 {.intent = "orders", .format = "rocky", .max_attempts = 3});
  ASSERT_FALSE(generated.has_value());
  EXPECT_EQ(generated.error().error.message, "generation failed to compile after 3 attempts");
  EXPECT_EQ(generated.error().attempts, 3);
  EXPECT_FALSE(generated.error().diagnostics.empty());
  EXPECT_EQ(llm.requests.size(), 3u);
}

TEST_F(GeneratorTest, RockyFormatAndTheNameOfTheFirstReference) {
  ScriptedProvider llm({"from stg_customers\n| select { customer_id, name }"});
  auto generated =
      GenerateModel(llm, config_, project_, {.intent = "customer names", .format = "rocky"});
  ASSERT_TRUE(generated.has_value()) << generated.error().error.Text();
  EXPECT_EQ(generated->attempts, 1);
  EXPECT_EQ(generated->name, "gen_stg_customers");
  // The prompt carries the language, the models with typed columns and the instruction.
  const std::string& system = llm.requests[0].system;
  EXPECT_NE(system.find("The .rocky language"), std::string::npos);
  EXPECT_NE(system.find("- stg_customers (full_refresh): customer_id Int64"), std::string::npos)
      << system;
  EXPECT_NE(system.find("no Markdown code fences"), std::string::npos);
}

TEST_F(GeneratorTest, PromptBudgetPutsTheNamedModelsAndTheirParentsFirst) {
  const facade::CompiledProject compiled = facade::CompileProject(config_, project_);
  const PromptContext all =
      BuildPromptContext(compiled, nullptr, {.intent = "orders per customer", .max_tokens = 60000});
  EXPECT_TRUE(all.models_left_out.empty());
  ASSERT_EQ(all.models_included.size(), 4u);
  // `customer_orders` named in full-word parts (orders, customer), stg_orders too; the
  // unrelated model comes last.
  EXPECT_EQ(all.models_included.back(), "unrelated_stock");

  const int64_t base = EstimateTokens(RockyLanguageSummary()) + 200;
  const PromptContext tight =
      BuildPromptContext(compiled, nullptr, {.intent = "customer_orders", .max_tokens = base + 40});
  ASSERT_FALSE(tight.models_included.empty());
  EXPECT_EQ(tight.models_included.front(), "customer_orders");
  EXPECT_FALSE(tight.models_left_out.empty());
  EXPECT_NE(tight.text.find("more models are not listed here"), std::string::npos);
  // Every model is either in or listed as left out.
  EXPECT_EQ(tight.models_included.size() + tight.models_left_out.size(), 4u);

  // A parent the intent does not name comes before unrelated models.
  const PromptContext parents = BuildPromptContext(
      compiled, nullptr, {.intent = "the big model", .focus = {"customer_orders"}});
  ASSERT_EQ(parents.models_included.size(), 4u);
  EXPECT_EQ(parents.models_included[0], "customer_orders");
  EXPECT_EQ(parents.models_included[1], "stg_orders");
}

TEST(DiagnosticLines, CodeLocationMessageAndSuggestion) {
  Diagnostic d;
  d.code = "E002";
  d.message = "unknown column 'x'";
  d.span = Span{"m.sql", 3, 7, 1};
  d.suggestion = "did you mean 'y'?";
  EXPECT_EQ(DiagnosticLines({d}),
            "- E002 at line 3, column 7: unknown column 'x' (did you mean "
            "'y'?)\n");
}

}  // namespace
}  // namespace rocky::ai
