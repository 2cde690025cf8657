#include "state_sync/aws_sigv4.h"

#include <gtest/gtest.h>

#include "base/hash.h"
#include "base/strings.h"

namespace rocky::state_sync {
namespace {

// The example credentials and time of AWS's S3 documentation ("Signature Calculations for the
// Authorization Header: Transferring Payload in a Single Chunk", section "Examples").
constexpr const char* kAccessKey = "AKIAIOSFODNN7EXAMPLE";
constexpr const char* kSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr const char* kAmzDate = "20130524T000000Z";

AwsCredentials ExampleCredentials(std::string token = "") {
  return {kAccessKey, Secret(kSecretKey), Secret(std::move(token)), "test"};
}

std::chrono::system_clock::time_point ExampleTime() {
  return std::chrono::sys_days{std::chrono::year{2013} / 5 / 24};
}

std::string Header(const HttpRequest& request, std::string_view name) {
  for (const auto& [n, v] : request.headers)
    if (EqualsIgnoreCase(n, name)) return v;
  return "";
}

// Example: GET Object — the first 10 bytes of test.txt.
TEST(AwsSigV4Test, DocumentedGetObjectExample) {
  SigV4Request get{"GET",
                   "/test.txt",
                   "",
                   {{"Host", "examplebucket.s3.amazonaws.com"},
                    {"Range", "bytes=0-9"},
                    {"x-amz-content-sha256", std::string(kEmptyPayloadSha256)},
                    {"x-amz-date", kAmzDate}},
                   std::string(kEmptyPayloadSha256)};
  const std::string canonical = CanonicalRequest(get);
  EXPECT_EQ(
      canonical,
      "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
      "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
      "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(StringToSign(kAmzDate, CredentialScope("20130524", "us-east-1", "s3"), canonical),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(SigV4Signature(get, kAmzDate, "us-east-1", "s3", kSecretKey),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

// The same example through SignRequest: the headers it adds and the Authorization header the
// documentation shows (with the spaces after the commas that AWS's own overview uses).
TEST(AwsSigV4Test, SignRequestReproducesTheGetObjectAuthorization) {
  HttpRequest request;
  request.method = "GET";
  request.url = "https://examplebucket.s3.amazonaws.com/test.txt";
  request.headers = {{"Range", "bytes=0-9"}};
  ASSERT_TRUE(SignRequest(request, ExampleCredentials(), "us-east-1", ExampleTime()));
  EXPECT_EQ(Header(request, "Host"), "examplebucket.s3.amazonaws.com");
  EXPECT_EQ(Header(request, "x-amz-date"), kAmzDate);
  EXPECT_EQ(Header(request, "x-amz-content-sha256"), kEmptyPayloadSha256);
  EXPECT_EQ(Header(request, "x-amz-security-token"), "");
  EXPECT_EQ(Header(request, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

// Example: PUT Object — "Welcome to Amazon S3." as test$file.text, with a Date header and a
// storage class; the `$` is encoded in the canonical URI.
TEST(AwsSigV4Test, DocumentedPutObjectExample) {
  const std::string payload = "Welcome to Amazon S3.";
  const std::string payload_hash = Sha256Hex(payload);
  EXPECT_EQ(payload_hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  HttpRequest request;
  request.method = "PUT";
  request.url = "https://examplebucket.s3.amazonaws.com/test$file.text";
  request.body = payload;
  request.headers = {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                     {"x-amz-storage-class", "REDUCED_REDUNDANCY"}};
  ASSERT_TRUE(SignRequest(request, ExampleCredentials(), "us-east-1", ExampleTime()));
  EXPECT_EQ(Header(request, "x-amz-content-sha256"), payload_hash);
  EXPECT_EQ(Header(request, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
            "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
  // Encoded already or not, the path canonicalizes the same way.
  EXPECT_EQ(CanonicalUri("/test$file.text"), "/test%24file.text");
  EXPECT_EQ(CanonicalUri("/test%24file.text"), "/test%24file.text");
}

// Example: GET Bucket Lifecycle (a sub-resource without a value signs as `lifecycle=`) and
// Example: Get Bucket (List Objects) (parameters sorted by name; given here out of order).
TEST(AwsSigV4Test, DocumentedBucketExamples) {
  struct Example {
    const char* url;
    const char* signature;
  };
  for (const Example& example :
       {Example{"https://examplebucket.s3.amazonaws.com/?lifecycle",
                "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"},
        Example{"https://examplebucket.s3.amazonaws.com/?prefix=J&max-keys=2",
                "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"}}) {
    HttpRequest request;
    request.url = example.url;
    ASSERT_TRUE(SignRequest(request, ExampleCredentials(), "us-east-1", ExampleTime()));
    EXPECT_EQ(Header(request, "Authorization"),
              std::string("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/"
                          "s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                          "Signature=") +
                  example.signature);
  }
  EXPECT_EQ(CanonicalQuery("lifecycle"), "lifecycle=");
  EXPECT_EQ(CanonicalQuery("prefix=J&max-keys=2"), "max-keys=2&prefix=J");
}

TEST(AwsSigV4Test, SessionTokenIsSentAndSigned) {
  HttpRequest with_token;
  with_token.url = "https://examplebucket.s3.amazonaws.com/test.txt";
  HttpRequest without = with_token;
  ASSERT_TRUE(SignRequest(with_token, ExampleCredentials("FQoGZXIvYXdzEXAMPLETOKEN"), "us-east-1",
                          ExampleTime()));
  ASSERT_TRUE(SignRequest(without, ExampleCredentials(), "us-east-1", ExampleTime()));
  EXPECT_EQ(Header(with_token, "x-amz-security-token"), "FQoGZXIvYXdzEXAMPLETOKEN");
  const std::string auth = Header(with_token, "Authorization");
  EXPECT_NE(auth.find("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"),
            std::string::npos)
      << auth;
  EXPECT_NE(auth, Header(without, "Authorization"));
  EXPECT_EQ(auth.find("FQoGZXIvYXdzEXAMPLETOKEN"), std::string::npos);
  EXPECT_EQ(auth.find(kSecretKey), std::string::npos);
}

TEST(AwsSigV4Test, HostCarriesANonDefaultPortAndUserAgentIsNotSigned) {
  HttpRequest request;
  request.method = "PUT";
  request.url = "http://127.0.0.1:9000/bucket/rocky/state/state.db";
  request.headers = {{"User-Agent", "rocky/1.0.0"}, {"If-None-Match", "*"}};
  ASSERT_TRUE(SignRequest(request, ExampleCredentials(), "eu-west-1", ExampleTime()));
  EXPECT_EQ(Header(request, "Host"), "127.0.0.1:9000");
  const std::string auth = Header(request, "Authorization");
  EXPECT_NE(auth.find("/20130524/eu-west-1/s3/aws4_request"), std::string::npos);
  EXPECT_NE(auth.find("SignedHeaders=host;if-none-match;x-amz-content-sha256;x-amz-date,"),
            std::string::npos)
      << auth;
  HttpRequest bad;
  bad.url = "not a url";
  EXPECT_FALSE(SignRequest(bad, ExampleCredentials(), "us-east-1", ExampleTime()));
}

TEST(AwsSigV4Test, CanonicalForms) {
  EXPECT_EQ(CanonicalUri(""), "/");
  EXPECT_EQ(CanonicalUri("/"), "/");
  // S3 never normalizes a key: dots and empty segments stay; spaces and UTF-8 are encoded.
  EXPECT_EQ(CanonicalUri("/b/a b/./../x//é"), "/b/a%20b/./../x//%C3%A9");
  EXPECT_EQ(CanonicalQuery(""), "");
  EXPECT_EQ(CanonicalQuery("b=2&a=z%2Fy&a=1&c"), "a=1&a=z%2Fy&b=2&c=");
  EXPECT_EQ(CanonicalQuery("k=a b"), "k=a%20b");
  EXPECT_EQ(CanonicalHeaders(
                {{"X-Amz-Meta-A", "  one   two  "}, {"x-amz-meta-a", "three"}, {"Host", "h"}}),
            "host:h\nx-amz-meta-a:one two,three\n");
  EXPECT_EQ(SignedHeaderNames({{"X-B", "1"}, {"x-a", "2"}, {"x-b", "3"}}), "x-a;x-b");
  EXPECT_EQ(AmzDate(ExampleTime() + std::chrono::hours(13) + std::chrono::minutes(4) +
                    std::chrono::milliseconds(5500)),
            "20130524T130405Z");
  EXPECT_EQ(HexEncode(SigningKey(kSecretKey, "20130524", "us-east-1", "s3")).size(), 64u);
}

}  // namespace
}  // namespace rocky::state_sync
