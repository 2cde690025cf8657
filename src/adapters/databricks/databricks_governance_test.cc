#include "adapters/databricks/databricks_governance.h"

#include <gtest/gtest.h>

#include "adapters/http/fake_http.h"

namespace rocky::adapters::databricks {
namespace {

using http::FakeHttp;
using http::HeaderOf;
using http::Reply;

std::string Sql(const HttpRequest& r) { return Json::Parse(r.body)->Find("statement")->AsString(); }

// A warehouse that answers SHOW GRANTS from `grants` and records every statement and UC call.
struct UcServer {
  FakeHttp http;
  std::vector<std::string> statements;
  std::vector<std::string> uc_calls;
  std::string grants_rows = "[]";
  std::string bindings = R"({"bindings":[]})";
  std::string isolation = "OPEN";

  UcServer() {
    http.handler = [this](const HttpRequest& r) -> Result<HttpResponse> {
      const std::string path = r.url.substr(r.url.find('/', 8));
      if (path.starts_with("/api/2.1/")) {
        uc_calls.push_back(r.method + " " + path + (r.body.empty() ? "" : " " + r.body));
        if (path.find("/bindings/") != std::string::npos) return Reply(200, bindings);
        return Reply(200, R"({"name":"c","isolation_mode":")" + isolation + R"("})");
      }
      statements.push_back(Sql(r));
      if (statements.back().starts_with("SHOW GRANTS"))
        return Reply(200, R"({"statement_id":"g","status":{"state":"SUCCEEDED"},"manifest":{"schema":{"columns":[)"
                          R"({"name":"principal"},{"name":"actionType"},{"name":"objectType"},{"name":"objectKey"}]}},)"
                          R"("result":{"data_array":)" + grants_rows + "}}");
      return Reply(200, R"({"statement_id":"s","status":{"state":"SUCCEEDED"}})");
    };
  }
};

std::unique_ptr<DatabricksApi> Api(FakeHttp& http) {
  DatabricksConnection c;
  c.base_url = "https://dbc.example";
  c.warehouse_id = "wh1";
  c.token = Secret("t");
  return std::make_unique<DatabricksApi>(c, http);
}

TEST(DatabricksGovernanceTest, TagsOnEachObjectKind) {
  UcServer uc;
  auto api = Api(uc.http);
  StatementClient statements(*api);
  DatabricksGovernance g(*api, statements);
  ASSERT_TRUE(g.SetTags(sdk::TagTarget::kCatalog, {"acme", "", ""}, {{"rocky_tenant", "o'brien"}}));
  ASSERT_TRUE(g.SetTags(sdk::TagTarget::kSchema, {"acme", "bronze", ""}, {{"a", "1"}, {"b", "2"}}));
  ASSERT_TRUE(g.SetTags(sdk::TagTarget::kTable, {"acme", "bronze", "orders"}, {{"a", "1"}}));
  ASSERT_TRUE(g.SetTags(sdk::TagTarget::kTable, {"acme", "bronze", "orders"}, {}));  // nothing
  EXPECT_EQ(uc.statements, (std::vector<std::string>{
                               "ALTER CATALOG acme SET TAGS ('rocky_tenant' = 'o''brien')",
                               "ALTER SCHEMA acme.bronze SET TAGS ('a' = '1', 'b' = '2')",
                               "ALTER TABLE acme.bronze.orders SET TAGS ('a' = '1')"}));
  EXPECT_FALSE(g.SetTags(sdk::TagTarget::kCatalog, {"acme; DROP", "", ""}, {{"a", "1"}}));
}

TEST(DatabricksGovernanceTest, GrantsAreADiffAgainstShowGrants) {
  UcServer uc;
  uc.grants_rows = R"([["analysts","SELECT","CATALOG","acme"],
                       ["analysts","USE CATALOG","CATALOG","acme"],
                       ["admins","MANAGE","METASTORE","metastore"],
                       ["etl","CREATE TABLE","CATALOG","acme"]])";
  auto api = Api(uc.http);
  StatementClient statements(*api);
  DatabricksGovernance g(*api, statements);
  auto current = g.GetGrants("acme");
  ASSERT_TRUE(current) << current.error().message;
  ASSERT_EQ(current->size(), 2u);  // inherited and non-Rocky permissions left out
  EXPECT_EQ((*current)[0].principal, "analysts");

  uc.statements.clear();
  ASSERT_TRUE(g.ApplyGrants({{"analysts", sdk::Permission::kSelect, "acme"},
                             {"data team", sdk::Permission::kBrowse, "acme"},
                             {"analysts", sdk::Permission::kUseSchema, "acme.bronze"}}));
  // Every target's grants are read first (once each), then only the missing ones granted.
  EXPECT_EQ(uc.statements, (std::vector<std::string>{
                               "SHOW GRANTS ON CATALOG acme",
                               "SHOW GRANTS ON SCHEMA acme.bronze",
                               "GRANT BROWSE ON CATALOG acme TO `data team`",
                               "GRANT USE SCHEMA ON SCHEMA acme.bronze TO `analysts`"}));
  uc.statements.clear();
  ASSERT_TRUE(g.RevokeGrants({{"x`y", sdk::Permission::kModify, "acme"}}));
  EXPECT_EQ(uc.statements.at(0), "REVOKE MODIFY ON CATALOG acme FROM `x``y`");
}

TEST(DatabricksGovernanceTest, BindingsAndIsolationChangeOnlyWhenDifferent) {
  UcServer uc;
  auto api = Api(uc.http);
  StatementClient statements(*api);
  DatabricksGovernance g(*api, statements);
  ASSERT_TRUE(g.BindWorkspace("acme", 123, "READ_ONLY"));  // config's spelling
  ASSERT_TRUE(g.SetIsolation("acme", true));
  EXPECT_EQ(uc.uc_calls,
            (std::vector<std::string>{
                "GET /api/2.1/unity-catalog/bindings/catalog/acme?max_results=0",
                R"(PATCH /api/2.1/unity-catalog/bindings/catalog/acme {"add":[{"workspace_id":123,"binding_type":"BINDING_TYPE_READ_ONLY"}]})",
                "GET /api/2.1/unity-catalog/catalogs/acme",
                R"(PATCH /api/2.1/unity-catalog/catalogs/acme {"isolation_mode":"ISOLATED"})"}));
  uc.uc_calls.clear();
  uc.bindings = R"({"bindings":[{"workspace_id":123,"binding_type":"BINDING_TYPE_READ_ONLY"}]})";
  uc.isolation = "ISOLATED";
  ASSERT_TRUE(g.BindWorkspace("acme", 123, "BINDING_TYPE_READ_ONLY"));
  ASSERT_TRUE(g.SetIsolation("acme", true));
  EXPECT_EQ(uc.uc_calls, (std::vector<std::string>{
                             "GET /api/2.1/unity-catalog/bindings/catalog/acme?max_results=0",
                             "GET /api/2.1/unity-catalog/catalogs/acme"}));
}

TEST(DatabricksGovernanceTest, PlanningRecordsChangesAndMakesNone) {
  UcServer uc;
  uc.grants_rows = R"([["analysts","SELECT","CATALOG","acme"]])";
  uc.bindings = R"({"bindings":[{"workspace_id":1,"binding_type":"BINDING_TYPE_READ_WRITE"}]})";
  auto api = Api(uc.http);
  StatementClient statements(*api);
  DatabricksGovernance g(*api, statements);
  std::vector<sdk::Statement> plan;
  g.PlanInto(&plan);
  ASSERT_TRUE(g.SetTags(sdk::TagTarget::kSchema, {"acme", "bronze", ""}, {{"a", "1"}}));
  auto granted = g.ApplyGrants({{"analysts", sdk::Permission::kSelect, "acme"},
                                {"analysts", sdk::Permission::kUseCatalog, "acme"}});
  ASSERT_TRUE(granted);
  EXPECT_EQ(*granted, 1);
  ASSERT_TRUE(g.BindWorkspace("acme", 1, "READ_WRITE"));  // already bound: nothing
  ASSERT_TRUE(g.BindWorkspace("acme", 2, "READ_ONLY"));
  ASSERT_TRUE(g.SetIsolation("acme", true));
  // Only reads reached the warehouse and the API.
  EXPECT_EQ(uc.statements, (std::vector<std::string>{"SHOW GRANTS ON CATALOG acme"}));
  for (const auto& call : uc.uc_calls) EXPECT_TRUE(call.starts_with("GET ")) << call;
  std::vector<std::string> recorded;
  for (const auto& s : plan) recorded.push_back(s.purpose + " " + s.target + ": " + s.sql);
  EXPECT_EQ(recorded,
            (std::vector<std::string>{
                "set_tags acme.bronze: ALTER SCHEMA acme.bronze SET TAGS ('a' = '1')",
                "grant acme: GRANT USE CATALOG ON CATALOG acme TO `analysts`",
                R"(bind_workspace acme: -- API PATCH /api/2.1/unity-catalog/bindings/catalog/acme {"add":[{"workspace_id":2,"binding_type":"BINDING_TYPE_READ_ONLY"}]})",
                R"(set_isolation acme: -- API PATCH /api/2.1/unity-catalog/catalogs/acme {"isolation_mode":"ISOLATED"})"}));

  // A catalog that does not exist yet: reads fail, so everything is planned.
  uc.http.handler = [](const HttpRequest&) -> Result<HttpResponse> {
    return Reply(404, R"({"error_code":"CATALOG_DOES_NOT_EXIST","message":"no"})");
  };
  plan.clear();
  ASSERT_TRUE(g.ApplyGrants({{"analysts", sdk::Permission::kSelect, "newcat"}}));
  ASSERT_TRUE(g.BindWorkspace("newcat", 2, "READ_ONLY"));
  EXPECT_EQ(plan.size(), 2u);

  g.PlanInto(nullptr);  // applying again
  uc.http.handler = [&](const HttpRequest& r) -> Result<HttpResponse> {
    uc.statements.push_back(Sql(r));
    return Reply(200, R"({"statement_id":"s","status":{"state":"SUCCEEDED"}})");
  };
  uc.statements.clear();
  ASSERT_TRUE(g.SetTags(sdk::TagTarget::kCatalog, {"acme", "", ""}, {{"a", "1"}}));
  EXPECT_EQ(uc.statements.size(), 1u);
}

}  // namespace
}  // namespace rocky::adapters::databricks
