#pragma once
// `rocky serve` (services.md §5): the project's HTTP API and dashboard on one port.
//
// Contract:
// - Binds 127.0.0.1 by default. With a token, every /api/v1/ route but health needs
//   `Authorization: Bearer <token>` (compared in constant time), else 401
//   `{"error": "unauthorized"}`; the page at / and /dashboard holds no data and stays open.
//   Without a token, GET answers carry `Access-Control-Allow-Origin: *`; with one, no CORS.
// - The project compiles in the background at start; compile-backed routes answer 503
//   `{"error": "compiling"}` until the first compile is done. Recompiles (POST /api/v1/compile,
//   or the watcher) build a new snapshot and swap it in; requests keep the one they started with.
// - State-backed routes open the state store read-only per request; no store = empty lists.
// - Served by HttpDaemon (http_daemon.h): a few event-driven I/O threads answer the cached routes
//   at once; compiles and state store reads run on a bounded worker pool. Bodies above
//   `max_body_bytes` are refused (413); a client must deliver each request within `io_timeout`.
// - Stop() (from any thread) ends Serve(): the listener closes and in-flight requests finish.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "base/error.h"
#include "config/config.h"
#include "facade/project_options.h"

namespace rocky::server {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;    // 0: a free port (tests)
  std::string token;  // empty: no auth
  /// Recompile after the models folder changes (100 ms of quiet).
  bool watch = false;
  /// I/O threads; 0: one per core, at least 2.
  int threads = 0;
  size_t max_body_bytes = 1 << 20;
  std::chrono::seconds io_timeout{5};
  std::string version = "1.0.0";
};

class ApiServer {
 public:
  ApiServer(const config::Config& config, facade::ProjectOptions project, ServeOptions options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  /// Binds the port and starts the first compile (and the watcher): the bound port.
  Result<int> Start();
  /// Serves until Stop(). Call after Start().
  void Serve();
  void Stop();

  /// Waits for the first compile; false on timeout (tests).
  bool WaitCompiled(std::chrono::milliseconds timeout);
  /// How many compiles finished (tests: the watcher's recompile).
  int compiles() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// True when `host` is reachable only from this machine (127.0.0.0/8, ::1, localhost).
bool IsLoopbackHost(std::string_view host);

/// Equal strings, in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace rocky::server
