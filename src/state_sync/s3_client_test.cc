#include "state_sync/s3_client.h"

#include <gtest/gtest.h>

#include "adapters/http/fake_http.h"
#include "base/log.h"
#include "state_sync/s3_error.h"

namespace rocky::state_sync {
namespace {

using adapters::http::FakeHttp;
using adapters::http::HeaderOf;
using adapters::http::Reply;
using namespace std::chrono_literals;

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr const char* kToken = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";

std::string ErrorXml(std::string_view code, std::string_view message) {
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message>"
      "<RequestId>4442587FB7D0A2F9</RequestId></Error>",
      code, message);
}

class S3ClientTest : public ::testing::Test {
 protected:
  S3Client Client(S3ClientOptions options = {}) {
    if (options.bucket.empty()) options.bucket = "acme-state";
    options.retry.jitter = false;
    options.sleep = [this](std::chrono::milliseconds d) { sleeps.push_back(d); };
    options.clock = [] { return std::chrono::sys_days{std::chrono::year{2026} / 4 / 7}; };
    return S3Client(std::move(options), {"AKIDEXAMPLE", Secret(kSecret), Secret(kToken), "test"},
                    http);
  }

  FakeHttp http;
  std::vector<std::chrono::milliseconds> sleeps;
};

TEST_F(S3ClientTest, AddressingVirtualHostedPathStyleAndDottedBuckets) {
  EXPECT_EQ(Client({.bucket = "acme-state", .region = "eu-west-1"})
                .ObjectUrl("rocky/state/state db+1.db"),
            "https://acme-state.s3.eu-west-1.amazonaws.com/rocky/state/state%20db%2B1.db");
  EXPECT_EQ(Client({.bucket = "acme.state"}).ObjectUrl("k"),
            "https://s3.us-east-1.amazonaws.com/acme.state/k");
  EXPECT_EQ(Client({.bucket = "b", .endpoint = "http://127.0.0.1:9000/"}).ObjectUrl("a/b.db"),
            "http://127.0.0.1:9000/b/a/b.db");
}

TEST_F(S3ClientTest, GetSignsAndReturnsTheBodyAndETag) {
  http.handler = [](const HttpRequest&) -> Result<HttpResponse> {
    return Reply(200, "state-bytes", {{"ETag", "\"abc\""}});
  };
  auto got = Client().Get("rocky/state/state.db");
  ASSERT_TRUE(got) << got.error().Text();
  EXPECT_EQ(got->status, S3Status::kOk);
  EXPECT_EQ(got->body, "state-bytes");
  EXPECT_EQ(got->etag, "\"abc\"");
  EXPECT_EQ(got->size, 11);
  ASSERT_EQ(http.sent.size(), 1u);
  const HttpRequest& sent = http.sent[0];
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "https://acme-state.s3.us-east-1.amazonaws.com/rocky/state/state.db");
  EXPECT_EQ(HeaderOf(sent.headers, "Host"), "acme-state.s3.us-east-1.amazonaws.com");
  EXPECT_EQ(HeaderOf(sent.headers, "x-amz-date"), "20260407T000000Z");
  EXPECT_EQ(HeaderOf(sent.headers, "x-amz-security-token"), kToken);
  const std::string auth = HeaderOf(sent.headers, "Authorization").value_or("");
  EXPECT_TRUE(auth.starts_with(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260407/us-east-1/s3/aws4_request, "
      "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="))
      << auth;
}

TEST_F(S3ClientTest, NoSuchKeyIsNotFoundButNoSuchBucketIsAnError) {
  http.handler = [](const HttpRequest&) -> Result<HttpResponse> {
    return Reply(404, ErrorXml("NoSuchKey", "The specified key does not exist."));
  };
  auto got = Client().Get("k");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, S3Status::kNotFound);
  auto head = Client().Head("k");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, S3Status::kNotFound);

  http.handler = [](const HttpRequest&) -> Result<HttpResponse> {
    return Reply(404, ErrorXml("NoSuchBucket", "The specified bucket does not exist"));
  };
  got = Client().Get("k");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, ErrorKind::kConfig);
  EXPECT_EQ(got.error().message,
            "S3 GET s3://acme-state/k failed: HTTP 404 NoSuchBucket: The specified bucket does "
            "not exist (request id 4442587FB7D0A2F9)");
  EXPECT_EQ(got.error().hint, "create the bucket, or fix state.s3_bucket");
}

TEST_F(S3ClientTest, ConditionalPutsAndTheirConflicts) {
  int status = 200;
  std::string body;
  http.handler = [&](const HttpRequest&) -> Result<HttpResponse> {
    return Reply(status, body, {{"ETag", "\"new\""}});
  };
  auto put = Client().Put("k", "payload", S3Precondition::IfMatch("\"old\""));
  ASSERT_TRUE(put) << put.error().Text();
  EXPECT_EQ(put->status, S3Status::kOk);
  EXPECT_EQ(put->etag, "\"new\"");
  EXPECT_EQ(HeaderOf(http.sent.back().headers, "If-Match"), "\"old\"");
  EXPECT_EQ(HeaderOf(http.sent.back().headers, "If-None-Match"), std::nullopt);
  EXPECT_EQ(http.sent.back().body, "payload");
  EXPECT_EQ(
      HeaderOf(http.sent.back().headers, "x-amz-content-sha256"),
      "239f59ed55e737c77147cf55ad0c1b030b6d7ee748a7426952f9b852d5a935e5");  // sha256("payload")

  ASSERT_TRUE(Client().Put("k", "payload", S3Precondition::IfAbsent()));
  EXPECT_EQ(HeaderOf(http.sent.back().headers, "If-None-Match"), "*");
  EXPECT_EQ(HeaderOf(http.sent.back().headers, "If-Match"), std::nullopt);

  status = 412;
  body = ErrorXml("PreconditionFailed",
                  "At least one of the pre-conditions you specified did not hold");
  put = Client().Put("k", "payload", S3Precondition::IfAbsent());
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, S3Status::kConflict);

  status = 409;
  body = ErrorXml("ConditionalRequestConflict", "A conflicting operation occurred");
  put = Client().Put("k", "payload", S3Precondition::IfMatch("\"old\""));
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, S3Status::kConflict);

  // If-Match on an object that is gone: S3 answers 404 NoSuchKey, a conflict for the writer.
  status = 404;
  body = ErrorXml("NoSuchKey", "The specified key does not exist.");
  put = Client().Put("k", "payload", S3Precondition::IfMatch("\"old\""));
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, S3Status::kConflict);
  // Without a precondition a 404 is an error.
  EXPECT_FALSE(Client().Put("k", "payload"));
}

TEST_F(S3ClientTest, TransientAnswersAreRetriedWithFreshSignatures) {
  int calls = 0;
  http.handler = [&](const HttpRequest&) -> Result<HttpResponse> {
    ++calls;
    if (calls == 1) return Reply(503, ErrorXml("SlowDown", "Please reduce your request rate."));
    if (calls == 2)
      return Reply(500, ErrorXml("InternalError", "We encountered an internal error."),
                   {{"Retry-After", "3"}});
    if (calls == 3)
      return std::unexpected(Error{ErrorKind::kAdapter, "GET x failed: refused", {}, "", true});
    return Reply(200, "ok", {{"ETag", "\"e\""}});
  };
  S3ClientOptions options;
  options.retry.initial_backoff = 100ms;
  auto got = Client(options).Get("k");
  ASSERT_TRUE(got) << got.error().Text();
  EXPECT_EQ(got->body, "ok");
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(sleeps, (std::vector<std::chrono::milliseconds>{100ms, 3000ms, 400ms}));

  // Out of retries: the last answer is the error, marked retryable.
  calls = 0;
  http.handler = [&](const HttpRequest&) -> Result<HttpResponse> {
    ++calls;
    return Reply(503, ErrorXml("SlowDown", "Please reduce your request rate."));
  };
  options.retry.max_retries = 1;
  got = Client(options).Get("k");
  ASSERT_FALSE(got);
  EXPECT_EQ(calls, 2);
  EXPECT_TRUE(got.error().retryable);
  EXPECT_EQ(got.error().message,
            "S3 GET s3://acme-state/k failed: HTTP 503 SlowDown: Please reduce your request rate. "
            "(request id 4442587FB7D0A2F9)");
}

// A server that echoes what it received (S3's SignatureDoesNotMatch carries the canonical
// request, which holds the session token): neither the secret key nor the token reaches an
// error or a log line.
TEST_F(S3ClientTest, SecretsNeverReachErrorsOrLogs) {
  http.handler = [](const HttpRequest& request) -> Result<HttpResponse> {
    std::string echoed;
    for (const auto& [n, v] : request.headers) echoed += n + ": " + v + "; ";
    return Reply(403, ErrorXml("SignatureDoesNotMatch",
                               XmlEscape(echoed + " secret " + std::string(kSecret))));
  };
  Log::Configure(LogLevel::kTrace, false);
  ::testing::internal::CaptureStderr();
  auto got = Client().Get("k");
  auto put = Client().Put("k", "body", S3Precondition::IfAbsent());
  const std::string logs = ::testing::internal::GetCapturedStderr();
  Log::Configure(LogLevel::kInfo, false);
  ASSERT_FALSE(got);
  ASSERT_FALSE(put);
  EXPECT_EQ(got.error().kind, ErrorKind::kConfig);
  EXPECT_NE(got.error().hint.find("check the AWS credentials (from test)"), std::string::npos);
  for (const std::string& text : {got.error().Text(), got.error().hint, put.error().Text(), logs}) {
    EXPECT_EQ(text.find(kSecret), std::string::npos) << text;
    EXPECT_EQ(text.find(kToken), std::string::npos) << text;
  }
  EXPECT_NE(got.error().message.find("SignatureDoesNotMatch"), std::string::npos);
  EXPECT_NE(got.error().message.find("x-amz-security-token: ***"), std::string::npos);
  EXPECT_NE(logs.find("s3: GET s3://acme-state/k -> HTTP 403"), std::string::npos) << logs;
}

TEST(S3ErrorBodyTest, ParsesCodeMessageAndEntities) {
  auto body = ParseS3ErrorBody(
      "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>a &amp; b &lt;c&gt; "
      "&#233;&#x41;&bogus;</Message><RequestId>R1</RequestId><HostId>h</HostId></Error>");
  EXPECT_EQ(body.code, "AccessDenied");
  EXPECT_EQ(body.message, "a & b <c> éA&bogus;");
  EXPECT_EQ(body.request_id, "R1");
  EXPECT_EQ(ParseS3ErrorBody("<html>Bad Gateway</html>").code, "");
  EXPECT_EQ(ParseS3ErrorBody("").message, "");
  EXPECT_EQ(XmlEscape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  EXPECT_EQ(XmlUnescape(XmlEscape("<'\"&>")), "<'\"&>");
}

}  // namespace
}  // namespace rocky::state_sync
