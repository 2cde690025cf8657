// Rocky's S3 client (state_sync/s3_client.h) against the S3 emulator over real HTTP: conditional
// writes and their conflicts, signatures checked against the configured key, the session token
// header, scripted faults, and secrets kept out of errors and logs. Also the emulator's own
// refusals of tampered requests, and the emulator as a program.
#include "emulators/s3/s3_emulator.h"

#include <gtest/gtest.h>

#include "adapters/http/http_client.h"
#include "base/hash.h"
#include "base/log.h"
#include "base/strings.h"
#include "emulators/common/emulator_process.h"
#include "emulators/common/emulator_test_support.h"
#include "emulators/s3/s3_test_support.h"
#include "state_sync/aws_sigv4.h"
#include "state_sync/s3_error.h"

namespace rocky::emulator::s3 {
namespace {

using namespace std::chrono_literals;
using test_support::Started;

constexpr const char* kAccessKey = "AKIDS3EMULATOR";
constexpr const char* kSecret = "s3/Emulator+Secret/KEY0123456789abcdefghij";
constexpr const char* kToken = "IQoJb3JpZ2luX2VjS3EMULATORSESSIONTOKEN==";
Options EmulatorOptions(std::string token = "") {
  Options options;
  options.key = {kAccessKey, kSecret, std::move(token), "eu-west-1"};
  options.buckets = {kBucket};
  return options;
}

AwsCredentials Credentials(std::string secret = kSecret, std::string token = "",
                           std::string key = kAccessKey) {
  return MakeCredentials(std::move(key), std::move(secret), std::move(token));
}

class S3EmulatorTest : public ::testing::Test {
 protected:
  S3Client Client(const S3Emulator& emulator, AwsCredentials credentials = Credentials(),
                  std::string region = "eu-west-1", std::string bucket = kBucket) {
    return LocalClient(*http, emulator.url(), std::move(credentials), std::move(region),
                       std::move(bucket));
  }
  static std::string Header(const LoggedRequest& r, std::string_view name) {
    return r.Header(name);
  }

  // The client is destroyed first: the emulator's Stop waits for open keep-alive connections.
  std::unique_ptr<S3Emulator> emulator;
  std::unique_ptr<HttpClient> http = adapters::http::NewHttpClient();
};

TEST_F(S3EmulatorTest, ConditionalWritesAndConflicts) {
  emulator = Started(S3Emulator::Start(EmulatorOptions()));
  ASSERT_TRUE(emulator);
  S3Client client = Client(*emulator);

  ExpectMissing(client, kKey);

  // Create only when absent; the second create conflicts.
  auto created = client.Put(kKey, "version 1", S3Precondition::IfAbsent());
  ASSERT_TRUE(created) << created.error().Text();
  EXPECT_EQ(created->status, S3Status::kOk);
  EXPECT_EQ(created->etag, ETagOf("version 1"));
  EXPECT_EQ(created->etag, "\"db3ec040e20dfc657dab510aeab74759\"");  // S3's: the quoted MD5 hex
  auto again = client.Put(kKey, "version 1b", S3Precondition::IfAbsent());
  ASSERT_TRUE(again) << again.error().Text();
  EXPECT_EQ(again->status, S3Status::kConflict);
  EXPECT_EQ(emulator->GetObject(kBucket, kKey)->body, "version 1");

  ExpectObject(client, kKey, "version 1", created->etag);

  // Replace what we saw; then another writer changes it and our stale ETag conflicts.
  auto replaced = client.Put(kKey, "version 2", S3Precondition::IfMatch(created->etag));
  ASSERT_TRUE(replaced) << replaced.error().Text();
  EXPECT_EQ(replaced->status, S3Status::kOk);
  EXPECT_EQ(replaced->etag, ETagOf("version 2"));
  const std::string theirs = emulator->PutObject(kBucket, kKey, "their version");
  auto stale = client.Put(kKey, "version 3", S3Precondition::IfMatch(replaced->etag));
  ASSERT_TRUE(stale) << stale.error().Text();
  EXPECT_EQ(stale->status, S3Status::kConflict);
  EXPECT_EQ(emulator->GetObject(kBucket, kKey)->body, "their version");
  auto fresh = client.Put(kKey, "version 3", S3Precondition::IfMatch(theirs));
  ASSERT_TRUE(fresh) << fresh.error().Text();
  EXPECT_EQ(fresh->status, S3Status::kOk);

  // If-Match on a key that does not exist: S3's 404 NoSuchKey, a conflict for the writer.
  auto gone = client.Put("rocky/state/other.db", "x", S3Precondition::IfMatch(theirs));
  ASSERT_TRUE(gone) << gone.error().Text();
  EXPECT_EQ(gone->status, S3Status::kConflict);

  // Every request was signed and answered as S3 would.
  std::vector<int> statuses;
  for (const auto& r : emulator->requests()) {
    statuses.push_back(r.status);
    EXPECT_TRUE(
        StartsWith(Header(r, "Authorization"), "AWS4-HMAC-SHA256 Credential=AKIDS3EMULATOR/"))
        << Header(r, "Authorization");
    EXPECT_EQ(Header(r, "x-amz-content-sha256"), Sha256Hex(r.body));
    EXPECT_EQ(Header(r, "x-amz-security-token"), "");
    EXPECT_EQ(r.path(), "/rocky-state/" + std::string(r.target.find("other") != std::string::npos
                                                          ? "rocky/state/other.db"
                                                          : kKey));
  }
  EXPECT_EQ(statuses, (std::vector<int>{404, 404, 200, 412, 200, 200, 200, 412, 200, 404}));
  EXPECT_EQ(emulator->requests()[3].Header("If-None-Match"), "*");
  EXPECT_EQ(emulator->requests()[6].Header("If-Match"), created->etag);
}

TEST_F(S3EmulatorTest, SignaturesAreCheckedAgainstTheConfiguredKey) {
  emulator = Started(S3Emulator::Start(EmulatorOptions()));
  ASSERT_TRUE(emulator);
  emulator->PutObject(kBucket, kKey, "state");

  auto wrong_secret = Client(*emulator, Credentials("not-the-secret-key")).Get(kKey);
  ASSERT_FALSE(wrong_secret);
  EXPECT_EQ(wrong_secret.error().kind, ErrorKind::kConfig);
  EXPECT_TRUE(StartsWith(wrong_secret.error().message,
                         "S3 GET s3://rocky-state/rocky/state/state.db failed: HTTP 403 "
                         "SignatureDoesNotMatch: The request signature we calculated does not "
                         "match the signature you provided."))
      << wrong_secret.error().message;
  EXPECT_EQ(wrong_secret.error().Text().find("not-the-secret-key"), std::string::npos);

  auto wrong_key = Client(*emulator, Credentials(kSecret, "", "AKIDOTHER")).Get(kKey);
  ASSERT_FALSE(wrong_key);
  EXPECT_NE(wrong_key.error().message.find("HTTP 403 InvalidAccessKeyId"), std::string::npos);

  auto wrong_region = Client(*emulator, Credentials(), "us-east-1").Get(kKey);
  ASSERT_FALSE(wrong_region);
  EXPECT_NE(wrong_region.error().message.find(
                "HTTP 400 AuthorizationHeaderMalformed: The authorization header is malformed; "
                "the region 'us-east-1' is wrong; expecting 'eu-west-1'"),
            std::string::npos)
      << wrong_region.error().message;

  auto no_bucket = Client(*emulator, Credentials(), "eu-west-1", "no-such-bucket").Get(kKey);
  ASSERT_FALSE(no_bucket);
  EXPECT_EQ(no_bucket.error().kind, ErrorKind::kConfig);
  EXPECT_NE(no_bucket.error().message.find("HTTP 404 NoSuchBucket"), std::string::npos);

  // Keys with spaces, '+', '$' and UTF-8 sign and travel the same way on both sides.
  S3Client client = Client(*emulator);
  const std::string odd = "rocky/state/a b+c$d=é/state.db";
  auto put = client.Put(odd, "odd", S3Precondition::IfAbsent());
  ASSERT_TRUE(put) << put.error().Text();
  EXPECT_EQ(put->status, S3Status::kOk);
  EXPECT_EQ(emulator->GetObject(kBucket, odd)->body, "odd");
  auto got = client.Get(odd);
  ASSERT_TRUE(got) << got.error().Text();
  EXPECT_EQ(got->body, "odd");
}

// The emulator refuses what S3 refuses, on requests signed with Rocky's signer and then changed.
TEST_F(S3EmulatorTest, TamperedRequestsAreRefused) {
  emulator = Started(S3Emulator::Start(EmulatorOptions()));
  ASSERT_TRUE(emulator);
  auto send = [&](auto&& change_after_signing, HttpHeaders extra = {}) {
    HttpRequest request;
    request.method = "PUT";
    request.url = emulator->url() + "/rocky-state/k";
    request.body = "body";
    request.headers = std::move(extra);
    EXPECT_TRUE(state_sync::SignRequest(request, Credentials(), "eu-west-1",
                                        std::chrono::system_clock::now()));
    change_after_signing(request);
    auto response = http->Send(request);
    EXPECT_TRUE(response) << response.error().Text();
    return response
               ? std::make_pair(response->status, state_sync::ParseS3ErrorBody(response->body).code)
               : std::make_pair(0, std::string());
  };
  using Answer = std::pair<int, std::string>;
  EXPECT_EQ(send([](HttpRequest&) {}), (Answer{200, ""}));
  EXPECT_EQ(send([](HttpRequest& r) { r.body = "changed"; }),
            (Answer{400, "XAmzContentSHA256Mismatch"}));
  EXPECT_EQ(send([](HttpRequest& r) {
              r.body = "changed";
              SetHttpHeader(r.headers, "x-amz-content-sha256", Sha256Hex("changed"));
            }),
            (Answer{403, "SignatureDoesNotMatch"}));
  EXPECT_EQ(send([](HttpRequest& r) { SetHttpHeader(r.headers, "Content-Type", "text/plain"); },
                 {{"Content-Type", "application/octet-stream"}}),
            (Answer{403, "SignatureDoesNotMatch"}));
  EXPECT_EQ(send([](HttpRequest& r) { r.headers.emplace_back("x-amz-meta-unsigned", "1"); }),
            (Answer{403, "AccessDenied"}));
  EXPECT_EQ(send([](HttpRequest& r) { r.url += "x"; }), (Answer{403, "SignatureDoesNotMatch"}));
  EXPECT_EQ(
      send([](HttpRequest& r) { SetHttpHeader(r.headers, "x-amz-date", "20130524T000000Z"); }),
      (Answer{400, "AuthorizationHeaderMalformed"}));  // the scope's date differs
  EXPECT_EQ(send([](HttpRequest& r) {
              std::erase_if(r.headers, [](const auto& h) { return h.first == "Authorization"; });
            }),
            (Answer{403, "AccessDenied"}));
  // A request signed 20 minutes ago is too old.
  HttpRequest old;
  old.method = "GET";
  old.url = emulator->url() + "/rocky-state/k";
  ASSERT_TRUE(state_sync::SignRequest(old, Credentials(), "eu-west-1",
                                      std::chrono::system_clock::now() - 20min));
  auto response = http->Send(old);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
  EXPECT_EQ(state_sync::ParseS3ErrorBody(response->body).code, "RequestTimeTooSkewed");
}

TEST_F(S3EmulatorTest, SessionTokenIsSentSignedAndChecked) {
  emulator = Started(S3Emulator::Start(EmulatorOptions(kToken)));
  ASSERT_TRUE(emulator);

  auto put =
      Client(*emulator, Credentials(kSecret, kToken)).Put(kKey, "s", S3Precondition::IfAbsent());
  ASSERT_TRUE(put) << put.error().Text();
  EXPECT_EQ(put->status, S3Status::kOk);
  const LoggedRequest sent = emulator->requests().back();
  EXPECT_EQ(sent.Header("x-amz-security-token"), kToken);
  EXPECT_NE(sent.Header("Authorization")
                .find("SignedHeaders=content-type;host;if-none-match;x-amz-content-sha256;"
                      "x-amz-date;x-amz-security-token, Signature="),
            std::string::npos)
      << sent.Header("Authorization");

  auto without = Client(*emulator, Credentials()).Get(kKey);
  ASSERT_FALSE(without);
  EXPECT_NE(without.error().message.find("HTTP 403 InvalidToken"), std::string::npos);
  auto wrong = Client(*emulator, Credentials(kSecret, "another-token")).Get(kKey);
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("HTTP 403 InvalidToken"), std::string::npos);
  EXPECT_EQ(wrong.error().Text().find("another-token"), std::string::npos);
}

// S3 echoes the canonical request (which holds the session token) when a signature does not
// match; with every log line on, neither the secret key nor the token reaches a log or an error.
TEST_F(S3EmulatorTest, SecretsStayOutOfLogsAndErrors) {
  emulator = Started(S3Emulator::Start(EmulatorOptions(kToken)));
  ASSERT_TRUE(emulator);
  const std::string bad_secret = "bad/Secret+Key0123456789abcdefghijklmno";
  Log::Configure(LogLevel::kTrace, false);
  ::testing::internal::CaptureStderr();
  auto got = Client(*emulator, Credentials(bad_secret, kToken)).Get(kKey);
  auto put = Client(*emulator, Credentials(bad_secret, kToken)).Put(kKey, "x");
  auto ok = Client(*emulator, Credentials(kSecret, kToken)).Get(kKey);
  const std::string logs = ::testing::internal::GetCapturedStderr();
  Log::Configure(LogLevel::kInfo, false);
  ASSERT_FALSE(got);
  ASSERT_FALSE(put);
  ASSERT_TRUE(ok) << ok.error().Text();
  EXPECT_EQ(ok->status, S3Status::kNotFound);
  // The emulator did send the token back in its CanonicalRequest.
  EXPECT_NE(emulator->requests().front().Header("x-amz-security-token"), "");
  for (const std::string& text : {got.error().Text(), got.error().hint, put.error().Text(), logs}) {
    EXPECT_EQ(text.find(bad_secret), std::string::npos) << text;
    EXPECT_EQ(text.find(kSecret), std::string::npos) << text;
    EXPECT_EQ(text.find(kToken), std::string::npos) << text;
  }
  EXPECT_NE(logs.find("s3: GET s3://rocky-state/rocky/state/state.db -> HTTP 403"),
            std::string::npos)
      << logs;
}

TEST_F(S3EmulatorTest, TransientFaultsAreRetried) {
  emulator = Started(S3Emulator::Start(EmulatorOptions()));
  ASSERT_TRUE(emulator);
  Fault slow_down;
  slow_down.match = "^PUT /rocky-state/";
  slow_down.status = 503;
  ASSERT_TRUE(emulator->AddFault(slow_down));
  Fault dropped;
  dropped.match = "^GET /rocky-state/";
  dropped.drop_connection = true;
  ASSERT_TRUE(emulator->AddFault(dropped));

  S3Client client = Client(*emulator);
  auto put = client.Put(kKey, "after a 503", S3Precondition::IfAbsent());
  ASSERT_TRUE(put) << put.error().Text();
  EXPECT_EQ(put->status, S3Status::kOk);
  auto got = client.Get(kKey);
  ASSERT_TRUE(got) << got.error().Text();
  EXPECT_EQ(got->body, "after a 503");
  std::vector<std::pair<std::string, int>> seen;
  for (const auto& r : emulator->requests()) seen.emplace_back(r.method, r.status);
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, int>>{
                      {"PUT", 503}, {"PUT", 200}, {"GET", -1}, {"GET", 200}}));
}

TEST(S3EmulatorProgramTest, ServesSignedRequestsAsAProgram) {
  auto process =
      EmulatorProcess::Spawn({S3_EMULATOR_PATH, "--access-key", kAccessKey, "--secret-key", kSecret,
                              "--region", "eu-west-1", "--bucket", "b1", "--bucket", kBucket});
  ASSERT_TRUE(process) << process.error().Text();
  auto http = adapters::http::NewHttpClient();
  S3Client client = LocalClient(*http, (*process)->url(), Credentials(), "eu-west-1");
  auto put = client.Put(kKey, "from a program", S3Precondition::IfAbsent());
  ASSERT_TRUE(put) << put.error().Text();
  EXPECT_EQ(put->etag, ETagOf("from a program"));
  auto got = client.Get(kKey);
  ASSERT_TRUE(got) << got.error().Text();
  EXPECT_EQ(got->body, "from a program");
  http.reset();  // no idle connection for the program to wait for
  EXPECT_EQ((*process)->Stop(), 0);
}

}  // namespace
}  // namespace rocky::emulator::s3
