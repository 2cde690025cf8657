#pragma once
// Shared by the S3 tests (s3_emulator_test, s3rver_test): Rocky's S3 client pointed at a local
// server, path-style, with quick retries. Only test binaries include this header.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>

#include "base/http.h"
#include "state_sync/s3_client.h"

namespace rocky::emulator::s3 {

using state_sync::AwsCredentials;
using state_sync::S3Client;
using state_sync::S3ClientOptions;
using state_sync::S3Precondition;
using state_sync::S3Status;

inline constexpr const char* kBucket = "rocky-state";
inline constexpr const char* kKey = "rocky/state/state.db";

inline AwsCredentials MakeCredentials(std::string key, std::string secret, std::string token) {
  return {std::move(key), Secret(std::move(secret)), Secret(std::move(token)), "test"};
}

/// The client for `bucket` at `endpoint`; transient failures are retried 10 ms apart.
inline S3Client LocalClient(HttpClient& http, std::string endpoint, AwsCredentials credentials,
                            std::string region = "us-east-1", std::string bucket = kBucket) {
  S3ClientOptions options;
  options.bucket = std::move(bucket);
  options.region = std::move(region);
  options.endpoint = std::move(endpoint);
  options.retry.initial_backoff = std::chrono::milliseconds(10);
  options.retry.jitter = false;
  return S3Client(std::move(options), std::move(credentials), http);
}

/// GET and HEAD both find no `key`.
inline void ExpectMissing(S3Client& client, std::string_view key) {
  auto got = client.Get(key);
  ASSERT_TRUE(got) << got.error().Text();
  EXPECT_EQ(got->status, S3Status::kNotFound);
  auto head = client.Head(key);
  ASSERT_TRUE(head) << head.error().Text();
  EXPECT_EQ(head->status, S3Status::kNotFound);
}

/// GET answers `body` with `etag`; HEAD the same ETag and the body's size.
inline void ExpectObject(S3Client& client, std::string_view key, std::string_view body,
                         std::string_view etag) {
  auto got = client.Get(key);
  ASSERT_TRUE(got) << got.error().Text();
  EXPECT_EQ(got->status, S3Status::kOk);
  EXPECT_EQ(got->body, body);
  EXPECT_EQ(got->etag, etag);
  auto head = client.Head(key);
  ASSERT_TRUE(head) << head.error().Text();
  EXPECT_EQ(head->status, S3Status::kOk);
  EXPECT_EQ(head->etag, etag);
  EXPECT_EQ(head->size, static_cast<int64_t>(body.size()));
}

}  // namespace rocky::emulator::s3
