// The Snowflake emulator's SQL API over real HTTP, with Rocky's libcurl client: authentication,
// result shapes, partitions, asynchronous execution, failures, requestId de-duplication,
// multi-statement requests, cancel, faults, and the program.
#include <gtest/gtest.h>

#include <thread>

#include "emulators/common/emulator_process.h"
#include "emulators/snowflake/snowflake_test_support.h"

namespace rocky::emulator::snowflake::testing {
namespace {

// The table T of the default database's PUBLIC schema, for DuckDB SQL.
constexpr std::string_view kT = "\"memory\".\"PUBLIC\".T";

TEST(SnowflakeEmulatorTest, KeypairJwtIsVerifiedAgainstTheRegisteredKey) {
  TestKeyPair key;
  Options options;
  options.public_key_path = key.public_key_path();
  options.account = "xy12345.us-east-1";
  options.user = "rocky_svc";
  options.tokens = {"pat-secret"};
  auto emulator = StartEmulator(options);
  ASSERT_TRUE(emulator);

  Json claims = key.Claims("xy12345.us-east-1", "rocky_svc");
  EXPECT_TRUE(StartsWith(claims["iss"].get<std::string>(), "XY12345.ROCKY_SVC.SHA256:"));
  Client client(emulator->url(), key.Sign(claims), "KEYPAIR_JWT");
  Reply ok = client.Submit("SELECT 1 AS one");
  EXPECT_EQ(ok.status, 200) << ok.body.dump();

  auto rejected = [&](const std::string& token, std::string_view why) {
    client.set_token(token, "KEYPAIR_JWT");
    Reply r = client.Submit("SELECT 1");
    EXPECT_EQ(r.status, 401) << why;
    EXPECT_EQ(r.body["code"], "390144") << why;
    EXPECT_TRUE(StartsWith(r.body["message"].get<std::string>(), "JWT token is invalid.")) << why;
    return r.Header("X-Emulator-Reason");
  };
  TestKeyPair other;
  EXPECT_NE(rejected(other.Sign(claims), "another key's signature").find("signature"),
            std::string::npos);
  Json wrong_fp = claims;
  wrong_fp["iss"] = "XY12345.ROCKY_SVC." + PublicKeyFingerprint(other.key());
  EXPECT_NE(rejected(key.Sign(wrong_fp), "another key's fingerprint").find("iss"),
            std::string::npos);
  Json wrong_sub = claims;
  wrong_sub["sub"] = "XY12345.SOMEONE";
  EXPECT_NE(rejected(key.Sign(wrong_sub), "another subject").find("sub"), std::string::npos);
  Json expired = claims;
  expired["exp"] = claims["iat"].get<int64_t>() - 10;
  EXPECT_NE(rejected(key.Sign(expired), "expired").find("expired"), std::string::npos);
  std::string tampered = key.Sign(claims);
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  rejected(tampered, "a tampered signature");
  rejected("not-a-jwt", "garbage");

  // Lower-case names in the claims still match (Snowflake compares them case-insensitively).
  Json lower = claims;
  lower["sub"] = "xy12345.rocky_svc";
  client.set_token(key.Sign(lower), "KEYPAIR_JWT");
  EXPECT_EQ(client.Submit("SELECT 1").status, 200);

  // The programmatic access token works beside the key; an unknown one does not.
  client.set_token("pat-secret", "PROGRAMMATIC_ACCESS_TOKEN");
  EXPECT_EQ(client.Submit("SELECT 1").status, 200);
  client.set_token("pat-wrong", "PROGRAMMATIC_ACCESS_TOKEN");
  EXPECT_EQ(client.Submit("SELECT 1").status, 401);
  client.set_token("pat-wrong", "OAUTH");
  Reply oauth = client.Submit("SELECT 1");
  EXPECT_EQ(oauth.status, 401);
  EXPECT_EQ(oauth.body["code"], "390303");
  client.set_token("", "OAUTH");
  EXPECT_EQ(client.Submit("SELECT 1").status, 401);
  EXPECT_EQ(emulator->executed().size(), 3u);
}

TEST(SnowflakeEmulatorTest, ResultSetShapesTypesAndCells) {
  auto emulator = StartEmulator();
  Client client(emulator->url(), kToken);
  Reply ddl = client.Run(
      "CREATE TABLE t (i NUMBER(38,0), d NUMBER(10,2), s VARCHAR, day DATE, "
      "ts TIMESTAMP_NTZ, ok BOOLEAN, x FLOAT, v VARIANT, tz TIMESTAMP_LTZ, b BINARY, tm TIME)");
  EXPECT_EQ(ColumnNames(ddl.body), "status");
  EXPECT_EQ(ddl.data(), Json::parse(R"([["Table T successfully created."]])"));
  EXPECT_FALSE(ddl.body.contains("stats"));

  Reply insert = client.Run(
      "INSERT INTO t VALUES (1, 12.5, 'it''s', '2024-01-02', '2023-11-14 "
      "22:13:20.5'::TIMESTAMP_NTZ, "
      "TRUE, 1.5, PARSE_JSON('{\"a\": [1, 2]}'), '2023-11-14 22:13:20+00:00', "
      "TO_BINARY('00ff'), '01:02:03.25'), "
      "(NULL, NULL, NULL, NULL, '1969-12-31 23:59:58.5'::TIMESTAMP_NTZ, FALSE, NULL, NULL, NULL, "
      "NULL, NULL)");
  EXPECT_EQ(ColumnNames(insert.body), "number of rows inserted");
  EXPECT_EQ(insert.data(), Json::parse(R"([["2"]])"));
  EXPECT_EQ(insert.body["stats"], Json::parse(R"({"numRowsInserted": 2})"));

  Reply select = client.Run("SELECT * FROM t ORDER BY i NULLS LAST");
  const Json& body = select.body;
  EXPECT_EQ(body["code"], "090001");
  EXPECT_EQ(body["sqlState"], "00000");
  EXPECT_EQ(body["message"], "Statement executed successfully.");
  const std::string handle = body["statementHandle"];
  EXPECT_EQ(body["statementStatusUrl"], "/api/v2/statements/" + handle);
  EXPECT_GT(body["createdOn"].get<int64_t>(), 1'600'000'000'000);
  const Json& meta = body["resultSetMetaData"];
  EXPECT_EQ(meta["format"], "jsonv2");
  EXPECT_EQ(meta["numRows"], 2);
  EXPECT_EQ(meta["partitionInfo"].size(), 1u);
  EXPECT_EQ(meta["partitionInfo"][0]["rowCount"], 2);
  EXPECT_GT(meta["partitionInfo"][0]["uncompressedSize"].get<int>(), 0);
  EXPECT_EQ(ColumnNames(body), "I,D,S,DAY,TS,OK,X,V,TZ,B,TM");
  std::vector<std::string> types;
  for (const auto& c : meta["rowType"]) types.push_back(c["type"]);
  EXPECT_EQ(Join(types, ","),
            "FIXED,FIXED,TEXT,DATE,TIMESTAMP_NTZ,BOOLEAN,REAL,VARIANT,TIMESTAMP_LTZ,BINARY,TIME");
  const Json& d = meta["rowType"][1];
  EXPECT_EQ(d["precision"], 10);
  EXPECT_EQ(d["scale"], 2);
  EXPECT_TRUE(d["nullable"].get<bool>());
  EXPECT_EQ(meta["rowType"][2]["length"], 16777216);
  EXPECT_EQ(meta["rowType"][4]["scale"], 9);
  EXPECT_EQ(body["data"], Json::parse(R"([
      ["1", "12.50", "it's", "19724", "1700000000.500000000", "true", "1.5", "{\"a\":[1,2]}",
       "1700000000.000000000", "00FF", "3723.250000000"],
      [null, null, null, null, "-1.500000000", "false", null, null, null, null, null]])"));

  // Unquoted identifiers are upper-cased; quoted ones keep their case; expressions are named
  // after their text.
  Reply names = client.Run("SELECT i AS lower_alias, i AS \"Mixed\", COUNT(*) FROM t GROUP BY i");
  EXPECT_EQ(ColumnNames(names.body), "LOWER_ALIAS,Mixed,COUNT(*)");

  // nullable=false sends NULL as the string "null".
  Reply nulls = client.Submit("SELECT NULL::VARCHAR AS n", {}, "?nullable=false");
  EXPECT_EQ(nulls.data(), Json::parse(R"([["null"]])"));

  Reply update = client.Run("UPDATE t SET s = 'x' WHERE i IS NULL");
  EXPECT_EQ(ColumnNames(update.body), "number of rows updated,number of multi-joined rows updated");
  EXPECT_EQ(update.body["stats"]["numRowsUpdated"], 1);
  Reply del = client.Run("DELETE FROM t WHERE i IS NULL");
  EXPECT_EQ(del.body["stats"], Json::parse(R"({"numRowsDeleted": 1})"));
}

TEST(SnowflakeEmulatorTest, ResultsInThreePartitions) {
  Options options;
  options.partition_rows = 4;
  auto emulator = StartEmulator(options);
  Client client(emulator->url(), kToken);
  Reply first = client.Run("SELECT seq AS n FROM (SELECT range AS seq FROM range(10)) ORDER BY n");
  const std::string handle = first.body["statementHandle"];
  const Json& meta = first.body["resultSetMetaData"];
  EXPECT_EQ(meta["numRows"], 10);
  ASSERT_EQ(meta["partitionInfo"].size(), 3u);
  EXPECT_EQ(meta["partitionInfo"][0]["rowCount"], 4);
  EXPECT_EQ(meta["partitionInfo"][1]["rowCount"], 4);
  EXPECT_EQ(meta["partitionInfo"][2]["rowCount"], 2);
  EXPECT_EQ(first.data().size(), 4u);
  EXPECT_NE(first.Header("Link").find("partition=1>; rel=\"next\""), std::string::npos);

  std::vector<std::string> values;
  for (const auto& row : first.data()) values.push_back(row[0]);
  for (int p = 1; p < 3; ++p) {
    Reply partition = client.Get(handle, fmt::format("?partition={}", p));
    ASSERT_EQ(partition.status, 200) << partition.body.dump();
    // A later partition is its data alone.
    EXPECT_EQ(partition.body.size(), 1u) << partition.body.dump();
    for (const auto& row : partition.data()) values.push_back(row[0]);
  }
  EXPECT_EQ(Join(values, ","), "0,1,2,3,4,5,6,7,8,9");
  Reply again = client.Get(handle, "?partition=0");
  EXPECT_EQ(again.body["resultSetMetaData"]["numRows"], 10);
  EXPECT_EQ(client.Get(handle, "?partition=3").status, 400);
  EXPECT_EQ(client.Get("01b00000-0000-0000-0000-000000000000").status, 404);
}

TEST(SnowflakeEmulatorTest, PendingPollsAnswer202ThenTheStatementRunsOnce) {
  Options options;
  options.pending_polls = 2;
  auto emulator = StartEmulator(options);
  emulator->Query("CREATE TABLE \"memory\".\"PUBLIC\".T (N BIGINT)").value();
  Client client(emulator->url(), kToken);
  Reply submitted = client.Submit("INSERT INTO t VALUES (7)");
  ASSERT_EQ(submitted.status, 202) << submitted.body.dump();
  EXPECT_EQ(submitted.body["code"], "333334");
  EXPECT_FALSE(submitted.body.contains("data"));
  const std::string handle = submitted.body["statementHandle"];
  EXPECT_EQ(submitted.body["statementStatusUrl"], "/api/v2/statements/" + handle);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(client.Get(handle).status, 202);
    EXPECT_EQ(CountRows(*emulator, kT), 0);
  }
  Reply done = client.Get(handle);
  EXPECT_EQ(done.status, 200);
  EXPECT_EQ(done.data(), Json::parse(R"([["1"]])"));
  EXPECT_EQ(client.Get(handle).status, 200);
  EXPECT_EQ(CountRows(*emulator, kT), 1);
  EXPECT_EQ(Occurrences(emulator->executed(), "INSERT INTO t"), 1u);

  // async=true answers 202 even with nothing to wait for; the first poll runs it.
  emulator->set_pending_polls(0);
  Reply async = client.Submit("SELECT 1", {}, "?async=true");
  EXPECT_EQ(async.status, 202);
  EXPECT_EQ(client.Get(async.body["statementHandle"]).status, 200);

  // Through the control endpoint, as a test in another process would.
  Reply config = client.Call("POST", "/_emulator/snowflake/config", {{"pending_polls", 1}});
  EXPECT_EQ(config.body["pending_polls"], 1);
  EXPECT_EQ(client.Submit("SELECT 2").status, 202);
}

TEST(SnowflakeEmulatorTest, SqlErrorsAre422WithSnowflakeCodes) {
  auto emulator = StartEmulator();
  Client client(emulator->url(), kToken);
  Reply missing = client.Submit("SELECT * FROM nowhere.public.t");
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.body["code"], "002003");
  EXPECT_EQ(missing.body["sqlState"], "02000");
  EXPECT_EQ(missing.body["message"],
            "SQL compilation error:\nDatabase 'NOWHERE' does not exist or not authorized.");
  Reply table = client.Submit("SELECT * FROM public.orders");
  EXPECT_EQ(table.body["code"], "002003");
  EXPECT_EQ(table.body["sqlState"], "42S02");
  EXPECT_EQ(table.body["message"],
            "SQL compilation error:\nObject 'PUBLIC.ORDERS' does not exist or not authorized.");
  const std::string handle = table.body["statementHandle"];
  // The failure stays when polled.
  Reply polled = client.Get(handle);
  EXPECT_EQ(polled.status, 422);
  EXPECT_EQ(polled.body["code"], "002003");

  Reply syntax = client.Submit("SELEC 1");
  EXPECT_EQ(syntax.body["code"], "001003");
  EXPECT_EQ(syntax.body["sqlState"], "42000");
  EXPECT_EQ(syntax.body["message"],
            "SQL compilation error:\nsyntax error line 1 at position 0 unexpected 'SELEC'.");
  Reply column = client.Submit("SELECT nope FROM (SELECT 1 AS a)");
  EXPECT_EQ(column.body["code"], "000904");
  Reply numeric = client.Submit("SELECT 'abc'::NUMBER");
  EXPECT_EQ(numeric.body["code"], "100038");
  EXPECT_EQ(numeric.body["sqlState"], "22018");
  Reply unsupported = client.Submit("BEGIN");
  EXPECT_EQ(unsupported.body["code"], "000002");

  // Requests refused before anything runs.
  EXPECT_EQ(client.Call("POST", "/api/v2/statements", Json::object()).status, 400);
  EXPECT_EQ(client.Submit("SELECT 1", {{"timeout", -1}}).status, 400);
  EXPECT_EQ(client.Submit("SELECT 1", {{"bindings", {{"1", {{"type", "FIXED"}}}}}}).status, 400);
  EXPECT_EQ(client.Submit("SELECT 1", {{"database", "NOPE"}}).body["sqlState"], "02000");
}

TEST(SnowflakeEmulatorTest, RequestIdRetryReturnsTheOriginalWithoutRunningAgain) {
  auto emulator = StartEmulator();
  emulator->Query("CREATE TABLE \"memory\".\"PUBLIC\".T (N BIGINT)").value();
  Client client(emulator->url(), kToken, "OAUTH", /*reuse=*/false);
  const std::string request_id = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";
  // The answer to the first submit is lost after the statement ran: the ambiguous case.
  ASSERT_TRUE(emulator->AddFault(
      {.match = "^POST /api/v2/statements$", .drop_connection = true, .after_handler = true}));
  Json body = {{"statement", "INSERT INTO t VALUES (1)"}, {"timeout", 60}};
  auto lost = client.Raw("POST", "/api/v2/statements?requestId=" + request_id, body.dump());
  ASSERT_FALSE(lost);
  EXPECT_TRUE(lost.error().ambiguous) << lost.error().Text();
  EXPECT_EQ(CountRows(*emulator, kT), 1);

  Reply retried =
      client.Submit("INSERT INTO t VALUES (1)", {}, "?requestId=" + request_id + "&retry=true");
  EXPECT_EQ(retried.status, 200);
  EXPECT_EQ(retried.data(), Json::parse(R"([["1"]])"));
  EXPECT_EQ(CountRows(*emulator, kT), 1);
  EXPECT_EQ(Occurrences(emulator->executed(), "INSERT INTO t"), 1u);
  EXPECT_EQ(retried.body["statementStatusUrl"],
            fmt::format("/api/v2/statements/{}?requestId={}",
                        retried.body["statementHandle"].get<std::string>(), request_id));
  Reply twice =
      client.Submit("INSERT INTO t VALUES (1)", {}, "?requestId=" + request_id + "&retry=true");
  EXPECT_EQ(twice.body["statementHandle"], retried.body["statementHandle"]);
  EXPECT_EQ(CountRows(*emulator, kT), 1);

  // A held original is returned as it stands (202), and still runs only once.
  ASSERT_TRUE(emulator->Hold("INSERT INTO t VALUES \\(2\\)", 1));
  const std::string second = "1c1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6e";
  Reply held = client.Submit("INSERT INTO t VALUES (2)", {}, "?requestId=" + second);
  EXPECT_EQ(held.status, 202);
  Reply held_retry =
      client.Submit("INSERT INTO t VALUES (2)", {}, "?requestId=" + second + "&retry=true");
  EXPECT_EQ(held_retry.status, 202);
  EXPECT_EQ(held_retry.body["statementHandle"], held.body["statementHandle"]);
  EXPECT_EQ(client.Get(held.body["statementHandle"]).status, 202);
  EXPECT_EQ(client.Get(held.body["statementHandle"]).status, 200);
  EXPECT_EQ(CountRows(*emulator, kT), 2);

  // Without retry=true the same requestId is a new request.
  client.Submit("INSERT INTO t VALUES (3)", {}, "?requestId=" + request_id);
  EXPECT_EQ(CountRows(*emulator, kT), 3);
}

TEST(SnowflakeEmulatorTest, MultiStatementTransactionIsAllOrNothing) {
  auto emulator = StartEmulator();
  Client client(emulator->url(), kToken);
  client.Run("CREATE TABLE t (id NUMBER, v VARCHAR)");
  client.Run("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  const std::string unit =
      "ALTER SESSION SET TRANSACTION_ABORT_ON_ERROR = TRUE; BEGIN; DELETE FROM t WHERE id = 1; "
      "INSERT INTO t SELECT id + 10, v FROM {}; COMMIT;";
  Reply failed = client.Submit(fmt::format(fmt::runtime(unit), "missing_table"),
                               {{"parameters", {{"MULTI_STATEMENT_COUNT", "5"}}}});
  EXPECT_EQ(failed.status, 422);
  EXPECT_EQ(failed.body["code"], "002003");
  EXPECT_EQ(failed.body["statementHandles"].size(), 4u);  // the COMMIT never ran
  EXPECT_EQ(CountRows(*emulator, kT), 2);                 // the DELETE was rolled back
  Reply failed_child = client.Get(failed.body["statementHandles"][3]);
  EXPECT_EQ(failed_child.status, 422);
  EXPECT_EQ(client.Get(failed.body["statementHandles"][2]).data(), Json::parse(R"([["1"]])"));

  Reply ok = client.Submit(fmt::format(fmt::runtime(unit), "t"),
                           {{"parameters", {{"MULTI_STATEMENT_COUNT", "5"}}}});
  ASSERT_EQ(ok.status, 200) << ok.body.dump();
  EXPECT_EQ(ok.data(), Json::parse(R"([["Multiple statements executed successfully."]])"));
  ASSERT_EQ(ok.body["statementHandles"].size(), 5u);
  Reply inserted = client.Get(ok.body["statementHandles"][3]);
  EXPECT_EQ(inserted.status, 200);
  EXPECT_EQ(inserted.body["stats"]["numRowsInserted"], 1);
  EXPECT_EQ(client.Run("SELECT id FROM t ORDER BY id").data(), Json::parse(R"([["2"], ["12"]])"));

  // Rocky's partition replacement: four statements, and a count that must match.
  Reply mismatch = client.Submit("BEGIN; DELETE FROM t WHERE id = 2; COMMIT;",
                                 {{"parameters", {{"MULTI_STATEMENT_COUNT", "4"}}}});
  EXPECT_EQ(mismatch.status, 422);
  EXPECT_EQ(mismatch.body["code"], "000008");
  EXPECT_EQ(mismatch.body["message"],
            "Actual statement count 3 did not match the desired statement count 4.");
  EXPECT_EQ(client.Submit("SELECT 1; SELECT 2").body["code"], "000008");
  Reply any = client.Submit("SELECT 1; SELECT 2", {{"parameters", {{"MULTI_STATEMENT_COUNT", 0}}}});
  EXPECT_EQ(any.status, 200);
  EXPECT_EQ(client.Get(any.body["statementHandles"][1]).data(), Json::parse(R"([["2"]])"));
  // Without COMMIT, the transaction ends rolled back with the request.
  client.Submit("BEGIN; DELETE FROM t", {{"parameters", {{"MULTI_STATEMENT_COUNT", 2}}}});
  EXPECT_EQ(CountRows(*emulator, kT), 2);
  EXPECT_EQ(Occurrences(emulator->executed(), "DELETE FROM t WHERE id = 2"), 0u);
}

TEST(SnowflakeEmulatorTest, CancelsAHeldStatementWhichNeverRuns) {
  auto emulator = StartEmulator();
  emulator->Query("CREATE TABLE \"memory\".\"PUBLIC\".T (N BIGINT)").value();
  Client client(emulator->url(), kToken);
  Reply hold = client.Call("POST", "/_emulator/snowflake/hold", {{"match", "INSERT INTO t"}});
  ASSERT_EQ(hold.status, 200);
  Reply submitted = client.Submit("INSERT INTO t VALUES (1)");
  EXPECT_EQ(submitted.status, 202);
  const std::string handle = submitted.body["statementHandle"];
  for (int i = 0; i < 5; ++i) EXPECT_EQ(client.Get(handle).status, 202);
  client.Run("SELECT 1");  // other statements are not held

  Reply cancel = client.Call("POST", fmt::format("/api/v2/statements/{}/cancel", handle));
  EXPECT_EQ(cancel.status, 200);
  EXPECT_EQ(cancel.body["statementHandle"], handle);
  EXPECT_EQ(cancel.body["message"], "successfully canceled");
  Reply after = client.Get(handle);
  EXPECT_EQ(after.status, 422);
  EXPECT_EQ(after.body["code"], "000604");
  EXPECT_EQ(after.body["sqlState"], "57014");
  EXPECT_EQ(emulator->cancelled(), std::vector<std::string>{handle});
  EXPECT_EQ(Occurrences(emulator->executed(), "INSERT INTO t"), 0u);
  EXPECT_EQ(CountRows(*emulator, kT), 0);
  EXPECT_EQ(client.Call("POST", "/api/v2/statements/01b0-nope/cancel").status, 404);

  // A held statement past its timeout answers 408 and never runs.
  ASSERT_TRUE(emulator->Hold("INSERT"));
  Reply slow = client.Submit("INSERT INTO t VALUES (2)", {{"timeout", 1}});
  std::this_thread::sleep_for(1100ms);
  Reply timed_out = client.Get(slow.body["statementHandle"]);
  EXPECT_EQ(timed_out.status, 408);
  EXPECT_EQ(timed_out.body["code"], "000630");
  EXPECT_EQ(CountRows(*emulator, kT), 0);
}

TEST(SnowflakeEmulatorTest, FaultsAnswerThenTheRealHandlerRuns) {
  auto emulator = StartEmulator();
  Client client(emulator->url(), kToken, "OAUTH", /*reuse=*/false);
  for (int status : {429, 503, 504}) {
    Reply queued = client.Call("POST", "/_emulator/faults",
                               {{"match", "^POST /api/v2/statements$"},
                                {"status", status},
                                {"headers", {{"Retry-After", "1"}}}});
    ASSERT_EQ(queued.status, 200);
    Reply failed = client.Submit("SELECT 1");
    EXPECT_EQ(failed.status, status);
    EXPECT_EQ(failed.Header("Retry-After"), "1");
    std::string message = ToUpper(failed.body["message"].get<std::string>());
    EXPECT_TRUE(message.find("THROTTL") != std::string::npos ||
                message.find("TEMPORARILY_UNAVAILABLE") != std::string::npos ||
                message.find("TIMEOUT") != std::string::npos)
        << message;
  }
  EXPECT_EQ(client.Submit("SELECT 1").status, 200);
  EXPECT_EQ(emulator->executed().size(), 1u);

  // A poll can fail too; the statement is still there afterwards.
  Reply async = client.Submit("SELECT 2", {}, "?async=true");
  const std::string handle = async.body["statementHandle"];
  ASSERT_TRUE(emulator->AddFault({.match = "^GET /api/v2/statements/", .status = 503}));
  EXPECT_EQ(client.Get(handle).status, 503);
  EXPECT_EQ(client.Get(handle).status, 200);

  // Dropped before the handler: nothing ran.
  ASSERT_TRUE(emulator->AddFault({.match = "^POST /api/v2/statements$", .drop_connection = true}));
  EXPECT_FALSE(client.Raw("POST", "/api/v2/statements", Json{{"statement", "SELECT 3"}}.dump()));
  EXPECT_EQ(Occurrences(emulator->executed(), "SELECT 3"), 0u);

  Reply log = client.Call("GET", "/_emulator/requests");
  ASSERT_GE(log.body.size(), 4u);
  EXPECT_EQ(log.body[0]["status"], 429);
  EXPECT_EQ(log.body[0]["headers"]["X-Snowflake-Authorization-Token-Type"], "OAUTH");
  // The server marks the dropped request just after closing its connection.
  for (int i = 0; i < 100 && log.body.back()["status"] == 0; ++i) {
    std::this_thread::sleep_for(10ms);
    log = client.Call("GET", "/_emulator/requests");
  }
  EXPECT_EQ(log.body.back()["status"], -1);
}

TEST(SnowflakeEmulatorTest, StateEndpointReportsStatements) {
  auto emulator = StartEmulator();
  Client client(emulator->url(), kToken);
  client.Run("SELECT 1; SELECT 2", {{"parameters", {{"MULTI_STATEMENT_COUNT", 2}}}});
  Reply state = client.Call("GET", "/_emulator/snowflake/state");
  EXPECT_EQ(state.body["executed"], Json::parse(R"(["SELECT 1", "SELECT 2"])"));
  ASSERT_EQ(state.body["statements"].size(), 3u);
  EXPECT_EQ(state.body["statements"][0]["state"], "SUCCEEDED");
  EXPECT_EQ(state.body["statements"][0]["children"].size(), 2u);
  EXPECT_EQ(state.body["statements"][1]["parent"], state.body["statements"][0]["handle"]);
  Reply sql = client.Call("POST", "/_emulator/snowflake/sql", {{"sql", "SELECT 40 + 2 AS n"}});
  EXPECT_EQ(sql.body["rows"], Json::parse(R"([["42"]])"));
}

TEST(SnowflakeEmulatorTest, RunsAsAProgram) {
  TestKeyPair key;
  auto process = EmulatorProcess::Spawn({SNOWFLAKE_EMULATOR_PATH, "--token", "t0", "--public-key",
                                         key.public_key_path(), "--account", "acme", "--user",
                                         "loader", "--partition-rows", "2"});
  ASSERT_TRUE(process) << process.error().Text();
  EXPECT_TRUE(StartsWith((*process)->url(), "http://127.0.0.1:"));
  Client client((*process)->url(), key.Sign(key.Claims("acme", "loader")), "KEYPAIR_JWT");
  Reply reply = client.Submit("SELECT * FROM range(5)");
  EXPECT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.body["resultSetMetaData"]["partitionInfo"].size(), 3u);
  client.set_token("t0", "PROGRAMMATIC_ACCESS_TOKEN");
  EXPECT_EQ(client.Submit("SELECT 1").status, 200);
  EXPECT_EQ((*process)->Stop(), 0);
}

}  // namespace
}  // namespace rocky::emulator::snowflake::testing
