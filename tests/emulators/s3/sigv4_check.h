#pragma once
// The S3 emulator's check of AWS Signature V4 (Authorization header form), answering as S3 does
// when a check fails. The signature is recomputed from what arrived on the wire (method, raw
// path and query, the headers named in SignedHeaders, the body's hash) with Rocky's
// canonicalization (state_sync/aws_sigv4.h), which its unit tests pin to AWS's documented
// examples.

#include <httplib.h>

#include <chrono>
#include <optional>
#include <string>

namespace rocky::emulator::s3 {

/// The one key pair (and optional session token) the emulator accepts.
struct SigV4Key {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // "": requests must carry none
  std::string region = "us-east-1";
  std::chrono::seconds max_skew{15 * 60};
};

/// How a request failed the check: the HTTP status and S3's error code and message, and for
/// SignatureDoesNotMatch the StringToSign and CanonicalRequest (S3 sends them back too).
struct SigV4Rejection {
  int status = 403;
  std::string code;
  std::string message;
  std::string string_to_sign;
  std::string canonical_request;
};

/// nullopt when `req` is signed by `key` within the allowed clock skew:
///  - no Authorization: 403 AccessDenied; another scheme: 400 InvalidArgument; a header missing
///    Credential, SignedHeaders or Signature, a scope not `<date>/<region>/s3/aws4_request`, or
///    a scope date other than x-amz-date's: 400 AuthorizationHeaderMalformed;
///  - unknown access key: 403 InvalidAccessKeyId; no x-amz-date: 403 AccessDenied; more than
///    max_skew away: 403 RequestTimeTooSkewed;
///  - no x-amz-content-sha256: 400 InvalidRequest; one that is neither UNSIGNED-PAYLOAD nor the
///    body's SHA-256: 400 XAmzContentSHA256Mismatch;
///  - host or any x-amz-* header left out of SignedHeaders: 403 AccessDenied;
///  - a session token missing, unexpected or wrong: 403 InvalidToken;
///  - any other difference: 403 SignatureDoesNotMatch.
std::optional<SigV4Rejection> CheckSigV4(const httplib::Request& req, const SigV4Key& key,
                                         std::chrono::system_clock::time_point now);

}  // namespace rocky::emulator::s3
