#include "emulators/s3/sigv4_check.h"

#include <fmt/format.h>

#include <cstdio>
#include <map>
#include <vector>

#include "base/hash.h"
#include "base/strings.h"
#include "state_sync/aws_sigv4.h"

namespace rocky::emulator::s3 {

namespace {

using state_sync::kSigV4Algorithm;

SigV4Rejection Reject(int status, std::string code, std::string message) {
  return {status, std::move(code), std::move(message), "", ""};
}

SigV4Rejection Malformed(std::string message) {
  return Reject(400, "AuthorizationHeaderMalformed", std::move(message));
}

// `yyyymmddThhmmssZ` as a time point; nullopt when it has another shape.
std::optional<std::chrono::system_clock::time_point> ParseAmzDate(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char t = 0, z = 0;
  if (text.size() != 16 ||
      std::sscanf(std::string(text).c_str(), "%4d%2d%2d%c%2d%2d%2d%c", &y, &mo, &d, &t, &h, &mi, &s,
                  &z) != 8 ||
      t != 'T' || z != 'Z')
    return std::nullopt;
  const std::chrono::year_month_day day{std::chrono::year{y}, std::chrono::month(mo),
                                        std::chrono::day(d)};
  if (!day.ok()) return std::nullopt;
  return std::chrono::sys_days{day} + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(s);
}

// Every value of header `name` (case-insensitive), in arrival order.
std::vector<std::string> HeaderValues(const httplib::Request& req, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [n, v] : req.headers)
    if (EqualsIgnoreCase(n, name)) out.push_back(v);
  return out;
}

}  // namespace

std::optional<SigV4Rejection> CheckSigV4(const httplib::Request& req, const SigV4Key& key,
                                         std::chrono::system_clock::time_point now) {
  const std::string authorization = req.get_header_value("Authorization");
  if (authorization.empty()) return Reject(403, "AccessDenied", "Access Denied");
  if (!StartsWith(authorization, std::string(kSigV4Algorithm) + " "))
    return Reject(400, "InvalidArgument", "Unsupported Authorization Type");

  std::map<std::string, std::string> parts;
  for (const std::string& part :
       Split(std::string_view(authorization).substr(kSigV4Algorithm.size() + 1), ",")) {
    std::string_view item = Trim(part);
    const size_t eq = item.find('=');
    if (eq != std::string_view::npos)
      parts[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
  }
  for (const char* name : {"Credential", "SignedHeaders", "Signature"})
    if (!parts.contains(name))
      return Malformed(fmt::format(
          "The authorization header is malformed; the authorization header requires three "
          "components: Credential, SignedHeaders, and Signature. (missing {})",
          name));

  const std::vector<std::string> scope = Split(parts["Credential"], "/");
  if (scope.size() != 5 || scope[3] != "s3" || scope[4] != "aws4_request")
    return Malformed(
        "The authorization header is malformed; the Credential is mal-formed; "
        "expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
  if (scope[0] != key.access_key_id)
    return Reject(403, "InvalidAccessKeyId",
                  "The AWS Access Key Id you provided does not exist in our records.");
  if (scope[2] != key.region)
    return Malformed(fmt::format(
        "The authorization header is malformed; the region '{}' is wrong; expecting '{}'", scope[2],
        key.region));

  const std::string amz_date = req.get_header_value("x-amz-date");
  const auto signed_at = ParseAmzDate(amz_date);
  if (!signed_at)
    return Reject(403, "AccessDenied",
                  "AWS authentication requires a valid Date or x-amz-date header");
  if (scope[1] != amz_date.substr(0, 8))
    return Malformed(
        "The authorization header is malformed; Invalid credential date. Date is "
        "not the same as X-Amz-Date.");
  if (*signed_at - now > key.max_skew || now - *signed_at > key.max_skew)
    return Reject(403, "RequestTimeTooSkewed",
                  "The difference between the request time and the current time is too large.");

  const std::string payload_hash = req.get_header_value("x-amz-content-sha256");
  if (payload_hash.empty())
    return Reject(400, "InvalidRequest",
                  "Missing required header for this request: x-amz-content-sha256");
  if (payload_hash != "UNSIGNED-PAYLOAD" && payload_hash != Sha256Hex(req.body))
    return Reject(400, "XAmzContentSHA256Mismatch",
                  "The provided 'x-amz-content-sha256' header does not match what was computed.");

  std::vector<std::string> signed_names = Split(parts["SignedHeaders"], ";");
  auto is_signed = [&](std::string_view name) {
    for (const auto& n : signed_names)
      if (EqualsIgnoreCase(n, name)) return true;
    return false;
  };
  bool unsigned_header = !is_signed("host");
  for (const auto& header : req.headers)
    if (StartsWith(ToLower(header.first), "x-amz-") && !is_signed(header.first))
      unsigned_header = true;
  if (unsigned_header)
    return Reject(403, "AccessDenied",
                  "There were headers present in the request which were not signed");

  const std::string token = req.get_header_value("x-amz-security-token");
  if (token != key.session_token)
    return Reject(403, "InvalidToken", "The provided token is malformed or otherwise invalid.");

  state_sync::SigV4Request wire;
  wire.method = req.method;
  const size_t question = req.target.find('?');
  wire.path = req.target.substr(0, question);
  if (question != std::string::npos) wire.query = req.target.substr(question + 1);
  for (const std::string& name : signed_names)
    for (const std::string& value : HeaderValues(req, name)) wire.headers.emplace_back(name, value);
  wire.payload_hash = payload_hash;
  const std::string expected =
      state_sync::SigV4Signature(wire, amz_date, key.region, "s3", key.secret_access_key);
  if (expected == parts["Signature"]) return std::nullopt;
  SigV4Rejection rejection =
      Reject(403, "SignatureDoesNotMatch",
             "The request signature we calculated does not match the signature you provided. Check "
             "your key and signing method.");
  rejection.canonical_request = state_sync::CanonicalRequest(wire);
  rejection.string_to_sign =
      state_sync::StringToSign(amz_date, state_sync::CredentialScope(scope[1], key.region, "s3"),
                               rejection.canonical_request);
  return rejection;
}

}  // namespace rocky::emulator::s3
