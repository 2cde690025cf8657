#pragma once
// Absolute URLs of any scheme, split into what a connection needs. The HTTP client
// (base/http.h) and the Valkey client (valkey/valkey_url.h) add their own scheme rules on top.
// Errors never contain the URL's password.

#include <string>
#include <string_view>

#include "base/error.h"

namespace rocky {

struct Url {
  std::string scheme;  // lower-case
  std::string host;    // without IPv6 brackets
  int port = 0;        // 0 when the URL has none
  std::string path;    // path and query as written ("" when absent); the fragment is dropped
  std::string user;    // user info, percent-decoded ("" when absent)
  std::string password;
  bool has_password = false;  // "user:@host" has an empty password; "user@host" has none
};

/// Parses `scheme://[user[:password]@]host[:port][/path][?query][#fragment]`. kConfig error
/// (`invalid URL '<url with password redacted>': <why>`) for anything else.
Result<Url> ParseUrl(std::string_view url);

/// The kConfig error ParseUrl returns, for callers that add their own rules.
std::unexpected<Error> InvalidUrl(std::string_view url, std::string_view why);

/// `%XX` escapes decoded; anything malformed is kept as written.
std::string PercentDecode(std::string_view s);
/// Percent-encodes every byte but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~), as
/// `%XX` with upper-case hex; `/` too unless `keep_slash` (a URL path of several segments).
std::string PercentEncode(std::string_view s, bool keep_slash = false);

/// The local path of a `file://` URI, percent-decoded; a host other than the empty one is dropped
/// (`file://host/p` is `/p`). Text without the scheme is taken as a path.
std::string PathOfUri(const std::string& uri);
/// The `file://` URI of an absolute path, every byte but unreserved ones and `/` percent-encoded.
std::string UriOfPath(const std::string& path);

}  // namespace rocky
