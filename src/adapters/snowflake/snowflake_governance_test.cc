#include "adapters/snowflake/snowflake_governance.h"

#include <gtest/gtest.h>

#include "adapters/http/fake_http.h"

namespace rocky::adapters::snowflake {
namespace {

using http::FakeHttp;
using http::Reply;

// A warehouse answering SHOW [FUTURE] GRANTS from the given rows; records every statement.
struct Server {
  FakeHttp http;
  std::vector<std::string> statements;
  std::string grants = "[]", future = "[]";
  std::string missing_tag;  // an ALTER … SET TAG naming it fails as Snowflake does
  std::unique_ptr<SnowflakeApi> api;
  std::unique_ptr<SnowflakeStatements> client;

  Server() {
    http.handler = [this](const HttpRequest& r) -> Result<HttpResponse> {
      const std::string sql = Json::Parse(r.body)->Find("statement")->AsString();
      statements.push_back(sql);
      if (!missing_tag.empty() && sql.find("SET TAG " + missing_tag) != std::string::npos)
        return Reply(422, R"({"code":"002003","sqlState":"02000","statementHandle":"h",
          "message":"SQL compilation error:\nTag ')" + missing_tag +
                              R"(' does not exist or not authorized."})");
      const std::string& rows = sql.starts_with("SHOW FUTURE") ? future
                                : sql.starts_with("SHOW GRANTS") ? grants
                                                                 : std::string("[]");
      return Reply(200, R"({"code":"090001","statementHandle":"h","resultSetMetaData":{
        "rowType":[{"name":"created_on","type":"timestamp_ltz"},{"name":"privilege","type":"text"},
        {"name":"granted_on","type":"text"},{"name":"name","type":"text"},
        {"name":"granted_to","type":"text"},{"name":"grantee_name","type":"text"}],
        "partitionInfo":[{}]},"data":)" + rows + "}");
    };
    SnowflakeConnection c;
    c.base_url = "https://acct.snowflakecomputing.com";
    c.token = Secret("t");
    c.warehouse = "WH";
    api = std::make_unique<SnowflakeApi>(c, http);
    client = std::make_unique<SnowflakeStatements>(*api);
  }
};

TEST(SnowflakeGovernanceTest, PermissionsMapToSnowflakePrivileges) {
  auto one = [](sdk::Permission p, std::string target) {
    return *SnowflakeGrantSql({"analysts", p, std::move(target)}, true);
  };
  EXPECT_EQ(one(sdk::Permission::kBrowse, "acme"),
            std::vector<std::string>{"GRANT MONITOR ON DATABASE acme TO ROLE \"analysts\""});
  EXPECT_EQ(one(sdk::Permission::kUseCatalog, "acme")[0],
            "GRANT USAGE ON DATABASE acme TO ROLE \"analysts\"");
  EXPECT_EQ(one(sdk::Permission::kUseSchema, "acme.bronze")[0],
            "GRANT USAGE ON SCHEMA acme.bronze TO ROLE \"analysts\"");
  EXPECT_EQ(one(sdk::Permission::kManage, "acme")[0],
            "GRANT MANAGE GRANTS ON DATABASE acme TO ROLE \"analysts\"");
  EXPECT_EQ(one(sdk::Permission::kSelect, "acme.bronze"),
            (std::vector<std::string>{
                "GRANT SELECT ON ALL TABLES IN SCHEMA acme.bronze TO ROLE \"analysts\"",
                "GRANT SELECT ON FUTURE TABLES IN SCHEMA acme.bronze TO ROLE \"analysts\""}));
  EXPECT_EQ((*SnowflakeGrantSql({"a\"b", sdk::Permission::kModify, "acme"}, false))[0],
            "REVOKE MODIFY ON DATABASE acme FROM ROLE \"a\"\"b\"");
  EXPECT_FALSE(SnowflakeGrantSql({"x", sdk::Permission::kSelect, "acme"}, true));
  EXPECT_FALSE(SnowflakeGrantSql({"x", sdk::Permission::kModify, "acme; DROP"}, true));
}

TEST(SnowflakeGovernanceTest, GrantsAreADiffAgainstWhatSnowflakeShows) {
  Server s;
  s.grants = R"([["1","USAGE","SCHEMA","ACME.BRONZE","ROLE","ANALYSTS"],
                 ["1","OWNERSHIP","SCHEMA","ACME.BRONZE","ROLE","SYSADMIN"]])";
  s.future = R"([["1","SELECT","TABLE","ACME.BRONZE.<TABLE>","ROLE","ANALYSTS"]])";
  SnowflakeGovernance g(*s.client);
  auto made = g.ApplyGrants({{"analysts", sdk::Permission::kUseSchema, "acme.bronze"},
                             {"analysts", sdk::Permission::kSelect, "acme.bronze"},
                             {"loaders", sdk::Permission::kModify, "acme.bronze"}});
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(*made, 1);
  EXPECT_EQ(s.statements, (std::vector<std::string>{
                              "SHOW GRANTS ON SCHEMA acme.bronze",
                              "SHOW FUTURE GRANTS IN SCHEMA acme.bronze",
                              "GRANT MODIFY ON SCHEMA acme.bronze TO ROLE \"loaders\""}));
}

TEST(SnowflakeGovernanceTest, TagsAndWhatSnowflakeDoesNotHave) {
  Server s;
  SnowflakeGovernance g(*s.client);
  ASSERT_TRUE(g.SetTags(sdk::TagTarget::kSchema, {"acme", "bronze", ""},
                        {{"rocky_tenant", "o'brien"}, {"owner", "data"}}));
  EXPECT_EQ(s.statements.at(0),
            "ALTER SCHEMA acme.bronze SET TAG owner = 'data', rocky_tenant = 'o''brien'");
  EXPECT_FALSE(g.SetTags(sdk::TagTarget::kCatalog, {"acme", "", ""}, {{"bad key", "v"}}));
  auto bind = g.BindWorkspace("acme", 1, "READ_ONLY");
  ASSERT_FALSE(bind);
  EXPECT_NE(bind.error().message.find("Databricks Unity Catalog feature"), std::string::npos);
  std::vector<sdk::Statement> plan;
  g.PlanInto(&plan);
  s.statements.clear();
  ASSERT_TRUE(g.SetTags(sdk::TagTarget::kCatalog, {"acme", "", ""}, {{"owner", "data"}}));
  EXPECT_TRUE(s.statements.empty());
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].sql, "ALTER DATABASE acme SET TAG owner = 'data'");
}

// Tags are objects Snowflake needs before they are set: a qualified key names one elsewhere, and
// a missing one fails with the fix.
TEST(SnowflakeGovernanceTest, QualifiedTagsAndAMissingTagNamesTheFix) {
  Server s;
  SnowflakeGovernance g(*s.client);
  ASSERT_TRUE(g.SetTags(sdk::TagTarget::kTable, {"acme", "bronze", "orders"},
                        {{"gov.tags.owner", "data"}}));
  EXPECT_EQ(s.statements.at(0), "ALTER TABLE acme.bronze.orders SET TAG gov.tags.owner = 'data'");
  EXPECT_FALSE(g.SetTags(sdk::TagTarget::kTable, {"acme", "bronze", "orders"},
                         {{"gov.tags.owner; DROP", "v"}}));
  s.missing_tag = "pii";
  auto missing = g.SetTags(sdk::TagTarget::kTable, {"acme", "bronze", "orders"}, {{"pii", "no"}});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("Tag 'pii' does not exist"), std::string::npos);
  EXPECT_NE(missing.error().message.find("CREATE TAG IF NOT EXISTS"), std::string::npos)
      << missing.error().message;
}

}  // namespace
}  // namespace rocky::adapters::snowflake
