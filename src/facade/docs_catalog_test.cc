#include "facade/docs_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "base/file.h"
#include "base/time.h"
#include "config/config.h"
#include "facade/project_compile.h"
#include "facade/test_project.h"
#include "state/state_store.h"

namespace rocky::facade {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

// Three models: a staging model over an external table (with an intent, tests and a `</script>`
// in its SQL), an aggregate with a contract, and a model reading the aggregate.
void WriteProject(const TestProject& project) {
  project.Write("rocky.toml", kTransformationConfig);
  project.Write("models/_defaults.toml", "[target]\ncatalog = \"wh\"\nschema = \"silver\"\n");
  project.Write("models/stg_orders.sql",
                "SELECT CAST(id AS BIGINT) AS order_id, customer_id, amount,\n"
                "  '</script><!--' AS note\nFROM raw.orders\n");
  project.Write(
      "models/stg_orders.toml",
      "intent = \"One row per order <cleaned>.\"\n"
      "[freshness]\nmax_lag_seconds = 3600\n"
      "[[tests]]\ntype = \"not_null\"\ncolumn = \"order_id\"\n"
      "[[tests]]\ntype = \"accepted_values\"\ncolumn = \"note\"\nvalues = [\"x\", \"y\"]\n");
  project.Write("models/revenue.sql",
                "SELECT customer_id, SUM(amount) AS total FROM stg_orders GROUP BY customer_id\n");
  project.Write("models/revenue.contract.toml",
                "[[columns]]\nname = \"customer_id\"\ntype = \"Int64\"\n"
                "description = \"The buyer's key\"\n"
                "[[columns]]\nname = \"total\"\n"
                "[rules]\nrequired = [\"customer_id\"]\n");
  project.Write("models/top.sql", "SELECT customer_id FROM revenue WHERE total > 10\n");
}

const Json* FindByName(const Json& list, std::string_view name) {
  for (const Json& item : list.items())
    if (item["name"].AsString() == name) return &item;
  return nullptr;
}

bool HasEdge(const Json& lineage, std::string_view from_model, std::string_view from_column,
             std::string_view to_model, std::string_view to_column) {
  for (const Json& e : lineage.items())
    if (e["source"]["model"].AsString() == from_model &&
        e["source"]["column"].AsString() == from_column &&
        e["target"]["model"].AsString() == to_model &&
        e["target"]["column"].AsString() == to_column)
      return true;
  return false;
}

TEST(DocsCatalog, DataHasModelsColumnsLineageTestsAndContracts) {
  TestProject project;
  WriteProject(project);
  const config::Config config = project.Config();
  CompiledProject compiled = CompileProject(config, {}, {.use_cache = false});
  DocsCatalogOptions options;
  options.project_name = "shop";
  options.generated_at = "2026-04-07T00:00:00Z";
  options.project_dir = config.project_dir;
  auto data = Json::Parse(DocsCatalogData(compiled, options));
  ASSERT_TRUE(data) << data.error().Text();

  EXPECT_EQ((*data)["version"].AsString(), "1.0.0");
  EXPECT_EQ((*data)["generated_at"].AsString(), "2026-04-07T00:00:00Z");
  EXPECT_EQ((*data)["project"]["name"].AsString(), "shop");
  const Json& models = (*data)["models"];
  ASSERT_EQ(models.size(), 3u);

  const Json* stg = FindByName(models, "stg_orders");
  ASSERT_NE(stg, nullptr);
  EXPECT_EQ((*stg)["file_path"].AsString(), "models/stg_orders.sql");
  EXPECT_THAT((*stg)["sql"].AsString(), HasSubstr("'</script><!--' AS note"));
  EXPECT_EQ((*stg)["description"].AsString(), "One row per order <cleaned>.");
  EXPECT_EQ((*stg)["strategy"].Dump(), R"({"type":"full_refresh"})");
  EXPECT_EQ((*stg)["target"].Dump(), R"({"catalog":"wh","schema":"silver","table":"stg_orders"})");
  EXPECT_EQ((*stg)["depends_on"].Dump(), "[]");
  EXPECT_EQ((*stg)["layer"].AsInt(), 0);
  EXPECT_EQ((*stg)["freshness"].Dump(), R"({"max_lag_seconds":3600})");
  ASSERT_EQ((*stg)["tests"].size(), 2u);
  EXPECT_EQ((*stg)["tests"][0]["type"].AsString(), "not_null");
  EXPECT_EQ((*stg)["tests"][1]["values"].Dump(), R"(["x","y"])");
  EXPECT_EQ((*stg)["contract"].type(), Json::Type::kNull);
  const Json* order_id = FindByName((*stg)["columns"], "order_id");
  ASSERT_NE(order_id, nullptr);
  EXPECT_EQ((*order_id)["type"].AsString(), "Int64");

  const Json* revenue = FindByName(models, "revenue");
  ASSERT_NE(revenue, nullptr);
  EXPECT_EQ((*revenue)["depends_on"].Dump(), R"(["stg_orders"])");
  EXPECT_EQ((*revenue)["layer"].AsInt(), 1);
  EXPECT_FALSE((*revenue)["has_star"].AsBool());
  ASSERT_EQ((*revenue)["columns"].size(), 2u);
  EXPECT_EQ((*revenue)["columns"][0]["name"].AsString(), "customer_id");
  EXPECT_EQ((*revenue)["columns"][0]["description"].AsString(), "The buyer's key");
  EXPECT_EQ((*revenue)["columns"][1].Find("description"), nullptr);
  const Json& contract = (*revenue)["contract"];
  EXPECT_EQ(contract["path"].AsString(), "models/revenue.contract.toml");
  EXPECT_EQ(contract["source"].AsString(), "auto");
  EXPECT_EQ(contract["columns"].size(), 2u);
  EXPECT_EQ(contract["rules"]["required"].Dump(), R"(["customer_id"])");
  EXPECT_EQ((*FindByName(models, "top"))["layer"].AsInt(), 2);

  const Json& lineage = (*data)["lineage"];
  EXPECT_TRUE(HasEdge(lineage, "raw.orders", "id", "stg_orders", "order_id"));
  EXPECT_TRUE(HasEdge(lineage, "stg_orders", "amount", "revenue", "total"));
  EXPECT_TRUE(HasEdge(lineage, "revenue", "customer_id", "top", "customer_id"));
  for (const Json& e : lineage.items()) EXPECT_FALSE(e["transform"].AsString().empty());
  EXPECT_TRUE((*data)["diagnostics"].IsArray());
  EXPECT_EQ((*data)["runs"].Dump(), "[]");
  EXPECT_EQ((*data)["history"].Dump(), "{}");
}

TEST(DocsCatalog, DiagnosticsAreListed) {
  TestProject project;
  project.Write("rocky.toml", kTransformationConfig);
  project.Write("models/_defaults.toml", "[target]\ncatalog = \"wh\"\nschema = \"silver\"\n");
  project.Write("models/broken.sql", "SELECT FROM WHERE\n");
  CompiledProject compiled = CompileProject(project.Config(), {}, {.use_cache = false});
  auto data = Json::Parse(DocsCatalogData(compiled, {}));
  ASSERT_TRUE(data);
  ASSERT_FALSE((*data)["diagnostics"].empty());
  EXPECT_EQ((*data)["diagnostics"][0]["severity"].AsString(), "Error");
  EXPECT_EQ((*data)["models"].size(), 1u);
  EXPECT_TRUE((*data)["models"][0]["has_star"].AsBool());
  EXPECT_EQ((*data).Find("project"), nullptr);
}

TEST(DocsCatalog, PageReplacesTheMarkerOnceAndEscapesEveryLessThan) {
  const std::string page = "<html><head></head><body><!--rocky-data--><p>end</p></body></html>";
  auto html = DocsCatalogPage(page, R"({"sql":"a</script><!--b","x":1})");
  ASSERT_TRUE(html);
  EXPECT_EQ(*html,
            "<html><head></head><body><script type=\"application/json\" id=\"rocky-data\">"
            R"({"sql":"a\u003c/script>\u003c!--b","x":1})"
            "</script><p>end</p></body></html>");
  EXPECT_FALSE(DocsCatalogPage("<html></html>", "{}"));
  EXPECT_FALSE(DocsCatalogPage("<!--rocky-data--><!--rocky-data-->", "{}"));
}

TEST(DocsCatalog, WritesTheFileWithRunsAndHistoryFromTheState) {
  TestProject project;
  WriteProject(project);
  const config::Config config = project.Config();
  const std::string state_path = (project.root() / "state.db").string();
  {
    auto store = state::StateStore::Open(state_path, state::OpenMode::kReadWrite);
    ASSERT_TRUE(store) << store.error().Text();
    state::RunRecord run;
    run.run_id = "run-1";
    run.pipeline = "silver";
    run.started_at = *ParseTimestamp("2026-04-07T10:00:00Z");
    run.finished_at = *ParseTimestamp("2026-04-07T10:00:02Z");
    state::RunUnit unit;
    unit.unit_name = "revenue";
    unit.kind = state::UnitKind::kModel;
    unit.duration_ms = 1500;
    unit.rows_affected = 42;
    run.units.push_back(unit);
    ASSERT_TRUE(store->RecordRun({run}));
  }
  const std::string page = "<html><body><!--rocky-data--></body></html>";
  const std::string output = (project.root() / "site" / "nested" / "catalog.html").string();
  ProjectOptions options;
  options.state_path = state_path;
  auto written = WriteDocsCatalog(config, options, page, output);
  ASSERT_TRUE(written) << written.error().Text();
  EXPECT_EQ(written->output_path, output);
  EXPECT_EQ(written->models_count, 3);
  EXPECT_EQ(written->pipelines_count, 1);
  EXPECT_EQ(written->errors, 0);
  auto text = ReadFile(output);
  ASSERT_TRUE(text);
  EXPECT_EQ(static_cast<int64_t>(text->size()), written->bytes);
  EXPECT_THAT(*text, Not(HasSubstr("<!--rocky-data-->")));
  const std::string open = R"(<script type="application/json" id="rocky-data">)";
  const size_t begin = text->find(open) + open.size();
  const size_t end = text->find("</script>", begin);
  ASSERT_NE(end, std::string::npos);
  const std::string block = text->substr(begin, end - begin);
  EXPECT_EQ(block.find('<'), std::string::npos);
  EXPECT_EQ(text->substr(end), "</script></body></html>");
  auto data = Json::Parse(block);
  ASSERT_TRUE(data) << data.error().Text();
  EXPECT_EQ((*data)["project"]["name"].AsString(), project.root().filename().string());
  ASSERT_EQ((*data)["runs"].size(), 1u);
  EXPECT_EQ((*data)["runs"][0]["run_id"].AsString(), "run-1");
  const Json& history = (*data)["history"]["revenue"];
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0]["duration_ms"].AsInt(), 1500);
  EXPECT_EQ(history[0]["rows_affected"].AsInt(), 42);
  EXPECT_EQ(history[0]["started_at"].AsString(), "2026-04-07T10:00:00Z");
  EXPECT_EQ(history[0]["status"].AsString(), "success");
  EXPECT_THAT((*data)["models"][0]["sql"].AsString(), Not(HasSubstr("\\u003c")));
}

TEST(DocsCatalog, AProjectWithoutModelsIsNotWritten) {
  TestProject project;
  project.Write("rocky.toml", kTransformationConfig);
  const std::string output = (project.root() / "docs" / "catalog.html").string();
  auto written = WriteDocsCatalog(project.Config(), {}, "<!--rocky-data-->", output);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().kind, ErrorKind::kNotFound);
  EXPECT_THAT(written.error().message, HasSubstr("models directory not found"));
  EXPECT_FALSE(fs::exists(output));
}

}  // namespace
}  // namespace rocky::facade
