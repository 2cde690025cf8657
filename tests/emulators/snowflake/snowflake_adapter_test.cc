// Rocky's Snowflake adapter (src/adapters/snowflake) over real HTTP against the emulator:
// key-pair JWT from an encrypted PKCS#8 key made with `openssl genpkey`, typed results read
// across partitions, exactly once under faults, and a transactional unit that leaves nothing.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "adapters/http/http_client.h"
#include "adapters/snowflake/snowflake_warehouse.h"
#include "base/strings.h"
#include "emulators/snowflake/snowflake_emulator.h"

namespace rocky::emulator::snowflake {
namespace {

namespace fs = std::filesystem;
namespace sf = adapters::snowflake;
using namespace std::chrono_literals;

int Shell(const std::string& command) { return std::system(command.c_str()); }

// An encrypted key pair made as a user makes it, the emulator registering its public key, and
// Rocky's warehouse authenticating with it.
struct Connected {
  fs::path dir;
  std::unique_ptr<SnowflakeEmulator> emulator;
  std::unique_ptr<HttpClient> http = adapters::http::NewHttpClient();
  std::unique_ptr<sf::SnowflakeWarehouse> warehouse;

  Connected() {
    dir = fs::temp_directory_path() / ("rocky_sf_adapter_" + std::to_string(getpid()));
    fs::create_directories(dir);
    const std::string key = (dir / "rsa_key.p8").string(), pub = (dir / "rsa_key.pub").string();
    EXPECT_EQ(Shell("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | "
                    "openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:pw -out " + key),
              0);
    EXPECT_EQ(Shell("openssl pkey -in " + key + " -passin pass:pw -pubout -out " + pub +
                    " 2>/dev/null"),
              0);
    Options options;
    options.public_key_path = pub;
    options.account = "XY12345";
    options.user = "ROCKY_SVC";
    options.partition_rows = 2;
    auto started = SnowflakeEmulator::Start(options);
    EXPECT_TRUE(started.has_value()) << (started ? "" : started.error().message);
    emulator = std::move(*started);
    auto loaded = sf::PrivateKey::Load(key, Secret("pw"));
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().message);
    sf::SnowflakeConnection c;
    c.base_url = emulator->url();
    c.account = "xy12345.us-east-1";
    c.user = "rocky_svc";
    c.warehouse = "COMPUTE_WH";
    c.auth = sf::AuthKind::kKeyPairJwt;
    c.key = std::make_shared<sf::PrivateKey>(std::move(*loaded));
    c.statement_timeout = 20s;
    c.retry.initial_backoff = 20ms;
    c.retry.jitter = false;
    warehouse = std::make_unique<sf::SnowflakeWarehouse>(
        std::make_unique<sf::SnowflakeApi>(c, *http));
    Must("CREATE DATABASE IF NOT EXISTS raw");
    Must("CREATE SCHEMA IF NOT EXISTS raw.shop");
    Must("CREATE TABLE raw.shop.orders (id NUMBER(38,0), amount NUMBER(10,2), "
         "synced TIMESTAMP_NTZ, ok BOOLEAN)");
  }
  ~Connected() { fs::remove_all(dir); }
  void Must(const std::string& sql) {
    auto done = warehouse->ExecuteStatement({"setup", "", sql, true});
    ASSERT_TRUE(done) << done.error().message;
  }
  size_t Executed(std::string_view needle) {
    auto all = emulator->executed();
    return std::count_if(all.begin(), all.end(),
                         [&](const std::string& s) { return s.find(needle) != std::string::npos; });
  }
};

TEST(SnowflakeAdapterTest, KeyPairAuthTypedRowsAcrossPartitions) {
  Connected c;
  c.Must("INSERT INTO raw.shop.orders VALUES (1, 2.50, '2026-12-01 10:00:00'::TIMESTAMP_NTZ, "
         "TRUE), (2, 3.00, '2026-12-01 11:00:00'::TIMESTAMP_NTZ, FALSE), (3, NULL, NULL, NULL), "
         "(4, 1.25, '2026-12-02 00:00:00.5'::TIMESTAMP_NTZ, TRUE), (5, 0, NULL, FALSE)");
  auto rows = c.warehouse->ExecuteQuery(
      "SELECT id, amount, synced, ok FROM raw.shop.orders ORDER BY id");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->rows.size(), 5u);  // three partitions of two, read in order
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(rows->rows[i][0], sdk::Value(int64_t(i + 1)));
  EXPECT_EQ(rows->rows[0][1], sdk::Value(2.5));
  EXPECT_EQ(rows->rows[0][2], sdk::Value(std::string("2026-12-01 10:00:00")));
  EXPECT_EQ(rows->rows[0][3], sdk::Value(true));
  EXPECT_EQ(rows->rows[2][1], sdk::Value(std::monostate{}));
  EXPECT_EQ(rows->rows[3][2], sdk::Value(std::string("2026-12-02 00:00:00.500000")));

  auto columns = c.warehouse->DescribeTable({"raw", "shop", "orders"});
  ASSERT_TRUE(columns) << columns.error().message;
  ASSERT_EQ(columns->size(), 4u);
  EXPECT_TRUE(EqualsIgnoreCase((*columns)[0].name, "id"));
  auto listed = c.warehouse->ListTables("raw", "shop");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE(EqualsIgnoreCase((*listed)[0], "orders"));
  EXPECT_TRUE(*c.warehouse->SchemaExists("raw", "shop"));
  auto counts = c.warehouse->BatchRowCounts({{"raw", "shop", "orders"}});
  ASSERT_TRUE(counts) << counts.error().message;
  EXPECT_EQ(counts->at(0).count, 5);
}

TEST(SnowflakeAdapterTest, AnInsertRunsOnceWhenItsAnswerIsLost) {
  Connected c;
  ASSERT_TRUE(c.emulator->AddFault({.match = "^POST /api/v2/statements$",
                                    .body_match = "INSERT INTO raw.shop.orders",
                                    .drop_connection = true, .after_handler = true}));
  ASSERT_TRUE(c.emulator->AddFault({.match = "^POST /api/v2/statements$", .status = 429}));
  auto done = c.warehouse->ExecuteStatement(
      {"incremental_copy", "raw.shop.orders", "INSERT INTO raw.shop.orders SELECT 7, 1.00, NULL, TRUE",
       false});
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(c.Executed("INSERT INTO raw.shop.orders"), 1u);
  auto rows = c.warehouse->ExecuteQuery("SELECT COUNT(*) FROM raw.shop.orders");
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows->rows[0][0], sdk::Value(int64_t{1}));
}

TEST(SnowflakeAdapterTest, ATransactionalUnitWhoseSecondStatementFailsLeavesNothing) {
  Connected c;
  auto unit = c.warehouse->ExecuteUnit(
      {{"partition", "raw.shop.orders", "INSERT INTO raw.shop.orders SELECT 1, 1.00, NULL, TRUE",
        false},
       {"partition", "raw.shop.orders", "INSERT INTO raw.shop.no_such_table SELECT 1", false}},
      true);
  ASSERT_FALSE(unit);
  auto rows = c.warehouse->ExecuteQuery("SELECT COUNT(*) FROM raw.shop.orders");
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows->rows[0][0], sdk::Value(int64_t{0}));
  auto ok = c.warehouse->ExecuteUnit(
      {{"partition", "raw.shop.orders", "INSERT INTO raw.shop.orders SELECT 1, 1.00, NULL, TRUE",
        false},
       {"partition", "raw.shop.orders", "INSERT INTO raw.shop.orders SELECT 2, 2.00, NULL, TRUE",
        false}},
      true);
  ASSERT_TRUE(ok) << ok.error().message;
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[1].rows_affected, 1);
}

}  // namespace
}  // namespace rocky::emulator::snowflake
