// Rocky's S3 client (state_sync/s3_client.h) against s3rver 3.7.1, a real S3-compatible server
// (scripts/setup.sh installs it into third_party/node): GET, HEAD, PUT, 404 NoSuchKey, ETags,
// path-style addressing, odd keys. Each test starts s3rver on 127.0.0.1 with `--port 0` (it
// reports the port it bound) and a temporary directory, and stops it.
//
// s3rver checks a V4 request's form only: a known access key id (S3RVER), the three parts of the
// Authorization header, x-amz-content-sha256 present, x-amz-date within 15 minutes. It does not
// verify the signature, the scope, the payload hash or a session token, and PUT ignores If-Match
// and If-None-Match (GET honours If-None-Match with 304).
// ChecksTheFormButNotTheSignatureOrPreconditions pins this down; the
// S3 emulator (s3_emulator_test) covers what s3rver cannot.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "adapters/http/http_client.h"
#include "base/strings.h"
#include "emulators/common/emulator_process.h"
#include "emulators/s3/s3_test_support.h"
#include "state_sync/aws_sigv4.h"
#include "state_sync/s3_error.h"

namespace rocky::emulator::s3 {
namespace {

using namespace std::chrono_literals;

// `S3rver listening on 127.0.0.1:PORT` → `http://127.0.0.1:PORT`.
std::string ParseS3rverLine(const std::string& line) {
  constexpr std::string_view kPrefix = "S3rver listening on ";
  std::string_view text = Trim(line);
  if (!StartsWith(text, kPrefix)) return "";
  return "http://" + std::string(text.substr(kPrefix.size()));
}

// s3rver in a temporary directory, with the bucket kBucket; stopped and removed at the end.
class S3rver {
 public:
  static Result<std::unique_ptr<S3rver>> Start() {
    std::string dir = (std::filesystem::temp_directory_path() / "rocky-s3rver-XXXXXX").string();
    if (::mkdtemp(dir.data()) == nullptr)
      return Fail(ErrorKind::kIo, "cannot create a temporary directory for s3rver");
    auto process =
        EmulatorProcess::Spawn({S3RVER_PATH, "--directory", dir, "--address", "127.0.0.1", "--port",
                                "0", "--silent", "--configure-bucket", kBucket},
                               20s, ParseS3rverLine);
    if (!process) {
      std::filesystem::remove_all(dir);
      return std::unexpected(process.error());
    }
    return std::unique_ptr<S3rver>(new S3rver(std::move(*process), std::move(dir)));
  }
  ~S3rver() {
    process_->Stop();
    std::filesystem::remove_all(dir_);
  }
  const std::string& url() const { return process_->url(); }

 private:
  S3rver(std::unique_ptr<EmulatorProcess> process, std::string dir)
      : process_(std::move(process)), dir_(std::move(dir)) {}
  std::unique_ptr<EmulatorProcess> process_;
  std::string dir_;
};

AwsCredentials Credentials(std::string secret = "S3RVER", std::string token = "",
                           std::string key = "S3RVER") {
  return MakeCredentials(std::move(key), std::move(secret), std::move(token));
}

class S3rverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access(S3RVER_PATH, X_OK) != 0)
      FAIL() << "s3rver is missing (" << S3RVER_PATH << "): run scripts/setup.sh";
    auto started = S3rver::Start();
    ASSERT_TRUE(started) << started.error().Text();
    server = std::move(*started);
  }

  S3Client Client(AwsCredentials credentials = Credentials(), std::string bucket = kBucket) {
    return LocalClient(*http, server->url(), std::move(credentials), "us-east-1",
                       std::move(bucket));
  }

  std::unique_ptr<S3rver> server;
  std::unique_ptr<HttpClient> http = adapters::http::NewHttpClient();
};

TEST_F(S3rverTest, GetPutHeadAndNotFound) {
  S3Client client = Client();
  ExpectMissing(client, kKey);

  auto put = client.Put(kKey, "version 1");
  ASSERT_TRUE(put) << put.error().Text();
  EXPECT_EQ(put->status, S3Status::kOk);
  EXPECT_EQ(put->etag, "\"db3ec040e20dfc657dab510aeab74759\"");  // the quoted MD5 hex

  ExpectObject(client, kKey, "version 1", put->etag);

  auto replaced = client.Put(kKey, std::string(100000, 'x'), S3Precondition::IfMatch(put->etag));
  ASSERT_TRUE(replaced) << replaced.error().Text();
  EXPECT_NE(replaced->etag, put->etag);
  ExpectObject(client, kKey, std::string(100000, 'x'), replaced->etag);

  // A key with spaces, '+', '$' and UTF-8 lands under its own name.
  const std::string odd = "rocky/state/a b+c$d=é/state.db";
  auto put_odd = client.Put(odd, "odd");
  ASSERT_TRUE(put_odd) << put_odd.error().Text();
  ExpectObject(client, odd, "odd", put_odd->etag);

  // A session token travels in x-amz-security-token (s3rver accepts any).
  auto with_token = Client(Credentials("S3RVER", "session-token")).Get(kKey);
  ASSERT_TRUE(with_token) << with_token.error().Text();
  EXPECT_EQ(with_token->status, S3Status::kOk);

  auto no_bucket = Client(Credentials(), "no-such-bucket").Get(kKey);
  ASSERT_FALSE(no_bucket);
  EXPECT_EQ(no_bucket.error().kind, ErrorKind::kConfig);
  EXPECT_NE(
      no_bucket.error().message.find("HTTP 404 NoSuchBucket: The specified bucket does not exist"),
      std::string::npos)
      << no_bucket.error().message;
}

// What s3rver checks and what it lets through (see the top of this file).
TEST_F(S3rverTest, ChecksTheFormButNotTheSignatureOrPreconditions) {
  auto unknown_key = Client(Credentials("S3RVER", "", "AKIDUNKNOWN")).Get(kKey);
  ASSERT_FALSE(unknown_key);
  EXPECT_NE(unknown_key.error().message.find("HTTP 403 InvalidAccessKeyId"), std::string::npos)
      << unknown_key.error().message;

  HttpRequest old;
  old.url = server->url() + "/" + kBucket + "/" + kKey;
  ASSERT_TRUE(state_sync::SignRequest(old, Credentials(), "us-east-1",
                                      std::chrono::system_clock::now() - 20min));
  auto response = http->Send(old);
  ASSERT_TRUE(response) << response.error().Text();
  EXPECT_EQ(response->status, 403);
  EXPECT_EQ(state_sync::ParseS3ErrorBody(response->body).code, "RequestTimeTooSkewed");

  // Not checked: the signature (a wrong secret passes), nor PUT's preconditions.
  S3Client wrong_secret = Client(Credentials("not-the-secret"));
  auto put = wrong_secret.Put(kKey, "first", S3Precondition::IfAbsent());
  ASSERT_TRUE(put) << put.error().Text();
  EXPECT_EQ(put->status, S3Status::kOk);
  auto overwrite = wrong_secret.Put(kKey, "second", S3Precondition::IfAbsent());
  ASSERT_TRUE(overwrite) << overwrite.error().Text();
  EXPECT_EQ(overwrite->status, S3Status::kOk);  // S3 would answer 412
  auto stale = wrong_secret.Put(kKey, "third", S3Precondition::IfMatch("\"stale\""));
  ASSERT_TRUE(stale) << stale.error().Text();
  EXPECT_EQ(stale->status, S3Status::kOk);  // S3 would answer 412
  auto got = wrong_secret.Get(kKey);
  ASSERT_TRUE(got) << got.error().Text();
  EXPECT_EQ(got->body, "third");
}

}  // namespace
}  // namespace rocky::emulator::s3
