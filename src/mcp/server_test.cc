#include "mcp/server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "base/url.h"
#include "config/config.h"

namespace rocky::mcp {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A DuckDB project in a fresh temp folder: `orders` (two rows from literals) and `order_totals`
// reading it, under a transformation pipeline.
class McpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("rocky-mcp-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    Put("rocky.toml", "[adapter]\ntype = \"duckdb\"\npath = \"" + (root_ / "wh.duckdb").string() +
                          "\"\n\n[pipeline.silver]\ntype = \"transformation\"\nmodels = \"" +
                          (root_ / "models").string() + "\"\n");
    Put("models/orders.sql",
        "SELECT 1 AS order_id, 10.5 AS amount UNION ALL SELECT 2 AS order_id, 4.5 AS amount");
    Put("models/orders.toml",
        "name = \"orders\"\nintent = \"Every order with its amount\"\n"
        "[target]\ncatalog = \"wh\"\nschema = \"silver\"\ntable = \"orders\"\n");
    Put("models/order_totals.sql",
        "SELECT order_id, amount * 2 AS doubled, amount AS total FROM orders");
    Put("models/order_totals.toml",
        "name = \"order_totals\"\n[target]\ncatalog = \"wh\"\n"
        "schema = \"gold\"\ntable = \"order_totals\"\n");
    auto load = config::LoadConfig((root_ / "rocky.toml").string());
    ASSERT_TRUE(load.config) << "invalid test config";
    facade::ProjectOptions project;
    project.state_path = (root_ / ".rocky" / "state.db").string();
    session_ = std::make_unique<ProjectSession>(std::move(*load.config), project);
  }
  void TearDown() override {
    session_.reset();
    fs::remove_all(root_);
  }

  void Put(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << text;
  }

  json Ask(McpServer& server, const std::string& method, json params = json::object()) {
    json request = {{"jsonrpc", "2.0"}, {"id", ++next_id_}, {"method", method}, {"params", params}};
    std::string reply = server.Handle(request.dump());
    EXPECT_FALSE(reply.empty()) << method;
    json parsed = json::parse(reply);
    EXPECT_EQ(parsed["id"], next_id_);
    return parsed;
  }
  json Call(McpServer& server, const std::string& tool, json arguments = json::object()) {
    return Ask(server, "tools/call", {{"name", tool}, {"arguments", arguments}})["result"];
  }
  McpServer Started(bool allow_run = false) {
    McpServer server(*session_, {.allow_run = allow_run});
    Ask(server, "initialize",
        {{"protocolVersion", "2025-06-18"},
         {"capabilities", json::object()},
         {"clientInfo", {{"name", "test"}, {"version", "0"}}}});
    EXPECT_EQ(server.Handle(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"), "");
    return server;
  }

  fs::path root_;
  std::unique_ptr<ProjectSession> session_;
  int next_id_ = 0;
};

TEST_F(McpServerTest, InitializeNegotiatesTheProtocolRevision) {
  McpServer server(*session_, {});
  EXPECT_EQ(Ask(server, "tools/list")["error"]["code"], -32600);  // before initialize
  json asked = Ask(server, "initialize", {{"protocolVersion", "2025-03-26"}});
  EXPECT_EQ(asked["result"]["protocolVersion"], "2025-03-26");
  EXPECT_TRUE(asked["result"]["capabilities"].contains("tools"));
  EXPECT_TRUE(asked["result"]["capabilities"].contains("resources"));
  json unknown = Ask(server, "initialize", {{"protocolVersion", "1999-01-01"}});
  EXPECT_EQ(unknown["result"]["protocolVersion"], "2025-06-18");
  EXPECT_EQ(Ask(server, "ping")["result"], json::object());
  EXPECT_EQ(json::parse(server.Handle("{oops"))["error"]["code"], -32700);
  EXPECT_EQ(Ask(server, "prompts/list")["error"]["code"], -32601);
}

TEST_F(McpServerTest, RunAnswersOneLinePerRequest) {
  McpServer server(*session_, {});
  std::istringstream in(
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}\r\n"
      "\n"
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
      "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"tools/list\"}\n"
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}\n");
  std::ostringstream out;
  EXPECT_EQ(server.Run(in, out), 0);
  std::istringstream lines(out.str());
  std::vector<json> replies;
  for (std::string line; std::getline(lines, line);) replies.push_back(json::parse(line));
  ASSERT_EQ(replies.size(), 2u);  // no answer to the notification, the blank line or a response
  EXPECT_EQ(replies[0]["id"], 1);
  EXPECT_EQ(replies[1]["id"], "two");
  EXPECT_EQ(replies[1]["result"]["tools"].size(), 10u);
}

TEST_F(McpServerTest, EveryToolHasAStrictSchema) {
  McpServer server = Started();
  json tools = Ask(server, "tools/list")["result"]["tools"];
  std::vector<std::string> names;
  for (const json& t : tools) {
    names.push_back(t["name"]);
    EXPECT_EQ(t["inputSchema"]["type"], "object") << t["name"];
    EXPECT_EQ(t["inputSchema"]["additionalProperties"], false) << t["name"];
  }
  EXPECT_EQ(names, (std::vector<std::string>{"list_models", "model_detail", "compile",
                                             "column_lineage", "downstream_impact", "plan",
                                             "sample_rows", "run", "history", "docs_search"}));
}

TEST_F(McpServerTest, CompileDetailAndLineage) {
  McpServer server = Started();
  json compiled = Call(server, "compile");
  EXPECT_EQ(compiled["isError"], false);
  EXPECT_EQ(compiled["structuredContent"]["models"], 2);
  EXPECT_EQ(compiled["structuredContent"]["has_errors"], false);
  EXPECT_EQ(json::parse(compiled["content"][0]["text"].get<std::string>()),
            compiled["structuredContent"]);

  json detail = Call(server, "model_detail", {{"model", "orders"}})["structuredContent"];
  EXPECT_EQ(detail["description"], "Every order with its amount");
  EXPECT_EQ(detail["typed_columns"][0]["name"], "order_id");
  EXPECT_EQ(detail["target"]["schema"], "silver");

  json trace = Call(server, "column_lineage",
                    {{"model", "order_totals"}, {"column", "TOTAL"}})["structuredContent"];
  EXPECT_EQ(trace["column"], "total");
  ASSERT_FALSE(trace["trace"].empty());
  EXPECT_EQ(trace["trace"][0]["source"]["model"], "orders");
  EXPECT_EQ(trace["trace"][0]["source"]["column"], "amount");

  json impact = Call(server, "downstream_impact",
                     {{"model", "orders"}, {"column", "amount"}})["structuredContent"];
  EXPECT_EQ(impact["impacted_models"], json::array({"order_totals"}));
  std::set<std::string> columns;
  for (const json& c : impact["impacted_columns"]) columns.insert(c["column"]);
  EXPECT_EQ(columns, (std::set<std::string>{"doubled", "total"}));

  json missing = Call(server, "column_lineage", {{"model", "orders"}, {"column", "nope"}});
  EXPECT_EQ(missing["isError"], true);
  EXPECT_EQ(missing["structuredContent"]["error"], "model 'orders' has no column 'nope'");
}

TEST_F(McpServerTest, BadArgumentsAreToolErrorsAndUnknownToolsProtocolErrors) {
  McpServer server = Started();
  json no_model = Call(server, "model_detail");
  EXPECT_EQ(no_model["isError"], true);
  EXPECT_NE(no_model["structuredContent"]["error"].get<std::string>().find("model"),
            std::string::npos);
  EXPECT_FALSE(no_model["structuredContent"]["problems"].empty());
  EXPECT_EQ(Call(server, "list_models", {{"extra", 1}})["isError"], true);
  EXPECT_EQ(Call(server, "sample_rows", {{"model", "orders"}, {"limit", 101}})["isError"], true);
  EXPECT_EQ(Call(server, "model_detail", {{"model", 3}})["isError"], true);
  json unknown = Ask(server, "tools/call", {{"name", "drop_everything"}, {"arguments", {}}});
  EXPECT_EQ(unknown["error"]["code"], -32602);
}

TEST_F(McpServerTest, RunIsRefusedWithoutAllowRun) {
  McpServer server = Started();
  json refused = Call(server, "run", {{"models", {"orders"}}});
  EXPECT_EQ(refused["isError"], true);
  EXPECT_NE(refused["structuredContent"]["error"].get<std::string>().find("--allow-run"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(root_ / "wh.duckdb"));
}

TEST_F(McpServerTest, RunThenSampleRowsAndHistory) {
  McpServer server = Started(/*allow_run=*/true);
  json plan = Call(server, "plan", {{"models", {"orders"}}});
  ASSERT_EQ(plan["isError"], false) << plan.dump();
  std::vector<std::string> targets;
  for (const json& s : plan["structuredContent"]["statements"]) targets.push_back(s["target"]);
  EXPECT_EQ(targets, (std::vector<std::string>{"wh.silver", "wh.silver.orders"}));
  json run = Call(server, "run", {{"models", {"orders"}}});
  ASSERT_EQ(run["isError"], false) << run.dump();
  json rows = Call(server, "sample_rows", {{"model", "orders"}, {"limit", 1}});
  ASSERT_EQ(rows["isError"], false) << rows.dump();
  EXPECT_EQ(rows["structuredContent"]["row_count"], 1);
  EXPECT_EQ(rows["structuredContent"]["columns"], json::array({"order_id", "amount"}));
  // Only the selected model was built.
  EXPECT_EQ(Call(server, "sample_rows", {{"model", "order_totals"}})["isError"], true);
  json history = Call(server, "history")["structuredContent"];
  EXPECT_EQ(history["count"], 1);
  json planned = Call(server, "plan", {{"models", {"order_totals"}}});
  ASSERT_EQ(planned["isError"], false) << planned.dump();
  targets.clear();
  for (const json& s : planned["structuredContent"]["statements"]) targets.push_back(s["target"]);
  EXPECT_EQ(targets, (std::vector<std::string>{"wh.gold", "wh.gold.order_totals"}));
}

TEST_F(McpServerTest, RecompilesOnlyWhenAModelFileChanges) {
  McpServer server = Started();
  EXPECT_EQ(Call(server, "list_models")["structuredContent"]["count"], 2);
  EXPECT_EQ(Call(server, "list_models")["structuredContent"]["count"], 2);
  EXPECT_EQ(session_->compiles(), 1);
  Put("models/big_orders.sql", "SELECT order_id FROM orders WHERE amount > 5");
  EXPECT_EQ(Call(server, "list_models")["structuredContent"]["count"], 3);
  EXPECT_EQ(session_->compiles(), 2);
  json found = Call(server, "docs_search", {{"query", "amount"}})["structuredContent"];
  ASSERT_GE(found["count"], 1);
  EXPECT_EQ(found["results"][0]["name"], "orders");  // the description names it too
}

TEST_F(McpServerTest, ModelFilesAreResources) {
  McpServer server = Started();
  json list = Ask(server, "resources/list")["result"]["resources"];
  std::set<std::string> names;
  for (const json& r : list) names.insert(r["name"]);
  EXPECT_TRUE(names.contains("orders.sql"));
  EXPECT_TRUE(names.contains("orders.toml"));
  const std::string uri = UriOfPath((root_ / "models" / "orders.sql").string());
  json read = Ask(server, "resources/read", {{"uri", uri}})["result"];
  EXPECT_EQ(read["contents"][0]["uri"], uri);
  EXPECT_NE(read["contents"][0]["text"].get<std::string>().find("UNION ALL"), std::string::npos);
  json outside =
      Ask(server, "resources/read", {{"uri", UriOfPath((root_ / "rocky.toml").string())}});
  EXPECT_EQ(outside["error"]["code"], -32002);
}

}  // namespace
}  // namespace rocky::mcp
