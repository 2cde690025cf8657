#include "project/macros.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace rocky::project {
namespace {

namespace fs = std::filesystem;

class MacrosTest : public testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("rocky-macros-" + std::to_string(::getpid()) + "-" +
                                         testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "models");
    fs::create_directories(root_ / "macros");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& rel, const std::string& text) {
    std::ofstream(root_ / rel, std::ios::binary) << text;
  }
  std::string Expand(const std::string& text) {
    MacroSet set = LoadMacros(root_ / "models");
    EXPECT_TRUE(set.diagnostics.empty()) << set.diagnostics[0].message;
    std::string error;
    auto out = ExpandMacros(text, set, error);
    return out ? *out : "ERROR: " + error;
  }
  fs::path root_;
};

// Data-driven: model text in, expanded text (or the error) out.
TEST_F(MacrosTest, CallsAreReplacedByTheirBodies) {
  Write("macros/cents.sql", "-- @macro cents_to_dollars(col)\nCAST({col} AS DOUBLE) / 100\n");
  Write("macros/between.sql",
        "-- @macro in_range(col, lo, hi)\n{col} >= {lo} AND {col} < {hi};\n");
  Write("macros/nested.sql", "-- @macro amount_usd(c)\nROUND(@cents_to_dollars({c}), 2)\n");
  Write("macros/notes.txt", "not a macro file");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"SELECT @cents_to_dollars(amount) AS usd FROM t",
       "SELECT CAST(amount AS DOUBLE) / 100 AS usd FROM t"},
      {"SELECT @AMOUNT_USD(o.amount) FROM o", "SELECT ROUND(CAST(o.amount AS DOUBLE) / 100, 2) FROM o"},
      {"SELECT * FROM t WHERE @in_range(d, '2026-01-01', coalesce(x, 'a,b'))",
       "SELECT * FROM t WHERE d >= '2026-01-01' AND d < coalesce(x, 'a,b')"},
      {"SELECT * FROM t WHERE d >= @start_date AND d < @end_date",
       "SELECT * FROM t WHERE d >= @start_date AND d < @end_date"},
      {"SELECT @unknown(1), @ -5, x@cents_to_dollars(1)", "SELECT @unknown(1), @ -5, x@cents_to_dollars(1)"},
      {"SELECT @in_range(a, 1)", "ERROR: macro 'in_range' takes 3 argument(s), got 2"},
      {"SELECT @cents_to_dollars(amount", "ERROR: unclosed call of macro 'cents_to_dollars'"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(Expand(in), want) << in;
}

TEST_F(MacrosTest, RecursionDeeperThanTenFails) {
  Write("macros/loop.sql", "-- @macro loop(x)\n@loop({x})\n");
  EXPECT_EQ(Expand("SELECT @loop(1)"), "ERROR: macro recursion too deep: loop");
  // Ten levels are fine.
  for (int i = 1; i <= 10; ++i)
    Write("macros/m" + std::to_string(i) + ".sql",
          "-- @macro m" + std::to_string(i) + "(x)\n" +
              (i == 10 ? std::string("({x})") : "@m" + std::to_string(i + 1) + "({x})") + "\n");
  EXPECT_EQ(Expand("SELECT @m1(7)"), "SELECT (7)");
}

TEST_F(MacrosTest, BrokenMacroFilesAreP004OnTheFile) {
  Write("macros/a.sql", "SELECT 1\n");
  Write("macros/b.sql", "-- @macro b(1x)\nSELECT 1\n");
  Write("macros/c.sql", "-- @macro c()\nSELECT 1\n");
  Write("macros/d.sql", "-- @macro C()\nSELECT 2\n");
  MacroSet set = LoadMacros(root_ / "models");
  ASSERT_EQ(set.diagnostics.size(), 3u);
  EXPECT_EQ(set.diagnostics[0].code, "P004");
  EXPECT_NE(set.diagnostics[0].message.find("a.sql: the first line must be"), std::string::npos);
  EXPECT_NE(set.diagnostics[1].message.find("invalid parameter '1x' of macro 'b'"), std::string::npos);
  EXPECT_NE(set.diagnostics[2].message.find("macro 'C' is defined twice"), std::string::npos);
  ASSERT_EQ(set.by_name.size(), 1u);
  EXPECT_NE(set.hash, 0u);
}

TEST_F(MacrosTest, ModelsAreExpandedInPlaceAndErrorsNameTheModel) {
  Write("macros/one.sql", "-- @macro one()\n1\n");
  MacroSet set = LoadMacros(root_ / "models");
  std::vector<Model> models(3);
  models[0].name = "a";
  models[0].text = "SELECT @one() AS x";
  models[1].name = "b";
  models[1].text = "SELECT @one(2) AS x";
  models[2].name = "c";
  models[2].kind = ModelKind::kRocky;
  models[2].text = "from t select { @one() }";
  std::vector<Diagnostic> diagnostics;
  EXPECT_EQ(ExpandModelMacros(models, set, diagnostics), std::vector<size_t>{0});
  EXPECT_EQ(models[0].text, "SELECT 1 AS x");
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].model, "b");
  EXPECT_EQ(diagnostics[0].message, "macro 'one' takes 0 argument(s), got 1");
  EXPECT_EQ(models[2].text, "from t select { @one() }");  // .rocky models are not expanded
  // No macros folder: nothing to do.
  fs::remove_all(root_ / "macros");
  EXPECT_TRUE(LoadMacros(root_ / "models").empty());
}

}  // namespace
}  // namespace rocky::project
