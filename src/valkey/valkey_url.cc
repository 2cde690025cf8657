#include "valkey/valkey_url.h"

#include <fmt/format.h>

#include <charconv>

#include "base/url.h"

namespace rocky::valkey {

std::string ValkeyUrl::Endpoint() const {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

Result<ValkeyUrl> ParseValkeyUrl(std::string_view text) {
  auto url = ParseUrl(text);
  if (!url) return Fail(std::move(url.error()));
  if (url->scheme != "redis" && url->scheme != "rediss")
    return InvalidUrl(text, "expected redis:// or rediss://");
  ValkeyUrl out;
  out.tls = url->scheme == "rediss";
  out.host = std::move(url->host);
  if (url->port != 0) out.port = url->port;
  out.user = std::move(url->user);
  out.password = Secret(std::move(url->password));

  std::string_view path = url->path;
  if (size_t query = path.find('?'); query != std::string_view::npos) path = path.substr(0, query);
  if (!path.empty()) path.remove_prefix(1);  // the leading '/'
  if (!path.empty()) {
    auto [end, ec] = std::from_chars(path.data(), path.data() + path.size(), out.db);
    if (ec != std::errc() || end != path.data() + path.size() || out.db < 0)
      return InvalidUrl(text, "the path must be a database number (/0, /1, …)");
  }
  return out;
}

}  // namespace rocky::valkey
