// The Databricks emulator over real HTTP, with Rocky's libcurl client.
#include "emulators/databricks/databricks_emulator.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <thread>

#include "base/strings.h"
#include "base/url.h"
#include "emulators/common/emulator_process.h"
#include "emulators/common/emulator_test_support.h"

namespace rocky::emulator::databricks {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kToken = "dapi-test-token";
constexpr const char* kWarehouse = "emulator-warehouse";

using test_support::CountRows;
using test_support::Occurrences;
using test_support::Reply;

// A Statement Execution API client: Bearer auth.
class Client : public test_support::JsonClient {
 public:
  /// Without `reuse`, every request opens a new connection.
  Client(std::string base_url, std::string token, bool reuse = true)
      : JsonClient(std::move(base_url), reuse), token_(std::move(token)) {}

  Reply Submit(std::string_view sql, Json extra = Json::object()) {
    Json body = {{"warehouse_id", kWarehouse}, {"statement", sql},
                 {"wait_timeout", "30s"},      {"on_wait_timeout", "CONTINUE"},
                 {"disposition", "INLINE"},    {"format", "JSON_ARRAY"}};
    body.update(extra);
    return Call("POST", "/api/2.0/sql/statements", body);
  }

  /// Submits and expects SUCCEEDED at once.
  Json Run(std::string_view sql, Json extra = Json::object()) {
    Reply r = Submit(sql, std::move(extra));
    EXPECT_EQ(r.status, 200) << sql << "\n" << r.body.dump();
    EXPECT_EQ(r.body["status"]["state"], "SUCCEEDED") << sql << "\n" << r.body.dump();
    return r.body;
  }

  Reply Poll(const std::string& id) { return Call("GET", "/api/2.0/sql/statements/" + id); }

  void set_token(std::string token) { token_ = std::move(token); }

 private:
  void Prepare(HttpRequest& request) const override {
    if (!token_.empty()) SetHttpHeader(request.headers, "Authorization", "Bearer " + token_);
  }

  std::string token_;
};

std::unique_ptr<DatabricksEmulator> StartEmulator(Options options = {}) {
  if (options.token.empty() && options.client_id.empty()) options.token = kToken;
  return test_support::Started(DatabricksEmulator::Start(std::move(options)));
}

TEST(DatabricksEmulatorTest, ResultShapesAndTypes) {
  auto emulator = StartEmulator();
  Client client(emulator->url(), kToken);
  Json ddl = client.Run(
      "CREATE TABLE t (i INT, b BIGINT, d DECIMAL(10,2), s STRING, day DATE, ts TIMESTAMP, "
      "ok BOOLEAN, x DOUBLE, f FLOAT, tags INT[])");
  EXPECT_FALSE(ddl.contains("result"));
  EXPECT_EQ(ddl["manifest"]["schema"]["column_count"], 0);
  EXPECT_EQ(ddl["manifest"]["total_chunk_count"], 0);

  Json insert = client.Run(
      "INSERT INTO t VALUES (1, 9000000000, 12.50, 'it''s', DATE '2024-01-02', "
      "TIMESTAMP '2024-01-02 03:04:05.5', true, 2.0, 0.1, [1, 2]), "
      "(NULL, NULL, NULL, NULL, NULL, TIMESTAMP '2024-01-02 03:04:05', false, 1.5, NULL, NULL)");
  const Json& counts = insert["manifest"]["schema"]["columns"];
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[0]["name"], "num_affected_rows");
  EXPECT_EQ(counts[0]["type_name"], "LONG");
  EXPECT_EQ(counts[1]["name"], "num_inserted_rows");
  EXPECT_EQ(insert["result"]["data_array"], Json::parse(R"([["2","2"]])"));

  Json select = client.Run("SELECT * FROM t ORDER BY i NULLS LAST");
  const Json& manifest = select["manifest"];
  EXPECT_EQ(manifest["format"], "JSON_ARRAY");
  EXPECT_EQ(manifest["total_row_count"], 2);
  EXPECT_EQ(manifest["total_chunk_count"], 1);
  EXPECT_EQ(manifest["truncated"], false);
  const Json& columns = manifest["schema"]["columns"];
  ASSERT_EQ(columns.size(), 10u);
  std::vector<std::pair<std::string, std::string>> expected = {
      {"INT", "int"},         {"LONG", "bigint"},   {"DECIMAL", "decimal(10,2)"},
      {"STRING", "string"},   {"DATE", "date"},     {"TIMESTAMP", "timestamp"},
      {"BOOLEAN", "boolean"}, {"DOUBLE", "double"}, {"FLOAT", "float"},
      {"ARRAY", "array<int>"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(columns[i]["position"], i);
    EXPECT_EQ(columns[i]["type_name"], expected[i].first) << i;
    EXPECT_EQ(columns[i]["type_text"], expected[i].second) << i;
  }
  EXPECT_EQ(columns[2]["type_precision"], 10);
  EXPECT_EQ(columns[2]["type_scale"], 2);
  EXPECT_EQ(select["result"]["data_array"], Json::parse(R"([
      ["1", "9000000000", "12.50", "it's", "2024-01-02", "2024-01-02T03:04:05.500000Z", "true",
       "2.0", "0.1", "[1,2]"],
      [null, null, null, null, null, "2024-01-02T03:04:05Z", "false", "1.5", null, null]])"));
  EXPECT_FALSE(select["result"].contains("next_chunk_index"));

  Json empty = client.Run("SELECT i FROM t WHERE false");
  EXPECT_EQ(empty["manifest"]["schema"]["column_count"], 1);
  EXPECT_EQ(empty["manifest"]["total_row_count"], 0);
  EXPECT_FALSE(empty.contains("result"));

  Json update = client.Run("UPDATE t SET i = 5 WHERE i IS NULL");
  EXPECT_EQ(update["manifest"]["schema"]["columns"][0]["name"], "num_affected_rows");
  EXPECT_EQ(update["result"]["data_array"], Json::parse(R"([["1"]])"));
}

TEST(DatabricksEmulatorTest, SplitsResultsIntoChunks) {
  Options options;
  options.chunk_rows = 4;
  auto emulator = StartEmulator(options);
  Client client(emulator->url(), kToken);
  Json first = client.Run("SELECT range AS n FROM range(10) ORDER BY n");
  const std::string id = first["statement_id"];
  EXPECT_EQ(first["manifest"]["total_chunk_count"], 3);
  EXPECT_EQ(first["manifest"]["chunks"], Json::parse(R"([
      {"chunk_index": 0, "row_offset": 0, "row_count": 4},
      {"chunk_index": 1, "row_offset": 4, "row_count": 4},
      {"chunk_index": 2, "row_offset": 8, "row_count": 2}])"));
  EXPECT_EQ(first["result"]["row_count"], 4);
  EXPECT_EQ(first["result"]["next_chunk_index"], 1);

  std::vector<std::string> values;
  Json chunk = first["result"];
  while (true) {
    for (const auto& row : chunk["data_array"]) values.push_back(row[0]);
    if (!chunk.contains("next_chunk_index")) break;
    Reply next = client.Call("GET", fmt::format("/api/2.0/sql/statements/{}/result/chunks/{}", id,
                                                chunk["next_chunk_index"].get<int>()));
    ASSERT_EQ(next.status, 200);
    chunk = next.body;
  }
  EXPECT_EQ(Join(values, ","), "0,1,2,3,4,5,6,7,8,9");
  EXPECT_EQ(chunk["chunk_index"], 2);
  EXPECT_EQ(chunk["row_offset"], 8);

  Reply beyond = client.Call("GET", fmt::format("/api/2.0/sql/statements/{}/result/chunks/3", id));
  EXPECT_EQ(beyond.status, 400);
  EXPECT_EQ(beyond.body["error_code"], "INVALID_PARAMETER_VALUE");
}

TEST(DatabricksEmulatorTest, PendingPollsThenSucceedsExactlyOnce) {
  Options options;
  options.pending_polls = 2;
  auto emulator = StartEmulator(options);
  emulator->Query("CREATE TABLE t (n INT)").value();
  Client client(emulator->url(), kToken);
  Reply submitted = client.Submit("/* rocky:aaaa */ INSERT INTO t VALUES (7)");
  ASSERT_EQ(submitted.status, 200);
  EXPECT_EQ(submitted.body["status"]["state"], "PENDING");
  EXPECT_FALSE(submitted.body.contains("manifest"));
  const std::string id = submitted.body["statement_id"];
  for (int i = 0; i < 2; ++i) {
    Reply poll = client.Poll(id);
    EXPECT_EQ(poll.body["status"]["state"], "RUNNING");
    EXPECT_EQ(CountRows(*emulator, "t"), 0);
  }
  Reply done = client.Poll(id);
  EXPECT_EQ(done.body["status"]["state"], "SUCCEEDED");
  EXPECT_EQ(done.body["result"]["data_array"][0][0], "1");
  EXPECT_EQ(client.Poll(id).body["status"]["state"], "SUCCEEDED");
  EXPECT_EQ(CountRows(*emulator, "t"), 1);
  EXPECT_EQ(Occurrences(emulator->executed(), "INSERT INTO t"), 1u);

  // wait_timeout 0s answers PENDING even with nothing to wait for.
  emulator->set_pending_polls(0);
  Reply async = client.Submit("SELECT 1", {{"wait_timeout", "0s"}});
  EXPECT_EQ(async.body["status"]["state"], "PENDING");
  EXPECT_EQ(client.Poll(async.body["statement_id"]).body["status"]["state"], "SUCCEEDED");
}

TEST(DatabricksEmulatorTest, FailedStatementsAndRequestErrors) {
  auto emulator = StartEmulator();
  Client client(emulator->url(), kToken);
  Reply missing = client.Submit("SELECT * FROM nowhere");
  EXPECT_EQ(missing.status, 200);
  EXPECT_EQ(missing.body["status"]["state"], "FAILED");
  EXPECT_EQ(missing.body["status"]["error"]["error_code"], "BAD_REQUEST");
  EXPECT_TRUE(StartsWith(missing.body["status"]["error"]["message"].get<std::string>(),
                         "[TABLE_OR_VIEW_NOT_FOUND] "))
      << missing.body.dump();
  EXPECT_EQ(missing.body["status"]["sql_state"], "42P01");
  EXPECT_FALSE(missing.body.contains("manifest"));
  // The FAILED state stays when polled.
  EXPECT_EQ(client.Poll(missing.body["statement_id"]).body["status"]["state"], "FAILED");

  Reply syntax = client.Submit("SELEC 1");
  EXPECT_TRUE(StartsWith(syntax.body["status"]["error"]["message"].get<std::string>(),
                         "[PARSE_SYNTAX_ERROR] "));

  EXPECT_EQ(client.Submit("SELECT 1", {{"wait_timeout", "3s"}}).status, 400);
  EXPECT_EQ(client.Submit("SELECT 1", {{"wait_timeout", "51s"}}).body["error_code"],
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(client.Submit("SELECT 1", {{"disposition", "EXTERNAL_LINKS"}}).status, 400);
  EXPECT_EQ(client.Submit("SELECT 1", {{"warehouse_id", "nope"}}).status, 404);
  EXPECT_EQ(client.Poll("01ef0000-no-such-statement").status, 404);
  EXPECT_EQ(client.Call("GET", "/api/2.0/no/such/endpoint").body["error_code"],
            "ENDPOINT_NOT_FOUND");
}

TEST(DatabricksEmulatorTest, CancelsAHeldStatementWhichNeverRuns) {
  auto emulator = StartEmulator();
  emulator->Query("CREATE TABLE t (n INT)").value();
  Client client(emulator->url(), kToken);
  // Through the control endpoint, as a test in another process would.
  Reply hold = client.Call("POST", "/_emulator/databricks/hold", {{"match", "INSERT INTO t"}});
  ASSERT_EQ(hold.status, 200);
  Reply submitted = client.Submit("INSERT INTO t VALUES (1)");
  EXPECT_EQ(submitted.body["status"]["state"], "PENDING");
  const std::string id = submitted.body["statement_id"];
  for (int i = 0; i < 5; ++i) EXPECT_EQ(client.Poll(id).body["status"]["state"], "RUNNING");
  // Other statements are not held.
  client.Run("SELECT 1");

  Reply cancel = client.Call("POST", fmt::format("/api/2.0/sql/statements/{}/cancel", id));
  EXPECT_EQ(cancel.status, 200);
  EXPECT_EQ(cancel.body, Json::object());
  EXPECT_EQ(client.Poll(id).body["status"]["state"], "CANCELED");
  EXPECT_EQ(emulator->cancelled(), std::vector<std::string>{id});
  EXPECT_EQ(Occurrences(emulator->executed(), "INSERT INTO t"), 0u);
  EXPECT_EQ(CountRows(*emulator, "t"), 0);

  // A hold for a few polls only; a cancel after the end changes nothing.
  ASSERT_TRUE(emulator->Hold("INSERT", 1));
  const std::string second = client.Submit("INSERT INTO t VALUES (2)").body["statement_id"];
  EXPECT_EQ(client.Poll(second).body["status"]["state"], "RUNNING");
  EXPECT_EQ(client.Poll(second).body["status"]["state"], "SUCCEEDED");
  client.Call("POST", fmt::format("/api/2.0/sql/statements/{}/cancel", second));
  EXPECT_EQ(client.Poll(second).body["status"]["state"], "SUCCEEDED");
  EXPECT_EQ(emulator->cancelled().size(), 1u);
  EXPECT_EQ(CountRows(*emulator, "t"), 1);
}

TEST(DatabricksEmulatorTest, OAuthTokensExpire) {
  Options options;
  options.client_id = "sp-id";
  options.client_secret = "sp-secret";
  options.expires_in_secs = 1;
  options.token = "dapi-pat";
  auto emulator = StartEmulator(options);
  auto http = adapters::http::NewHttpClient();
  auto token_request = [&](std::string user, std::string password) {
    HttpRequest r;
    r.method = "POST";
    r.url = emulator->url() + "/oidc/v1/token";
    r.body = "grant_type=client_credentials&scope=all-apis";
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                 {"Authorization", "Basic " + Base64Encode(user + ":" + password)}};
    return http->Send(r).value();
  };
  EXPECT_EQ(token_request("sp-id", "wrong").status, 401);
  HttpResponse issued = token_request("sp-id", "sp-secret");
  ASSERT_EQ(issued.status, 200);
  Json token = Json::parse(issued.body);
  EXPECT_EQ(token["token_type"], "Bearer");
  EXPECT_EQ(token["expires_in"], 1);
  EXPECT_EQ(token["scope"], "all-apis");

  Client client(emulator->url(), token["access_token"]);
  client.Run("SELECT 1");
  std::this_thread::sleep_for(1200ms);
  Reply expired = client.Submit("SELECT 1");
  EXPECT_EQ(expired.status, 403);
  EXPECT_EQ(expired.body,
            Json::parse(R"({"error_code": 403, "message": "Invalid access token."})"));

  client.set_token("dapi-pat");
  client.Run("SELECT 1");
  client.set_token("not-a-token");
  EXPECT_EQ(client.Submit("SELECT 1").status, 403);
  client.set_token("");
  Reply anonymous = client.Submit("SELECT 1");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.body["error_code"], "UNAUTHENTICATED");
}

TEST(DatabricksEmulatorTest, FaultsAnswerOnceThenTheRealHandlerRuns) {
  auto emulator = StartEmulator();
  Client client(emulator->url(), kToken);
  Reply queued = client.Call("POST", "/_emulator/faults",
                             {{"match", "^POST /api/2.0/sql/statements$"},
                              {"status", 503},
                              {"headers", {{"Retry-After", "1"}}},
                              {"count", 1}});
  ASSERT_EQ(queued.status, 200);
  Reply failed = client.Submit("SELECT 1");
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(failed.body["error_code"], "TEMPORARILY_UNAVAILABLE");
  bool has_retry_after = false;
  for (const auto& [k, v] : failed.headers)
    has_retry_after |= EqualsIgnoreCase(k, "Retry-After") && v == "1";
  EXPECT_TRUE(has_retry_after);
  client.Run("SELECT 1");
  EXPECT_EQ(emulator->executed().size(), 1u);

  Reply log = client.Call("GET", "/_emulator/requests");
  ASSERT_EQ(log.body.size(), 2u);
  EXPECT_EQ(log.body[0]["status"], 503);
  EXPECT_EQ(log.body[1]["status"], 200);
  EXPECT_EQ(log.body[1]["headers"]["Authorization"], std::string("Bearer ") + kToken);

  // A delay only: the request is slow, then handled.
  ASSERT_TRUE(emulator->AddFault({.match = "statements$", .delay_ms = 300}));
  auto start = std::chrono::steady_clock::now();
  client.Run("SELECT 2");
  EXPECT_GE(std::chrono::steady_clock::now() - start, 290ms);
}

// The drops are sent on fresh connections here, so the raw HTTP client sees them whatever it does
// with reused ones. (Rocky's client sends non-idempotent requests so that libcurl cannot resend
// them on a reused connection that closed unanswered: databricks_adapter_test covers that case.)
TEST(DatabricksEmulatorTest, DroppedConnectionAfterTheHandlerRanOnce) {
  auto emulator = StartEmulator();
  emulator->Query("CREATE TABLE t (n INT)").value();
  Client client(emulator->url(), kToken, /*reuse=*/false);
  client.Call("POST", "/_emulator/faults",
              {{"match", "^POST /api/2.0/sql/statements$"},
               {"drop_connection", true},
               {"after_handler", true}});
  Json body = {{"warehouse_id", kWarehouse},
               {"statement", "/* rocky:1111-2222 */ INSERT INTO t VALUES (1)"},
               {"wait_timeout", "30s"}};
  auto lost = client.Raw("POST", "/api/2.0/sql/statements", body.dump());
  ASSERT_FALSE(lost);
  EXPECT_TRUE(lost.error().ambiguous) << lost.error().Text();
  EXPECT_EQ(CountRows(*emulator, "t"), 1);
  EXPECT_EQ(Occurrences(emulator->executed(), "INSERT INTO t"), 1u);

  // The query history shows the statement, so a client can adopt it instead of resubmitting.
  Reply history = client.Call(
      "GET", fmt::format("/api/2.0/sql/history/queries?filter_by.warehouse_ids={}&max_results=10",
                         kWarehouse));
  ASSERT_EQ(history.body["res"].size(), 1u);
  EXPECT_TRUE(
      StartsWith(history.body["res"][0]["query_text"].get<std::string>(), "/* rocky:1111-2222 */"));
  EXPECT_EQ(history.body["res"][0]["status"], "FINISHED");

  // Dropped before the handler: nothing ran.
  client.Call("POST", "/_emulator/faults",
              {{"match", "^POST /api/2.0/sql/statements$"}, {"drop_connection", true}});
  body["statement"] = "INSERT INTO t VALUES (2)";
  EXPECT_FALSE(client.Raw("POST", "/api/2.0/sql/statements", body.dump()));
  EXPECT_EQ(CountRows(*emulator, "t"), 1);
  auto log = emulator->requests();
  ASSERT_GE(log.size(), 2u);
  EXPECT_EQ(log[0].status, -1);
}

TEST(DatabricksEmulatorTest, QueryHistoryPagesNewestFirst) {
  auto emulator = StartEmulator();
  Client client(emulator->url(), kToken);
  int64_t before = NowMs() - 60'000;
  for (int i = 0; i < 5; ++i) {
    client.Run(fmt::format("/* rocky:{} */ SELECT {}", i, i));
    std::this_thread::sleep_for(2ms);
  }
  std::vector<std::string> texts;
  std::string token;
  int pages = 0;
  do {
    std::string path = fmt::format(
        "/api/2.0/sql/history/queries?filter_by.warehouse_ids={}"
        "&filter_by.query_start_time_range.start_time_ms={}&max_results=2",
        kWarehouse, before);
    if (!token.empty()) path += "&page_token=" + PercentEncode(token);
    Reply page = client.Call("GET", path);
    ASSERT_EQ(page.status, 200) << page.body.dump();
    for (const auto& q : page.body["res"]) {
      texts.push_back(q["query_text"]);
      EXPECT_EQ(q["statement_type"], "SELECT");
      EXPECT_EQ(q["status"], "FINISHED");
      EXPECT_GE(q["query_start_time_ms"].get<int64_t>(), before);
    }
    token = page.body["has_next_page"].get<bool>() ? page.body["next_page_token"].get<std::string>()
                                                   : "";
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(texts.size(), 5u);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(texts[i], fmt::format("/* rocky:{} */ SELECT {}", 4 - i, 4 - i));

  // Filters exclude other warehouses and later start times.
  EXPECT_EQ(client.Call("GET", "/api/2.0/sql/history/queries?filter_by.warehouse_ids=other")
                .body["res"]
                .size(),
            0u);
  EXPECT_EQ(client
                .Call("GET", fmt::format("/api/2.0/sql/history/queries?filter_by.query_"
                                         "start_time_range.start_time_ms={}",
                                         NowMs() + 60'000))
                .body["res"]
                .size(),
            0u);
  EXPECT_EQ(client.Call("GET", "/api/2.0/sql/history/queries?max_results=5000").status, 400);
  EXPECT_EQ(client.Call("GET", "/api/2.0/sql/history/queries?page_token=bogus").status, 400);

  // cpp-httplib never reads a GET body: the filter in it is ignored, and the connection is
  // closed after the answer so that the unread body is not taken for the next request.
  for (int i = 0; i < 3; ++i) {
    Reply by_body = client.Call("GET", "/api/2.0/sql/history/queries?max_results=1",
                                {{"filter_by", {{"warehouse_ids", {"other"}}}}});
    EXPECT_EQ(by_body.status, 200);
    EXPECT_EQ(by_body.body["res"].size(), 1u);
  }
  EXPECT_EQ(client.Call("GET", "/api/2.0/sql/history/queries?max_results=1").status, 200);
}

TEST(DatabricksEmulatorTest, GrantsRevokesTagsAndShowGrants) {
  auto emulator = StartEmulator();
  Client client(emulator->url(), kToken);
  client.Run("CREATE CATALOG IF NOT EXISTS sales");
  client.Run("CREATE CATALOG IF NOT EXISTS sales");
  client.Run("CREATE SCHEMA IF NOT EXISTS sales.raw");
  client.Run("GRANT USE CATALOG ON CATALOG sales TO `analyst@example.com`");
  client.Run("GRANT SELECT, MODIFY ON CATALOG sales TO `data-team`");
  client.Run("REVOKE MODIFY ON CATALOG sales FROM `data-team`");
  client.Run("GRANT USE SCHEMA ON SCHEMA sales.raw TO `data-team`");
  client.Run("ALTER CATALOG sales SET TAGS ('owner' = 'ops', 'tier' = 'gold')");

  Json shown = client.Run("SHOW GRANTS ON CATALOG sales");
  std::vector<std::string> names;
  for (const auto& c : shown["manifest"]["schema"]["columns"]) names.push_back(c["name"]);
  EXPECT_EQ(Join(names, ","), "principal,actionType,objectType,objectKey");
  EXPECT_EQ(shown["result"]["data_array"], Json::parse(R"([
      ["analyst@example.com", "USE CATALOG", "CATALOG", "sales"],
      ["data-team", "SELECT", "CATALOG", "sales"]])"));
  Json schema_grants = client.Run("SHOW GRANTS ON SCHEMA sales.raw");
  EXPECT_EQ(schema_grants["result"]["data_array"],
            Json::parse(R"([["data-team", "USE SCHEMA", "SCHEMA", "sales.raw"]])"));

  Reply missing = client.Submit("GRANT SELECT ON CATALOG nowhere TO `x`");
  EXPECT_EQ(missing.body["status"]["state"], "FAILED");
  EXPECT_TRUE(StartsWith(missing.body["status"]["error"]["message"].get<std::string>(),
                         "[NO_SUCH_CATALOG_EXCEPTION]"));

  auto records = emulator->governance();
  ASSERT_EQ(records.size(), 8u);  // 4 GRANT/REVOKE, SET TAGS, 2 SHOW GRANTS, the failed GRANT
  EXPECT_EQ(records[1].action, "GRANT");
  EXPECT_EQ(records[1].privileges, (std::vector<std::string>{"SELECT", "MODIFY"}));
  EXPECT_EQ(records[1].principal, "data-team");
  EXPECT_EQ(records[2].action, "REVOKE");
  EXPECT_EQ(records[4].action, "SET TAGS");
  EXPECT_EQ(records[5].action, "SHOW GRANTS");
  EXPECT_TRUE(records[5].ok);
  EXPECT_FALSE(records[7].ok);
  EXPECT_EQ(emulator->Tags("CATALOG", "sales"),
            (std::map<std::string, std::string>{{"owner", "ops"}, {"tier", "gold"}}));
}

TEST(DatabricksEmulatorTest, WorkspaceBindingsAndIsolation) {
  Options options;
  options.workspace_id = 42;
  auto emulator = StartEmulator(options);
  Client client(emulator->url(), kToken);
  client.Run("CREATE CATALOG sales");
  const std::string path = "/api/2.1/unity-catalog/bindings/catalog/sales";
  EXPECT_EQ(client.Call("GET", path).body, Json::parse(R"({"bindings": []})"));

  Reply isolated = client.Call("PATCH", "/api/2.1/unity-catalog/catalogs/sales",
                               {{"isolation_mode", "ISOLATED"}});
  ASSERT_EQ(isolated.status, 200);
  EXPECT_EQ(isolated.body["isolation_mode"], "ISOLATED");
  EXPECT_EQ(isolated.body["name"], "sales");

  Reply added = client.Call(
      "PATCH", path,
      Json::parse(R"({"add": [{"workspace_id": 7, "binding_type": "BINDING_TYPE_READ_ONLY"},
                              {"workspace_id": 8}]})"));
  EXPECT_EQ(added.body, Json::parse(R"({"bindings": [
      {"workspace_id": 42, "binding_type": "BINDING_TYPE_READ_WRITE"},
      {"workspace_id": 7, "binding_type": "BINDING_TYPE_READ_ONLY"},
      {"workspace_id": 8, "binding_type": "BINDING_TYPE_READ_WRITE"}]})"));
  client.Call("PATCH", path, Json::parse(R"({"remove": [{"workspace_id": 42}]})"));
  Reply listed = client.Call("GET", path);
  EXPECT_EQ(listed.body["bindings"].size(), 2u);
  EXPECT_EQ(emulator->unity_catalog().changes().size(), 3u);

  EXPECT_EQ(client.Call("GET", "/api/2.1/unity-catalog/bindings/catalog/nowhere").status, 404);
  EXPECT_EQ(
      client.Call("PATCH", "/api/2.1/unity-catalog/catalogs/sales", {{"isolation_mode", "SORT_OF"}})
          .status,
      400);
}

TEST(DatabricksEmulatorTest, DatabricksSqlIsRewrittenForDuckDb) {
  auto emulator = StartEmulator();
  Client client(emulator->url(), kToken);
  client.Run("CREATE CATALOG IF NOT EXISTS lake");
  client.Run("CREATE SCHEMA IF NOT EXISTS lake.raw");
  client.Run(
      "CREATE OR REPLACE TABLE lake.raw.orders (id INT, amount DECIMAL(10,2), note STRING, "
      "day DATE) USING DELTA PARTITIONED BY (day) TBLPROPERTIES ('delta.appendOnly' = 'false')");
  client.Run("CREATE VIEW lake.raw.v AS SELECT id FROM lake.raw.orders");

  Json columns = client.Run(
      "SELECT lower(table_name), lower(column_name), full_data_type FROM "
      "lake.information_schema.columns WHERE lower(table_schema) = lower('raw') AND "
      "table_name = 'orders' ORDER BY table_name, ordinal_position");
  EXPECT_EQ(columns["result"]["data_array"], Json::parse(R"j([
      ["orders", "id", "int"], ["orders", "amount", "decimal(10,2)"],
      ["orders", "note", "string"], ["orders", "day", "date"]])j"));
  Json tables = client.Run(
      "SELECT table_name, table_type FROM `lake`.information_schema.tables t "
      "WHERE lower(t.table_schema) = 'raw' ORDER BY table_name");
  EXPECT_EQ(tables["result"]["data_array"],
            Json::parse(R"([["orders", "MANAGED"], ["v", "VIEW"]])"));

  Json described = client.Run("DESCRIBE TABLE lake.raw.orders");
  EXPECT_EQ(described["result"]["data_array"], Json::parse(R"j([
      ["id", "int", null], ["amount", "decimal(10,2)", null], ["note", "string", null],
      ["day", "date", null]])j"));
  Reply absent = client.Submit("DESCRIBE TABLE lake.raw.nothing");
  EXPECT_NE(
      absent.body["status"]["error"]["message"].get<std::string>().find("TABLE_OR_VIEW_NOT_FOUND"),
      std::string::npos);

  // The session catalog and schema of the request, backticks, struct() and REPLACE WHERE.
  client.Run(
      "INSERT INTO orders VALUES (1, 1.00, 'a', DATE '2024-01-01'), "
      "(2, 2.00, 'b', DATE '2024-01-02')",
      {{"catalog", "lake"}, {"schema", "raw"}});
  Json replaced = client.Run(
      "INSERT INTO `lake`.`raw`.`orders` REPLACE WHERE day = DATE '2024-01-02'\n"
      "SELECT 3, 3.00, 'it\\'s', DATE '2024-01-02'");
  EXPECT_EQ(replaced["result"]["data_array"], Json::parse(R"([["1", "1"]])"));
  Json rows = client.Run(
      "SELECT id, note, md5(to_json(struct(id, note))) AS h FROM "
      "lake.raw.orders ORDER BY id");
  ASSERT_EQ(rows["result"]["data_array"].size(), 2u);
  EXPECT_EQ(rows["result"]["data_array"][1][1], "it's");
  EXPECT_EQ(rows["result"]["data_array"][1][2].get<std::string>().size(), 32u);

  client.Run("ALTER TABLE lake.raw.orders ADD COLUMNS (extra STRING, loaded_at TIMESTAMP_NTZ)");
  Json ctas = client.Run("CREATE OR REPLACE TABLE lake.raw.copy AS SELECT * FROM lake.raw.orders");
  EXPECT_EQ(ctas["result"]["data_array"], Json::parse(R"([["2", "2"]])"));
  EXPECT_EQ(CountRows(*emulator, "lake.raw.copy"), 2);
}

TEST(DatabricksEmulatorTest, RunsAsAProgram) {
  auto process = EmulatorProcess::Spawn(
      {DATABRICKS_EMULATOR_PATH, "--token", "t0", "--chunk-rows", "2", "--warehouse-id", "wh"});
  ASSERT_TRUE(process) << process.error().Text();
  EXPECT_TRUE(StartsWith((*process)->url(), "http://127.0.0.1:"));
  Client client((*process)->url(), "t0");
  Reply reply = client.Call("POST", "/api/2.0/sql/statements",
                            {{"warehouse_id", "wh"}, {"statement", "SELECT * FROM range(5)"}});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body["manifest"]["total_chunk_count"], 3);
  EXPECT_EQ((*process)->Stop(), 0);
}

}  // namespace
}  // namespace rocky::emulator::databricks
