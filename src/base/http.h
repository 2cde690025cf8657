#pragma once
// The HTTP client seam (style.md: side effects behind interfaces). Runners, hooks and adapters
// talk to HttpClient; the real one (adapters/http) sits at the edge, tests use in-memory ones.
// A non-2xx status is a response, not an error: errors are failures to get any response
// (connection, TLS, timeout), and their messages never contain headers or bodies.

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"

namespace rocky {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute: http://host[:port]/path?query or https://…
  HttpHeaders headers;
  std::string body;
  /// Bounds the whole exchange: connecting, sending and receiving the response.
  std::chrono::milliseconds timeout{30000};
  /// False: the request must reach the server at most once. The client never resends it on its
  /// own (as HTTP clients do when a reused keep-alive connection closes without an answer); such
  /// a failure is returned as ambiguous instead.
  bool idempotent = true;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;

  bool ok() const { return status >= 200 && status < 300; }
  /// The first header named `name` (case-insensitive), or nullptr.
  const std::string* FindHeader(std::string_view name) const;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  /// Sends one request and waits for the whole response. Thread-safe. Errors read
  /// `METHOD URL failed: <reason>` (the URL with its password redacted).
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

/// An absolute http(s) URL split into what a connection needs.
struct HttpUrl {
  std::string scheme;  // "http" | "https" (lower-case)
  std::string host;    // without IPv6 brackets
  int port = 0;        // explicit, else 80 / 443
  std::string target;  // path and query, at least "/"
  std::string user;    // user info, percent-decoded ("" when absent)
  std::string password;
};

/// Parses `scheme://[user[:password]@]host[:port][/path][?query][#fragment]`; the fragment is
/// dropped. kConfig error for anything else.
Result<HttpUrl> ParseHttpUrl(std::string_view url);

/// Replaces `name`'s value (case-insensitive match) or appends it.
void SetHttpHeader(HttpHeaders& headers, std::string_view name, std::string value);

/// HMAC-SHA256 of `data` keyed by `key`, as 64 lower-case hex digits (request signing).
std::string HmacSha256Hex(std::string_view key, std::string_view data);

}  // namespace rocky
