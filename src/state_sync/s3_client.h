#pragma once
// An S3 object client for remote state (runtime.md §11.2): GET, HEAD and conditional PUT of one
// object, signed with AWS Signature V4 (aws_sigv4.h), over the HttpClient seam.
//
// Addressing: virtual-hosted by default, `https://<bucket>.s3.<region>.amazonaws.com/<key>`
// (path-style `https://s3.<region>.amazonaws.com/<bucket>/<key>` for a bucket name with dots,
// which a wildcard certificate cannot cover); path-style `<endpoint>/<bucket>/<key>` when an
// endpoint is configured (S3-compatible stores, emulators).
//
// Outcomes that the state sync acts on are values, not errors: a missing object (404 NoSuchKey)
// is S3Status::kNotFound; a failed precondition (412 PreconditionFailed, 409
// ConditionalRequestConflict, or 404 for a PUT with If-Match whose object is gone) is kConflict.
// Everything else that is not 2xx is an Error naming the method, the s3:// address, the status
// and S3's Code and Message. Transient failures (connection errors, 429, 500, 502, 503, 504)
// are retried under the adapters' RetryPolicy, each attempt signed afresh; a PUT is retried too
// (a duplicate conditional PUT ends in kConflict, which the sync resolves).
//
// Secrets: the secret key and the session token go only into the signature and the
// x-amz-security-token header; no log line or error text carries them (server text is scrubbed).

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "adapters/http/retry_policy.h"
#include "base/error.h"
#include "base/http.h"
#include "state_sync/aws_credentials.h"

namespace rocky::state_sync {

struct S3ClientOptions {
  std::string bucket;
  std::string region = "us-east-1";
  /// "" = AWS (virtual-hosted addressing); else `scheme://host[:port][/prefix]`, path-style.
  std::string endpoint;
  adapters::http::RetryPolicy retry;
  std::chrono::milliseconds request_timeout{60000};
  /// Test seams; null: the real sleep and the real clock.
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<std::chrono::system_clock::time_point()> clock;
};

enum class S3Status {
  kOk,
  kNotFound,  // GET/HEAD: no such key
  kConflict,  // PUT: the precondition failed
};

struct S3Object {
  S3Status status = S3Status::kOk;
  std::string etag;   // as S3 sends it, quoted ("\"9b2cf535f27731c974343645a3985328\""); kOk only
  std::string body;   // GET only
  int64_t size = -1;  // GET and HEAD: Content-Length, when sent
};

/// The condition of a PUT.
struct S3Precondition {
  enum class Kind { kNone, kIfMatch, kIfNoneMatch };
  Kind kind = Kind::kNone;
  std::string etag;  // kIfMatch

  /// `If-Match: <etag>`: replace only the object with this ETag.
  static S3Precondition IfMatch(std::string etag) { return {Kind::kIfMatch, std::move(etag)}; }
  /// `If-None-Match: *`: create only; fail when the object exists.
  static S3Precondition IfAbsent() { return {Kind::kIfNoneMatch, ""}; }
};

class S3Client {
 public:
  /// `http` must outlive the client.
  S3Client(S3ClientOptions options, AwsCredentials credentials, HttpClient& http);

  Result<S3Object> Get(std::string_view key);
  Result<S3Object> Head(std::string_view key);
  /// kOk with the new ETag, or kConflict.
  Result<S3Object> Put(std::string_view key, std::string body,
                       const S3Precondition& precondition = {});

  /// The URL of `key` (each path segment percent-encoded, `/` kept).
  std::string ObjectUrl(std::string_view key) const;
  const S3ClientOptions& options() const { return options_; }

 private:
  Result<HttpResponse> Send(std::string_view method, std::string_view key, std::string body,
                            HttpHeaders headers);
  /// The error for a non-2xx answer that is neither not-found nor conflict.
  Error Failure(std::string_view method, std::string_view key, const HttpResponse& response) const;
  /// `text` with the secret key and session token replaced by ***.
  std::string Scrub(std::string text) const;
  std::string Address(std::string_view key) const;

  S3ClientOptions options_;
  AwsCredentials credentials_;
  HttpClient& http_;
};

}  // namespace rocky::state_sync
