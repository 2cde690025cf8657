#include "base/http.h"

#include <fmt/format.h>

#include "base/hash.h"
#include "base/strings.h"
#include "base/url.h"

namespace rocky {

const std::string* HttpResponse::FindHeader(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (EqualsIgnoreCase(key, name)) return &value;
  return nullptr;
}

Result<HttpUrl> ParseHttpUrl(std::string_view url) {
  size_t sep = url.find("://");
  std::string scheme = ToLower(url.substr(0, sep == std::string_view::npos ? 0 : sep));
  if (scheme != "http" && scheme != "https")
    return InvalidUrl(url, "expected http:// or https://");
  auto parts = ParseUrl(url);
  if (!parts) return Fail(std::move(parts.error()));
  HttpUrl out;
  out.scheme = std::move(scheme);
  out.host = std::move(parts->host);
  out.port = parts->port != 0 ? parts->port : (out.scheme == "https" ? 443 : 80);
  out.target = std::move(parts->path);
  if (out.target.empty() || out.target.front() != '/') out.target = "/" + out.target;
  out.user = std::move(parts->user);
  out.password = std::move(parts->password);
  return out;
}

void SetHttpHeader(HttpHeaders& headers, std::string_view name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (EqualsIgnoreCase(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  return HexEncode(HmacSha256(key, data));
}

}  // namespace rocky
