#include "adapters/snowflake/snowflake_statements.h"

#include <gtest/gtest.h>

#include "adapters/http/fake_http.h"

namespace rocky::adapters::snowflake {
namespace {

using http::FakeHttp;
using http::HeaderOf;
using http::Reply;
using namespace std::chrono_literals;

// A client on a fake server, a manual clock and recorded sleeps.
struct Harness {
  FakeHttp http;
  std::chrono::steady_clock::time_point now{};
  std::vector<std::chrono::milliseconds> sleeps;
  std::unique_ptr<SnowflakeApi> api;
  std::unique_ptr<SnowflakeStatements> client;

  explicit Harness(SnowflakeConnection c = {}) {
    c.base_url = "https://xy12345.snowflakecomputing.com";
    c.account = "xy12345";
    c.warehouse = "COMPUTE_WH";
    c.database = "RAW";
    if (c.token.empty()) c.token = Secret("oauth-token");
    c.statement_timeout = 10s;
    c.retry.jitter = false;
    SnowflakeClock clock;
    clock.now = [this] { return now; };
    clock.sleep = [this](std::chrono::milliseconds d) {
      sleeps.push_back(d);
      now += d;
    };
    api = std::make_unique<SnowflakeApi>(c, http, clock);
    client = std::make_unique<SnowflakeStatements>(*api);
  }
};

std::string Path(const HttpRequest& r) { return r.url.substr(r.url.find('/', 8)); }

const char* kResult = R"({"code":"090001","statementHandle":"h1","sqlState":"00000",
  "resultSetMetaData":{"numRows":2,"format":"jsonv2",
    "rowType":[{"name":"ID","type":"fixed","scale":0,"nullable":false},
               {"name":"NAME","type":"text","nullable":true}],
    "partitionInfo":[{"rowCount":2}]},
  "data":[["1","a"],["2",null]]})";

TEST(SnowflakeStatementsTest, SubmitCarriesTheDocumentedRequest) {
  Harness h;
  h.http.handler = [](const HttpRequest&) -> Result<HttpResponse> { return Reply(200, kResult); };
  auto result = h.client->Execute("SELECT id, name FROM t");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(h.http.sent.size(), 1u);
  const HttpRequest& r = h.http.sent[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_TRUE(Path(r).starts_with("/api/v2/statements?requestId=")) << Path(r);
  EXPECT_EQ(HeaderOf(r.headers, "Authorization"), "Bearer oauth-token");
  EXPECT_EQ(HeaderOf(r.headers, "X-Snowflake-Authorization-Token-Type"), "OAUTH");
  EXPECT_EQ(HeaderOf(r.headers, "Accept"), "application/json");
  auto body = Json::Parse(r.body);
  ASSERT_TRUE(body);
  EXPECT_EQ((*body)["statement"].AsString(), "SELECT id, name FROM t");
  EXPECT_EQ((*body)["warehouse"].AsString(), "COMPUTE_WH");
  EXPECT_EQ((*body)["database"].AsString(), "RAW");
  EXPECT_EQ((*body)["timeout"].AsInt(), 10);
  EXPECT_EQ((*body)["parameters"]["TIMEZONE"].AsString(), "UTC");
  EXPECT_EQ((*body)["parameters"]["QUERY_TAG"].AsString(), "rocky");
  EXPECT_EQ(result->columns.size(), 2u);
  EXPECT_EQ(result->columns[0].type, "fixed");
  ASSERT_EQ(result->rows.size(), 2u);
  EXPECT_EQ(result->rows[1][1], std::nullopt);
}

TEST(SnowflakeStatementsTest, RunningStatementsArePolledAndPartitionsReadInOrder) {
  Harness h;
  int polls = 0;
  h.http.handler = [&](const HttpRequest& r) -> Result<HttpResponse> {
    const std::string path = Path(r);
    if (r.method == "POST")
      return Reply(202, R"({"code":"333334","statementHandle":"h9","message":"running"})");
    if (path == "/api/v2/statements/h9" && ++polls < 3)
      return Reply(202, R"({"code":"333334","statementHandle":"h9"})");
    if (path == "/api/v2/statements/h9")
      return Reply(200, R"({"code":"090001","statementHandle":"h9",
        "resultSetMetaData":{"rowType":[{"name":"N","type":"fixed","scale":0}],
          "partitionInfo":[{"rowCount":1},{"rowCount":1},{"rowCount":2}]},
        "data":[["1"]]})");
    if (path == "/api/v2/statements/h9?partition=1") return Reply(200, R"({"data":[["2"]]})");
    if (path == "/api/v2/statements/h9?partition=2")
      return Reply(200, R"({"data":[["3"],["4"]]})");
    return Reply(404, "{}");
  };
  auto result = h.client->Execute("SELECT n FROM big");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->rows.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(result->rows[i][0], std::to_string(i + 1));
  EXPECT_EQ(h.sleeps, (std::vector<std::chrono::milliseconds>{100ms, 200ms, 500ms}));
}

TEST(SnowflakeStatementsTest, AStatementPastTheTimeoutIsCancelled) {
  Harness h;
  h.http.handler = [&](const HttpRequest& r) -> Result<HttpResponse> {
    if (Path(r) == "/api/v2/statements/h5/cancel") return Reply(200, R"({"code":"000604"})");
    return Reply(202, R"({"code":"333334","statementHandle":"h5"})");
  };
  auto result = h.client->Execute("SELECT slow()");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "statement h5 timed out after 10s (cancelled)");
  EXPECT_EQ(h.http.Paths().back(), "POST /api/v2/statements/h5/cancel");
}

TEST(SnowflakeStatementsTest, A422IsTheStatementsFailure) {
  Harness h;
  h.http.handler = [](const HttpRequest&) -> Result<HttpResponse> {
    return Reply(422, R"({"code":"002003","sqlState":"42S02","statementHandle":"h2",
      "message":"SQL compilation error:\nObject 'T' does not exist or not authorized."})");
  };
  auto result = h.client->Execute("SELECT * FROM t");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("statement h2 failed: SQL compilation error"),
            std::string::npos);
  EXPECT_NE(result.error().message.find("(code 002003, SQLSTATE 42S02)"), std::string::npos);
  EXPECT_EQ(h.http.sent.size(), 1u);  // not transient: no retry
}

// A submit whose answer is lost (504, a dropped connection) is resent with the same requestId
// and retry=true: the server answers with the statement it already ran.
TEST(SnowflakeStatementsTest, AnAmbiguousSubmitIsResentWithTheSameRequestId) {
  Harness h;
  h.http.handler = [&](const HttpRequest&) -> Result<HttpResponse> {
    if (h.http.sent.size() == 1) return Reply(504, "<html>gateway timeout</html>");
    if (h.http.sent.size() == 2) {
      Error e{ErrorKind::kAdapter, "empty reply from server", {}, {}};
      e.retryable = e.ambiguous = true;
      return std::unexpected(e);
    }
    return Reply(200, R"({"code":"090001","statementHandle":"h3","stats":{"numRowsInserted":3}})");
  };
  auto result = h.client->Execute("INSERT INTO t SELECT * FROM s");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->rows_affected, 3);
  ASSERT_EQ(h.http.sent.size(), 3u);
  const std::string first = Path(h.http.sent[0]);
  EXPECT_EQ(first.find("retry=true"), std::string::npos);
  EXPECT_EQ(Path(h.http.sent[1]), first + "&retry=true");
  EXPECT_EQ(Path(h.http.sent[2]), first + "&retry=true");
}

TEST(SnowflakeStatementsTest, RateLimitsRetryAndTransientFailuresResubmit) {
  Harness h;
  h.http.handler = [&](const HttpRequest&) -> Result<HttpResponse> {
    if (h.http.sent.size() == 1) return Reply(429, "{}", {{"Retry-After", "3"}});
    if (h.http.sent.size() == 2)
      return Reply(422, R"({"code":"000630","sqlState":"57014","statementHandle":"h4",
        "message":"Statement reached its statement or warehouse timeout"})");
    return Reply(200, R"({"code":"090001","statementHandle":"h6"})");
  };
  auto result = h.client->Execute("SELECT 1");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->handle, "h6");
  EXPECT_EQ(h.sleeps.at(0), 3000ms);  // Retry-After, longer than the back-off
  // The transient failure ran nothing: a new requestId.
  EXPECT_NE(Path(h.http.sent[2]).substr(0, 60), Path(h.http.sent[1]).substr(0, 60));
}

TEST(SnowflakeStatementsTest, TransactionalUnitsAreOneMultiStatementRequest) {
  Harness h;
  h.http.handler = [&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == "POST")
      return Reply(200, R"({"code":"090001","statementHandle":"p",
        "statementHandles":["c0","c1","c2","c3","c4"]})");
    const std::string handle = Path(r).substr(std::string("/api/v2/statements/").size());
    return Reply(200, R"({"code":"090001","statementHandle":")" + handle +
                          R"(","stats":{"numRowsDeleted":)" + (handle == "c2" ? "2" : "0") +
                          R"(,"numRowsInserted":)" + (handle == "c3" ? "5" : "0") + "}}");
  };
  auto results = h.client->ExecuteUnit({"DELETE FROM t WHERE d = 1", "INSERT INTO t SELECT 1"},
                                       true);
  ASSERT_TRUE(results) << results.error().message;
  ASSERT_EQ(results->size(), 2u);
  EXPECT_EQ((*results)[0].rows_affected, 2);
  EXPECT_EQ((*results)[1].rows_affected, 5);
  auto body = Json::Parse(h.http.sent[0].body);
  EXPECT_EQ((*body)["statement"].AsString(),
            "ALTER SESSION SET TRANSACTION_ABORT_ON_ERROR = TRUE;\nBEGIN;\n"
            "DELETE FROM t WHERE d = 1;\nINSERT INTO t SELECT 1;\nCOMMIT");
  EXPECT_EQ((*body)["parameters"]["MULTI_STATEMENT_COUNT"].AsString(), "5");
}

// A dialect may hand over a whole request as one statement (a partition replace): the count
// covers what it holds, and its result carries the rows its INSERT wrote.
TEST(SnowflakeStatementsTest, AStatementHoldingSeveralCountsEachAndReportsItsInsert) {
  Harness h;
  h.http.handler = [&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == "POST")
      return Reply(200, R"({"code":"090001","statementHandle":"p",
        "statementHandles":["c0","c1","c2","c3","c4"]})");
    const std::string handle = Path(r).substr(std::string("/api/v2/statements/").size());
    return Reply(200, R"({"code":"090001","statementHandle":")" + handle +
                          R"(","stats":{"numRowsDeleted":)" + (handle == "c2" ? "4" : "0") +
                          R"(,"numRowsInserted":)" + (handle == "c3" ? "3" : "0") + "}}");
  };
  auto results = h.client->ExecuteUnit(
      {"CREATE TABLE IF NOT EXISTS t AS SELECT 1 AS d WHERE 1 = 0",
       "BEGIN; DELETE FROM t WHERE d = ';'; INSERT INTO t SELECT 1; COMMIT;"},
      false);
  ASSERT_TRUE(results) << results.error().message;
  ASSERT_EQ(results->size(), 2u);
  EXPECT_EQ((*results)[0].handle, "c0");
  EXPECT_EQ((*results)[1].rows_affected, 3);  // the INSERT's, not the DELETE's
  auto body = Json::Parse(h.http.sent[0].body);
  EXPECT_EQ((*body)["parameters"]["MULTI_STATEMENT_COUNT"].AsString(), "5");
  EXPECT_EQ((*body)["statement"].AsString(),
            "CREATE TABLE IF NOT EXISTS t AS SELECT 1 AS d WHERE 1 = 0;\nBEGIN;\n"
            "DELETE FROM t WHERE d = ';';\nINSERT INTO t SELECT 1;\nCOMMIT");
}

TEST(SnowflakeStatementsTest, ProgrammaticAccessTokensNameTheirType) {
  SnowflakeConnection c;
  c.auth = AuthKind::kProgrammaticAccessToken;
  c.token = Secret("pat-123");
  Harness h(c);
  h.http.handler = [](const HttpRequest&) -> Result<HttpResponse> {
    return Reply(401, R"({"code":"390303","message":"Invalid OAuth access token."})");
  };
  auto result = h.client->Execute("SELECT 1");
  ASSERT_FALSE(result);
  EXPECT_EQ(h.http.sent.size(), 1u);  // a given token is not refreshed
  EXPECT_EQ(HeaderOf(h.http.sent[0].headers, "X-Snowflake-Authorization-Token-Type"),
            "PROGRAMMATIC_ACCESS_TOKEN");
  EXPECT_NE(result.error().message.find("programmatic access token was rejected"),
            std::string::npos);
  EXPECT_EQ(result.error().message.find("pat-123"), std::string::npos);
}

}  // namespace
}  // namespace rocky::adapters::snowflake
