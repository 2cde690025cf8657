#include "adapters/snowflake/snowflake_warehouse.h"

#include <gtest/gtest.h>

#include "adapters/http/fake_http.h"

namespace rocky::adapters::snowflake {
namespace {

using http::FakeHttp;
using http::Reply;

TEST(SnowflakeCells, JsonV2CellsAreTypedByTheirColumn) {
  auto cell = [](std::optional<std::string> text, std::string type, int64_t scale = 0) {
    return ConvertSnowflakeCell(text, SnowflakeColumn{"C", std::move(type), scale, true});
  };
  EXPECT_EQ(cell("42", "fixed"), sdk::Value(int64_t{42}));
  EXPECT_EQ(cell("12.50", "fixed", 2), sdk::Value(12.5));
  EXPECT_EQ(cell("1.5E3", "real"), sdk::Value(1500.0));
  EXPECT_EQ(cell("true", "boolean"), sdk::Value(true));
  EXPECT_EQ(cell("0", "boolean"), sdk::Value(false));
  EXPECT_EQ(cell("20424", "date"), sdk::Value(std::string("2025-12-02")));
  EXPECT_EQ(cell("1764633600.000000000", "timestamp_ntz"),
            sdk::Value(std::string("2025-12-02 00:00:00")));
  EXPECT_EQ(cell("1764633600.250000000", "timestamp_ltz"),
            sdk::Value(std::string("2025-12-02 00:00:00.250000")));
  EXPECT_EQ(cell("1764633600.000000000 1500", "timestamp_tz"),
            sdk::Value(std::string("2025-12-02 00:00:00")));
  EXPECT_EQ(cell("3723.500000000", "time"), sdk::Value(std::string("01:02:03.500000")));
  EXPECT_EQ(cell("hello", "text"), sdk::Value(std::string("hello")));
  EXPECT_EQ(cell(std::nullopt, "text"), sdk::Value(std::monostate{}));
  EXPECT_EQ(cell("not a number", "fixed"), sdk::Value(std::string("not a number")));
}

struct Server {
  FakeHttp http;
  std::vector<std::string> statements;
  std::string data = "[]";
  std::unique_ptr<SnowflakeWarehouse> warehouse;

  Server() {
    http.handler = [this](const HttpRequest& r) -> Result<HttpResponse> {
      statements.push_back(Json::Parse(r.body)->Find("statement")->AsString());
      return Reply(200, R"({"code":"090001","statementHandle":"h",
        "resultSetMetaData":{"rowType":[{"name":"TABLE_SCHEMA","type":"text"},
          {"name":"TABLE_NAME","type":"text"},{"name":"COLUMN_NAME","type":"text"},
          {"name":"DATA_TYPE","type":"text"},{"name":"IS_NULLABLE","type":"text"},
          {"name":"NUMERIC_PRECISION","type":"fixed","scale":0},
          {"name":"NUMERIC_SCALE","type":"fixed","scale":0}],"partitionInfo":[{}]},
        "data":)" + data + "}");
    };
    SnowflakeConnection c;
    c.base_url = "https://acct.snowflakecomputing.com";
    c.token = Secret("t");
    c.warehouse = "WH";
    warehouse = std::make_unique<SnowflakeWarehouse>(std::make_unique<SnowflakeApi>(c, http));
  }
};

TEST(SnowflakeWarehouseTest, SchemasAreDescribedInOneQueryUpperCased) {
  Server s;
  s.data = R"([["RAW_SHOP","ORDERS","ID","NUMBER","NO","38","0"],
               ["RAW_SHOP","ORDERS","AMOUNT","NUMBER","YES","10","2"],
               ["RAW_SHOP","ORDERS","SYNCED","TIMESTAMP_NTZ","YES",null,null],
               ["RAW_CRM","PEOPLE","NAME","TEXT","YES",null,null]])";
  auto described = s.warehouse->DescribeSchemas("raw", {"raw_shop", "raw_crm", "empty"});
  ASSERT_TRUE(described) << described.error().message;
  ASSERT_EQ(s.statements.size(), 1u);
  EXPECT_EQ(s.statements[0],
            "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, IS_NULLABLE, "
            "NUMERIC_PRECISION, NUMERIC_SCALE FROM raw.INFORMATION_SCHEMA.COLUMNS WHERE "
            "TABLE_SCHEMA IN ('RAW_SHOP', 'RAW_CRM', 'EMPTY') ORDER BY TABLE_SCHEMA, TABLE_NAME, "
            "ORDINAL_POSITION");
  const auto& orders = described->at("raw_shop").at("ORDERS");
  ASSERT_EQ(orders.size(), 3u);
  EXPECT_EQ(orders[0].data_type, "NUMBER(38,0)");
  EXPECT_FALSE(orders[0].nullable);
  EXPECT_EQ(orders[1].data_type, "NUMBER(10,2)");
  EXPECT_EQ(orders[2].data_type, "TIMESTAMP_NTZ");
  EXPECT_EQ(described->at("raw_crm").at("PEOPLE")[0].data_type, "TEXT");
  EXPECT_EQ(described->count("empty"), 0u);

  auto columns = s.warehouse->DescribeTable({"raw", "raw_shop", "orders"});
  ASSERT_TRUE(columns) << columns.error().message;
  EXPECT_EQ(columns->size(), 3u);  // table names compare case-insensitively
  EXPECT_FALSE(s.warehouse->DescribeSchemas("raw", {"bad;name"}));
}

}  // namespace
}  // namespace rocky::adapters::snowflake
