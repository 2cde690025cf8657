#include "runtime/pipes.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/file.h"
#include "base/strings.h"

namespace rocky::runtime {
namespace {

namespace fs = std::filesystem;

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kAlphabet[(n >> shift) & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], '=', '='};
  } else if (rest == 2) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], '='};
  }
  return out;
}

std::string Compress(std::string_view text) {
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::string out(size, '\0');
  int rc = compress(reinterpret_cast<Bytef*>(out.data()), &size,
                    reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()));
  EXPECT_EQ(rc, Z_OK);
  out.resize(size);
  return out;
}

// What Dagster puts in the environment: base64(zlib(json)).
std::string Encode(const Json& value) { return Base64(Compress(value.Dump())); }

class PipesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("rocky_pipes_{}_{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  static std::vector<std::string> Lines(const std::string& path) {
    auto text = ReadFile(path);
    EXPECT_TRUE(text.has_value());
    std::vector<std::string> lines = Split(text.value_or(""), "\n");
    if (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
  }

  fs::path dir_;
};

TEST_F(PipesTest, WritesEveryMethodAsOneExactJsonLine) {
  std::string path = Path("messages.jsonl");
  {
    auto session = PipesSession::ToFile(path);
    ASSERT_TRUE(session.has_value()) << session.error().message;
    session->Opened();
    session->Log(LogLevel::kInfo, "hello");
    session->ReportMaterialization({"acme", "staging", "orders"},
                                   Json::Object()
                                       .Set("strategy", "incremental")
                                       .Set("duration_ms", 120)
                                       .Set("rows_copied", 42));
    session->ReportAssetCheck({"acme", "orders"}, "row_count", true, PipesSeverity::kError,
                              Json::Object().Set("name", "row_count").Set("passed", true));
    session->Closed();
    session->ClosedWithError("boom \"quoted\"");
  }
  std::vector<std::string> lines = Lines(path);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0], R"({"__dagster_pipes_version":"0.1","method":"opened","params":{}})");
  EXPECT_EQ(
      lines[1],
      R"({"__dagster_pipes_version":"0.1","method":"log","params":{"message":"hello","level":"INFO"}})");
  EXPECT_EQ(lines[2],
            R"({"__dagster_pipes_version":"0.1","method":"report_asset_materialization","params":{)"
            R"("asset_key":"acme/staging/orders","metadata":{)"
            R"("strategy":{"raw_value":"incremental","type":"__infer__"},)"
            R"("duration_ms":{"raw_value":120,"type":"__infer__"},)"
            R"("rows_copied":{"raw_value":42,"type":"__infer__"}},"data_version":null}})");
  EXPECT_EQ(
      lines[3],
      R"({"__dagster_pipes_version":"0.1","method":"report_asset_check","params":{)"
      R"("asset_key":"acme/orders","check_name":"row_count","passed":true,"severity":"ERROR",)"
      R"("metadata":{"name":{"raw_value":"row_count","type":"__infer__"},)"
      R"("passed":{"raw_value":true,"type":"__infer__"}}}})");
  EXPECT_EQ(lines[4], R"({"__dagster_pipes_version":"0.1","method":"closed","params":{}})");
  EXPECT_EQ(
      lines[5],
      R"({"__dagster_pipes_version":"0.1","method":"closed","params":{"exception":{)"
      R"("name":"RockyError","message":"boom \"quoted\"","stack":[],"cause":null,"context":null}}})");
}

TEST_F(PipesTest, StandardRunMessages) {
  std::string path = Path("run.jsonl");
  {
    auto session = PipesSession::ToFile(path);
    ASSERT_TRUE(session.has_value());
    session->RunStarting("replication");
    session->DriftAction("acme.staging.orders", "drop_and_recreate", "amount: INT -> STRING");
    session->RowCountAnomaly({"acme", "orders"}, Json::Object().Set("deviation_pct", 80.5));
    session->RunComplete(3, 1, 1234);
    session->RunFailed("lost");
  }
  std::vector<std::string> lines = Lines(path);
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0], R"({"__dagster_pipes_version":"0.1","method":"opened","params":{}})");
  EXPECT_EQ(lines[1],
            R"({"__dagster_pipes_version":"0.1","method":"log","params":{)"
            R"j("message":"rocky run starting (replication pipeline)","level":"INFO"}})j");
  EXPECT_EQ(
      lines[2],
      R"({"__dagster_pipes_version":"0.1","method":"log","params":{)"
      R"j("message":"rocky drift on acme.staging.orders: drop_and_recreate (amount: INT -> STRING)",)j"
      R"("level":"WARN"}})");
  EXPECT_EQ(
      lines[3],
      R"({"__dagster_pipes_version":"0.1","method":"report_asset_check","params":{)"
      R"("asset_key":"acme/orders","check_name":"row_count_anomaly","passed":false,)"
      R"("severity":"WARN","metadata":{"deviation_pct":{"raw_value":80.5,"type":"__infer__"}}}})");
  EXPECT_EQ(lines[4],
            R"({"__dagster_pipes_version":"0.1","method":"log","params":{)"
            R"("message":"rocky run complete: 3 succeeded, 1 failed in 1234ms","level":"INFO"}})");
  EXPECT_EQ(lines[5], R"({"__dagster_pipes_version":"0.1","method":"closed","params":{}})");
  auto failed = Json::Parse(lines[6]);
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ((*failed)["params"]["exception"]["message"].AsString(), "lost");
}

TEST_F(PipesTest, AppendsToAnExistingFileAndMapsLogLevels) {
  std::string path = Path("append.jsonl");
  ASSERT_TRUE(WriteFileAtomic(path, "earlier\n").has_value());
  {
    auto session = PipesSession::ToFile(path);
    ASSERT_TRUE(session.has_value());
    session->Log(LogLevel::kError, "e");
    session->Log(LogLevel::kDebug, "d");
    session->Log(LogLevel::kTrace, "t");
  }
  std::vector<std::string> lines = Lines(path);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "earlier");
  EXPECT_EQ(Json::Parse(lines[1])->operator[]("params")["level"].AsString(), "ERROR");
  EXPECT_EQ(Json::Parse(lines[2])->operator[]("params")["level"].AsString(), "DEBUG");
  EXPECT_EQ(Json::Parse(lines[3])->operator[]("params")["level"].AsString(), "DEBUG");
}

TEST_F(PipesTest, NonObjectMetadataSendsAnEmptyObject) {
  std::string path = Path("meta.jsonl");
  {
    auto session = PipesSession::ToFile(path);
    ASSERT_TRUE(session.has_value());
    session->ReportMaterialization({"a"}, Json());
  }
  auto line = Json::Parse(Lines(path).at(0));
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->operator[]("params").Dump(),
            R"({"asset_key":"a","metadata":{},"data_version":null})");
}

TEST_F(PipesTest, ConcurrentWritersNeverInterleaveLines) {
  std::string path = Path("threads.jsonl");
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  {
    auto session = PipesSession::ToFile(path);
    ASSERT_TRUE(session.has_value());
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&session, t] {
        for (int i = 0; i < kPerThread; ++i)
          session->Log(LogLevel::kInfo,
                       fmt::format("thread {} message {} {}", t, i, std::string(100, 'x')));
      });
    }
    for (auto& th : threads) th.join();
  }
  std::vector<std::string> lines = Lines(path);
  ASSERT_EQ(lines.size(), size_t{kThreads * kPerThread});
  for (const auto& line : lines) {
    auto parsed = Json::Parse(line);
    ASSERT_TRUE(parsed.has_value()) << line;
    EXPECT_EQ((*parsed)["method"].AsString(), "log");
  }
}

TEST_F(PipesTest, DecodesZlibAndPlainBase64) {
  Json value = Json::Object().Set("path", "/tmp/x").Set("n", 1);
  auto zipped = DecodePipesParam(Encode(value));
  ASSERT_TRUE(zipped.has_value()) << zipped.error().message;
  EXPECT_EQ(*zipped, value);
  auto plain = DecodePipesParam(Base64(value.Dump()));
  ASSERT_TRUE(plain.has_value()) << plain.error().message;
  EXPECT_EQ(*plain, value);
  // Unpadded and URL-safe alphabets are tolerated.
  std::string unpadded = Base64(R"({"a":1})");
  while (!unpadded.empty() && unpadded.back() == '=') unpadded.pop_back();
  EXPECT_TRUE(DecodePipesParam(unpadded).has_value());

  EXPECT_FALSE(DecodePipesParam("").has_value());
  EXPECT_FALSE(DecodePipesParam("not base64 !!").has_value());
  EXPECT_FALSE(DecodePipesParam(Base64("not json")).has_value());
  // A truncated zlib stream is neither zlib JSON nor plain JSON.
  std::string zipped_bytes = Compress(value.Dump());
  EXPECT_FALSE(DecodePipesParam(Base64(zipped_bytes.substr(0, zipped_bytes.size() / 2))));
}

TEST_F(PipesTest, FromParamsWritesToThePathAndReadsThePartitionKey) {
  std::string context_path = Path("context.json");
  ASSERT_TRUE(WriteFileAtomic(context_path,
                              R"({"asset_keys":["orders"],"partition_key":"2026-04-07",)"
                              R"("run_id":"abc"})")
                  .has_value());
  std::string messages_path = Path("messages.jsonl");
  auto session = PipesSession::FromParams(Encode(Json::Object().Set("path", context_path)),
                                          Encode(Json::Object().Set("path", messages_path)));
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->partition_key(), std::optional<std::string>("2026-04-07"));
  session->Opened();
  EXPECT_EQ(Lines(messages_path),
            std::vector<std::string>{
                R"({"__dagster_pipes_version":"0.1","method":"opened","params":{}})"});
}

TEST_F(PipesTest, PlainBase64ParamsAndAContextWithoutPartition) {
  std::string context_path = Path("context.json");
  ASSERT_TRUE(WriteFileAtomic(context_path, R"({"partition_key":null})").has_value());
  auto session =
      PipesSession::FromParams(Base64(Json::Object().Set("path", context_path).Dump()),
                               Base64(Json::Object().Set("path", Path("m.jsonl")).Dump()));
  ASSERT_TRUE(session.has_value());
  EXPECT_FALSE(session->partition_key().has_value());
}

TEST_F(PipesTest, InlineContextDataAndUnreadableContextFile) {
  auto inline_session = PipesSession::FromParams(
      Encode(Json::Object().Set("data", Json::Object().Set("partition_key", "p1"))),
      Encode(Json::Object().Set("path", Path("m.jsonl"))));
  ASSERT_TRUE(inline_session.has_value());
  EXPECT_EQ(inline_session->partition_key(), std::optional<std::string>("p1"));

  // A context file that cannot be read warns but keeps Pipes on.
  auto missing = PipesSession::FromParams(Encode(Json::Object().Set("path", Path("nope.json"))),
                                          Encode(Json::Object().Set("path", Path("m.jsonl"))));
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->partition_key().has_value());
}

TEST_F(PipesTest, StderrIsAcceptedButStdoutAndOtherDestinationsAreRefused) {
  std::string context = Encode(Json::Object());
  EXPECT_TRUE(
      PipesSession::FromParams(context, Encode(Json::Object().Set("stdio", "stderr"))).has_value());
  EXPECT_FALSE(
      PipesSession::FromParams(context, Encode(Json::Object().Set("stdio", "stdout"))).has_value());
  EXPECT_FALSE(PipesSession::FromParams(context, Encode(Json::Object().Set("bucket", "s3://b")))
                   .has_value());
  EXPECT_FALSE(
      PipesSession::FromParams(context, Encode(Json::Object().Set("path", 3))).has_value());
  EXPECT_FALSE(PipesSession::FromParams(context, Encode(Json::Array())).has_value());
  // A messages file that cannot be opened.
  EXPECT_FALSE(PipesSession::FromParams(
                   context, Encode(Json::Object().Set("path", Path("no/such/dir/m.jsonl"))))
                   .has_value());
}

TEST_F(PipesTest, UndecodableValuesAreRefused) {
  std::string messages = Encode(Json::Object().Set("path", Path("m.jsonl")));
  EXPECT_FALSE(PipesSession::FromParams("%%%", messages).has_value());
  EXPECT_FALSE(PipesSession::FromParams(Encode(Json::Object()), "garbage!").has_value());
  EXPECT_FALSE(PipesSession::FromParams(Encode(Json::Object()), Base64("{not json")).has_value());
  EXPECT_FALSE(fs::exists(Path("m.jsonl")));
}

TEST_F(PipesTest, FromEnvironmentNeedsBothVariables) {
  std::string messages_path = Path("env.jsonl");
  std::string context_path = Path("ctx.json");
  ASSERT_TRUE(WriteFileAtomic(context_path, R"({"partition_key":"2026-01-01"})").has_value());
  ::unsetenv("DAGSTER_PIPES_CONTEXT");
  ::unsetenv("DAGSTER_PIPES_MESSAGES");
  EXPECT_FALSE(PipesSession::FromEnvironment().has_value());

  ::setenv("DAGSTER_PIPES_MESSAGES", Encode(Json::Object().Set("path", messages_path)).c_str(), 1);
  EXPECT_FALSE(PipesSession::FromEnvironment().has_value());

  ::setenv("DAGSTER_PIPES_CONTEXT", Encode(Json::Object().Set("path", context_path)).c_str(), 1);
  auto session = PipesSession::FromEnvironment();
  ::unsetenv("DAGSTER_PIPES_CONTEXT");
  ::unsetenv("DAGSTER_PIPES_MESSAGES");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->partition_key(), std::optional<std::string>("2026-01-01"));
  session->Closed();
  EXPECT_EQ(Lines(messages_path).size(), 1u);
}

TEST_F(PipesTest, WritesToACallerStream) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    PipesSession session = PipesSession::ToStream(f, "p");
    EXPECT_EQ(session.partition_key(), std::optional<std::string>("p"));
    session.Opened();
  }
  // The session does not close a stream it does not own.
  std::rewind(f);
  char buf[256] = {};
  ASSERT_NE(std::fgets(buf, sizeof buf, f), nullptr);
  EXPECT_EQ(std::string(buf),
            "{\"__dagster_pipes_version\":\"0.1\",\"method\":\"opened\",\"params\":{}}\n");
  std::fclose(f);
}

}  // namespace
}  // namespace rocky::runtime
