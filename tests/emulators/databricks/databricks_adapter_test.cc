// Rocky's Databricks adapter (src/adapters/databricks) over real HTTP against the emulator:
// exactly once under faults, OAuth refresh, statement timeouts with cancel, governance that a
// second run leaves alone.

#include <gtest/gtest.h>

#include <algorithm>

#include "adapters/databricks/databricks_governance.h"
#include "adapters/databricks/databricks_warehouse.h"
#include "adapters/http/http_client.h"
#include "emulators/databricks/databricks_emulator.h"

namespace rocky::emulator::databricks {
namespace {

using namespace std::chrono_literals;
namespace dbx = adapters::databricks;

struct Connected {
  std::unique_ptr<DatabricksEmulator> emulator;
  std::unique_ptr<HttpClient> http = adapters::http::NewHttpClient();
  std::unique_ptr<dbx::DatabricksWarehouse> warehouse;

  explicit Connected(Options options, std::chrono::seconds timeout = 30s, bool oauth = false) {
    if (options.token.empty() && !oauth) options.token = "dapi-test";
    auto started = DatabricksEmulator::Start(options);
    EXPECT_TRUE(started.has_value()) << started.error().message;
    emulator = std::move(*started);
    dbx::DatabricksConnection c;
    c.base_url = emulator->url();
    c.warehouse_id = options.warehouse_id;
    if (oauth) {
      c.client_id = options.client_id;
      c.client_secret = Secret(options.client_secret);
    } else {
      c.token = Secret(options.token);
    }
    c.statement_timeout = timeout;
    c.retry.initial_backoff = 20ms;
    c.retry.jitter = false;
    warehouse = std::make_unique<dbx::DatabricksWarehouse>(
        std::make_unique<dbx::DatabricksApi>(c, *http));
    Must("CREATE TABLE main.orders (id BIGINT, amount DECIMAL(10,2))");
  }
  void Must(const std::string& sql) {
    auto done = warehouse->ExecuteStatement({"setup", "", sql, true});
    ASSERT_TRUE(done) << done.error().message;
  }
  int64_t Count(const std::string& table) {
    auto rows = emulator->Query("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(rows.has_value());
    return rows ? std::get<int64_t>(rows->rows.at(0).at(0)) : -1;
  }
  size_t Executed(std::string_view needle) {
    auto all = emulator->executed();
    return std::count_if(all.begin(), all.end(),
                         [&](const std::string& s) { return s.find(needle) != std::string::npos; });
  }
};

Fault SubmitFault() {
  Fault f;
  f.match = "POST /api/2.0/sql/statements$";
  return f;
}

TEST(DatabricksAdapterTest, InsertRunsExactlyOnceWhenTheConnectionDropsAfterIt) {
  Connected c({});
  // The connection is warm (setup ran on it): a resend by the HTTP client would run it twice.
  Fault drop = SubmitFault();
  drop.drop_connection = true;
  drop.after_handler = true;
  ASSERT_TRUE(c.emulator->AddFault(drop));
  auto inserted = c.warehouse->ExecuteStatement(
      {"incremental_copy", "main.orders", "INSERT INTO main.orders VALUES (1, 9.99)", false});
  ASSERT_TRUE(inserted) << inserted.error().message;
  EXPECT_EQ(c.Count("main.orders"), 1);
  EXPECT_EQ(c.Executed("INSERT INTO main.orders VALUES (1, 9.99)"), 1u);
}

TEST(DatabricksAdapterTest, ThrottlingAndUnavailabilityOnSubmitThenAPendingStretch) {
  Options o;
  o.pending_polls = 3;
  Connected c(o);
  Fault throttled = SubmitFault();
  throttled.status = 429;
  throttled.headers = {{"Retry-After", "1"}};
  Fault unavailable = SubmitFault();
  unavailable.status = 503;
  ASSERT_TRUE(c.emulator->AddFault(throttled));
  ASSERT_TRUE(c.emulator->AddFault(unavailable));
  auto inserted = c.warehouse->ExecuteStatement(
      {"incremental_copy", "main.orders", "INSERT INTO main.orders VALUES (2, 1.00)", false});
  ASSERT_TRUE(inserted) << inserted.error().message;
  EXPECT_EQ(inserted->rows_affected, 1);
  EXPECT_EQ(c.Count("main.orders"), 1);
  EXPECT_EQ(c.Executed("INSERT INTO main.orders VALUES (2, 1.00)"), 1u);
}

TEST(DatabricksAdapterTest, OAuthTokensAreRefreshed) {
  Options o;
  o.client_id = "sp-rocky";
  o.client_secret = "sp-secret";
  o.expires_in_secs = 2;  // shorter than the refresh margin: a new token for every call
  Connected c(o, 30s, /*oauth=*/true);
  for (int i = 0; i < 3; ++i) {
    auto rows = c.warehouse->ExecuteQuery("SELECT 42 AS answer");
    ASSERT_TRUE(rows) << rows.error().message;
    EXPECT_EQ(std::get<int64_t>(rows->rows.at(0).at(0)), 42);
  }
  size_t tokens = 0;
  for (const auto& r : c.emulator->requests()) tokens += r.path() == "/oidc/v1/token";
  EXPECT_GE(tokens, 3u);
  EXPECT_EQ(c.warehouse->CredentialSource(), "OAuth M2M (client_id sp-rocky)");
}

TEST(DatabricksAdapterTest, AStatementPastItsTimeoutIsCancelled) {
  Connected c({}, /*timeout=*/2s);
  ASSERT_TRUE(c.emulator->Hold("SELECT 'slow'", -1));
  auto slow = c.warehouse->ExecuteQuery("SELECT 'slow'");
  ASSERT_FALSE(slow);
  EXPECT_TRUE(slow.error().message.ends_with("timed out after 2s (cancelled)"))
      << slow.error().message;
  ASSERT_EQ(c.emulator->cancelled().size(), 1u);
  EXPECT_NE(slow.error().message.find(c.emulator->cancelled()[0]), std::string::npos);
  EXPECT_EQ(c.Executed("SELECT 'slow'"), 0u);
}

TEST(DatabricksAdapterTest, MetadataAndTypedResults) {
  Connected c({});
  auto columns = c.warehouse->DescribeTable({"", "main", "orders"});
  ASSERT_TRUE(columns) << columns.error().message;
  ASSERT_EQ(columns->size(), 2u);
  EXPECT_EQ((*columns)[0].name, "id");
  EXPECT_EQ((*columns)[1].data_type, "DECIMAL(10,2)");
  EXPECT_TRUE(*c.warehouse->TableExists({"", "main", "orders"}));
  EXPECT_FALSE(*c.warehouse->TableExists({"", "main", "nope"}));
  c.Must("INSERT INTO main.orders VALUES (1, 2.50), (2, NULL)");
  auto counts = c.warehouse->BatchRowCounts({{"", "main", "orders"}});
  ASSERT_TRUE(counts) << counts.error().message;
  EXPECT_EQ(counts->at(0).count, 2);
  auto rows = c.warehouse->ExecuteQuery("SELECT id, amount, id > 1 AS big FROM main.orders ORDER BY id");
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows->rows.at(0).at(1), sdk::Value(2.5));
  EXPECT_EQ(rows->rows.at(1).at(1), sdk::Value(std::monostate{}));
  EXPECT_EQ(rows->rows.at(1).at(2), sdk::Value(true));
}

TEST(DatabricksAdapterTest, SeveralSchemasAnswerInOneMetadataQuery) {
  Connected c({});
  c.Must("CREATE CATALOG IF NOT EXISTS raw");
  c.Must("CREATE SCHEMA raw.s1");
  c.Must("CREATE SCHEMA raw.s2");
  c.Must("CREATE TABLE raw.s1.a (id BIGINT, name STRING)");
  c.Must("CREATE TABLE raw.s2.b (id BIGINT)");
  c.Must("CREATE VIEW raw.s2.v AS SELECT id FROM raw.s2.b");
  const size_t before = c.emulator->executed().size();
  auto described = c.warehouse->DescribeSchemas("raw", {"S1", "s2", "nothing"});
  ASSERT_TRUE(described) << described.error().message;
  EXPECT_EQ(c.emulator->executed().size(), before + 1);  // one query
  ASSERT_EQ(described->count("S1"), 1u);                 // keyed as the caller spelt it
  ASSERT_EQ(described->at("S1").at("a").size(), 2u);
  EXPECT_EQ(described->at("S1").at("a")[1].data_type, "STRING");
  EXPECT_EQ(described->at("s2").count("b"), 1u);
  EXPECT_EQ(described->count("nothing"), 0u);
  auto listed = c.warehouse->ListTablesOf("raw", {"s1", "s2"});
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(listed->at("s1"), std::vector<std::string>{"a"});
  EXPECT_EQ(listed->at("s2"), std::vector<std::string>{"b"});  // views left out
  EXPECT_FALSE(c.warehouse->ListTablesOf("raw", {"s1; DROP"}));
}

TEST(DatabricksAdapterTest, GovernanceIsAppliedOnceAndASecondRunChangesNothing) {
  Connected c({});
  c.Must("CREATE CATALOG IF NOT EXISTS acme");
  dbx::DatabricksGovernance g(c.warehouse->api(), c.warehouse->statements());
  auto apply = [&] {
    ASSERT_TRUE(g.SetTags(sdk::TagTarget::kCatalog, {"acme", "", ""}, {{"rocky_tenant", "acme"}}));
    ASSERT_TRUE(g.ApplyGrants({{"analysts", sdk::Permission::kUseCatalog, "acme"},
                               {"analysts", sdk::Permission::kSelect, "acme"}}));
    ASSERT_TRUE(g.BindWorkspace("acme", 42, "BINDING_TYPE_READ_ONLY"));
    ASSERT_TRUE(g.SetIsolation("acme", true));
  };
  apply();
  EXPECT_EQ(c.Executed("GRANT "), 2u);
  EXPECT_EQ(c.emulator->Grants("CATALOG", "acme").size(), 2u);
  EXPECT_EQ(c.emulator->Tags("CATALOG", "acme").at("rocky_tenant"), "acme");
  auto patches = [&] {
    size_t n = 0;
    for (const auto& r : c.emulator->requests()) n += r.method == "PATCH";
    return n;
  };
  const size_t first_patches = patches();
  EXPECT_EQ(first_patches, 2u);
  apply();
  EXPECT_EQ(c.Executed("GRANT "), 2u);  // nothing new granted
  EXPECT_EQ(patches(), first_patches);  // bindings and isolation already so
}

}  // namespace
}  // namespace rocky::emulator::databricks
