#include "adapters/duckdb/duckdb_discovery.h"

#include <gtest/gtest.h>

#include "adapters/duckdb/duckdb_adapter.h"
#include "adapters/duckdb/duckdb_test_util.h"

namespace rocky::adapters::duckdb {
namespace {

using testing::Must;
using testing::Stmt;
using testing::TempDir;

std::vector<std::string> TableNames(const sdk::DiscoveredSource& s) {
  std::vector<std::string> names;
  for (const auto& t : s.tables) {
    EXPECT_EQ(t.row_count, std::nullopt);
    names.push_back(t.name);
  }
  return names;
}

TEST(DuckDbDiscoveryTest, SchemasWithThePrefixBecomeSources) {
  TempDir dir;
  auto adapter = Must(OpenDuckDbAdapter(dir.File("warehouse.duckdb")));
  EXPECT_EQ(adapter.catalog_name(), "warehouse");
  for (const char* sql :
       {"CREATE SCHEMA src__shop_b", "CREATE SCHEMA src__shop_a", "CREATE SCHEMA src__empty",
        "CREATE SCHEMA other", "CREATE TABLE src__shop_a.orders (id INT)",
        "CREATE TABLE src__shop_a.customers (id INT)", "CREATE VIEW src__shop_a.v AS SELECT 1 AS x",
        "CREATE TABLE src__shop_b.items (id INT)", "CREATE TABLE other.hidden (id INT)"})
    Must(adapter.warehouse->ExecuteStatement(Stmt(sql)));

  auto sources = Must(adapter.discovery->Discover("src__", ""));
  ASSERT_EQ(sources.size(), 3u);
  EXPECT_EQ(sources[0].id, "src__empty");
  EXPECT_EQ(sources[1].id, "src__shop_a");
  EXPECT_EQ(sources[2].id, "src__shop_b");
  for (const auto& s : sources) {
    EXPECT_EQ(s.schema, s.id);
    EXPECT_EQ(s.source_type, "duckdb");
    EXPECT_EQ(s.last_sync_at, std::nullopt);
  }
  EXPECT_TRUE(sources[0].tables.empty());
  EXPECT_EQ(TableNames(sources[1]), (std::vector<std::string>{"customers", "orders"}));
  EXPECT_EQ(TableNames(sources[2]), std::vector<std::string>{"items"});

  EXPECT_EQ(Must(adapter.discovery->Discover("src__shop_b", "warehouse")).size(), 1u);
  EXPECT_TRUE(Must(adapter.discovery->Discover("src__", "no_such_catalog")).empty());
  EXPECT_TRUE(Must(adapter.discovery->Discover("x' OR '1' = '1", "")).empty());
  EXPECT_TRUE(adapter.discovery->Ping().has_value());
}

TEST(DuckDbDiscoveryTest, RolesShareOneDatabase) {
  auto adapter = Must(OpenDuckDbAdapter(std::nullopt));
  EXPECT_EQ(adapter.catalog_name(), "memory");
  EXPECT_EQ(adapter.warehouse.get(),
            static_cast<sdk::WarehouseAdapter*>(adapter.duckdb_warehouse.get()));
  Must(adapter.warehouse->ExecuteStatement(Stmt("CREATE SCHEMA raw_x")));
  Must(adapter.warehouse->ExecuteStatement(Stmt("CREATE TABLE raw_x.t AS SELECT 1 AS id")));
  auto counts = Must(adapter.batch_checks->BatchRowCounts({{"memory", "raw_x", "t"}}));
  EXPECT_EQ(counts.at(0).count, 1);
  auto sources = Must(adapter.discovery->Discover("raw_", ""));
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(TableNames(sources[0]), std::vector<std::string>{"t"});
  EXPECT_EQ(adapter.loader->SupportedFormats().size(), 3u);
}

TEST(DuckDbManifestTest, DeclaresTheBuiltInCapabilities) {
  auto m = DuckDbManifest();
  EXPECT_EQ(m.name, "duckdb");
  EXPECT_EQ(m.dialect, "duckdb");
  EXPECT_EQ(m.sdk_version, "1.0.0");
  EXPECT_TRUE(m.capabilities.warehouse);
  EXPECT_TRUE(m.capabilities.discovery);
  EXPECT_FALSE(m.capabilities.governance);
  EXPECT_TRUE(m.capabilities.batch_checks);
  EXPECT_FALSE(m.capabilities.create_catalog);
  EXPECT_TRUE(m.capabilities.create_schema);
  EXPECT_TRUE(m.capabilities.merge);
  EXPECT_TRUE(m.capabilities.tablesample);
  EXPECT_TRUE(m.capabilities.file_load);
  EXPECT_TRUE(m.auth_methods.empty());
  EXPECT_EQ(m.config_schema["type"].AsString(), "object");
  EXPECT_EQ(m.config_schema["properties"]["path"]["type"].AsString(), "string");
  auto round_trip = Must(sdk::AdapterManifest::FromJson(m.ToJson()));
  EXPECT_EQ(round_trip.ToJson(), m.ToJson());
}

}  // namespace
}  // namespace rocky::adapters::duckdb
