#include "compiler/type_check.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "project/model_cache.h"
#include "project/model_loader.h"

namespace rocky::compiler {
namespace {

namespace fs = std::filesystem;

class TypeCheckTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("rocky-typecheck-" + std::to_string(::getpid()) + "-" +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "models");
    Write("models/_defaults.toml", "[target]\ncatalog = \"wh\"\nschema = \"silver\"\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& path, const std::string& text) {
    std::ofstream(dir_ / path) << text;
  }

  struct Checked {
    project::ModelLoad load;
    std::vector<project::ModelQuery> queries;
    project::DagBuild dag;
    TypeCheckResult result;
    const CompiledModel& model(std::string_view name) const {
      return result.models[*load.Find(name)];
    }
    std::vector<std::string> Codes(std::string_view model) const {
      std::vector<std::string> out;
      for (const Diagnostic& d : result.diagnostics)
        if (d.model == model) out.push_back(d.code);
      return out;
    }
  };

  Checked Check(const Catalog* externals = nullptr, project::ModelCache* cache = nullptr,
                bool columns_needed = true) {
    Checked c;
    project::ModelLoadOptions options;
    options.cache = cache;
    c.load = project::LoadModels(dir_ / "models", options);
    EXPECT_TRUE(c.load.ok()) << (c.load.diagnostics.empty() ? "" : c.load.diagnostics[0].message);
    std::vector<Diagnostic> diags;
    project::SqlReferenceOptions references;
    references.cache = cache;
    references.cache_keys = &c.load.cache_keys;
    c.queries =
        project::AnalyzeModelQueries(c.load.models, diags, sql::DuckDbDialect(), references);
    EXPECT_TRUE(diags.empty());
    c.dag = project::BuildModelDag(c.load.models);
    TypeCheckInput input{c.load.models, c.queries, c.dag.dag, sql::DuckDbDialect(), externals, 2};
    input.cache = cache;
    input.cache_keys = &c.load.cache_keys;
    input.columns_needed = columns_needed;
    c.result = TypeCheck(input);
    return c;
  }

  fs::path dir_;
};

class RawCatalog : public Catalog {
 public:
  const RelationShape* Find(const std::vector<std::string>& parts) const override {
    if (parts.size() == 2 && parts[0] == "raw" && parts[1] == "orders") return &orders_;
    return nullptr;
  }
  RelationShape orders_{{{"id", {Type::Int64(), false}},
                         {"customer_id", {Type::Int64(), true}},
                         {"amount", {Type::Decimal(10, 2), true}}},
                        false};
};

TEST_F(TypeCheckTest, TypesFlowAcrossModels) {
  Write("models/stg.sql", "SELECT id, customer_id, amount FROM raw.orders");
  Write("models/totals.sql",
        "SELECT customer_id, COUNT(*) AS n, SUM(amount) AS total FROM stg GROUP BY customer_id");
  Write("models/big.rocky", "from totals\nwhere total > 100\nselect { customer_id, n }");
  RawCatalog raw;
  Checked c = Check(&raw);
  const CompiledModel& totals = c.model("totals");
  ASSERT_EQ(totals.columns.size(), 3u);
  EXPECT_EQ(totals.columns[2].type.ToString(), "Decimal(38,2)");
  const CompiledModel& big = c.model("big");
  ASSERT_TRUE(big.bound);
  ASSERT_EQ(big.columns.size(), 2u);
  EXPECT_EQ(big.columns[1].name, "n");
  EXPECT_EQ(big.columns[1].type.ToString(), "Int64 NOT NULL");
}

// The compile cache re-checks what changed and what depends on a changed shape, and nothing
// else; results from the cache equal fresh ones.
TEST_F(TypeCheckTest, TheCompileCacheRechecksOnlyChangedModelsAndChangedShapesDownstream) {
  Write("models/stg.sql", "SELECT id, customer_id, amount FROM raw.orders");
  Write("models/totals.sql",
        "SELECT customer_id, COUNT(*) AS n, SUM(amount) AS total FROM stg GROUP BY customer_id");
  Write("models/big.rocky", "from totals\nwhere total > 100\nselect { customer_id, n }");
  Write("models/other.sql", "SELECT id FROM raw.orders WHERE id > 0");
  // Model files older than the racy window, as an edited project's unchanged files are.
  auto age = [&](const std::string& rel) {
    fs::last_write_time(dir_ / rel, fs::last_write_time(dir_ / rel) - std::chrono::seconds(10));
  };
  for (const char* f : {"models/stg.sql", "models/totals.sql", "models/big.rocky",
                        "models/other.sql", "models/_defaults.toml"})
    age(f);
  RawCatalog raw;
  const std::string cache_path = (dir_ / "cache.bin").string();
  auto render = [](const Checked& c) {
    std::string out;
    for (size_t i = 0; i < c.load.models.size(); ++i) {
      out += c.load.models[i].name + ":";
      for (const BoundColumn& col : c.result.models[i].columns) {
        out += " " + col.name + " " + col.type.ToString();
        for (const ColumnSource& s : col.sources) out += " <" + s.relation + "." + s.column + " " + s.transform;
      }
      out += "\n";
    }
    for (const Diagnostic& d : c.result.diagnostics) out += d.code + " " + d.message + "\n";
    return out;
  };
  auto run = [&](int64_t expected_bound) {
    auto cache = project::ModelCache::Load(cache_path, "test");
    Checked c = Check(&raw, cache.get());
    EXPECT_EQ(c.result.models_bound, expected_bound);
    EXPECT_TRUE(cache->Save());
    EXPECT_EQ(render(c), render(Check(&raw)));  // the same as without a cache
    return c;
  };
  run(4);  // cold
  run(0);  // nothing changed
  // A new filter keeps stg's shape: only stg is checked again.
  Write("models/stg.sql", "SELECT id, customer_id, amount FROM raw.orders WHERE id > 1");
  run(1);
  // A cast changes stg's shape: totals depends on it and its shape changes too (SUM of a
  // DOUBLE), so big is checked again as well; other is untouched.
  Write("models/stg.sql", "SELECT id, customer_id, CAST(amount AS DOUBLE) AS amount FROM raw.orders");
  Checked c = run(3);
  EXPECT_EQ(c.model("totals").columns[2].type.ToString(), "Float64");
  // An error introduced into a cached model is reported, and fixed again it is gone.
  Write("models/other.sql", "SELECT idd FROM raw.orders");
  c = run(1);
  ASSERT_FALSE(c.Codes("other").empty());
  EXPECT_EQ(c.Codes("other")[0], "E002");
  // Callers that read diagnostics only leave columns encoded until they ask: fresh and cached
  // models alike decode to the same columns.
  Write("models/totals.sql",
        "SELECT customer_id, COUNT(*) AS n, MAX(amount) AS total FROM stg GROUP BY customer_id");
  {
    auto cache = project::ModelCache::Load(cache_path, "test");
    Checked lazy = Check(&raw, cache.get(), /*columns_needed=*/false);
    EXPECT_EQ(lazy.result.models_bound, 1);  // MAX of a Float64 is the SUM's type: big is kept
    EXPECT_TRUE(lazy.model("totals").columns.empty());
    for (size_t i = 0; i < lazy.load.models.size(); ++i) lazy.result.DecodeColumns(i);
    EXPECT_EQ(render(lazy), render(Check(&raw)));
    EXPECT_TRUE(cache->Save());
  }
  // Back to the earlier content: its earlier result is still cached (keys are content hashes).
  Write("models/other.sql", "SELECT id FROM raw.orders WHERE id > 0");
  c = run(0);
  EXPECT_TRUE(c.Codes("other").empty());
}

TEST_F(TypeCheckTest, AContractRequiringADroppedColumnIsE010OnThatModelOnly) {
  Write("models/stg.sql", "SELECT id, amount FROM raw.orders");
  Write("models/slim.sql", "SELECT id FROM stg");
  Write("models/slim.contract.toml",
        "[[columns]]\nname = \"id\"\ntype = \"Int64\"\nnullable = false\n\n[rules]\nrequired = "
        "[\"id\", \"amount\"]\n");
  Write("models/full.sql", "SELECT id, amount FROM stg");
  Write("models/full.contract.toml", "[rules]\nrequired = [\"id\", \"amount\"]\n");
  RawCatalog raw;
  Checked c = Check(&raw);
  EXPECT_EQ(c.Codes("slim"), std::vector<std::string>{"E010"});
  EXPECT_TRUE(c.Codes("full").empty());
  for (const Diagnostic& d : c.result.diagnostics)
    if (d.code == "E010") {
      EXPECT_EQ(d.message, "required column 'amount' is missing from model 'slim'");
      EXPECT_NE(d.span->file.find("slim.contract.toml"), std::string::npos);
    }
}

TEST_F(TypeCheckTest, ContractTypesAndNullability) {
  Write("models/m.sql", "SELECT CAST(id AS INTEGER) AS id, customer_id FROM raw.orders");
  Write("models/m.contract.toml",
        "[[columns]]\nname = \"id\"\ntype = \"Int64\"\n\n[[columns]]\nname = \"customer_id\"\n"
        "nullable = false\n\n[[columns]]\nname = \"gone\"\n");
  RawCatalog raw;
  Checked c = Check(&raw);
  EXPECT_EQ(c.Codes("m"), (std::vector<std::string>{"E011", "E012", "W010"}));
}

TEST_F(TypeCheckTest, UnknownColumnsAreLocatedInTheModelFile) {
  Write("models/m.sql", "---toml\n[strategy]\ntype = \"view\"\n---\nSELECT id,\n  amout FROM raw.orders");
  RawCatalog raw;
  Checked c = Check(&raw);
  ASSERT_FALSE(c.result.diagnostics.empty());
  const Diagnostic& d = c.result.diagnostics[0];
  EXPECT_EQ(d.code, "E002");
  EXPECT_EQ(d.span->line, 6);
  EXPECT_EQ(d.span->col, 3);
  EXPECT_NE(d.span->file.find("m.sql"), std::string::npos);
}

TEST_F(TypeCheckTest, TimeIntervalChecks) {
  RawCatalog raw;
  raw.orders_.columns.push_back({"ordered_at", {Type::Timestamp(), true}});
  auto strategy = [](std::string column, std::string grain, std::string extra = "") {
    return "[strategy]\ntype = \"time_interval\"\ntime_column = \"" + column +
           "\"\ngranularity = \"" + grain + "\"\n" + extra;
  };
  const std::string window = "WHERE ordered_at >= @start_date AND ordered_at < @end_date";
  // Clean: the filter makes ordered_at NOT NULL.
  Write("models/ok.sql", "SELECT id, ordered_at FROM raw.orders " + window);
  Write("models/ok.toml", strategy("ordered_at", "day", "first_partition = \"2026-04-01\"\n"));
  Write("models/missing.sql", "SELECT id FROM raw.orders " + window);
  Write("models/missing.toml", strategy("ordered_at", "day"));
  Write("models/numeric.sql", "SELECT id FROM raw.orders WHERE id >= @start_date AND id < @end_date");
  Write("models/numeric.toml", strategy("id", "day"));
  Write("models/nullable.sql", "SELECT ordered_at FROM raw.orders WHERE id > 0 AND @start_date < @end_date");
  Write("models/nullable.toml", strategy("ordered_at", "day"));
  Write("models/noplaceholder.sql", "SELECT CAST(ordered_at AS DATE) AS d FROM raw.orders WHERE ordered_at IS NOT NULL");
  Write("models/noplaceholder.toml", strategy("d", "hour", "first_partition = \"2026-4-1\"\n"));
  Write("models/half.sql", "SELECT ordered_at FROM raw.orders WHERE ordered_at >= @start_date");
  Write("models/half.toml", strategy("ordered_at", "day"));
  Checked c = Check(&raw);
  EXPECT_TRUE(c.Codes("ok").empty());
  EXPECT_EQ(c.Codes("missing"), std::vector<std::string>{"E020"});
  EXPECT_EQ(c.Codes("numeric"), std::vector<std::string>{"E021"});
  EXPECT_EQ(c.Codes("nullable"), std::vector<std::string>{"E022"});
  EXPECT_EQ(c.Codes("noplaceholder"), (std::vector<std::string>{"E024", "E026", "E025"}));
  EXPECT_EQ(c.Codes("half"), std::vector<std::string>{"W003"});
}

}  // namespace
}  // namespace rocky::compiler
