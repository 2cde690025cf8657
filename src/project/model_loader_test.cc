#include "project/model_loader.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include "project/dag.h"

namespace rocky::project {
namespace {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed at the end of the test.
class TempTree {
 public:
  explicit TempTree(std::string_view tag) {
    static int counter = 0;
    root_ = fs::temp_directory_path() /
            fmt::format("rocky_models_{}_{}_{}", tag, ::getpid(), counter++);
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~TempTree() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  const fs::path& root() const { return root_; }
  fs::path Write(const std::string& rel, std::string_view content) const {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  fs::path root_;
};

ModelLoadOptions NoEnv() {
  ModelLoadOptions o;
  o.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  return o;
}

std::vector<std::string> Messages(const ModelLoad& load) {
  std::vector<std::string> out;
  for (const auto& d : load.diagnostics) out.push_back(d.message);
  return out;
}

constexpr std::string_view kDefaults = "[target]\ncatalog = \"c\"\nschema = \"s\"\n";

TEST(ModelLoader, SpecMessages) {
  {
    ModelLoad load = LoadModels("/nonexistent/models", NoEnv());
    EXPECT_EQ(Messages(load),
              (std::vector<std::string>{"models directory not found: /nonexistent/models"}));
    EXPECT_FALSE(load.ok());
  }
  {
    TempTree t("empty");
    t.Write("models/_defaults.toml", kDefaults);
    t.Write("models/.hidden/a.sql", "SELECT 1");
    std::string dir = (t.root() / "models").string();
    ModelLoad load = LoadModels(dir, NoEnv());
    EXPECT_EQ(Messages(load), (std::vector<std::string>{"no models found in " + dir}));
  }
  {
    TempTree t("dup");
    t.Write("m/_defaults.toml", kDefaults);
    t.Write("m/staging/x.sql", "SELECT 1");
    t.Write("m/staging2/x.rocky", "from y");
    ModelLoad load = LoadModels(t.root() / "m", NoEnv());
    EXPECT_EQ(
        Messages(load),
        (std::vector<std::string>{"duplicate model name 'x': staging/x.sql and staging2/x.rocky"}));
    ASSERT_EQ(load.models.size(), 1u);
    EXPECT_EQ(load.diagnostics[0].span->file, (t.root() / "m/staging2/x.rocky").string());
    EXPECT_EQ(load.diagnostics[0].span->line, 1);
  }
  {
    TempTree t("catalog");
    t.Write("m/x.sql", "SELECT 1");
    t.Write("m/x.toml", "[target]\nschema = \"s\"\n");
    ModelLoad load = LoadModels(t.root() / "m", NoEnv());
    EXPECT_EQ(Messages(load), (std::vector<std::string>{
                                  "model 'x' is missing target.catalog (set it in the sidecar "
                                  "or in _defaults.toml)"}));
    EXPECT_EQ(load.diagnostics[0].span->file, (t.root() / "m/x.toml").string());
  }
}

TEST(ModelLoader, InferenceSortingAndText) {
  TempTree t("infer");
  t.Write("m/_defaults.toml", kDefaults);
  t.Write("m/b/zeta.sql", "\n  SELECT 1 AS id ;\n");
  t.Write("m/alpha.rocky", "from zeta\n");
  t.Write("m/renamed.sql", "SELECT 2");
  t.Write("m/renamed.toml", "name = \"beta\"\n[target]\ntable = \"beta_table\"\n");
  ModelLoad load = LoadModels(t.root() / "m", NoEnv());
  ASSERT_TRUE(load.ok()) << Messages(load).front();
  ASSERT_EQ(load.models.size(), 3u);
  const Model& alpha = load.models[0];
  const Model& beta = load.models[1];
  const Model& zeta = load.models[2];
  EXPECT_EQ(alpha.name, "alpha");
  EXPECT_EQ(alpha.kind, ModelKind::kRocky);
  EXPECT_EQ(alpha.text, "from zeta\n");
  EXPECT_FALSE(alpha.config_path);
  EXPECT_EQ(beta.name, "beta");
  EXPECT_EQ(beta.target.Ref(), "c.s.beta_table");
  EXPECT_EQ(beta.relative_path, "renamed.sql");
  EXPECT_EQ(beta.config_path, (t.root() / "m/renamed.toml").string());
  EXPECT_EQ(zeta.relative_path, "b/zeta.sql");
  EXPECT_EQ(zeta.path, (t.root() / "m/b/zeta.sql").string());
  EXPECT_EQ(zeta.text, "SELECT 1 AS id");
  EXPECT_EQ(zeta.spans.body.line, 2);
  EXPECT_EQ(zeta.spans.body.col, 3);
  EXPECT_EQ(zeta.target.Ref(), "c.s.zeta");
  EXPECT_EQ(load.Find("ZETA"), 2u);
  EXPECT_FALSE(load.Find("gamma"));
}

TEST(ModelLoader, SymlinkedFoldersAreNotFollowed) {
  TempTree t("links");
  t.Write("outside/hidden.sql", "SELECT 1");
  t.Write("outside/file.sql", "SELECT 2");
  t.Write("m/_defaults.toml", kDefaults);
  t.Write("m/real.sql", "SELECT 3");
  fs::create_directory_symlink(t.root() / "outside", t.root() / "m/linked_dir");
  fs::create_symlink(t.root() / "outside/file.sql", t.root() / "m/linked.sql");
  ModelLoad load = LoadModels(t.root() / "m", NoEnv());
  ASSERT_TRUE(load.ok()) << Messages(load).front();
  ASSERT_EQ(load.models.size(), 2u);
  EXPECT_EQ(load.models[0].name, "linked");
  EXPECT_EQ(load.models[0].text, "SELECT 2");
  EXPECT_EQ(load.models[1].name, "real");
}

TEST(ModelLoader, ProcessEnvironmentByDefault) {
  TempTree t("env");
  t.Write("m/_defaults.toml",
          "[target]\ncatalog = \"${ROCKY_MODEL_TEST_CATALOG}\"\nschema = "
          "\"${ROCKY_MODEL_TEST_UNSET:-fallback}\"\n");
  t.Write("m/a.sql", "SELECT 1");
  ::setenv("ROCKY_MODEL_TEST_CATALOG", "from_env", 1);
  ModelLoad load = LoadModels(t.root() / "m");
  ::unsetenv("ROCKY_MODEL_TEST_CATALOG");
  ASSERT_TRUE(load.ok()) << Messages(load).front();
  EXPECT_EQ(load.models[0].target.Ref(), "from_env.fallback.a");
}

TEST(ModelLoader, ContractsDirectory) {
  TempTree t("contracts");
  t.Write("m/_defaults.toml", kDefaults);
  t.Write("m/a.sql", "SELECT 1 AS id");
  t.Write("m/a.contract.toml", "[[columns]]\nname = \"sibling\"\n");
  t.Write("m/b.sql", "SELECT 1 AS id");
  t.Write("c/a.contract.toml", "[[columns]]\nname = \"explicit\"\n");
  t.Write("c/sub/b.contract.toml", "[[columns]]\nname = \"not scanned\"\n");
  ModelLoadOptions options = NoEnv();
  options.contracts_dir = t.root() / "c";
  ModelLoad load = LoadModels(t.root() / "m", options);
  ASSERT_TRUE(load.ok()) << Messages(load).front();
  ASSERT_TRUE(load.models[0].contract);
  EXPECT_EQ(load.models[0].contract->columns[0].name, "explicit");
  EXPECT_EQ(load.models[0].contract_source, ContractSource::kExplicit);
  EXPECT_FALSE(load.models[1].contract);

  options.contracts_dir = t.root() / "nope";
  load = LoadModels(t.root() / "m", options);
  EXPECT_EQ(Messages(load), (std::vector<std::string>{"contracts directory not found: " +
                                                      (t.root() / "nope").string()}));
  EXPECT_EQ(load.models[0].contract_source, ContractSource::kAuto);
}

TEST(ModelLoader, LintsOfValidate) {
  TempTree t("lint");
  t.Write("m/_defaults.toml", kDefaults);
  t.Write("m/a.sql", "SELECT 1");
  t.Write("m/a.toml", "name = \"a\"\n[target]\ntable = \"a\"\n");
  t.Write("m/a.contract.toml", "");
  t.Write("m/b.sql", "SELECT 1");
  t.Write("m/b.toml", "[target]\ncatalog = \"\"\nschema = \"other\"\n");
  ModelLoad load = LoadModels(t.root() / "m", NoEnv());
  ASSERT_TRUE(load.ok()) << Messages(load).front();
  std::vector<std::string> lints;
  for (const auto& d : LintModels(load.models)) {
    EXPECT_EQ(d.severity, Severity::kInfo);
    lints.push_back(d.code + " " + d.message);
  }
  EXPECT_EQ(lints, (std::vector<std::string>{
                       "L001 name 'a' equals the file stem and can be left out",
                       "L002 target.table 'a' equals the model name and can be left out",
                       "L008 model 'a' uses the auto-discovered contract " +
                           (t.root() / "m/a.contract.toml").string(),
                   }));
  t.Write("m/c.sql", "SELECT 1");
  load = LoadModels(t.root() / "m", NoEnv());
  lints.clear();
  for (const auto& d : LintModels(load.models))
    if (d.code == "L003") lints.push_back(d.message);
  EXPECT_EQ(lints, (std::vector<std::string>{"2 models share c.s: a, c"}));
}

// The same tree loaded with one thread and with several gives the same result.
TEST(ModelLoader, ThreadsDoNotChangeTheResult) {
  TempTree t("threads");
  t.Write("m/_defaults.toml", kDefaults);
  for (int i = 0; i < 600; ++i) {
    t.Write(fmt::format("m/f{}/m{}.sql", i % 7, i), "SELECT 1");
    if (i % 5 == 0) t.Write(fmt::format("m/f{}/m{}.toml", i % 7, i), "intent = 5\n");
  }
  ModelLoadOptions one = NoEnv();
  one.threads = 1;
  ModelLoadOptions many = NoEnv();
  many.threads = 4;
  ModelLoad a = LoadModels(t.root() / "m", one);
  ModelLoad b = LoadModels(t.root() / "m", many);
  ASSERT_EQ(a.models.size(), 600u);
  ASSERT_EQ(a.models.size(), b.models.size());
  for (size_t i = 0; i < a.models.size(); ++i)
    EXPECT_EQ(a.models[i].ToJson().Dump(), b.models[i].ToJson().Dump());
  EXPECT_EQ(a.diagnostics.size(), 120u);
  EXPECT_EQ(Messages(a), Messages(b));
}

// A synthetic 4-layer project of 10,000 models (about 11 % `.rocky`, one sidecar per model,
// `_defaults.toml` per folder) loads and orders well within the bound.
TEST(ModelLoaderPerf, TenThousandModels) {
  TempTree t("perf");
  constexpr int kModels = 10000;
  constexpr int kLayers = 4;
  constexpr int kPerLayer = kModels / kLayers;
  constexpr int kPerFolder = 250;
  t.Write("models/_defaults.toml", "[target]\ncatalog = \"bench\"\nschema = \"silver\"\n");
  for (int layer = 0; layer < kLayers; ++layer) {
    for (int f = 0; f < kPerLayer / kPerFolder; ++f)
      t.Write(fmt::format("models/layer{}/f{}/_defaults.toml", layer, f),
              fmt::format("intent = \"layer {}\"\n[target]\nschema = \"layer{}\"\n", layer, layer));
    for (int i = 0; i < kPerLayer; ++i) {
      std::string name = fmt::format("l{}_m{:05}", layer, i);
      std::string dir = fmt::format("models/layer{}/f{}/", layer, i / kPerFolder);
      std::string upstream = layer == 0 ? "" : fmt::format("l{}_m{:05}", layer - 1, i);
      bool rocky = i % 9 == 0;
      if (rocky) {
        t.Write(dir + name + ".rocky",
                fmt::format("from {}\nwhere id > 0\n", layer ? upstream : "raw.events"));
      } else {
        t.Write(dir + name + ".sql",
                fmt::format("SELECT id, amount, updated_at\nFROM {}\nWHERE amount > 0;\n",
                            layer ? upstream : "raw.events"));
      }
      std::string sidecar;
      if (layer) sidecar += fmt::format("depends_on = [\"{}\"]\n", upstream);
      sidecar +=
          "\n[strategy]\ntype = \"incremental\"\ntimestamp_column = \"updated_at\"\n\n"
          "[[tests]]\ntype = \"not_null\"\ncolumn = \"id\"\n";
      t.Write(dir + name + ".toml", sidecar);
    }
  }

  auto start = std::chrono::steady_clock::now();
  ModelLoad load = LoadModels(t.root() / "models", NoEnv());
  auto loaded = std::chrono::steady_clock::now();
  DagBuild dag = BuildModelDag(load.models);
  auto built = std::chrono::steady_clock::now();
  ASSERT_TRUE(load.ok()) << Messages(load).front();
  ASSERT_TRUE(dag.ok());
  EXPECT_EQ(load.models.size(), static_cast<size_t>(kModels));
  EXPECT_EQ(dag.dag.execution_layers(), kLayers);

  ModelLoadOptions one = NoEnv();
  one.threads = 1;
  auto single_start = std::chrono::steady_clock::now();
  ModelLoad single = LoadModels(t.root() / "models", one);
  auto single_end = std::chrono::steady_clock::now();
  EXPECT_EQ(single.models.size(), static_cast<size_t>(kModels));

  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  std::printf("[ ModelLoaderPerf ] 10,000 models: load %.1f ms (1 thread: %.1f ms), DAG %.1f ms\n",
              ms(start, loaded), ms(single_start, single_end), ms(loaded, built));
  // A generous bound that catches quadratic behaviour; sanitizer builds run ~5x slower.
#if defined(__SANITIZE_ADDRESS__)
  constexpr double kBoundMs = 25000.0;
#else
  constexpr double kBoundMs = 5000.0;
#endif
  EXPECT_LT(ms(start, built), kBoundMs);
}

}  // namespace
}  // namespace rocky::project

namespace rocky::project {
namespace {

// Profiling aid, not a check (disabled): ROCKY_MODELS_BENCH_DIR=<models folder> project_test
// --gtest_also_run_disabled_tests --gtest_filter='*LoadFolderFromEnvironment' loads it a few times.
TEST(ModelLoaderPerf, DISABLED_LoadFolderFromEnvironment) {
  const char* dir = std::getenv("ROCKY_MODELS_BENCH_DIR");
  if (dir == nullptr) GTEST_SKIP() << "set ROCKY_MODELS_BENCH_DIR to a models folder";
  ModelLoadOptions options = NoEnv();
  if (const char* threads = std::getenv("ROCKY_MODELS_BENCH_THREADS"))
    options.threads = static_cast<unsigned>(std::atoi(threads));
  for (int i = 0; i < 5; ++i) {
    auto start = std::chrono::steady_clock::now();
    ModelLoad load = LoadModels(dir, options);
    DagBuild dag = BuildModelDag(load.models);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("[ ModelLoaderPerf ] %zu models, %zu diagnostics: %.1f ms\n", load.models.size(),
                load.diagnostics.size(), ms);
  }
}

}  // namespace
}  // namespace rocky::project

namespace rocky::project {
namespace {

// File names and stems sort differently (`a-b.toml` < `a.toml` but `a` < `a-b`).
TEST(ModelLoader, SidecarsFoundWhateverTheirSortOrder) {
  TempTree t("stems");
  t.Write("m/_defaults.toml", kDefaults);
  for (const char* stem : {"a", "a_b", "a0", "ab", "a-b"}) {
    t.Write(fmt::format("m/{}.sql", stem), "SELECT 1");
    t.Write(fmt::format("m/{}.toml", stem), fmt::format("intent = \"{}\"\n", stem));
  }
  ModelLoad load = LoadModels(t.root() / "m", NoEnv());
  ASSERT_EQ(load.models.size(), 5u);
  for (const Model& m : load.models) {
    ASSERT_TRUE(m.intent) << m.name;
    EXPECT_EQ(*m.intent, m.name);
  }
  // Only `a-b` is an error (its name), and no sidecar is an orphan.
  EXPECT_EQ(load.diagnostics.size(), 1u);
}

}  // namespace
}  // namespace rocky::project

namespace rocky::project {
namespace {

TEST(ModelLoader, OverlaysWinOverFilesAndBypassTheCache) {
  const fs::path root = fs::temp_directory_path() / fmt::format("rocky_overlay_{}", ::getpid());
  fs::remove_all(root);
  fs::create_directories(root);
  std::ofstream(root / "a.sql") << "SELECT 1 AS x";
  std::ofstream(root / "b.sql") << "SELECT 2 AS y";
  std::map<std::string, std::string> overlays{
      {(root / "a.sql").lexically_normal().string(), "SELECT 3 AS z"}};
  ModelLoadOptions options;
  options.overlays = &overlays;
  ModelLoad load = LoadModels(root, options);
  ASSERT_EQ(load.models.size(), 2u);
  EXPECT_EQ(load.models[0].text, "SELECT 3 AS z");
  EXPECT_EQ(load.models[1].text, "SELECT 2 AS y");
  // Without the overlay the file on disk is read again.
  EXPECT_EQ(LoadModels(root).models[0].text, "SELECT 1 AS x");
  fs::remove_all(root);
}

TEST(ModelLoader, UnsavedNewFilesAreModels) {
  const fs::path root = fs::temp_directory_path() / fmt::format("rocky_unsaved_{}", ::getpid());
  fs::remove_all(root);
  fs::create_directories(root / "sub");
  std::ofstream(root / "a.sql") << "SELECT 1 AS x";
  std::map<std::string, std::string> overlays{
      {(root / "sub" / "fresh.sql").string(), "SELECT x FROM a"},
      {(root / "sub" / "fresh.toml").string(), "intent = \"New.\"\n"},
      {(root / "elsewhere" / "lost.sql").string(), "SELECT 1"},  // no such folder
      {(root / "notes.txt").string(), "not a model"}};
  ModelLoadOptions options;
  options.overlays = &overlays;
  ModelLoad load = LoadModels(root, options);
  ASSERT_EQ(load.models.size(), 2u);
  EXPECT_EQ(load.models[1].name, "fresh");
  EXPECT_EQ(load.models[1].path, (root / "sub" / "fresh.sql").string());
  EXPECT_EQ(load.models[1].text, "SELECT x FROM a");
  ASSERT_TRUE(load.models[1].intent);
  EXPECT_EQ(*load.models[1].intent, "New.");
  EXPECT_EQ(LoadModels(root).models.size(), 1u);  // not written to disk
  fs::remove_all(root);
}

}  // namespace
}  // namespace rocky::project
