#include "state_sync/aws_sigv4.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "base/hash.h"
#include "base/strings.h"
#include "base/url.h"
#include "base/time.h"

namespace rocky::state_sync {

namespace {

// Trim, then fold each run of spaces inside the value to one.
std::string CanonicalValue(std::string_view value) {
  std::string out;
  bool space = false;
  for (char c : Trim(value)) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Lower-cased name -> canonical values joined with ',' (sorted by name).
std::map<std::string, std::string> HeaderMap(const HttpHeaders& headers) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : headers) {
    auto [it, fresh] = out.try_emplace(ToLower(Trim(name)), CanonicalValue(value));
    if (!fresh) it->second += "," + CanonicalValue(value);
  }
  return out;
}

}  // namespace

std::string CanonicalUri(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string> segments;
  for (const std::string& segment : Split(path, "/"))
    segments.push_back(PercentEncode(PercentDecode(segment)));
  std::string out = Join(segments, "/");
  return out.front() == '/' ? out : "/" + out;
}

std::string CanonicalQuery(std::string_view query) {
  if (query.empty()) return "";
  std::vector<std::pair<std::string, std::string>> params;
  for (const std::string& pair : Split(query, "&")) {
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::string_view name = std::string_view(pair).substr(0, eq);
    std::string_view value =
        eq == std::string::npos ? std::string_view() : std::string_view(pair).substr(eq + 1);
    params.emplace_back(PercentEncode(PercentDecode(name)), PercentEncode(PercentDecode(value)));
  }
  std::sort(params.begin(), params.end());
  std::vector<std::string> parts;
  for (const auto& [name, value] : params) parts.push_back(name + "=" + value);
  return Join(parts, "&");
}

std::string CanonicalHeaders(const HttpHeaders& headers) {
  std::string out;
  for (const auto& [name, value] : HeaderMap(headers)) out += name + ":" + value + "\n";
  return out;
}

std::string SignedHeaderNames(const HttpHeaders& headers) {
  std::vector<std::string> names;
  for (const auto& entry : HeaderMap(headers)) names.push_back(entry.first);
  return Join(names, ";");
}

std::string CanonicalRequest(const SigV4Request& request) {
  return fmt::format("{}\n{}\n{}\n{}\n{}\n{}", request.method, CanonicalUri(request.path),
                     CanonicalQuery(request.query), CanonicalHeaders(request.headers),
                     SignedHeaderNames(request.headers), request.payload_hash);
}

std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service) {
  return fmt::format("{}/{}/{}/aws4_request", date, region, service);
}

std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request) {
  return fmt::format("{}\n{}\n{}\n{}", kSigV4Algorithm, amz_date, scope,
                     Sha256Hex(canonical_request));
}

std::string SigningKey(std::string_view secret_access_key, std::string_view date,
                       std::string_view region, std::string_view service) {
  std::string key = HmacSha256("AWS4" + std::string(secret_access_key), date);
  key = HmacSha256(key, region);
  key = HmacSha256(key, service);
  return HmacSha256(key, "aws4_request");
}

std::string SigV4Signature(const SigV4Request& request, std::string_view amz_date,
                           std::string_view region, std::string_view service,
                           std::string_view secret_access_key) {
  const std::string_view date = amz_date.substr(0, 8);
  const std::string to_sign =
      StringToSign(amz_date, CredentialScope(date, region, service), CanonicalRequest(request));
  return HmacSha256Hex(SigningKey(secret_access_key, date, region, service), to_sign);
}

std::string AmzDate(std::chrono::system_clock::time_point time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  std::string text =
      FormatRfc3339(std::chrono::time_point_cast<std::chrono::microseconds>(seconds));
  std::erase(text, '-');
  std::erase(text, ':');
  return text;  // 20130524T000000Z
}

Result<void> SignRequest(HttpRequest& request, const AwsCredentials& credentials,
                         std::string_view region, std::chrono::system_clock::time_point now,
                         std::string_view service) {
  auto url = ParseHttpUrl(request.url);
  if (!url) return std::unexpected(url.error());
  const bool default_port =
      (url->scheme == "https" && url->port == 443) || (url->scheme == "http" && url->port == 80);
  std::string host = url->host.find(':') != std::string::npos ? "[" + url->host + "]" : url->host;
  if (!default_port) host += fmt::format(":{}", url->port);

  const std::string amz_date = AmzDate(now);
  SetHttpHeader(request.headers, "Host", host);
  SetHttpHeader(request.headers, "x-amz-date", amz_date);
  const std::string* preset = nullptr;
  for (const auto& [name, value] : request.headers)
    if (EqualsIgnoreCase(name, "x-amz-content-sha256")) preset = &value;
  const std::string payload_hash = preset ? *preset : Sha256Hex(request.body);
  if (!preset) SetHttpHeader(request.headers, "x-amz-content-sha256", payload_hash);
  if (!credentials.session_token.empty())
    SetHttpHeader(request.headers, "x-amz-security-token", credentials.session_token.Reveal());

  SigV4Request signing;
  signing.method = request.method;
  const std::string_view target = url->target;
  const size_t question = target.find('?');
  signing.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) signing.query = std::string(target.substr(question + 1));
  for (const auto& header : request.headers)
    if (!EqualsIgnoreCase(header.first, "authorization") &&
        !EqualsIgnoreCase(header.first, "user-agent"))
      signing.headers.push_back(header);
  signing.payload_hash = payload_hash;

  const std::string signature =
      SigV4Signature(signing, amz_date, region, service, credentials.secret_access_key.Reveal());
  SetHttpHeader(request.headers, "Authorization",
                fmt::format("{} Credential={}/{}, SignedHeaders={}, Signature={}", kSigV4Algorithm,
                            credentials.access_key_id,
                            CredentialScope(amz_date.substr(0, 8), region, service),
                            SignedHeaderNames(signing.headers), signature));
  return Ok();
}

}  // namespace rocky::state_sync
