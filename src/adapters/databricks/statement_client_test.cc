// The Statement Execution client against a scripted in-memory HTTP server (the emulator tests
// cover the same flows over real HTTP): request shapes, auth, retries, exactly-once submits,
// polling and timeouts, chunks.

#include "adapters/databricks/statement_client.h"
#include "adapters/http/fake_http.h"
#include "adapters/databricks/databricks_warehouse.h"

#include <gtest/gtest.h>

#include <deque>
#include <functional>

#include <fmt/format.h>

#include "base/strings.h"

namespace rocky::adapters::databricks {
namespace {

using http::FakeHttp;
using http::HeaderOf;
using http::Reply;

using namespace std::chrono_literals;

struct Harness {
  FakeHttp http;
  std::chrono::steady_clock::time_point now{};
  std::vector<std::chrono::milliseconds> sleeps;
  std::unique_ptr<DatabricksApi> api;
  std::unique_ptr<StatementClient> client;

  explicit Harness(bool oauth = false, std::chrono::seconds timeout = 120s) {
    DatabricksConnection c;
    c.base_url = "https://dbc.example";
    c.warehouse_id = "wh1";
    if (oauth) {
      c.client_id = "sp-1";
      c.client_secret = Secret("s3cr3t");
    } else {
      c.token = Secret("dapi-token");
    }
    c.statement_timeout = timeout;
    c.retry.jitter = false;
    DatabricksClock clock{[this] { return now; },
                          [this](std::chrono::milliseconds d) {
                            sleeps.push_back(d);
                            now += d;
                          }};
    api = std::make_unique<DatabricksApi>(c, http, clock);
    client = std::make_unique<StatementClient>(*api);
  }
};

const char* kSucceeded = R"({"statement_id":"s1","status":{"state":"SUCCEEDED"},
  "manifest":{"format":"JSON_ARRAY","schema":{"column_count":2,"columns":[
    {"name":"id","type_name":"LONG","type_text":"bigint","position":0},
    {"name":"name","type_name":"STRING","type_text":"string","position":1}]},
    "total_chunk_count":2,"total_row_count":3,"truncated":false},
  "result":{"chunk_index":0,"row_offset":0,"row_count":2,
    "data_array":[["1","a"],["2",null]],"next_chunk_index":1}})";
const char* kChunk1 =
    R"({"chunk_index":1,"row_offset":2,"row_count":1,"data_array":[["3","c"]]})";

TEST(StatementClientTest, SubmitsAsSpecifiedAndReadsEveryChunk) {
  Harness h;
  h.http.handler = [](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.url.ends_with("/result/chunks/1")) return Reply(200, kChunk1);
    return Reply(200, kSucceeded);
  };
  auto result = h.client->Execute("SELECT id, name FROM t", true);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->statement_id, "s1");
  ASSERT_EQ(result->columns.size(), 2u);
  EXPECT_EQ(result->columns[0].type_name, "LONG");
  ASSERT_EQ(result->rows.size(), 3u);
  EXPECT_EQ(result->rows[1][1], std::nullopt);
  EXPECT_EQ(result->rows[2][0], "3");
  EXPECT_EQ(h.http.Paths(), (std::vector<std::string>{
                                "POST /api/2.0/sql/statements",
                                "GET /api/2.0/sql/statements/s1/result/chunks/1"}));
  const HttpRequest& submit = h.http.sent[0];
  EXPECT_EQ(*HeaderOf(submit.headers, "Authorization"), "Bearer dapi-token");
  auto body = Json::Parse(submit.body);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->Dump(),
            R"({"warehouse_id":"wh1","statement":"SELECT id, name FROM t","wait_timeout":"30s",)"
            R"("on_wait_timeout":"CONTINUE","disposition":"INLINE","format":"JSON_ARRAY"})");
}

TEST(StatementClientTest, PollsOnTheScheduleAndCancelsAtTheTimeout) {
  Harness h(false, 3s);
  int polls = 0;
  h.http.handler = [&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.url.ends_with("/cancel")) return Reply(200, "{}");
    if (r.method == "GET") ++polls;
    return Reply(200, R"({"statement_id":"s9","status":{"state":"RUNNING"}})");
  };
  auto result = h.client->Execute("SELECT slow()", true);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "statement s9 timed out after 3s (cancelled)");
  EXPECT_EQ(h.http.Paths().back(), "POST /api/2.0/sql/statements/s9/cancel");
  // 100, 200, 500, 1000, then what is left of the 3 s.
  EXPECT_EQ(h.sleeps, (std::vector<std::chrono::milliseconds>{100ms, 200ms, 500ms, 1000ms, 1200ms}));
  EXPECT_EQ(polls, 5);
}

TEST(StatementClientTest, FailedTruncatedAndTransientFailures) {
  Harness h;
  std::deque<std::string> replies = {
      R"({"statement_id":"f1","status":{"state":"FAILED","error":{"error_code":"BAD_REQUEST","message":"[TABLE_OR_VIEW_NOT_FOUND] x"}}})"};
  h.http.handler = [&](const HttpRequest&) -> Result<HttpResponse> {
    std::string next = replies.front();
    replies.pop_front();
    return Reply(200, next);
  };
  auto failed = h.client->Execute("SELECT * FROM x", true);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "statement f1 failed: [TABLE_OR_VIEW_NOT_FOUND] x");

  replies = {R"({"statement_id":"t1","status":{"state":"SUCCEEDED"},"manifest":{"truncated":true}})"};
  auto truncated = h.client->Execute("SELECT 1", true);
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().message, "statement t1 result is truncated");

  replies = {
      R"({"statement_id":"w1","status":{"state":"FAILED","error":{"message":"Warehouse is starting"}}})",
      R"({"statement_id":"w2","status":{"state":"SUCCEEDED"}})"};
  auto retried = h.client->Execute("SELECT 1", true);
  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_EQ(retried->statement_id, "w2");
}

TEST(StatementClientTest, RateLimitsHonourRetryAfter) {
  Harness h;
  int calls = 0;
  h.http.handler = [&](const HttpRequest&) -> Result<HttpResponse> {
    if (++calls == 1)
      return Reply(429, R"({"error_code":"RESOURCE_EXHAUSTED","message":"slow down"})",
                   {{"Retry-After", "2"}});
    return Reply(200, R"({"statement_id":"ok","status":{"state":"SUCCEEDED"}})");
  };
  ASSERT_TRUE(h.client->Execute("INSERT INTO t VALUES (1)", false));
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(h.sleeps, (std::vector<std::chrono::milliseconds>{2000ms}));
}

// An INSERT whose submit times out after it went out: found in the query history by its marker
// and adopted, never sent twice.
TEST(StatementClientTest, AmbiguousSubmitIsResolvedThroughTheQueryHistory) {
  Harness h;
  std::string marker;
  int submits = 0;
  h.http.handler = [&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == "POST" && r.url.ends_with("/api/2.0/sql/statements")) {
      ++submits;
      marker = Json::Parse(r.body)->Find("statement")->AsString().substr(0, 48);
      Error e{ErrorKind::kAdapter, "POST … failed: timed out after 60000 ms", {}, {}};
      e.retryable = e.ambiguous = true;
      return std::unexpected(e);
    }
    if (r.url.find("/api/2.0/sql/history/queries?") != std::string::npos)
      return Reply(200, R"({"res":[{"query_id":"q0","query_text":"SELECT 1"},{"query_id":"q7",)"
                        R"("status":"FINISHED","query_text":")" + marker +
                            R"j( INSERT INTO t VALUES (1)"}],"has_next_page":false})j");
    return Reply(200, R"({"statement_id":"q7","status":{"state":"SUCCEEDED"}})");
  };
  auto result = h.client->Execute("INSERT INTO t VALUES (1)", false);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(submits, 1);
  EXPECT_TRUE(marker.starts_with("/* rocky:")) << marker;
  EXPECT_EQ(result->statement_id, "q7");
  const std::string lookup = h.http.sent[1].url;
  EXPECT_NE(lookup.find("filter_by.warehouse_ids=wh1"), std::string::npos) << lookup;
  EXPECT_NE(lookup.find("filter_by.query_start_time_range.start_time_ms="), std::string::npos);
}

TEST(StatementClientTest, NotInTheHistoryTwiceMeansSubmitAgain) {
  Harness h;
  int submits = 0;
  h.http.handler = [&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == "POST" && r.url.ends_with("/statements")) {
      if (++submits == 1) return Reply(503, "<html>Service Unavailable</html>");
      return Reply(200, R"({"statement_id":"again","status":{"state":"SUCCEEDED"}})");
    }
    return Reply(200, R"({"res":[],"has_next_page":false})");
  };
  auto result = h.client->Execute("INSERT INTO t VALUES (1)", false);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(submits, 2);
  EXPECT_EQ(h.sleeps, (std::vector<std::chrono::milliseconds>{5000ms}));  // between lookups

  // The statement timeout counts from the accepted submit, not from the failed one before the
  // lookups: a 3 s timeout is not spent by the 5 s between them.
  Harness tight(false, 3s);
  int attempts = 0;
  tight.http.handler = [&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == "POST" && r.url.ends_with("/statements")) {
      if (++attempts == 1) return Reply(503, "{}");
      return Reply(200, R"({"statement_id":"slow","status":{"state":"PENDING"}})");
    }
    if (r.method == "GET" && r.url.ends_with("/statements/slow"))
      return Reply(200, R"({"statement_id":"slow","status":{"state":"SUCCEEDED"}})");
    return Reply(200, R"({"res":[],"has_next_page":false})");
  };
  auto slow = tight.client->Execute("INSERT INTO t VALUES (2)", false);
  ASSERT_TRUE(slow) << slow.error().message;

  // An idempotent statement is simply sent again after a 503.
  Harness idempotent;
  int sent = 0;
  idempotent.http.handler = [&](const HttpRequest&) -> Result<HttpResponse> {
    if (++sent == 1) return Reply(503, "{}");
    return Reply(200, R"({"statement_id":"x","status":{"state":"SUCCEEDED"}})");
  };
  ASSERT_TRUE(idempotent.client->Execute("CREATE TABLE t (a INT)", true));
  EXPECT_EQ(sent, 2);
}

TEST(StatementClientTest, OAuthTokensAreCachedRefreshedAndRetriedOnceOnInvalidToken) {
  Harness h(/*oauth=*/true);
  int tokens = 0;
  int rejected = 0;
  std::string reject_token;
  h.http.handler = [&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.url.ends_with("/oidc/v1/token")) {
      ++tokens;
      return Reply(200, fmt::format(R"({{"access_token":"tok{}","token_type":"Bearer","expires_in":300}})",
                                    tokens));
    }
    const std::string auth = *HeaderOf(r.headers, "Authorization");
    if (auth == "Bearer " + reject_token) {
      ++rejected;
      return Reply(403, R"({"error_code":403,"message":"Invalid access token."})");
    }
    return Reply(200, R"({"statement_id":"s","status":{"state":"SUCCEEDED"}})");
  };
  ASSERT_TRUE(h.client->Execute("SELECT 1", true));
  ASSERT_TRUE(h.client->Execute("SELECT 1", true));
  EXPECT_EQ(tokens, 1);  // cached
  const HttpRequest& token_request = h.http.sent[0];
  EXPECT_EQ(token_request.body, "grant_type=client_credentials&scope=all-apis");
  EXPECT_EQ(*HeaderOf(token_request.headers, "Authorization"),
            "Basic " + Base64Encode("sp-1:s3cr3t"));

  h.now += 241s;  // less than 60 s left: refreshed before use
  ASSERT_TRUE(h.client->Execute("SELECT 1", true));
  EXPECT_EQ(tokens, 2);

  reject_token = "tok2";  // revoked server-side: one refresh, then it works
  ASSERT_TRUE(h.client->Execute("SELECT 1", true));
  EXPECT_EQ(tokens, 3);
  EXPECT_EQ(rejected, 1);

  reject_token = "tok3";
  h.http.handler = [&, inner = h.http.handler](const HttpRequest& r) -> Result<HttpResponse> {
    if (!r.url.ends_with("/oidc/v1/token"))
      return Reply(403, R"({"error_code":403,"message":"Invalid access token."})");
    return inner(r);
  };
  auto denied = h.client->Execute("SELECT 1", true);
  ASSERT_FALSE(denied);  // refreshed once, still refused: no loop
  EXPECT_NE(denied.error().message.find("HTTP 403 Invalid access token."), std::string::npos)
      << denied.error().message;
  for (const HttpRequest& r : h.http.sent) {
    EXPECT_EQ(r.url.find("s3cr3t"), std::string::npos);
    EXPECT_EQ(r.body.find("s3cr3t"), std::string::npos);
  }
  EXPECT_EQ(denied.error().Text().find("s3cr3t"), std::string::npos);
}

TEST(DatabricksWarehouseTest, CellsAreTypedByTypeName) {
  auto col = [](std::string type) { return StatementColumn{"c", type, ""}; };
  EXPECT_EQ(ConvertCell("true", col("BOOLEAN")), sdk::Value(true));
  EXPECT_EQ(ConvertCell("42", col("LONG")), sdk::Value(int64_t{42}));
  EXPECT_EQ(ConvertCell("-7", col("SHORT")), sdk::Value(int64_t{-7}));
  EXPECT_EQ(ConvertCell("1.5", col("DOUBLE")), sdk::Value(1.5));
  EXPECT_EQ(ConvertCell("12.50", col("DECIMAL")), sdk::Value(12.5));
  EXPECT_EQ(ConvertCell("12", col("DECIMAL")), sdk::Value(int64_t{12}));
  EXPECT_EQ(ConvertCell("2026-04-01T10:00:00.000Z", col("TIMESTAMP")),
            sdk::Value(std::string("2026-04-01T10:00:00.000Z")));
  EXPECT_EQ(ConvertCell("x", col("VARIANT")), sdk::Value(std::string("x")));  // unknown: text
  EXPECT_EQ(ConvertCell(std::nullopt, col("LONG")), sdk::Value(std::monostate{}));
}

TEST(DatabricksWarehouseTest, DmlCountsAndMetadataQueries) {
  FakeHttp http;
  std::vector<std::string> statements;
  http.handler = [&](const HttpRequest& r) -> Result<HttpResponse> {
    const std::string sql = Json::Parse(r.body)->Find("statement")->AsString();
    statements.push_back(sql);
    if (sql.find("INSERT") != std::string::npos)
      return Reply(200, R"({"statement_id":"i","status":{"state":"SUCCEEDED"},"manifest":{"schema":)"
                        R"({"columns":[{"name":"num_affected_rows","type_name":"LONG"},)"
                        R"({"name":"num_inserted_rows","type_name":"LONG"}]}},)"
                        R"("result":{"data_array":[["5","5"]]}})");
    return Reply(200, R"({"statement_id":"d","status":{"state":"SUCCEEDED"},"manifest":{"schema":)"
                      R"({"columns":[{"name":"column_name","type_name":"STRING"},)"
                      R"({"name":"full_data_type","type_name":"STRING"},)"
                      R"({"name":"is_nullable","type_name":"STRING"}]}},)"
                      R"j("result":{"data_array":[["id","bigint","NO"],["amount","decimal(10,2)","YES"]]}})j");
  };
  DatabricksConnection c;
  c.base_url = "https://dbc.example";
  c.warehouse_id = "wh1";
  c.token = Secret("t");
  DatabricksWarehouse wh(std::make_unique<DatabricksApi>(c, http));
  auto inserted = wh.ExecuteStatement({"incremental_copy", "c.s.t", "INSERT INTO c.s.t SELECT 1", false});
  ASSERT_TRUE(inserted) << inserted.error().message;
  EXPECT_EQ(inserted->rows_affected, 5);
  EXPECT_EQ(inserted->statement_id, "i");
  EXPECT_TRUE(statements[0].starts_with("/* rocky:")) << statements[0];

  auto columns = wh.DescribeTable({"main", "Sales", "orders"});
  ASSERT_TRUE(columns) << columns.error().message;
  EXPECT_EQ(*columns, (std::vector<sdk::ColumnInfo>{{"id", "BIGINT", false},
                                                    {"amount", "DECIMAL(10,2)", true}}));
  EXPECT_EQ(statements[1],
            "SELECT column_name, full_data_type, is_nullable FROM main.information_schema.columns "
            "WHERE table_schema = 'sales' AND table_name = 'orders' ORDER BY ordinal_position");
  auto bad = wh.DescribeTable({"main", "x; DROP", "t"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(statements.size(), 2u);  // refused before any SQL
}

TEST(DatabricksWarehouseTest, BatchChecksRunTwoHundredTablesPerQuery) {
  FakeHttp http;
  std::vector<std::string> queries;
  http.handler = [&](const HttpRequest& r) -> Result<HttpResponse> {
    const std::string sql = Json::Parse(r.body)->Find("statement")->AsString();
    queries.push_back(sql);
    // Answer the first table of each chunk only: the rest count 0.
    const std::string first = sql.substr(8, sql.find('\'', 8) - 8);
    return Reply(200, R"({"statement_id":"b","status":{"state":"SUCCEEDED"},"manifest":{"schema":)"
                      R"({"columns":[{"name":"k","type_name":"STRING"},{"name":"cnt","type_name":"LONG"}]}},)"
                      R"("result":{"data_array":[[")" + first + R"(","7"]]}})");
  };
  DatabricksConnection c;
  c.base_url = "https://dbc.example";
  c.warehouse_id = "wh1";
  c.token = Secret("t");
  DatabricksWarehouse wh(std::make_unique<DatabricksApi>(c, http));
  std::vector<sdk::TableRef> tables;
  for (int i = 0; i < 450; ++i) tables.push_back({"main", "bronze", fmt::format("t{}", i)});
  auto counts = wh.BatchRowCounts(tables);
  ASSERT_TRUE(counts) << counts.error().message;
  ASSERT_EQ(queries.size(), 3u);
  ASSERT_EQ(counts->size(), 450u);
  EXPECT_EQ((*counts)[0].count, 7);
  EXPECT_EQ((*counts)[1].count, 0);
  EXPECT_EQ((*counts)[200].count, 7);
  EXPECT_TRUE(queries[0].starts_with("SELECT 'main.bronze.t0' AS k, COUNT(*) AS cnt FROM main.bronze.t0\nUNION ALL\n"))
      << queries[0].substr(0, 120);
  queries.clear();
  ASSERT_TRUE(wh.BatchFreshness({tables[0]}, "_fivetran_synced"));
  EXPECT_EQ(queries.at(0),
            "SELECT 'main.bronze.t0' AS k, CAST(MAX(_fivetran_synced) AS STRING) AS max_ts FROM "
            "main.bronze.t0");
}

TEST(DatabricksApiTest, BaseUrlRules) {
  EXPECT_EQ(*DatabricksBaseUrl("adb-1.azuredatabricks.net"), "https://adb-1.azuredatabricks.net");
  EXPECT_EQ(*DatabricksBaseUrl("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
  auto plain = DatabricksBaseUrl("http://dbc.example");
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().kind, ErrorKind::kConfig);
}

}  // namespace
}  // namespace rocky::adapters::databricks
