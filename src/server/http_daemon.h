#pragma once
// An HTTP/1.1 server over GNU libmicrohttpd (Debian's libmicrohttpd): event-driven I/O threads,
// one epoll loop each, so a few threads serve hundreds of keep-alive clients; the application
// sees requests and answers them. Rocky types only; microhttpd.h stays in the .cc file.
//
// Contract:
// - A route answers at once on the I/O thread (cheap work: cached bodies) or hands the request
//   to a bounded pool of worker threads (compiles, state store reads); the connection is then
//   suspended, so slow work never blocks other clients.
// - A request body above `max_body_bytes` is refused with 413 (by Content-Length before any body
//   is read, else as soon as the body passes the limit).
// - A connection must deliver each request (headers and body) within `io_timeout` of being opened
//   or of its previous answer, else it is closed (slow-loris clients included); idle keep-alive
//   connections close after `io_timeout` too.
// - Stop() (any thread) stops accepting, lets in-flight requests finish (up to `io_timeout`),
//   then closes every connection.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"

namespace rocky::server {

struct HttpRequest {
  std::string_view method;  // HEAD is answered as GET, without the body
  std::string_view path;    // percent-decoded, without the query
  /// A request header's value, if sent.
  std::optional<std::string_view> Header(const char* name) const;

  const void* connection = nullptr;  // the library's handle
};

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  /// The body is `body`, unless `view` is set: then `view`, kept alive by `keep`.
  std::string body;
  std::shared_ptr<const void> keep;
  std::optional<std::string_view> view;
};

/// What a route does with a request: answer now, or compute the answer on a worker.
struct Routed {
  std::optional<HttpReply> reply;
  std::function<HttpReply()> slow;
};

struct HttpDaemonOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: a free port
  /// I/O threads; 0: one per core, at least 2.
  int io_threads = 0;
  /// Worker threads for slow routes.
  int workers = 8;
  size_t max_body_bytes = 1 << 20;
  std::chrono::seconds io_timeout{5};
  /// Called on the I/O thread once a request (headers and body) has arrived.
  std::function<Routed(const HttpRequest&)> route;
  /// The answer the daemon sends by itself (413): status and message.
  std::function<HttpReply(int status, std::string message)> error;
};

class HttpDaemon {
 public:
  explicit HttpDaemon(HttpDaemonOptions options);
  ~HttpDaemon();  // Stop()
  HttpDaemon(const HttpDaemon&) = delete;
  HttpDaemon& operator=(const HttpDaemon&) = delete;

  /// Binds and starts serving: the bound port.
  Result<int> Start();
  /// Graceful stop (see above); idempotent.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rocky::server
