// Snowflake SQL on the emulator's DuckDB, over real HTTP: databases and schemas, the
// INFORMATION_SCHEMA views and SHOW, DESCRIBE TABLE, what Rocky's Snowflake dialect generates
// (adapters.md §2), and governance kept as emulator state.
#include <gtest/gtest.h>

#include "emulators/snowflake/snowflake_test_support.h"

namespace rocky::emulator::snowflake::testing {
namespace {

// Column `column` of every row of a ResultSet's first partition.
std::vector<std::string> Column(const Reply& r, size_t column) {
  std::vector<std::string> out;
  for (const auto& row : r.data())
    out.push_back(row[column].is_null() ? "<null>" : row[column].get<std::string>());
  return out;
}

TEST(SnowflakeSqlTest, DatabasesSchemasInformationSchemaAndShow) {
  auto emulator = StartEmulator();
  Client client(emulator->url(), kToken);
  EXPECT_EQ(client.Run("CREATE DATABASE IF NOT EXISTS analytics").data(),
            Json::parse(R"([["Database ANALYTICS successfully created."]])"));
  client.Run("CREATE DATABASE IF NOT EXISTS analytics");
  client.Run("CREATE SCHEMA IF NOT EXISTS analytics.raw");
  client.Run(
      "CREATE OR REPLACE TABLE analytics.raw.orders (id NUMBER(38,0), amount NUMBER(10,2), "
      "note VARCHAR(100), loaded_at TIMESTAMP_NTZ, \"mixedCase\" INT, number INT)");
  client.Run("CREATE VIEW analytics.raw.v AS SELECT id FROM analytics.raw.orders");

  // Rocky's column prefetch (adapters.md §2): Snowflake's type columns.
  Reply columns = client.Run(
      "SELECT lower(table_name), lower(column_name), data_type, numeric_precision, "
      "numeric_scale, character_maximum_length FROM analytics.information_schema.columns "
      "WHERE lower(table_schema) = lower('raw') ORDER BY table_name, ordinal_position");
  EXPECT_EQ(columns.data(), Json::parse(R"([
      ["orders", "id", "NUMBER", "38", "0", null],
      ["orders", "amount", "NUMBER", "10", "2", null],
      ["orders", "note", "TEXT", null, null, "16777216"],
      ["orders", "loaded_at", "TIMESTAMP_NTZ", null, null, null],
      ["orders", "mixedcase", "NUMBER", "38", "0", null],
      ["orders", "number", "NUMBER", "38", "0", null],
      ["v", "id", "NUMBER", "38", "0", null]])"));
  // Rocky's table listing: upper-case names, as Snowflake stores unquoted identifiers.
  Reply tables = client.Run(
      "SELECT table_name, table_type FROM analytics.information_schema.tables "
      "WHERE lower(table_schema) = lower('raw') AND table_type <> 'VIEW'");
  EXPECT_EQ(ColumnNames(tables.body), "TABLE_NAME,TABLE_TYPE");
  EXPECT_EQ(tables.data(), Json::parse(R"([["ORDERS", "BASE TABLE"]])"));
  Reply schemata = client.Run(
      "SELECT schema_name FROM analytics.INFORMATION_SCHEMA.SCHEMATA ORDER BY schema_name");
  EXPECT_EQ(Column(schemata, 0), (std::vector<std::string>{"INFORMATION_SCHEMA", "PUBLIC", "RAW"}));
  // The bare form reads the session's database.
  Reply bare = client.Run("SELECT count(*) FROM information_schema.tables",
                          {{"database", "ANALYTICS"}, {"schema", "RAW"}});
  EXPECT_EQ(bare.data(), Json::parse(R"([["2"]])"));

  Reply show_schemas = client.Run("SHOW SCHEMAS IN DATABASE analytics");
  EXPECT_EQ(Column(show_schemas, 1), (std::vector<std::string>{"PUBLIC", "RAW"}));
  EXPECT_EQ(show_schemas.body["resultSetMetaData"]["rowType"][0]["type"], "TIMESTAMP_LTZ");
  Reply show_tables = client.Run("SHOW TABLES LIKE 'ord%' IN SCHEMA analytics.raw");
  EXPECT_EQ(Column(show_tables, 1), std::vector<std::string>{"ORDERS"});
  EXPECT_EQ(Column(show_tables, 2), std::vector<std::string>{"ANALYTICS"});
  Reply show_databases = client.Run("SHOW DATABASES LIKE 'ANALYT%'");
  EXPECT_EQ(Column(show_databases, 1), std::vector<std::string>{"ANALYTICS"});

  Reply described = client.Run("DESCRIBE TABLE analytics.raw.orders");
  EXPECT_EQ(ColumnNames(described.body),
            "name,type,kind,null?,default,primary key,unique key,check,expression,comment,"
            "policy name,privacy domain");
  EXPECT_EQ(Column(described, 0),
            (std::vector<std::string>{"ID", "AMOUNT", "NOTE", "LOADED_AT", "mixedCase", "NUMBER"}));
  EXPECT_EQ(Column(described, 1),
            (std::vector<std::string>{"NUMBER(38,0)", "NUMBER(10,2)", "VARCHAR(16777216)",
                                      "TIMESTAMP_NTZ(9)", "NUMBER(38,0)", "NUMBER(38,0)"}));
  EXPECT_EQ(Column(described, 3)[0], "Y");
  Reply absent = client.Submit("DESCRIBE TABLE analytics.raw.nothing");
  EXPECT_EQ(absent.status, 422);
  EXPECT_EQ(absent.body["message"],
            "SQL compilation error:\nObject 'ANALYTICS.RAW.NOTHING' does not exist or not "
            "authorized.");

  // The request's database and schema are the session's.
  client.Run("INSERT INTO orders (id, loaded_at) VALUES (1, '2024-05-01 10:00:00'::TIMESTAMP_NTZ)",
             {{"database", "ANALYTICS"}, {"schema", "RAW"}});
  Reply watermark = client.Run(
      "SELECT count(*) FROM analytics.raw.orders WHERE loaded_at > "
      "'2024-01-01 00:00:00'::TIMESTAMP_NTZ");
  EXPECT_EQ(watermark.data(), Json::parse(R"([["1"]])"));
  Reply no_schema = client.Submit("SELECT 1", {{"database", "ANALYTICS"}, {"schema", "NOPE"}});
  EXPECT_EQ(no_schema.status, 422);
  EXPECT_EQ(no_schema.body["code"], "002003");

  // Also the session's own database.
  EXPECT_EQ(client.Run("DROP DATABASE analytics", {{"database", "ANALYTICS"}}).data(),
            Json::parse(R"([["ANALYTICS successfully dropped."]])"));
  EXPECT_EQ(client.Submit("SELECT * FROM analytics.raw.orders").body["sqlState"], "02000");
}

TEST(SnowflakeSqlTest, StatementsOfRockysSnowflakeDialect) {
  auto emulator = StartEmulator();
  Client client(emulator->url(), kToken);
  client.Run("CREATE DATABASE IF NOT EXISTS lake");
  client.Run("CREATE SCHEMA IF NOT EXISTS lake.raw");
  client.Run(
      "CREATE OR REPLACE TABLE lake.raw.orders CLUSTER BY (id) COMMENT = 'it''s \\\\ here' AS\n"
      "SELECT 1 AS id, 10.5::NUMBER(10,2) AS amount, 'a' AS note, "
      "'2024-01-01 00:00:00'::TIMESTAMP_NTZ AS day "
      "UNION ALL SELECT 2, 20, NULL, '2024-01-02 00:00:00'::TIMESTAMP_NTZ");

  Reply dynamic = client.Run(
      "CREATE OR REPLACE DYNAMIC TABLE lake.raw.daily\n  TARGET_LAG = '1 hour'\n"
      "  WAREHOUSE = compute_wh\nAS\nSELECT day, sum(amount) AS total FROM lake.raw.orders "
      "GROUP BY day");
  EXPECT_EQ(dynamic.data(), Json::parse(R"([["Dynamic table DAILY successfully created."]])"));
  client.Run(
      "CREATE OR REPLACE DYNAMIC TABLE lake.raw.later TARGET_LAG = DOWNSTREAM WAREHOUSE = wh "
      "AS SELECT * FROM lake.raw.daily");
  EXPECT_EQ(CountRows(*emulator, "lake.raw.daily"), 2);
  auto dynamic_tables = emulator->dynamic_tables();
  ASSERT_EQ(dynamic_tables.size(), 2u);
  EXPECT_EQ(dynamic_tables[0].name, "LAKE.RAW.DAILY");
  EXPECT_EQ(dynamic_tables[0].target_lag, "1 hour");
  EXPECT_EQ(dynamic_tables[0].warehouse, "COMPUTE_WH");
  EXPECT_EQ(dynamic_tables[1].target_lag, "DOWNSTREAM");
  client.Run("CREATE OR REPLACE MATERIALIZED VIEW lake.raw.mv AS SELECT id FROM lake.raw.orders");

  // MERGE with explicit column lists counts inserts and updates apart.
  Reply merge = client.Run(
      "MERGE INTO lake.raw.orders AS t\nUSING (\nSELECT 2 AS id, 25 AS amount, 'b' AS note, "
      "'2024-01-02 00:00:00'::TIMESTAMP_NTZ AS day UNION ALL SELECT 3, 30, 'c', "
      "'2024-01-03 00:00:00'::TIMESTAMP_NTZ\n) AS s\nON t.id = s.id\n"
      "WHEN MATCHED THEN UPDATE SET amount = s.amount, note = s.note, day = s.day\n"
      "WHEN NOT MATCHED THEN INSERT (id, amount, note, day) VALUES (s.id, s.amount, s.note, "
      "s.day)");
  EXPECT_EQ(ColumnNames(merge.body), "number of rows inserted,number of rows updated");
  EXPECT_EQ(merge.data(), Json::parse(R"([["1", "1"]])"));
  EXPECT_EQ(merge.body["stats"], Json::parse(R"({"numRowsInserted": 1, "numRowsUpdated": 1})"));

  // The row hash, a sample, DATEADD/DATEDIFF, IFF, NVL and casts.
  Reply hashed = client.Run(
      "SELECT MD5(TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL('id', id, 'note', note))) AS h FROM "
      "lake.raw.orders SAMPLE (100) ORDER BY id");
  ASSERT_EQ(hashed.data().size(), 3u);
  EXPECT_EQ(hashed.data()[0][0].get<std::string>().size(), 32u);
  Reply functions = client.Run(
      "SELECT DATEADD(day, 1, '2024-01-31 00:00:00'::TIMESTAMP_NTZ) AS next_day, "
      "DATEDIFF(day, '2024-01-01'::DATE, '2024-03-01'::DATE) AS days, IFF(1 > 2, 'y', 'n') AS i, "
      "NVL(NULL, 'd') AS n, TO_VARCHAR(42) AS s, CURRENT_TIMESTAMP() IS NOT NULL AS now_ok");
  EXPECT_EQ(functions.data(),
            Json::parse(R"([["1706745600.000000000", "60", "n", "d", "42", "true"]])"));

  // Rocky's partition replacement: one request of four statements.
  Reply replaced = client.Run(
      "BEGIN; DELETE FROM lake.raw.orders WHERE day >= '2024-01-02 00:00:00'::TIMESTAMP_NTZ; "
      "INSERT INTO lake.raw.orders SELECT 9, 90, 'z', '2024-01-02 00:00:00'::TIMESTAMP_NTZ; "
      "COMMIT;",
      {{"parameters", {{"MULTI_STATEMENT_COUNT", "4"}}}});
  EXPECT_EQ(replaced.body["statementHandles"].size(), 4u);
  EXPECT_EQ(client.Get(replaced.body["statementHandles"][1]).body["stats"]["numRowsDeleted"], 2);
  EXPECT_EQ(CountRows(*emulator, "lake.raw.orders"), 2);

  // Schema evolution and INSERT OVERWRITE.
  client.Run("ALTER TABLE lake.raw.orders ADD COLUMN extra NUMBER(10,2)");
  client.Run("ALTER TABLE lake.raw.orders ALTER COLUMN extra SET DATA TYPE NUMBER(12,2)");
  Reply extra = client.Run(
      "SELECT data_type, numeric_precision FROM lake.information_schema.columns "
      "WHERE table_name = 'ORDERS' AND column_name = 'EXTRA'");
  EXPECT_EQ(extra.data(), Json::parse(R"([["NUMBER", "12"]])"));
  Reply overwrite =
      client.Run("INSERT OVERWRITE INTO lake.raw.orders (id) SELECT 5 UNION ALL SELECT 6");
  EXPECT_EQ(overwrite.body["stats"]["numRowsInserted"], 2);
  EXPECT_EQ(CountRows(*emulator, "lake.raw.orders"), 2);

  // USE and ALTER SESSION carry over within a multi-statement request.
  Reply used = client.Run(
      "USE SCHEMA lake.raw; ALTER SESSION SET TIMEZONE = 'America/New_York'; "
      "SELECT count(*) FROM orders; SELECT '2024-01-01 00:00:00'::TIMESTAMP_LTZ",
      {{"parameters", {{"MULTI_STATEMENT_COUNT", "4"}}}});
  EXPECT_EQ(client.Get(used.body["statementHandles"][2]).data(), Json::parse(R"([["2"]])"));
  EXPECT_EQ(client.Get(used.body["statementHandles"][3]).data(),
            Json::parse(R"([["1704085200.000000000"]])"));
  // The next request is back in UTC.
  EXPECT_EQ(client.Run("SELECT '2024-01-01 00:00:00'::TIMESTAMP_LTZ").data(),
            Json::parse(R"([["1704067200.000000000"]])"));
}

TEST(SnowflakeSqlTest, GrantsShowGrantsAndTagsAreEmulatorState) {
  Options options;
  options.tags = {"tier"};
  auto emulator = StartEmulator(options);
  Client client(emulator->url(), kToken);
  client.Run("CREATE DATABASE IF NOT EXISTS sales");
  client.Run("CREATE SCHEMA IF NOT EXISTS sales.raw");
  client.Run("CREATE TABLE sales.raw.t1 (id NUMBER)");
  client.Run("CREATE TABLE sales.raw.t2 (id NUMBER)");

  // What Rocky's Snowflake governance sends (adapters.md §2).
  client.Run("GRANT MONITOR ON DATABASE sales TO ROLE \"analyst\"");
  client.Run("GRANT USAGE ON DATABASE sales TO ROLE \"analyst\"");
  client.Run("GRANT USAGE ON SCHEMA sales.raw TO ROLE \"Data_Team\"");
  client.Run("GRANT SELECT ON ALL TABLES IN SCHEMA sales.raw TO ROLE \"Data_Team\"");
  client.Run("GRANT SELECT ON FUTURE TABLES IN SCHEMA sales.raw TO ROLE \"Data_Team\"");
  client.Run("GRANT MODIFY, MANAGE GRANTS ON DATABASE sales TO ROLE loader");
  client.Run("REVOKE MODIFY ON DATABASE sales FROM ROLE loader");

  Reply shown = client.Run("SHOW GRANTS ON DATABASE sales");
  EXPECT_EQ(ColumnNames(shown.body),
            "created_on,privilege,granted_on,name,granted_to,grantee_name,grant_option,granted_by");
  EXPECT_EQ(Column(shown, 1), (std::vector<std::string>{"MANAGE GRANTS", "MONITOR", "USAGE"}));
  EXPECT_EQ(Column(shown, 5), (std::vector<std::string>{"LOADER", "analyst", "analyst"}));
  EXPECT_EQ(Column(shown, 2)[0], "DATABASE");
  EXPECT_EQ(Column(shown, 3)[0], "SALES");
  Reply schema = client.Run("SHOW GRANTS ON SCHEMA sales.raw");
  EXPECT_EQ(schema.data().size(), 1u);
  EXPECT_EQ(Column(schema, 3)[0], "SALES.RAW");
  Reply table = client.Run("SHOW GRANTS ON TABLE sales.raw.t2");
  EXPECT_EQ(Column(table, 1), std::vector<std::string>{"SELECT"});
  EXPECT_EQ(Column(table, 5), std::vector<std::string>{"Data_Team"});
  Reply future = client.Run("SHOW FUTURE GRANTS IN SCHEMA sales.raw");
  EXPECT_EQ(Column(future, 1), std::vector<std::string>{"SELECT"});
  Reply to_role = client.Run("SHOW GRANTS TO ROLE \"Data_Team\"");
  EXPECT_EQ(to_role.data().size(), 3u);
  EXPECT_EQ(emulator->Grants("DATABASE", "sales").size(), 3u);

  Reply missing = client.Submit("GRANT USAGE ON DATABASE nowhere TO ROLE \"x\"");
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.body["message"],
            "SQL compilation error:\nDatabase 'NOWHERE' does not exist or not authorized.");

  // Tags must exist before they are set.
  Reply no_tag = client.Submit("ALTER DATABASE sales SET TAG owner = 'ops'");
  EXPECT_EQ(no_tag.status, 422);
  EXPECT_EQ(no_tag.body["message"],
            "SQL compilation error:\nTag 'OWNER' does not exist or not authorized.");
  client.Run("CREATE TAG IF NOT EXISTS sales.public.owner");
  client.Run("ALTER DATABASE sales SET TAG owner = 'ops', tier = 'gold'");
  client.Run("ALTER SCHEMA sales.raw SET TAG owner = 'data'");
  client.Run("ALTER TABLE sales.raw.t1 SET TAG tier = 'silver'");
  client.Run("ALTER TABLE sales.raw.t1 UNSET TAG tier");
  EXPECT_EQ(emulator->Tags("DATABASE", "sales"),
            (std::map<std::string, std::string>{{"OWNER", "ops"}, {"TIER", "gold"}}));
  EXPECT_EQ(emulator->Tags("SCHEMA", "SALES.RAW"),
            (std::map<std::string, std::string>{{"OWNER", "data"}}));
  EXPECT_TRUE(emulator->Tags("TABLE", "SALES.RAW.T1").empty());

  auto records = emulator->governance();
  ASSERT_EQ(records.size(), 19u);
  EXPECT_EQ(records[0].action, "GRANT");
  EXPECT_EQ(records[0].grantee, "analyst");
  EXPECT_EQ(records[0].privileges, std::vector<std::string>{"MONITOR"});
  EXPECT_EQ(records[5].privileges, (std::vector<std::string>{"MODIFY", "MANAGE GRANTS"}));
  EXPECT_EQ(records[6].action, "REVOKE");
  EXPECT_FALSE(records[12].ok);  // the GRANT on a missing database
  EXPECT_FALSE(records[13].ok);  // the SET TAG before CREATE TAG
  EXPECT_EQ(records[14].action, "CREATE TAG");
  EXPECT_EQ(records[15].action, "SET TAG");

  Reply state = client.Call("GET", "/_emulator/snowflake/state");
  EXPECT_EQ(state.body["governance"].size(), 19u);
  EXPECT_EQ(state.body["tags"]["DATABASE SALES"]["TIER"], "gold");
  EXPECT_EQ(state.body["grants"].size(), 7u);  // 3 on the database, 1 schema, 2 tables, 1 future
}

}  // namespace
}  // namespace rocky::emulator::snowflake::testing
