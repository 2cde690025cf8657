#include "engine/local_test_runner.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "adapters/duckdb/duckdb_adapter.h"
#include "engine/local_fixtures.h"
#include "project/model_loader.h"
#include "sql/dialect.h"

namespace rocky::engine {
namespace {

namespace fs = std::filesystem;

// A project folder under the system temp dir: models/, data/, seeds/.
class TempProject {
 public:
  TempProject() {
    static int counter = 0;
    root_ =
        fs::temp_directory_path() / fmt::format("rocky_engine_test_{}_{}", ::getpid(), counter++);
    fs::remove_all(root_);
    fs::create_directories(root_ / "models");
    Write("models/_defaults.toml", "[target]\ncatalog = \"wh\"\nschema = \"silver\"\n");
  }
  ~TempProject() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  void Write(const std::string& rel, std::string_view content) const {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  fs::path models_dir() const { return root_ / "models"; }
  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

// The models of a project as `rocky test` loads them.
struct Loaded {
  project::ModelLoad load;
  std::vector<Diagnostic> diagnostics;
  std::vector<project::ModelQuery> queries;
  project::DagBuild dag;
  fs::path dir;

  explicit Loaded(const fs::path& models_dir) : dir(models_dir) {
    load = project::LoadModels(models_dir);
    queries = project::AnalyzeModelQueries(load.models, diagnostics, sql::DuckDbDialect());
    dag = project::BuildModelDag(load.models);
  }
  LocalTestProject project() const { return {load.models, queries, dag.dag, dir}; }
  bool ok() const { return load.ok() && !HasErrors(diagnostics) && dag.ok(); }
};

struct LocalRun {
  adapters::duckdb::DuckDbAdapter db;
  LocalTestReport report;

  // The cells of a one-column query, as text.
  std::vector<std::string> Column(std::string_view sql) {
    std::vector<std::string> out;
    auto rows = db.warehouse->ExecuteQuery(sql);
    EXPECT_TRUE(rows.has_value()) << rows.error().message;
    if (!rows) return out;
    for (const auto& row : rows->rows) out.push_back(sdk::ValueToString(row.at(0)));
    return out;
  }
};

// Runs the local test on a fresh in-memory database kept for inspection.
LocalRun RunOn(const Loaded& loaded, LocalTestOptions options = {}) {
  auto db = adapters::duckdb::OpenDuckDbAdapter(std::nullopt);
  EXPECT_TRUE(db.has_value());
  LocalRun run{std::move(*db), {}};
  auto report = RunLocalTestsOn(*run.db.warehouse, loaded.project(), options);
  EXPECT_TRUE(report.has_value()) << report.error().message;
  if (report) run.report = std::move(*report);
  return run;
}

std::vector<std::string> Names(const LocalTestReport& report) {
  std::vector<std::string> out;
  for (const auto& r : report.results) out.push_back(r.name);
  return out;
}

std::string ErrorOf(const LocalTestReport& report, std::string_view name) {
  for (const auto& r : report.results)
    if (r.name == name) return r.error.value_or("<passed>");
  return "<missing>";
}

using Strings = std::vector<std::string>;

TEST(LocalTestRunner, ChainOfBareReferencesBuildsInDagOrder) {
  TempProject p;
  p.Write("models/a_base.sql", "SELECT 1 AS id UNION ALL SELECT 2");
  p.Write("models/b_mid.sql", "SELECT id * 10 AS v FROM a_base");
  p.Write("models/c_top.sql", "SELECT SUM(v) AS total FROM b_mid AS m");
  // An unrelated root that sorts first by name but depends on c_top: order follows the DAG.
  p.Write("models/aa_report.sql", "SELECT total + 1 AS t FROM c_top");
  Loaded loaded(p.models_dir());
  ASSERT_TRUE(loaded.ok());

  LocalRun run = RunOn(loaded);
  EXPECT_EQ(Names(run.report), (Strings{"a_base", "b_mid", "c_top", "aa_report"}));
  EXPECT_EQ(run.report.total(), 4);
  EXPECT_EQ(run.report.passed(), 4);
  EXPECT_EQ(run.report.failed(), 0);
  // Every model is a table named after the model, in the default schema.
  EXPECT_EQ(run.Column("SELECT total FROM c_top"), (Strings{"30"}));
  EXPECT_EQ(run.Column("SELECT t FROM aa_report"), (Strings{"31"}));
  EXPECT_EQ(run.Column("SELECT table_type FROM information_schema.tables WHERE table_name = "
                       "'b_mid'"),
            (Strings{"BASE TABLE"}));
}

TEST(LocalTestRunner, EphemeralModelIsCheckedAndInlinedNotCreated) {
  TempProject p;
  p.Write("models/base.sql", "SELECT 1 AS id, 'x' AS tag UNION ALL SELECT 2, 'y'");
  p.Write("models/eph.sql", "SELECT id FROM base WHERE tag = 'y'");
  p.Write("models/eph.toml", "[strategy]\ntype = \"ephemeral\"\n");
  p.Write("models/consumer.sql",
          "WITH doubled AS (SELECT id * 2 AS d FROM eph) SELECT d FROM doubled");
  p.Write("models/as_view.sql", "SELECT COUNT(*) AS n FROM base");
  p.Write("models/as_view.toml", "[strategy]\ntype = \"view\"\n");
  Loaded loaded(p.models_dir());
  ASSERT_TRUE(loaded.ok());

  LocalRun run = RunOn(loaded);
  EXPECT_EQ(run.report.total(), 4);
  EXPECT_EQ(run.report.failed(), 0) << ErrorOf(run.report, "consumer");
  EXPECT_EQ(run.Column("SELECT d FROM consumer"), (Strings{"4"}));
  EXPECT_EQ(run.Column("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'eph'"),
            (Strings{"0"}));
  EXPECT_EQ(run.Column("SELECT table_type FROM information_schema.tables WHERE table_name = "
                       "'as_view'"),
            (Strings{"VIEW"}));
}

TEST(LocalTestRunner, BrokenEphemeralFailsItsConsumers) {
  TempProject p;
  p.Write("models/eph.sql", "SELECT no_such_column FROM (SELECT 1 AS id) AS t");
  p.Write("models/eph.toml", "[strategy]\ntype = \"ephemeral\"\n");
  p.Write("models/consumer.sql", "SELECT * FROM eph");
  Loaded loaded(p.models_dir());
  ASSERT_TRUE(loaded.ok());

  LocalRun run = RunOn(loaded);
  EXPECT_EQ(run.report.failed(), 2);
  EXPECT_NE(ErrorOf(run.report, "eph").find("no_such_column"), std::string::npos);
  EXPECT_EQ(ErrorOf(run.report, "consumer"), "skipped: dependency 'eph' failed");
}

TEST(LocalTestRunner, FailingModelSkipsItsDownstream) {
  TempProject p;
  p.Write("models/good.sql", "SELECT 1 AS id");
  p.Write("models/bad.sql", "SELECT * FROM missing_schema.missing_table");
  p.Write("models/down.sql", "SELECT b.* FROM bad AS b JOIN good AS g ON true");
  p.Write("models/down2.sql", "SELECT * FROM down");
  p.Write("models/other.sql", "SELECT id FROM good");
  Loaded loaded(p.models_dir());
  ASSERT_TRUE(loaded.ok());

  LocalRun run = RunOn(loaded);
  EXPECT_EQ(run.report.total(), 5);
  EXPECT_EQ(run.report.passed(), 2);
  EXPECT_EQ(run.report.failed(), 3);
  EXPECT_NE(ErrorOf(run.report, "bad").find("missing_table"), std::string::npos)
      << ErrorOf(run.report, "bad");
  EXPECT_EQ(ErrorOf(run.report, "down"), "skipped: dependency 'bad' failed");
  EXPECT_EQ(ErrorOf(run.report, "down2"), "skipped: dependency 'down' failed");
  EXPECT_EQ(ErrorOf(run.report, "other"), "<passed>");
  EXPECT_EQ(run.Column("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = "
                       "'down'"),
            (Strings{"0"}));
}

TEST(LocalTestRunner, ModelOptionBuildsUpstreamButCountsOnlyTheModel) {
  TempProject p;
  p.Write("models/a.sql", "SELECT 5 AS x");
  p.Write("models/b.sql", "SELECT x + 1 AS y FROM a");
  p.Write("models/c.sql", "SELECT y * 2 AS z FROM b");
  p.Write("models/unrelated.sql", "SELECT * FROM nowhere");
  p.Write("models/after_bad.sql", "SELECT * FROM unrelated");
  Loaded loaded(p.models_dir());
  ASSERT_TRUE(loaded.ok());

  LocalRun run = RunOn(loaded, {"C"});
  EXPECT_EQ(Names(run.report), (Strings{"c"}));
  EXPECT_EQ(run.report.passed(), 1);
  EXPECT_EQ(run.Column("SELECT z FROM c"), (Strings{"12"}));
  // Models that are not upstream of c are not built.
  EXPECT_EQ(run.Column("SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN "
                       "('unrelated', 'after_bad')"),
            (Strings{"0"}));

  LocalRun skipped = RunOn(loaded, {"after_bad"});
  EXPECT_EQ(Names(skipped.report), (Strings{"after_bad"}));
  EXPECT_EQ(ErrorOf(skipped.report, "after_bad"), "skipped: dependency 'unrelated' failed");

  auto unknown = RunLocalTests(loaded.project(), {"nope"});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().message, "model 'nope' not found");
}

TEST(LocalTestRunner, SeedSqlAndSeedCsvAreLoadedFirst) {
  TempProject p;
  p.Write("data/seed.sql",
          "-- landed data; a ';' in a comment does not split\n"
          "CREATE SCHEMA raw;\n"
          "CREATE TABLE raw.orders (id INTEGER, customer_id INTEGER, note VARCHAR);\n"
          "INSERT INTO raw.orders VALUES (1, 10, 'a;b'), (2, 20, NULL), (3, 10, 'c');\n");
  p.Write("seeds/customers.csv",
          "id,name,since\n10,Ada,2024-01-02\n20,\"Lovelace, A.\",2024-03-04\n");
  p.Write("models/stg_orders.sql", "SELECT id, customer_id FROM raw.orders");
  p.Write("models/customer_orders.sql",
          "SELECT c.name, COUNT(*) AS orders, MIN(c.since) AS since\n"
          "FROM stg_orders AS o JOIN seeds.customers AS c ON c.id = o.customer_id\n"
          "GROUP BY c.name");
  Loaded loaded(p.models_dir());
  ASSERT_TRUE(loaded.ok());

  LocalRun run = RunOn(loaded);
  EXPECT_EQ(run.report.failed(), 0) << ErrorOf(run.report, "customer_orders");
  EXPECT_EQ(run.report.seed_sql_statements, 3u);
  EXPECT_EQ(run.report.seed_tables, (Strings{"seeds.customers"}));
  EXPECT_EQ(run.Column("SELECT name || ':' || orders || ':' || typeof(since) FROM customer_orders "
                       "ORDER BY name"),
            (Strings{"Ada:2:DATE", "Lovelace, A.:1:DATE"}));
  EXPECT_EQ(run.Column("SELECT note FROM raw.orders WHERE id = 1"), (Strings{"a;b"}));
}

// The project's warehouse file is attached read-only under its stem: models read it, their
// outputs stay in memory, and a catalog the fixtures made wins over the file.
TEST(LocalTestRunner, WarehouseFileIsAttachedReadOnly) {
  TempProject p;
  const std::string file = (p.root() / "poc.duckdb").string();
  {
    auto wh = adapters::duckdb::OpenDuckDbAdapter(file);
    ASSERT_TRUE(wh.has_value()) << wh.error().message;
    ASSERT_TRUE(wh->warehouse->ExecuteQuery("CREATE SCHEMA bronze; CREATE TABLE bronze.orders AS "
                                            "SELECT * FROM range(1, 4) t(id)"));
  }
  p.Write("models/order_count.sql", "SELECT COUNT(*) AS n FROM poc.bronze.orders");
  Loaded loaded(p.models_dir());
  ASSERT_TRUE(loaded.ok());

  LocalRun without = RunOn(loaded);
  EXPECT_NE(ErrorOf(without.report, "order_count").find("poc"), std::string::npos);

  LocalRun run = RunOn(loaded, {std::nullopt, {file}});
  EXPECT_EQ(run.report.failed(), 0) << ErrorOf(run.report, "order_count");
  EXPECT_EQ(run.Column("SELECT n FROM memory.main.order_count"), (Strings{"3"}));
  EXPECT_EQ(run.Column("SELECT readonly FROM duckdb_databases() WHERE database_name = 'poc'"),
            (Strings{"true"}));

  // data/seed.sql made its own `poc`: the file is not attached over it.
  p.Write("data/seed.sql", "ATTACH ':memory:' AS poc;\nCREATE SCHEMA poc.bronze;\n"
                           "CREATE TABLE poc.bronze.orders AS SELECT 7 AS id;\n");
  LocalRun fixtures = RunOn(loaded, {std::nullopt, {file}});
  EXPECT_EQ(fixtures.report.failed(), 0) << ErrorOf(fixtures.report, "order_count");
  EXPECT_EQ(fixtures.Column("SELECT n FROM order_count"), (Strings{"1"}));
}

TEST(LocalTestRunner, FailingSeedStatementNamesTheFile) {
  TempProject p;
  p.Write("data/seed.sql", "CREATE SCHEMA raw;\n\nINSERT INTO raw.nope VALUES (1);\n");
  p.Write("models/a.sql", "SELECT 1 AS id");
  Loaded loaded(p.models_dir());
  auto report = RunLocalTests(loaded.project());
  ASSERT_FALSE(report.has_value());
  const std::string file = (p.root() / "data" / "seed.sql").string();
  EXPECT_EQ(report.error().message.rfind(file + ":3: statement 2 of 2 failed: ", 0), 0u)
      << report.error().message;
  EXPECT_NE(report.error().message.find("nope"), std::string::npos);
}

TEST(LocalTestRunner, BadSeedCsvNamesTheFile) {
  TempProject p;
  p.Write("seeds/broken.csv", "a,b\n1,2,3\n");
  p.Write("models/a.sql", "SELECT 1 AS id");
  Loaded loaded(p.models_dir());
  auto report = RunLocalTests(loaded.project());
  ASSERT_FALSE(report.has_value());
  EXPECT_NE(report.error().message.find("broken.csv"), std::string::npos) << report.error().message;
}

TEST(LocalTestRunner, TimeIntervalModelsCoverEveryRow) {
  TempProject p;
  p.Write("data/seed.sql",
          "CREATE SCHEMA raw;\n"
          "CREATE TABLE raw.events AS SELECT * FROM (VALUES (TIMESTAMP '1950-06-01 00:00:00'), "
          "(TIMESTAMP '2026-04-07 12:00:00'), (TIMESTAMP '9999-12-31 00:00:00')) AS t(ts);\n");
  p.Write("models/events_daily.sql",
          "SELECT ts FROM raw.events WHERE ts >= @start_date AND ts < @end_date");
  p.Write("models/events_daily.toml",
          "[strategy]\ntype = \"time_interval\"\ntime_column = \"ts\"\ngranularity = \"day\"\n");
  Loaded loaded(p.models_dir());
  ASSERT_TRUE(loaded.ok());

  LocalRun run = RunOn(loaded);
  EXPECT_EQ(run.report.failed(), 0) << ErrorOf(run.report, "events_daily");
  EXPECT_EQ(run.Column("SELECT COUNT(*) FROM events_daily"), (Strings{"3"}));
}

TEST(LocalFixtures, ProjectDirIsTheParentOfTheModelsFolder) {
  EXPECT_EQ(ProjectDirOf("models"), fs::path("."));
  EXPECT_EQ(ProjectDirOf("models/"), fs::path("."));
  EXPECT_EQ(ProjectDirOf("/p/x/models"), fs::path("/p/x"));
  EXPECT_EQ(ProjectDirOf("proj/models"), fs::path("proj"));
}

}  // namespace
}  // namespace rocky::engine
