#pragma once
// AWS Signature Version 4 (AWS4-HMAC-SHA256) for S3, written from AWS's "Authenticating
// Requests: Using the Authorization Header" and "Signature Calculations for the Authorization
// Header: Transferring Payload in a Single Chunk":
//   CanonicalRequest = Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n
//                      SignedHeaders \n HexSha256(payload)
//   StringToSign     = "AWS4-HMAC-SHA256" \n x-amz-date \n <date>/<region>/<service>/aws4_request
//                      \n HexSha256(CanonicalRequest)
//   SigningKey       = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
//                      "aws4_request")
//   Signature        = Hex(HMAC(SigningKey, StringToSign))
// S3 rules: the path is encoded once and never normalized (object keys keep `.`, `..` and
// `//`), `/` stays literal in the path; query names and values are encoded with `/` too, sorted.
// The same functions check signatures on the receiving side (the S3 emulator in tests).

#include <chrono>
#include <string>
#include <string_view>

#include "base/error.h"
#include "base/http.h"
#include "state_sync/aws_credentials.h"

namespace rocky::state_sync {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";
/// SHA-256 of the empty payload (GET, HEAD).
inline constexpr std::string_view kEmptyPayloadSha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// One request as the signature sees it.
struct SigV4Request {
  std::string method;
  std::string path;          // as sent, percent-encoded or not: decoded and encoded again
  std::string query;         // as sent, without `?`; "" when none
  HttpHeaders headers;       // the headers to sign (any case, any order)
  std::string payload_hash;  // hex SHA-256 of the body, or UNSIGNED-PAYLOAD
};

/// `/`-separated path segments, each decoded and encoded again (S3: no normalization).
std::string CanonicalUri(std::string_view path);
/// Parameters decoded, encoded again, sorted by name then value; `a` becomes `a=`.
std::string CanonicalQuery(std::string_view query);
/// Names lower-cased, values trimmed with inner runs of spaces folded to one, repeated headers
/// joined with `,`, sorted: one `name:value\n` line each.
std::string CanonicalHeaders(const HttpHeaders& headers);
/// The lower-cased names of `headers`, sorted, unique, joined with `;`.
std::string SignedHeaderNames(const HttpHeaders& headers);
std::string CanonicalRequest(const SigV4Request& request);

/// `<yyyymmdd>/<region>/<service>/aws4_request`.
std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service);
std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);
/// The derived key (32 raw bytes) for one day, region and service.
std::string SigningKey(std::string_view secret_access_key, std::string_view date,
                       std::string_view region, std::string_view service);
/// The hex signature of `request` at `amz_date` (`yyyymmddThhmmssZ`).
std::string SigV4Signature(const SigV4Request& request, std::string_view amz_date,
                           std::string_view region, std::string_view service,
                           std::string_view secret_access_key);

/// `yyyymmddThhmmssZ` (UTC) of `time`.
std::string AmzDate(std::chrono::system_clock::time_point time);

/// Signs `request` in place: sets `Host` (the URL's host, with the port when not the scheme's
/// default), `x-amz-date`, `x-amz-content-sha256` (the body's SHA-256 unless the header is
/// already there, e.g. UNSIGNED-PAYLOAD), `x-amz-security-token` when the credentials carry a
/// session token, then `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
/// Signature=…`. Every header of the request is signed except User-Agent (proxies rewrite it).
/// kConfig error when the URL cannot be parsed.
Result<void> SignRequest(HttpRequest& request, const AwsCredentials& credentials,
                         std::string_view region, std::chrono::system_clock::time_point now,
                         std::string_view service = "s3");

}  // namespace rocky::state_sync
