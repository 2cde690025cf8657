// The storage commands' SQL (project/storage_sql.h) in each built-in warehouse dialect.

#include "project/storage_sql.h"

#include <gtest/gtest.h>

#include "adapters/databricks/databricks_storage.h"
#include "adapters/duckdb/duckdb_storage.h"
#include "adapters/snowflake/snowflake_storage.h"

namespace rocky::project {
namespace {

const sdk::TableRef kTable{"poc", "marts", "fct_orders"};
const sdk::StorageDialect& DuckDb() { return adapters::duckdb::DuckDbStorageDialect(); }
const sdk::StorageDialect& Databricks() { return adapters::databricks::DatabricksStorageDialect(); }
const sdk::StorageDialect& Snowflake() { return adapters::snowflake::SnowflakeStorageDialect(); }

std::vector<std::pair<std::string, std::string>> PurposeSql(
    const std::vector<sdk::Statement>& statements) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& s : statements) out.emplace_back(s.purpose, s.sql);
  return out;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(StorageSqlTest, OlderThan) {
  const std::vector<std::pair<std::string, int64_t>> good = {
      {"90d", 90}, {"6m", 180}, {"1y", 365}, {"30", 30}, {"2Y", 730}, {"1d", 1}, {"12M", 360}};
  for (const auto& [text, days] : good) {
    SCOPED_TRACE(text);
    auto parsed = ParseOlderThan(text);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(*parsed, days);
  }
  for (std::string bad : {"", "0", "0d", "-5", "90x", "d", "1.5y", "90 d", "9999999999"}) {
    SCOPED_TRACE(bad);
    auto parsed = ParseOlderThan(bad);
    ASSERT_FALSE(parsed.has_value());
    EXPECT_EQ(parsed.error().kind, ErrorKind::kUsage);
    EXPECT_EQ(parsed.error().message,
              "invalid --older-than '" + bad + "': expected Nd, Nm, Ny or N (days), N at least 1");
  }
}

TEST(StorageSqlTest, TargetSize) {
  EXPECT_EQ(ParseTargetSizeMb("256MB"), 256);
  EXPECT_EQ(ParseTargetSizeMb("1gb"), 1024);
  EXPECT_EQ(ParseTargetSizeMb("128"), 128);
  for (std::string bad : {"", "0MB", "big", "256KB", "1.5GB"}) {
    auto parsed = ParseTargetSizeMb(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kUsage);
  }
}

TEST(StorageSqlTest, CompactPerDialect) {
  auto duck = DuckDb().CompactSql(kTable);
  ASSERT_TRUE(duck.has_value());
  EXPECT_EQ(PurposeSql(duck->statements), (Pairs{{"checkpoint", "CHECKPOINT"}}));
  EXPECT_FALSE(duck->note.has_value());

  auto dbx = Databricks().CompactSql(kTable);
  ASSERT_TRUE(dbx.has_value());
  EXPECT_EQ(PurposeSql(dbx->statements),
            (Pairs{{"optimize", "OPTIMIZE poc.marts.fct_orders"},
                   {"vacuum", "VACUUM poc.marts.fct_orders RETAIN 168 HOURS"}}));
  EXPECT_FALSE(dbx->note.has_value());

  auto sf = Snowflake().CompactSql(kTable);
  ASSERT_TRUE(sf.has_value());
  EXPECT_TRUE(sf->statements.empty());
  ASSERT_TRUE(sf->note.has_value());
  EXPECT_NE(sf->note->find("Snowflake"), std::string::npos);

  // Every dialect refuses a name that is not an identifier.
  const sdk::TableRef bad{"poc", "marts", "x; DROP TABLE y"};
  EXPECT_FALSE(DuckDb().CompactSql(bad).has_value());
  EXPECT_FALSE(Databricks().CompactSql(bad).has_value());
  EXPECT_FALSE(Snowflake().CompactSql(bad).has_value());
}

TEST(StorageSqlTest, ArchivePerDialect) {
  auto duck = ArchiveSql(DuckDb(), kTable, "_fivetran_synced", 90);
  ASSERT_TRUE(duck.has_value());
  EXPECT_EQ(PurposeSql(*duck), (Pairs{{"delete",
                                       "DELETE FROM poc.marts.fct_orders WHERE _fivetran_synced < "
                                       "CURRENT_TIMESTAMP - INTERVAL 90 DAY"}}));

  auto dbx = ArchiveSql(Databricks(), kTable, "updated_at", 180);
  ASSERT_TRUE(dbx.has_value());
  EXPECT_EQ(PurposeSql(*dbx), (Pairs{{"delete",
                                      "DELETE FROM poc.marts.fct_orders WHERE updated_at < "
                                      "DATEADD(DAY, -180, CURRENT_TIMESTAMP())"},
                                     {"vacuum", "VACUUM poc.marts.fct_orders RETAIN 0 HOURS"}}));

  auto sf = ArchiveSql(Snowflake(), kTable, "_fivetran_synced", 365);
  ASSERT_TRUE(sf.has_value());
  EXPECT_EQ(PurposeSql(*sf), (Pairs{{"delete",
                                     "DELETE FROM poc.marts.fct_orders WHERE _fivetran_synced < "
                                     "DATEADD(DAY, -365, CURRENT_TIMESTAMP())"}}));

  auto bad_column = ArchiveSql(DuckDb(), kTable, "a-b", 1);
  ASSERT_FALSE(bad_column.has_value());
  EXPECT_EQ(bad_column.error().message, "invalid SQL identifier 'a-b': must match [a-zA-Z0-9_]+");
}

TEST(StorageSqlTest, ProfileSql) {
  auto sql = ProfileStorageSql(DuckDb().sql(), {"", "main", "orders"}, {"id", "status"});
  ASSERT_TRUE(sql.has_value());
  EXPECT_EQ(*sql,
            "SELECT COUNT(*) AS row_count, APPROX_COUNT_DISTINCT(id) AS id_distinct, "
            "APPROX_COUNT_DISTINCT(status) AS status_distinct FROM main.orders");
  auto sf = ProfileStorageSql(Snowflake().sql(), kTable, {"id"});
  ASSERT_TRUE(sf.has_value());
  EXPECT_EQ(*sf,
            "SELECT COUNT(*) AS row_count, APPROX_COUNT_DISTINCT(id) AS id_distinct FROM "
            "poc.marts.fct_orders");
  auto dbx = ProfileStorageSql(Databricks().sql(), kTable, {"status"});
  ASSERT_TRUE(dbx.has_value());
  EXPECT_EQ(*dbx,
            "SELECT COUNT(*) AS row_count, APPROX_COUNT_DISTINCT(status) AS status_distinct FROM "
            "poc.marts.fct_orders");
  EXPECT_FALSE(ProfileStorageSql(DuckDb().sql(), kTable, {"bad name"}).has_value());
}

TEST(StorageSqlTest, PartitionFingerprints) {
  auto day = DuckDb().PartitionFingerprintSql(kTable, {"id", "ts"}, {"id"}, "ts", "day");
  ASSERT_TRUE(day.has_value()) << day.error().message;
  EXPECT_EQ(*day,
            "SELECT strftime(ts, '%Y-%m-%d') AS partition_key, COUNT(*) AS "
            "row_count, md5(string_agg(md5(CAST(ROW(id, ts) AS VARCHAR)), ',' ORDER BY "
            "md5(CAST(ROW(id, ts) AS VARCHAR)))) AS raw_hash, md5(string_agg(md5(CAST(ROW(id) AS "
            "VARCHAR)), ',' ORDER BY md5(CAST(ROW(id) AS VARCHAR)))) AS semantic_hash, "
            "SUM(strlen(CAST(ROW(id, ts) AS VARCHAR))) AS byte_count FROM "
            "poc.marts.fct_orders GROUP BY 1 ORDER BY 1");
  auto whole = DuckDb().PartitionFingerprintSql(kTable, {"id"}, {}, "", "");
  ASSERT_TRUE(whole.has_value());
  EXPECT_EQ(whole->rfind("SELECT '*' AS partition_key", 0), 0u);
  EXPECT_NE(whole->find("md5(CAST(COUNT(*) AS VARCHAR)) AS semantic_hash"), std::string::npos);
  EXPECT_FALSE(DuckDb().PartitionFingerprintSql(kTable, {"id"}, {}, "ts", "week").has_value());
  EXPECT_FALSE(DuckDb().PartitionFingerprintSql(kTable, {"id"}, {}, "t s", "day").has_value());
  auto other = Databricks().PartitionFingerprintSql(kTable, {"id"}, {"id"}, "", "");
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().message, "measuring duplicate partitions is not supported on databricks");
  EXPECT_TRUE(DuckDb().CheckFingerprints().has_value());
  auto check = Snowflake().CheckFingerprints();
  ASSERT_FALSE(check.has_value());
  EXPECT_EQ(check.error().message, "measuring duplicate partitions is not supported on snowflake");
}

TEST(StorageSqlTest, EncodingAdvice) {
  struct Case {
    std::string column;
    StorageTypeClass type_class;
    std::string encoding;
    std::string cardinality;
  };
  const std::vector<Case> cases = {
      {"is_active", StorageTypeClass::kBoolean, "rle", "low"},
      {"created_at", StorageTypeClass::kOrdered, "delta", "high"},
      {"order_status", StorageTypeClass::kString, "dictionary", "low"},
      {"Payment_Type", StorageTypeClass::kString, "dictionary", "low"},
      {"currency_code", StorageTypeClass::kString, "dictionary", "low"},
      {"country", StorageTypeClass::kString, "dictionary", "low"},
      {"region", StorageTypeClass::kString, "dictionary", "low"},
      {"state", StorageTypeClass::kString, "dictionary", "low"},
      {"email", StorageTypeClass::kString, "plain", "high"},
      {"statement", StorageTypeClass::kString, "plain", "high"},
      {"amount", StorageTypeClass::kOther, "plain", "unknown"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.column);
    auto a = RecommendEncoding(c.column, "T", c.type_class);
    EXPECT_EQ(a.column, c.column);
    EXPECT_EQ(a.data_type, "T");
    EXPECT_EQ(a.recommended_encoding, c.encoding);
    EXPECT_EQ(a.estimated_cardinality, c.cardinality);
    EXPECT_FALSE(a.reasoning.empty());
  }
}

}  // namespace
}  // namespace rocky::project
